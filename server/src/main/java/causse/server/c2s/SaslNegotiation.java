package causse.server.c2s;

import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslMechanism;
import causse.sasl.SaslStep;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Base64;

/**
 * The SASL part of a c2s stream (RFC 6120 §6): {@code <auth/>}, challenges and responses, success or
 * failure. Exchanges complete on the storage executor; their outcome is handed back to the event loop.
 * The connection stops reading while an exchange is being evaluated, so nothing overtakes it.
 */
final class SaslNegotiation {
    /** RFC 6120 §6.4.5: at least 2 and at most 5 retries, then {@code <policy-violation/>}. */
    static final int MAX_FAILURES = 5;

    private final C2sStreamHandler stream;
    private final C2sServices services;
    private SaslExchange exchange;
    private int failures;

    SaslNegotiation(C2sStreamHandler stream, C2sServices services) {
        this.stream = stream;
        this.services = services;
    }

    /** The {@code <mechanisms/>} feature: PLAIN only over TLS unless the configuration allows it. */
    XmlElement mechanismsFeature(boolean secure) {
        XmlElement.Builder b = XmlElement.builder("mechanisms", Namespaces.SASL);
        for (SaslMechanism m : services.mechanisms()) {
            if (offered(m, secure)) {
                b.child(XmlElement.builder("mechanism", Namespaces.SASL).text(m.name()).build());
            }
        }
        return b.build();
    }

    private boolean offered(SaslMechanism m, boolean secure) {
        return secure || !m.sendsPlaintextPassword() || services.auth().allowPlainWithoutTls();
    }

    void receive(XmlElement element) {
        if (element.is("auth", Namespaces.SASL) && exchange == null) {
            start(element);
        } else if (element.is("response", Namespaces.SASL) && exchange != null) {
            evaluate(element);
        } else if (element.is("abort", Namespaces.SASL)) {
            fail(SaslFailure.ABORTED, null);
        } else {
            stream.streamError(StreamErrorCondition.NOT_AUTHORIZED, "Unexpected element during SASL");
        }
    }

    private void start(XmlElement auth) {
        SaslMechanism mechanism = services.mechanism(auth.attribute("mechanism"));
        if (mechanism == null) {
            fail(SaslFailure.INVALID_MECHANISM, null);
        } else if (!offered(mechanism, stream.isSecure())) {
            fail(SaslFailure.ENCRYPTION_REQUIRED, null);
        } else if (peer() != null && services.authThrottle().locked(peer())) {
            // No key derivation for an address that is guessing passwords (see AuthThrottle).
            fail(SaslFailure.TEMPORARY_AUTH_FAILURE, "Too many failed attempts from your address; try again later");
        } else {
            exchange = mechanism.start(stream.domain());
            evaluate(auth);
        }
    }

    private void evaluate(XmlElement carrier) {
        byte[] data;
        String text = carrier.text().strip();
        try {
            // RFC 6120 §6.4.2: "=" is an empty initial response; no text at all is no initial response.
            data = text.isEmpty() || text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            fail(SaslFailure.INCORRECT_ENCODING, null);
            return;
        }
        ChannelHandlerContext ctx = stream.context();
        // Hold what the client sends next until the outcome is known: after <success/> it belongs to a new stream.
        stream.decoder().suspend();
        exchange.evaluate(data).whenComplete((step, error) -> ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                outcome(error != null ? new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null) : step);
            }
        }));
    }

    private void outcome(SaslStep step) {
        ChannelHandlerContext ctx = stream.context();
        if (step instanceof SaslStep.Challenge c) {
            ctx.writeAndFlush(XmlElement.builder("challenge", Namespaces.SASL).text(encode(c.data())).build());
            stream.decoder().resume();
        } else if (step instanceof SaslStep.Success s) {
            exchange = null;
            services.metrics().authenticated();
            services.authThrottle().succeeded(s.username() + "@" + stream.domain());
            ctx.writeAndFlush(XmlElement.builder("success", Namespaces.SASL).text(encode(s.additionalData())).build());
            stream.authenticated(s.username());
        } else if (step instanceof SaslStep.Failure f) {
            Duration hold = f.condition() == SaslFailure.NOT_AUTHORIZED && peer() != null
                    ? services.authThrottle().failed(peer(), f.account()) : Duration.ZERO;
            if (hold.isZero()) {
                fail(f.condition(), f.text());
            } else {
                // The answer waits; so does the client, which cannot try again on this stream until it comes.
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isActive()) {
                        fail(f.condition(), f.text());
                    }
                }, hold.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private InetAddress peer() {
        return stream.context().channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /** Answers an {@code <auth/>} that is not allowed now, without starting an exchange. */
    void refuse(XmlElement element, SaslFailure condition) {
        if (element.is("auth", Namespaces.SASL)) {
            fail(condition, null);
        } else {
            stream.streamError(StreamErrorCondition.NOT_AUTHORIZED, null);
        }
    }

    private void fail(SaslFailure condition, String text) {
        exchange = null;
        services.metrics().authenticationFailed();
        XmlElement.Builder failure = XmlElement.builder("failure", Namespaces.SASL)
                .child(XmlElement.empty(condition.elementName(), Namespaces.SASL));
        if (text != null) {
            failure.child(XmlElement.builder("text", Namespaces.SASL).attribute("xml:lang", "en").text(text).build());
        }
        stream.context().writeAndFlush(failure.build());
        stream.authenticationEnded();
        stream.decoder().resume();
        if (condition != SaslFailure.ABORTED && ++failures >= MAX_FAILURES) {
            stream.streamError(StreamErrorCondition.POLICY_VIOLATION, "Too many failed authentication attempts");
        }
    }

    /** Empty data is an empty element for challenges and success (RFC 6120 §6.4.3, §6.4.6). */
    private static String encode(byte[] data) {
        return data.length == 0 ? null : Base64.getEncoder().encodeToString(data);
    }
}
