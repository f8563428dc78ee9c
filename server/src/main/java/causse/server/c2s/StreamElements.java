package causse.server.c2s;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import java.util.List;

/** The stream-level elements the server writes: header, features, errors. */
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

    /**
     * What a stream offers before authentication: STARTTLS until the stream is encrypted (required when
     * {@code tlsFirst}), and unless TLS must come first, the SASL mechanisms, XEP-0078 when allowed and the
     * modules' pre-login features (in-band registration).
     */
    static XmlElement featuresBeforeAuthentication(boolean secure, boolean tlsFirst, XmlElement mechanisms,
                                                   boolean legacyAuth, List<XmlElement> moduleFeatures) {
        XmlElement.Builder features = XmlElement.builder("features", Namespaces.STREAM);
        if (!secure) {
            XmlElement.Builder starttls = XmlElement.builder("starttls", Namespaces.TLS);
            if (tlsFirst) {
                starttls.child(XmlElement.empty("required", Namespaces.TLS));
            }
            features.child(starttls.build());
        }
        if (!tlsFirst) {
            features.child(mechanisms);
            if (legacyAuth) {
                features.child(XmlElement.empty("auth", LegacyAuth.FEATURE));
            }
            features.children(moduleFeatures);
        }
        return features.build();
    }

    /** What a stream offers after authentication: binding, the optional session, the modules', XEP-0198, XEP-0352. */
    static XmlElement featuresAfterAuthentication(List<XmlElement> moduleFeatures, boolean streamManagement,
                                                  boolean clientState) {
        return XmlElement.builder("features", Namespaces.STREAM).child(XmlElement.empty("bind", Namespaces.BIND))
                .child(XmlElement.builder("session", Namespaces.SESSION)
                        .child(XmlElement.empty("optional", Namespaces.SESSION)).build())
                .children(moduleFeatures)
                .children(streamManagement ? List.of(StreamManagementNegotiation.FEATURE) : List.of())
                .children(clientState ? List.of(ClientState.FEATURE) : List.of()).build();
    }

    /** The client's {@code from}, echoed as {@code to} when it is a valid JID (RFC 6120 §4.7.2). */
    static String clientFrom(String from) {
        if (from == null) {
            return null;
        }
        try {
            return Jid.parse(from).toString();
        } catch (JidFormatException e) {
            return null;
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
