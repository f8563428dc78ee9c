package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubNamespaces.ERRORS;
import static causse.pubsub.xmpp.PubSubNamespaces.OWNER;
import static causse.pubsub.xmpp.PubSubNamespaces.PUBSUB;
import static causse.pubsub.xmpp.PubSubNamespaces.RSM;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.KeyedQueue;
import causse.pubsub.service.ItemsPage;
import causse.pubsub.service.NodeAdministration;
import causse.pubsub.service.PubSubException;
import causse.pubsub.service.PubSubService;
import causse.pubsub.service.Subscription;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.storage.PubSubItem;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns pubsub IQs ({@code pubsub} and {@code pubsub#owner} payloads) into calls of a {@link PubSubService}
 * and its answers or errors back into XML. Each request runs on the service's queue, in arrival order.
 */
public final class PubSubRequests {
    private final PubSubService service;
    private final KeyedQueue queue;
    private final OwnerRequests owner;

    public PubSubRequests(PubSubService service, KeyedQueue queue) {
        this.service = service;
        this.queue = queue;
        this.owner = new OwnerRequests(service);
    }

    /** Handles a request to the service {@code serviceJid} (the pubsub domain, or an account for PEP). */
    public void handle(IqRequest request, String serviceJid) {
        queue.submit(serviceJid, () -> {
            try {
                XmlElement result = dispatch(request, serviceJid);
                request.result(result);
            } catch (PubSubException e) {
                request.error(toError(e));
            } catch (IllegalArgumentException e) {
                request.error(StanzaErrorCondition.BAD_REQUEST);
            }
        }, () -> request.error(StanzaErrorCondition.INTERNAL_SERVER_ERROR));
    }

    private XmlElement dispatch(IqRequest request, String svc) {
        XmlElement payload = request.payload();
        List<XmlElement> children = payload.elements();
        if (children.isEmpty()) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST);
        }
        XmlElement verb = children.get(0);
        if (payload.namespace().equals(OWNER)) {
            return owner.handle(request, svc, verb);
        }
        Jid actor = request.from();
        String node = verb.attribute("node");
        String action = (request.isSet() ? "set " : "get ") + verb.name();
        return switch (action) {
            case "set create" -> create(request, svc, node, children);
            case "set publish" -> publish(actor, svc, verb, payload.child("publish-options", PUBSUB));
            case "set retract" -> {
                XmlElement item = verb.child("item", PUBSUB);
                String notify = verb.attribute("notify");
                service.retract(svc, actor, node, item == null ? null : item.attribute("id"),
                        "1".equals(notify) || "true".equals(notify));
                yield null;
            }
            case "set subscribe" -> {
                Subscription s = service.subscribe(svc, actor, node, jidAttribute(verb));
                yield wrap(EventStanzas.subscription(PUBSUB, node, s));
            }
            case "set unsubscribe" -> {
                service.unsubscribe(svc, actor, node, jidAttribute(verb), verb.attribute("subid"));
                yield null;
            }
            case "get options" -> options(svc, actor, node, verb);
            case "set options" -> {
                Jid jid = jidAttribute(verb);
                // The node and the subscription first: §6.3.6.2 says the errors of §6.3.4 apply here too.
                service.subscriptionFor(svc, actor, node, jid, verb.attribute("subid"));
                service.setDeliver(svc, actor, node, jid, verb.attribute("subid"), deliverOption(verb));
                yield null;
            }
            case "get items" -> items(svc, actor, node, verb, payload.child("set", RSM));
            case "get subscriptions" -> {
                XmlElement.Builder list = XmlElement.builder("subscriptions", PUBSUB);
                for (NodeAdministration.Entry<Subscription> e : service.administration().subscriptionsOf(svc, actor, node)) {
                    list.child(EventStanzas.subscription(PUBSUB, e.node(), e.value()));
                }
                yield wrap(list.build());
            }
            case "get affiliations" -> {
                XmlElement.Builder list = XmlElement.builder("affiliations", PUBSUB);
                for (var e : service.administration().affiliationsOf(svc, actor, node)) {
                    list.child(XmlElement.builder("affiliation", PUBSUB).attribute("node", e.node())
                            .attribute("affiliation", e.value().attribute()).build());
                }
                yield wrap(list.build());
            }
            case "get default" -> wrap(XmlElement.builder("default", PUBSUB).child(DataForms.form("form",
                    PUBSUB + "#subscribe_options", Map.of("pubsub#deliver", List.of("1")))).build());
            default -> throw PubSubException.of(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
        };
    }

    private XmlElement create(IqRequest request, String svc, String node, List<XmlElement> children) {
        XmlElement configure = children.size() > 1 && children.get(1).is("configure", PUBSUB) ? children.get(1) : null;
        if (configure != null && configure.attribute("node") != null) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST); // §8.1.3: the node is named by <create/>
        }
        Map<String, List<String>> config = DataForms.values(DataForms.formIn(configure));
        if (DataForms.hasOtherType(config, causse.pubsub.service.NodeConfig.FORM_TYPE)) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST);
        }
        String created = service.create(svc, request.from(), node, config);
        // The node's name is returned for an instant node only (§8.1.2).
        return node != null ? null : wrap(XmlElement.builder("create", PUBSUB).attribute("node", created).build());
    }

    private XmlElement publish(Jid actor, String svc, XmlElement verb, XmlElement publishOptions) {
        List<XmlElement> items = verb.elements().stream().filter(e -> e.is("item", PUBSUB)).toList();
        if (items.size() > 1 || items.stream().anyMatch(i -> i.elements().size() > 1)) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST, "invalid-payload");
        }
        XmlElement item = items.isEmpty() ? null : items.get(0);
        XmlElement payload = item == null ? null : item.firstElement();
        Map<String, List<String>> options = DataForms.values(DataForms.formIn(publishOptions));
        options.remove("FORM_TYPE");
        String id = service.publish(svc, actor, verb.attribute("node"), item != null,
                item == null ? null : item.attribute("id"), payload == null ? null : XmlWriter.toXml(payload),
                options);
        XmlElement.Builder published = XmlElement.builder("publish", PUBSUB).attribute("node", verb.attribute("node"));
        if (id != null) {
            published.child(XmlElement.builder("item", PUBSUB).attribute("id", id).build());
        }
        return wrap(published.build());
    }

    /**
     * The {@code pubsub#deliver} value of a submitted subscription options form (§6.3.5). Any other option, a
     * form of another kind or none at all is {@code <invalid-options/>} (§6.3.6.2); {@code pubsub#expire} asks
     * for a lease (§12.18), which Causse does not offer.
     */
    private static boolean deliverOption(XmlElement verb) {
        XmlElement form = DataForms.formIn(verb);
        Map<String, List<String>> values = DataForms.values(form);
        if (form == null || !List.of(PUBSUB + "#subscribe_options").equals(values.get("FORM_TYPE"))) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST, "invalid-options");
        }
        if (values.containsKey("pubsub#expire")) {
            throw PubSubException.unsupported("leased-subscription");
        }
        boolean deliver = true;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            String value = e.getValue().size() == 1 ? e.getValue().get(0).trim() : "";
            if (e.getKey().equals("pubsub#deliver") && value.matches("0|1|false|true")) {
                deliver = value.equals("1") || value.equals("true");
            } else if (!e.getKey().equals("FORM_TYPE")) {
                throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST, "invalid-options");
            }
        }
        return deliver;
    }

    private XmlElement options(String svc, Jid actor, String node, XmlElement verb) {
        Subscription s = service.subscriptionFor(svc, actor, node, jidAttribute(verb), verb.attribute("subid"));
        return wrap(XmlElement.builder("options", PUBSUB).attribute("node", node).attribute("jid", s.jid())
                .attribute("subid", s.subid()).child(DataForms.form("form", PUBSUB + "#subscribe_options",
                        Map.of("pubsub#deliver", List.of(s.deliver() ? "1" : "0")))).build());
    }

    private XmlElement items(String svc, Jid actor, String node, XmlElement verb, XmlElement rsm) {
        List<String> ids = new ArrayList<>();
        for (XmlElement i : verb.elements()) {
            if (i.is("item", PUBSUB) && i.attribute("id") != null) {
                ids.add(i.attribute("id"));
            }
        }
        Integer max = verb.attribute("max_items") == null ? null : Integer.valueOf(verb.attribute("max_items"));
        String after = null;
        if (rsm != null) {
            String rsmMax = rsm.childText("max", RSM);
            if (rsmMax != null) {
                max = max == null ? Integer.valueOf(rsmMax.trim()) : Math.min(max, Integer.parseInt(rsmMax.trim()));
            }
            after = rsm.childText("after", RSM);
        }
        ItemsPage page = service.items(svc, actor, node, verb.attribute("subid"), ids, max, after);
        XmlElement.Builder list = XmlElement.builder("items", PUBSUB).attribute("node", node);
        for (PubSubItem item : page.items()) {
            XmlElement.Builder b = XmlElement.builder("item", PUBSUB).attribute("id", item.id())
                    .attribute("publisher", item.publisher());
            if (!item.payloadXml().isEmpty()) {
                b.child(causse.xml.XmlParser.parse(item.payloadXml()));
            }
            list.child(b.build());
        }
        XmlElement.Builder pubsub = XmlElement.builder("pubsub", PUBSUB).child(list.build());
        if (rsm != null) {
            XmlElement.Builder set = XmlElement.builder("set", RSM);
            if (!page.items().isEmpty()) {
                set.child(XmlElement.builder("first", RSM).text(page.items().get(0).id()).build());
                set.textChild("last", RSM, page.items().get(page.items().size() - 1).id());
            }
            set.textChild("count", RSM, Integer.toString(page.count()));
            pubsub.child(set.build());
        }
        return pubsub.build();
    }

    static Jid jidAttribute(XmlElement verb) {
        String jid = verb.attribute("jid");
        if (jid == null) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST, "jid-required");
        }
        try {
            return Jid.parse(jid);
        } catch (IllegalArgumentException e) {
            throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST, "invalid-jid");
        }
    }

    static XmlElement wrap(XmlElement child) {
        return XmlElement.builder("pubsub", PUBSUB).child(child).build();
    }

    public static StanzaError toError(PubSubException e) {
        StanzaError error = new StanzaError(e.condition(), e.type(), null);
        if (e.pubsubCondition() != null) {
            error = error.withApplicationCondition(XmlElement.builder(e.pubsubCondition(), ERRORS)
                    .attribute("feature", e.feature()).build());
        }
        return error;
    }
}
