package causse.server.c2s;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.sasl.SaslMechanism;
import causse.sasl.SaslStep;
import causse.stanza.StanzaErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * Non-SASL authentication (XEP-0078), off unless {@code auth.legacy_auth} is set: username, password and
 * resource in one IQ, authenticated and bound at once. Only the plaintext password form is offered: the
 * server keeps SCRAM keys, not the password the digest form would need.
 */
final class LegacyAuth {
    static final String NAMESPACE = "jabber:iq:auth";
    static final String FEATURE = "http://jabber.org/features/iq-auth";

    private final C2sStreamHandler stream;
    private final C2sServices services;
    private final ResourceBinding binding;

    LegacyAuth(C2sStreamHandler stream, C2sServices services, ResourceBinding binding) {
        this.stream = stream;
        this.services = services;
        this.binding = binding;
    }

    boolean accepts(XmlElement element) {
        XmlElement query = element.firstElement();
        return services.auth().legacyAuth() && element.is("iq", Namespaces.CLIENT) && query != null
                && query.is("query", NAMESPACE);
    }

    void receive(XmlElement iq) {
        String type = iq.attribute("type");
        XmlElement query = iq.firstElement();
        if ("get".equals(type)) {
            stream.replyResult(iq, XmlElement.builder("query", NAMESPACE).child(XmlElement.empty("username", NAMESPACE))
                    .child(XmlElement.empty("password", NAMESPACE)).child(XmlElement.empty("resource", NAMESPACE)).build());
        } else if ("set".equals(type)) {
            authenticate(iq, query.childText("username", NAMESPACE), query.childText("password", NAMESPACE),
                    query.childText("resource", NAMESPACE));
        } else {
            stream.replyError(iq, StanzaErrorCondition.BAD_REQUEST);
        }
    }

    private void authenticate(XmlElement iq, String username, String password, String resource) {
        SaslMechanism plain = services.mechanism("PLAIN");
        if (username == null || password == null || resource == null || resource.isBlank()) {
            stream.replyError(iq, StanzaErrorCondition.NOT_ACCEPTABLE);
            return;
        }
        if (plain == null || (!stream.isSecure() && !services.auth().allowPlainWithoutTls())) {
            stream.replyError(iq, StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        byte[] message = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
        ChannelHandlerContext ctx = stream.context();
        // Stanzas a client pipelines behind the auth IQ wait until it is known whether they may pass.
        stream.decoder().suspend();
        plain.start(stream.domain()).evaluate(message).whenComplete((step, failure) -> ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                finish(iq, step instanceof SaslStep.Success s ? s.username() : null, resource);
                stream.decoder().resume();
            }
        }));
    }

    private void finish(XmlElement iq, String user, String resource) {
        if (user == null) {
            services.metrics().authenticationFailed();
            stream.replyError(iq, StanzaErrorCondition.NOT_AUTHORIZED);
            return;
        }
        stream.legacyAuthenticated(user);
        Jid jid;
        try {
            jid = binding.resourceJid(resource);
        } catch (JidFormatException e) {
            stream.replyError(iq, StanzaErrorCondition.NOT_ACCEPTABLE);
            return;
        }
        services.metrics().authenticated();
        if (binding.bind(jid) == null) {
            stream.replyError(iq, StanzaErrorCondition.RESOURCE_CONSTRAINT, "Too many resources bound for this account");
            return;
        }
        stream.replyResult(iq, null);
    }
}
