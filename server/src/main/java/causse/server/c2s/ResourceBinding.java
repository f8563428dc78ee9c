package causse.server.c2s;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.server.session.SessionRegistry;
import causse.session.ClientSession;
import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.HexFormat;

/**
 * Resource binding (RFC 6120 §7) and the legacy session IQ (RFC 3921 §3, kept because Tsung and older
 * bots send it). A resource already bound is taken over: the older session ends with {@code <conflict/>}
 * (RFC 6120 §7.7.2.2, the policy most servers apply).
 */
final class ResourceBinding {
    private final C2sStreamHandler stream;
    private final C2sServices services;

    ResourceBinding(C2sStreamHandler stream, C2sServices services) {
        this.stream = stream;
        this.services = services;
    }

    /** Handles a bind or session IQ; false when the element is neither. */
    boolean receive(XmlElement element) {
        if (!element.is("iq", Namespaces.CLIENT)) {
            return false;
        }
        XmlElement payload = element.firstElement();
        if (payload != null && payload.is("session", Namespaces.SESSION)) {
            stream.replyResult(element, null);
            return true;
        }
        if (payload == null || !payload.is("bind", Namespaces.BIND) || !"set".equals(element.attribute("type"))) {
            return false;
        }
        Jid jid;
        try {
            jid = resourceJid(payload.childText("resource", Namespaces.BIND));
        } catch (JidFormatException e) {
            stream.replyError(element, StanzaErrorCondition.BAD_REQUEST, "Not a valid resource");
            return true;
        }
        if (bind(jid) == null) {
            // RFC 6120 §7.6.2.1: the account has as many connected resources as it may have.
            stream.replyError(element, StanzaErrorCondition.RESOURCE_CONSTRAINT,
                    "Too many resources bound for this account");
            return true;
        }
        stream.replyResult(element, XmlElement.builder("bind", Namespaces.BIND)
                .textChild("jid", Namespaces.BIND, jid.toString()).build());
        return true;
    }

    /**
     * Registers the session for {@code jid}, ending any older session of the same full JID; null when the
     * account already has {@code limits.max_resources_per_account} other resources bound.
     */
    C2sSession bind(Jid jid) {
        C2sSession session = new C2sSession(stream, services, jid);
        SessionRegistry.Binding binding = services.sessions().bind(session, services.limits().maxResourcesPerAccount());
        if (binding.refused()) {
            return null;
        }
        ClientSession replaced = binding.replaced();
        if (replaced != null) {
            replaced.close(StreamErrorCondition.CONFLICT, "Replaced by a new connection");
        }
        stream.established(session);
        session.bound();
        return session;
    }

    Jid resourceJid(String requested) {
        String resource = requested == null || requested.isBlank() ? generatedResource() : requested.strip();
        return Jid.of(stream.username(), stream.domain(), resource);
    }

    private String generatedResource() {
        byte[] b = new byte[8];
        services.random().nextBytes(b);
        return "causse-" + HexFormat.of().formatHex(b);
    }
}
