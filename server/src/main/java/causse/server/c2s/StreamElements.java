package causse.server.c2s;

import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;

/** The stream-level elements the server writes: header, features wrapper, errors. */
final class StreamElements {
    private StreamElements() {
    }

    /**
     * The response stream header (RFC 6120 §4.7). {@code version} is null for a pre-XMPP-1.0 stream,
     * which gets no version and no features (XEP-0078 clients).
     */
    static String header(String from, String to, String id, String version) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.CLIENT)
                .append("' xmlns:stream='").append(Namespaces.STREAM).append('\'');
        attribute(sb, "id", id);
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "version", version);
        sb.append(" xml:lang='en'>");
        return sb.toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlWriter.escapeAttribute(value, sb);
            sb.append('\'');
        }
    }

    static XmlElement error(StreamErrorCondition condition, String text) {
        return error(condition, text, null);
    }

    /** A stream error with an application-specific condition (RFC 6120 §4.9.4), or none, last as its schema says. */
    static XmlElement error(StreamErrorCondition condition, String text, XmlElement specific) {
        XmlElement.Builder b = XmlElement.builder("error", Namespaces.STREAM)
                .child(XmlElement.empty(condition.elementName(), Namespaces.STREAMS_ERRORS));
        if (text != null) {
            b.child(XmlElement.builder("text", Namespaces.STREAMS_ERRORS).attribute("xml:lang", "en").text(text).build());
        }
        if (specific != null) {
            b.child(specific);
        }
        return b.build();
    }

    static final String CLOSE = "</stream:stream>";
}
