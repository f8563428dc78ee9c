package causse.server.modules.roster;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.stanza.StanzaErrorCondition;
import causse.storage.RosterItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import causse.xml.XmlElement;

/** The {@code jabber:iq:roster} wire format (RFC 6121 §2.1): items out, roster sets in. */
final class RosterXml {
    static final String NAMESPACE = "jabber:iq:roster";

    private RosterXml() {
    }

    /** A roster set, checked: the contact, and the name and groups the user gives it (ignored for a removal). */
    record RosterSet(Jid contact, boolean remove, String name, List<String> groups) {
    }

    /** A roster set the server refuses (RFC 6121 §2.3.3). */
    static final class Refused extends Exception {
        final StanzaErrorCondition condition;

        Refused(StanzaErrorCondition condition, String text) {
            super(text, null, false, false);
            this.condition = condition;
        }
    }

    static XmlElement item(RosterItem item) {
        XmlElement.Builder b = XmlElement.builder("item", NAMESPACE).attribute("jid", item.contact())
                .attribute("name", item.name())
                .attribute("subscription", item.subscription().name().toLowerCase(Locale.ROOT))
                .attribute("ask", item.pendingOut() ? "subscribe" : null)
                .attribute("approved", item.approved() ? "true" : null);
        item.groups().forEach(g -> b.textChild("group", NAMESPACE, g));
        return b.build();
    }

    static XmlElement removed(String contact) {
        return XmlElement.builder("item", NAMESPACE).attribute("jid", contact).attribute("subscription", "remove")
                .build();
    }

    static XmlElement query(String ver, List<XmlElement> items) {
        return XmlElement.builder("query", NAMESPACE).attribute("ver", ver).children(items).build();
    }

    static RosterSet parseSet(XmlElement query) throws Refused {
        List<XmlElement> items = query.elements().stream().filter(e -> e.is("item", NAMESPACE)).toList();
        if (items.size() != 1) {
            throw new Refused(StanzaErrorCondition.BAD_REQUEST, "A roster set carries exactly one item");
        }
        XmlElement item = items.get(0);
        Jid contact = contact(item.attribute("jid"));
        String subscription = item.attribute("subscription");
        // COMPAT: Smack (and RFC 3921 clients) send subscription='none' on every roster set; it asks for nothing.
        if ("none".equals(subscription)) {
            subscription = null;
        }
        if (subscription != null && !subscription.equals("remove")) {
            throw new Refused(StanzaErrorCondition.BAD_REQUEST, "Only subscription='remove' may be set");
        }
        String name = item.attribute("name");
        if (name != null && name.length() > RosterItem.MAX_TEXT_LENGTH) {
            throw new Refused(StanzaErrorCondition.NOT_ACCEPTABLE, "The name is too long");
        }
        return new RosterSet(contact, subscription != null, name, groups(item));
    }

    private static Jid contact(String jid) throws Refused {
        if (jid == null) {
            throw new Refused(StanzaErrorCondition.BAD_REQUEST, "The item has no jid");
        }
        try {
            // Roster items are bare JIDs (RFC 6121 §2.1.1): a resource is dropped.
            return Jid.parse(jid).bare();
        } catch (JidFormatException e) {
            throw new Refused(StanzaErrorCondition.JID_MALFORMED, "Not a valid JID: " + e.getMessage());
        }
    }

    private static List<String> groups(XmlElement item) throws Refused {
        List<String> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlElement g : item.elements()) {
            if (!g.is("group", NAMESPACE)) {
                continue;
            }
            String text = g.text();
            if (text.isEmpty() || text.length() > RosterItem.MAX_TEXT_LENGTH) {
                throw new Refused(StanzaErrorCondition.NOT_ACCEPTABLE, "A group name is empty or too long");
            }
            if (!seen.add(text)) {
                throw new Refused(StanzaErrorCondition.BAD_REQUEST, "Duplicate group " + text);
            }
            groups.add(text);
        }
        return groups;
    }
}
