package causse.server.c2s;

import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The stream management elements a client sends (XEP-0198): {@code <enable/>} once its resource is bound,
 * {@code <r/>} and {@code <a/>} after that, {@code <resume/>} instead of binding. One per stream, run on its
 * event loop, next to {@link SaslNegotiation} and {@link ResourceBinding}.
 */
final class StreamManagementNegotiation {
    static final String NAMESPACE = "urn:xmpp:sm:3";
    static final XmlElement FEATURE = XmlElement.empty("sm", NAMESPACE);

    private final C2sStreamHandler stream;
    private final C2sServices services;

    StreamManagementNegotiation(C2sStreamHandler stream, C2sServices services) {
        this.stream = stream;
        this.services = services;
    }

    /** An element of the namespace on an established stream. */
    void receive(XmlElement element, C2sSession session) {
        StreamManagement sm = session.streamManagement();
        String name = element.name();
        if (sm == null && (name.equals("r") || name.equals("a"))) {
            stream.streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Stream management is not enabled");
            return;
        }
        switch (name) {
            case "enable" -> enable(element, session);
            case "resume" -> failed(StanzaErrorCondition.UNEXPECTED_REQUEST);   // a resource is bound already
            case "r" -> context().writeAndFlush(answer(sm));
            case "a" -> acknowledged(element, sm);
            default -> stream.streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    /** An element of the namespace after authentication, before a resource is bound. */
    void receiveBeforeBind(XmlElement element) {
        if (element.is("resume", NAMESPACE)) {
            resume(element);
        } else {
            // XEP-0198 §3: enable comes after resource binding.
            failed(StanzaErrorCondition.UNEXPECTED_REQUEST);
        }
    }

    static XmlElement answer(StreamManagement sm) {
        return XmlElement.builder("a", NAMESPACE).attribute("h", Long.toString(sm.inbound())).build();
    }

    private void enable(XmlElement element, C2sSession session) {
        if (!services.streamManagement().enabled()) {
            failed(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
            return;
        }
        if (session.streamManagement() != null) {
            stream.streamError(StreamErrorCondition.POLICY_VIOLATION, "Stream management is enabled already");
            return;
        }
        boolean resume = isTrue(element.attribute("resume")) && services.streamManagement().resumable();
        Duration timeout = services.streamManagement().resumeTimeout();
        Long max = unsigned(element.attribute("max"));
        if (max != null && max > 0 && max < timeout.toSeconds()) {
            timeout = Duration.ofSeconds(max);
        }
        String id = resume ? newId() : null;
        StreamManagement sm = new StreamManagement(session, services, id, timeout);
        context().pipeline().addAfter("flush", "sm", new StanzaAckHandler(sm.unacked(), sm::carries));
        XmlElement.Builder enabled = XmlElement.builder("enabled", NAMESPACE);
        if (resume) {
            enabled.attribute("id", id).attribute("resume", "true")
                    .attribute("max", Long.toString(timeout.toSeconds()));
            services.resumable().add(sm);
        }
        // Counting starts after <enabled/> on both sides; nothing else is written in between, on this loop.
        context().writeAndFlush(enabled.build());
        session.manage(sm);
    }

    private void acknowledged(XmlElement element, StreamManagement sm) {
        Long h = unsigned(element.attribute("h"));
        if (h == null) {
            stream.streamError(StreamErrorCondition.INVALID_XML, "<a/> needs an 'h' from 0 to 4294967295");
            return;
        }
        if (!sm.unacked().acknowledge(h)) {
            long sent = sm.unacked().sent();
            stream.streamError(StreamErrorCondition.UNDEFINED_CONDITION,
                    "You acknowledged " + h + " stanzas, but I only sent you " + sent + " so far.",
                    XmlElement.builder("handled-count-too-high", NAMESPACE).attribute("h", Long.toString(h))
                            .attribute("send-count", Long.toString(sent)).build());
            return;
        }
        StanzaAckHandler handler = context().pipeline().get(StanzaAckHandler.class);
        if (handler != null) {
            handler.acknowledged(context().pipeline().context(handler));
        }
    }

    /**
     * XEP-0198 §5: the session of {@code previd}, if it is this user's and still kept, moves to this stream; the
     * stanzas the client did not handle are sent again after {@code <resumed/>}. Otherwise {@code <failed/>},
     * and the client may bind a resource on this stream.
     */
    private void resume(XmlElement element) {
        if (!services.streamManagement().resumable()) {
            failed(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
            return;
        }
        StreamManagement sm = services.resumable().get(element.attribute("previd"));
        Long h = unsigned(element.attribute("h"));
        // Another user's SM-ID is answered as an unknown one: it says nothing about that user's sessions.
        if (sm == null || h == null || !sm.session().jid().local().equals(stream.username())
                || !sm.session().jid().domain().equals(stream.domain())) {
            services.metrics().resumption(false);
            failed(StanzaErrorCondition.ITEM_NOT_FOUND);
            return;
        }
        StanzaAckHandler handler = new StanzaAckHandler(sm.unacked(), sm::carries);
        context().pipeline().addAfter("flush", "sm", handler);
        StreamManagement.Resumption resumption = sm.resume(stream, h);
        if (!resumption.resumed()) {
            context().pipeline().remove(handler);
            services.metrics().resumption(false);
            failed(StanzaErrorCondition.ITEM_NOT_FOUND);
            return;
        }
        services.metrics().resumption(true);
        stream.resumed(sm.session());
        ChannelHandlerContext ctx = context();
        ctx.write(XmlElement.builder("resumed", NAMESPACE).attribute("h", Long.toString(sm.inbound()))
                .attribute("previd", sm.id()).build());
        for (UnackedStanzas.Entry entry : resumption.resend()) {
            ctx.write(new StanzaAckHandler.Resent(entry.stanza()));
        }
        ctx.flush();
        // XEP-0352 §5: a resumed stream starts active; what was held comes after what was sent again.
        sm.session().activeAgain();
        C2sStreamHandler previous = resumption.previous();
        if (previous != null) {
            // XEP-0198 §5: the stream that still held the session ends with <conflict/>.
            previous.context().executor().execute(() -> {
                previous.streamError(StreamErrorCondition.CONFLICT, "The session was resumed on another connection");
                previous.context().close();
            });
        }
    }

    private void failed(StanzaErrorCondition condition) {
        context().writeAndFlush(XmlElement.builder("failed", NAMESPACE)
                .child(XmlElement.empty(condition.elementName(), Namespaces.STANZA_ERRORS)).build());
    }

    private ChannelHandlerContext context() {
        return stream.context();
    }

    private String newId() {
        byte[] b = new byte[18];
        services.random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    /** An xs:unsignedInt, or null. */
    private static Long unsigned(String value) {
        if (value == null || value.isEmpty() || value.length() > 10) {
            return null;
        }
        try {
            long v = Long.parseLong(value);
            return v < 0 || v > UnackedStanzas.MASK ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
