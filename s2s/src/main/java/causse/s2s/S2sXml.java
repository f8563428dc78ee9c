package causse.s2s;

import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlNode;
import causse.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The elements of a server-to-server stream: header, errors, SASL EXTERNAL and dialback, namespace moves. */
public final class S2sXml {
    /** XEP-0220's dialback namespace, declared on the stream header with the {@code db} prefix. */
    public static final String DIALBACK = "jabber:server:dialback";
    /** XEP-0220 §2.2: the stream feature announcing dialback (with error support). */
    public static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    public static final String CLOSE = "</stream:stream>";

    private S2sXml() {
    }

    /** A stream header in {@code jabber:server} that declares the dialback namespace (XEP-0220 §2.1.1). */
    public static String header(String from, String to, String id) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.SERVER)
                .append("' xmlns:stream='").append(Namespaces.STREAM).append("' xmlns:db='").append(DIALBACK).append('\'');
        attribute(sb, "id", id);
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        sb.append(" version='1.0' xml:lang='en'>");
        return sb.toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlWriter.escapeAttribute(value, sb);
            sb.append('\'');
        }
    }

    public static XmlElement streamError(StreamErrorCondition condition, String text) {
        XmlElement.Builder b = XmlElement.builder("error", Namespaces.STREAM)
                .child(XmlElement.empty(condition.elementName(), Namespaces.STREAMS_ERRORS));
        if (text != null) {
            b.child(XmlElement.builder("text", Namespaces.STREAMS_ERRORS).attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }

    /** {@code <auth mechanism='EXTERNAL'>} with the domain as authorization identity (XEP-0178 §3). */
    public static XmlElement externalAuth(String domain) {
        return XmlElement.builder("auth", Namespaces.SASL).attribute("mechanism", "EXTERNAL")
                .text(Base64.getEncoder().encodeToString(domain.getBytes(StandardCharsets.UTF_8))).build();
    }

    public static XmlElement saslFailure(String condition) {
        return XmlElement.builder("failure", Namespaces.SASL).child(XmlElement.empty(condition, Namespaces.SASL)).build();
    }

    /**
     * A dialback element as raw XML with the {@code db:} prefix the stream header declares. COMPAT: the prefix is
     * namespace-wise the same as a default xmlns, but older servers match the literal {@code db:result}.
     */
    public static String dialback(String name, String from, String to, String id, String type, String key) {
        StringBuilder sb = new StringBuilder(160).append("<db:").append(name);
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        attribute(sb, "type", type);
        if (key == null) {
            return sb.append("/>").toString();
        }
        sb.append('>');
        XmlWriter.escapeText(key, sb);
        return sb.append("</db:").append(name).append('>').toString();
    }

    /** XEP-0220 §2.4: a dialback request refused with a stanza-style error. */
    public static String dialbackError(String name, String from, String to, String id, String condition) {
        StringBuilder sb = new StringBuilder(200).append("<db:").append(name);
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        attribute(sb, "type", "error");
        return sb.append("><error type='cancel'><").append(condition).append(" xmlns='").append(Namespaces.STANZA_ERRORS)
                .append("'/></error></db:").append(name).append('>').toString();
    }

    /** A copy of {@code e} with every element in namespace {@code from} moved to {@code to}, at any depth. */
    public static XmlElement moveNamespace(XmlElement e, String from, String to) {
        XmlElement.Builder b = XmlElement.builder(e.name(), e.namespace().equals(from) ? to : e.namespace());
        e.attributes().forEach(b::attribute);
        for (XmlNode child : e.children()) {
            b.child(child instanceof XmlElement c ? moveNamespace(c, from, to) : child);
        }
        return b.build();
    }

    public static XmlElement toServer(XmlElement stanza) {
        return moveNamespace(stanza, Namespaces.CLIENT, Namespaces.SERVER);
    }

    public static XmlElement toClient(XmlElement stanza) {
        return moveNamespace(stanza, Namespaces.SERVER, Namespaces.CLIENT);
    }
}
