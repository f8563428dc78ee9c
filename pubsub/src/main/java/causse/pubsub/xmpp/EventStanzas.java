package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubNamespaces.DELAY;
import static causse.pubsub.xmpp.PubSubNamespaces.EVENT;

import causse.jid.Jid;
import causse.pubsub.service.NodeConfig;
import causse.pubsub.service.NodeEvent;
import causse.pubsub.service.Subscription;
import causse.stanza.Stanza;
import causse.storage.PubSubItem;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Writes the notifications of XEP-0060 §7 and §8 as messages; one event element is shared by every recipient. */
public final class EventStanzas {
    private EventStanzas() {
    }

    /** The {@code <event/>} element of an event (plus the delay stamp for a late last item). */
    public static List<XmlElement> payload(NodeEvent event) {
        XmlElement.Builder e = XmlElement.builder("event", EVENT);
        XmlElement delay = null;
        if (event instanceof NodeEvent.Published p) {
            e.child(XmlElement.builder("items", EVENT).attribute("node", p.node())
                    .child(p.item().id() == null ? null : item(p.item(), p.withPayload())).build());
            if (p.delayed()) {
                delay = XmlElement.builder("delay", DELAY).attribute("from", p.service())
                        .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(
                                p.item().published().truncatedTo(ChronoUnit.MILLIS))).build();
            }
        } else if (event instanceof NodeEvent.Retracted r) {
            e.child(XmlElement.builder("items", EVENT).attribute("node", r.node())
                    .child(XmlElement.builder("retract", EVENT).attribute("id", r.itemId()).build()).build());
        } else if (event instanceof NodeEvent.Purged p) {
            e.child(XmlElement.builder("purge", EVENT).attribute("node", p.node()).build());
        } else if (event instanceof NodeEvent.Deleted d) {
            e.child(XmlElement.builder("delete", EVENT).attribute("node", d.node())
                    .child(d.redirect() == null ? null
                            : XmlElement.builder("redirect", EVENT).attribute("uri", d.redirect()).build()).build());
        } else if (event instanceof NodeEvent.Configured c) {
            e.child(XmlElement.builder("configuration", EVENT).attribute("node", c.node())
                    .child(c.config() == null ? null
                            : DataForms.form("result", NodeConfig.FORM_TYPE, c.config().fields())).build());
        } else if (event instanceof NodeEvent.SubscriptionChanged s) {
            e.child(subscription(EVENT, s.node(), s.subscription()));
        }
        return delay == null ? List.of(e.build()) : List.of(e.build(), delay);
    }

    /** A notification message from {@code from} to {@code to} with these children. */
    public static Stanza message(Jid from, Jid to, String type, List<XmlElement> children) {
        XmlElement m = XmlElement.builder("message", Namespaces.CLIENT).attribute("from", from.toString())
                .attribute("to", to.toString()).attribute("type", type)
                .attribute("id", Long.toHexString(System.nanoTime())).children(children).build();
        return new Stanza(Stanza.Kind.MESSAGE, m, from, to);
    }

    /** The approval request of XEP-0060 §8.6 sent to each owner. */
    public static List<XmlElement> approvalForm(String node, Subscription pending) {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        fields.put("pubsub#node", List.of(node));
        fields.put("pubsub#subscriber_jid", List.of(pending.jid()));
        fields.put("pubsub#subid", List.of(pending.subid()));
        fields.put("pubsub#allow", List.of("0"));
        return List.of(DataForms.form("form", PubSubNamespaces.PUBSUB + "#subscribe_authorization", fields));
    }

    static XmlElement item(PubSubItem item, boolean withPayload) {
        XmlElement.Builder b = XmlElement.builder("item", EVENT).attribute("id", item.id())
                .attribute("publisher", item.publisher());
        if (withPayload && !item.payloadXml().isEmpty()) {
            b.child(XmlParser.parse(item.payloadXml()));
        }
        return b.build();
    }

    static XmlElement subscription(String ns, String node, Subscription s) {
        return XmlElement.builder("subscription", ns).attribute("node", node).attribute("jid", s.jid())
                .attribute("subscription", s.state().value()).attribute("subid", s.subid()).build();
    }
}
