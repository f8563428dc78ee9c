package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubNamespaces.DISCO_INFO;
import static causse.pubsub.xmpp.PubSubNamespaces.DISCO_ITEMS;
import static causse.pubsub.xmpp.PubSubNamespaces.PUBSUB;

import causse.pubsub.service.Node;
import causse.pubsub.service.PubSubException;
import causse.pubsub.service.PubSubService;
import causse.stanza.StanzaErrorCondition;
import causse.storage.PubSubItem;
import causse.storage.PubSubStore;
import causse.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Service discovery (XEP-0030) of a pubsub service and its nodes, with node meta-data (XEP-0060 §5). */
public final class PubSubDisco {
    /** The pubsub#... features both kinds of service offer (XEP-0060 §10). */
    public static final List<String> FEATURES = List.of("access-authorize", "access-open", "access-presence",
            "access-roster", "access-whitelist", "config-node", "create-and-configure", "create-nodes",
            "delete-items", "delete-nodes", "instant-nodes", "item-ids", "last-published", "manage-subscriptions",
            "member-affiliation", "meta-data", "modify-affiliations", "outcast-affiliation", "persistent-items",
            "publish", "publish-options", "publisher-affiliation", "publish-only-affiliation",
            "purge-nodes", "retract-items", "retrieve-affiliations", "retrieve-default", "retrieve-items",
            "retrieve-subscriptions", "subscribe", "subscription-options", "subscription-notifications");

    private final PubSubService service;
    private final PubSubStore store;

    public PubSubDisco(PubSubService service, PubSubStore store) {
        this.service = service;
        this.store = store;
    }

    /** disco#info of the service ({@code node} null) or of one of its nodes. */
    public XmlElement info(String svc, String node, String type, List<String> extraFeatures) {
        XmlElement.Builder q = XmlElement.builder("query", DISCO_INFO).attribute("node", node);
        if (node == null) {
            q.child(identity("pubsub", type));
            q.child(feature(DISCO_INFO)).child(feature(DISCO_ITEMS)).child(feature(PUBSUB))
                    .child(feature("http://jabber.org/protocol/rsm"));
            FEATURES.forEach(f -> q.child(feature(PUBSUB + "#" + f)));
            extraFeatures.forEach(f -> q.child(feature(PUBSUB + "#" + f)));
            return q.build();
        }
        Node n = service.find(svc, node).orElseThrow(() -> PubSubException.of(StanzaErrorCondition.ITEM_NOT_FOUND));
        q.child(identity("pubsub", "leaf")).child(feature(DISCO_INFO)).child(feature(PUBSUB));
        Map<String, List<String>> meta = new LinkedHashMap<>();
        meta.put("pubsub#title", List.of(n.config().title()));
        meta.put("pubsub#owner", n.owners());
        meta.put("pubsub#access_model", List.of(n.config().accessModel().value()));
        meta.put("pubsub#publish_model", List.of(n.config().publishModel().value()));
        meta.put("pubsub#max_items", List.of(n.config().maxItems() < 0 ? "max" : "" + n.config().maxItems()));
        meta.put("pubsub#persist_items", List.of(n.config().persistItems() ? "1" : "0"));
        meta.put("pubsub#num_subscribers", List.of(Integer.toString(n.deliveredTo().size())));
        q.child(DataForms.form("result", PUBSUB + "#meta-data", meta));
        return q.build();
    }

    /**
     * disco#items: the service's nodes, or a node's items (names are item ids, §5.5); only the nodes
     * {@code visible} lets through are listed or looked into (a hidden node is not found).
     */
    public XmlElement items(String svc, String node, Predicate<Node> visible) {
        XmlElement.Builder q = XmlElement.builder("query", DISCO_ITEMS).attribute("node", node);
        if (node == null) {
            for (Node n : service.nodesOf(svc)) {
                if (!visible.test(n)) {
                    continue;
                }
                q.child(XmlElement.builder("item", DISCO_ITEMS).attribute("jid", svc).attribute("node", n.name())
                        .attribute("name", n.config().title().isEmpty() ? null : n.config().title()).build());
            }
            return q.build();
        }
        Node n = service.find(svc, node).filter(visible)
                .orElseThrow(() -> PubSubException.of(StanzaErrorCondition.ITEM_NOT_FOUND));
        if (n.config().persistItems()) {
            for (PubSubItem i : store.items(svc, node, Long.MAX_VALUE, 1000)) {
                q.child(XmlElement.builder("item", DISCO_ITEMS).attribute("jid", svc).attribute("name", i.id()).build());
            }
        }
        return q.build();
    }

    private static XmlElement identity(String category, String type) {
        return XmlElement.builder("identity", DISCO_INFO).attribute("category", category).attribute("type", type)
                .build();
    }

    private static XmlElement feature(String var) {
        return XmlElement.builder("feature", DISCO_INFO).attribute("var", var).build();
    }
}
