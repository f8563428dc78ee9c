package causse.stanza;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;

/**
 * A stanza on its way through the server: the element plus its parsed addresses. The {@code from} of a
 * stanza in the router is always one the server has stamped or verified.
 *
 * @param to null when the stanza has no {@code to} (addressed to the sender's account, RFC 6120 §10.3)
 */
public record Stanza(Kind kind, XmlElement element, Jid from, Jid to) {

    public enum Kind {
        MESSAGE, PRESENCE, IQ;

        /** The kind of a {@code jabber:client}/{@code jabber:server} first-level element, or null if it is no stanza. */
        public static Kind of(XmlElement e) {
            String ns = e.namespace();
            if (!ns.equals(Namespaces.CLIENT) && !ns.equals(Namespaces.SERVER)) {
                return null;
            }
            return switch (e.name()) {
                case "message" -> MESSAGE;
                case "presence" -> PRESENCE;
                case "iq" -> IQ;
                default -> null;
            };
        }
    }

    /** Parses the addresses of an element already known to be a stanza; throws JidFormatException on a bad one. */
    public static Stanza of(XmlElement e) {
        Kind kind = Kind.of(e);
        if (kind == null) {
            throw new IllegalArgumentException("not a stanza: " + e.name());
        }
        String from = e.attribute("from");
        String to = e.attribute("to");
        return new Stanza(kind, e, from == null ? null : Jid.parse(from), to == null ? null : Jid.parse(to));
    }

    /** The {@code type} attribute with RFC defaults applied: normal for messages, available for presence. */
    public String type() {
        String t = element.attribute("type");
        if (t != null) {
            return t;
        }
        return switch (kind) {
            case MESSAGE -> "normal";
            case PRESENCE -> "available";
            case IQ -> "";
        };
    }

    public String id() {
        return element.attribute("id");
    }

    public boolean isError() {
        return "error".equals(element.attribute("type"));
    }

    /** A copy with new addresses written into both the record and the element's attributes. */
    public Stanza withAddresses(Jid newFrom, Jid newTo) {
        XmlElement e = element.withAttribute("from", newFrom == null ? null : newFrom.toString())
                .withAttribute("to", newTo == null ? null : newTo.toString());
        return new Stanza(kind, e, newFrom, newTo);
    }
}
