package causse.server.c2s;

import causse.codec.StreamEvent;
import causse.codec.XmppStreamDecoder;
import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.routing.StanzaRouter;
import causse.server.config.ListenerType;
import causse.server.config.TlsPolicy;
import causse.net.ReadShaper;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client-to-server stream, from the first header to the close: negotiation (RFC 6120 §4–7: STARTTLS,
 * SASL, resource binding, or XEP-0078 where allowed), then the session's stanzas, which {@link C2sSession}
 * checks and routes. Comes after {@link XmppStreamDecoder} (stream events in) and the stanza encoder
 * (elements out); last in the pipeline. All its methods run on the channel's event loop.
 */
public final class C2sStreamHandler extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger log = LoggerFactory.getLogger(C2sStreamHandler.class);

    /** Fired into the pipeline to end the stream with {@code <system-shutdown/>}. */
    public enum ShutdownEvent { INSTANCE }

    enum State { AWAIT_HEADER, NEGOTIATING, AUTHENTICATING, AWAIT_BIND, ESTABLISHED, CLOSED }

    private final C2sServices services;
    private final SaslNegotiation sasl;
    private final ResourceBinding binding;
    private final LegacyAuth legacyAuth;
    private final StreamManagementNegotiation streamManagement;
    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_HEADER;
    private boolean secure;
    private boolean headerSent;
    private boolean legacyStream;
    private String domain;
    private String username;
    private C2sSession session;
    private ScheduledFuture<?> authTimeout;
    private boolean counted;
    /** The stream ended for good (closed by the client, or a stream error other than a timeout): no resumption. */
    private boolean finished;

    public C2sStreamHandler(C2sServices services) {
        this.services = services;
        this.secure = services.listener().type() == ListenerType.C2S_DIRECT_TLS;
        this.sasl = new SaslNegotiation(this, services);
        this.binding = new ResourceBinding(this, services);
        this.legacyAuth = new LegacyAuth(this, services, binding);
        this.streamManagement = new StreamManagementNegotiation(this, services);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        services.channels().add(ctx.channel());
        services.metrics().connectionOpened(services.listener().type());
        counted = true;
        long timeout = services.limits().unauthenticatedTimeout().toMillis();
        authTimeout = ctx.executor().schedule(() -> {
            if (state != State.ESTABLISHED && state != State.CLOSED) {
                streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "Authentication took too long");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StreamEvent event) {
        if (state == State.CLOSED) {
            return;
        }
        if (event instanceof StreamEvent.ElementReceived received) {
            elementReceived(received.element());
        } else if (event instanceof StreamEvent.StreamOpened opened) {
            streamOpened(opened);
        } else if (event instanceof StreamEvent.StreamFailed failed) {
            streamError(failed.condition(), failed.detail());
        } else if (event instanceof StreamEvent.StreamClosed) {
            closeStream();
        }
    }

    private void streamOpened(StreamEvent.StreamOpened header) {
        if (state != State.AWAIT_HEADER) {
            streamError(StreamErrorCondition.NOT_WELL_FORMED, "Unexpected stream header");
            return;
        }
        String requested = requestedDomain(header.attribute("to"));
        if (!"stream".equals(header.name()) || !Namespaces.STREAM.equals(header.namespace())
                || !Namespaces.CLIENT.equals(header.contentNamespace())) {
            domain = domain != null ? domain : requested;
            streamError(StreamErrorCondition.INVALID_NAMESPACE, null);
            return;
        }
        if (requested == null || !services.hosts(requested) || (domain != null && !domain.equals(requested))) {
            streamError(StreamErrorCondition.HOST_UNKNOWN, "This server does not serve that domain");
            return;
        }
        domain = requested;
        String version = header.attribute("version");
        legacyStream = version == null || version.startsWith("0.");
        if (legacyStream && !services.auth().legacyAuth()) {
            streamError(StreamErrorCondition.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
            return;
        }
        String id = HexFormat.of().formatHex(randomBytes(12));
        ctx.write(StreamElements.header(domain, StreamElements.clientFrom(header.attribute("from")), id,
                legacyStream ? null : "1.0"));
        headerSent = true;
        if (username == null) {
            state = State.NEGOTIATING;
            if (!legacyStream) {
                ctx.write(preAuthFeatures());
            }
        } else {
            state = State.AWAIT_BIND;
            ctx.write(StreamElements.featuresAfterAuthentication(services.hooks().postAuthFeatures(),
                    services.streamManagement().enabled(), services.clientState().enabled()));
        }
        ctx.flush();
    }

    private XmlElement preAuthFeatures() {
        boolean tlsFirst = tlsRequired();
        return StreamElements.featuresBeforeAuthentication(secure, tlsFirst,
                tlsFirst ? null : sasl.mechanismsFeature(secure), services.auth().legacyAuth(),
                preAuthIqsAllowed() ? services.hooks().preAuthFeatures() : List.of());
    }

    private void elementReceived(XmlElement element) {
        switch (state) {
            case NEGOTIATING -> negotiate(element);
            case AUTHENTICATING -> sasl.receive(element);
            case AWAIT_BIND -> {
                if (element.namespace().equals(StreamManagementNegotiation.NAMESPACE)) {
                    streamManagement.receiveBeforeBind(element);
                } else if (!binding.receive(element)) {
                    streamError(StreamErrorCondition.NOT_AUTHORIZED, "Bind a resource first");
                }
            }
            case ESTABLISHED -> {
                String ns = element.namespace();
                // Stanzas first: the other namespaces are compared only for the rare elements that are not one.
                if (ns.equals(Namespaces.CLIENT)) {
                    session.receive(element);
                } else if (ns.equals(StreamManagementNegotiation.NAMESPACE)) {
                    streamManagement.receive(element, session);
                } else if (ns.equals(ClientState.NAMESPACE) && services.clientState().enabled()) {
                    if (!session.indicate(element, services.clientState().maxHeld())) {
                        streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
                    }
                } else {
                    session.receive(element);
                }
            }
            default -> streamError(StreamErrorCondition.NOT_WELL_FORMED, null);
        }
    }

    private void negotiate(XmlElement element) {
        if (element.is("starttls", Namespaces.TLS) && !secure && !legacyStream) {
            startTls();
        } else if (element.namespace().equals(Namespaces.SASL) && !legacyStream) {
            if (tlsRequired()) {
                sasl.refuse(element, causse.sasl.SaslFailure.ENCRYPTION_REQUIRED);
            } else {
                state = State.AUTHENTICATING;
                sasl.receive(element);
            }
        } else if (legacyAuth.accepts(element) && !tlsRequired()) {
            legacyAuth.receive(element);
        } else if (unauthenticatedIq(element) && preAuthIqsAllowed()) {
            dispatchUnauthenticated(element);
        } else if (element.is("starttls", Namespaces.TLS)) {
            ctx.write(XmlElement.empty("failure", Namespaces.TLS));
            closeAfterFlush();
        } else {
            streamError(StreamErrorCondition.NOT_AUTHORIZED, "Authenticate first");
        }
    }

    /**
     * Pre-login IQs (in-band registration) carry a password, so they follow the rule of PLAIN: only on an
     * encrypted stream, unless the configuration allows passwords in clear.
     */
    private boolean preAuthIqsAllowed() {
        return secure || services.auth().allowPlainWithoutTls();
    }

    /** An IQ get/set some module accepts before authentication (XEP-0077 registration). */
    private boolean unauthenticatedIq(XmlElement element) {
        XmlElement payload = element.firstElement();
        String type = element.attribute("type");
        return element.is("iq", Namespaces.CLIENT) && payload != null && element.elements().size() == 1
                && ("get".equals(type) || "set".equals(type))
                && services.iqs().handles(IqScope.UNAUTHENTICATED, payload.name(), payload.namespace());
    }

    private void dispatchUnauthenticated(XmlElement element) {
        // Answers go straight back on this connection: it has no address the router could use yet.
        Stanza request = new Stanza(Stanza.Kind.IQ, element.withAttribute("from", null).withAttribute("to", null),
                null, null);
        java.net.InetAddress peer = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress() : null;
        StanzaRouter reply = answer -> ctx.executor().execute(() -> {
            if (state != State.CLOSED) {
                ctx.writeAndFlush(answer.element().withAttribute("from", null).withAttribute("to", null));
            }
        });
        // The stream's domain is the responder, so that a module knows which host the client is talking to.
        services.iqs().dispatch(IqScope.UNAUTHENTICATED, new IqRequest(request, Jid.of(null, domain, null), reply, peer));
    }

    /** RFC 6120 §5.4.3.3 and the SslHandler Javadoc: add the handler before writing proceed, then restart. */
    private void startTls() {
        SslHandler tls = new SslHandler(services.tls().forDomain(domain).newEngine(ctx.alloc()), true);
        ctx.pipeline().addFirst("tls", tls);
        ctx.writeAndFlush(XmlElement.empty("proceed", Namespaces.TLS));
        secure = true;
        restartStream(true);
    }

    private boolean tlsRequired() {
        return !secure && services.listener().starttls() == TlsPolicy.REQUIRED;
    }

    /** SASL succeeded: the stream restarts and the client must bind a resource. */
    void authenticated(String user) {
        username = user;
        restartStream(false);
    }

    /** SASL failed or was aborted: back to choosing a mechanism. */
    void authenticationEnded() {
        if (state == State.AUTHENTICATING) {
            state = State.NEGOTIATING;
        }
    }

    /** A resource is bound: stanzas flow from now on. */
    void established(C2sSession newSession) {
        session = newSession;
        state = State.ESTABLISHED;
        services.metrics().connectionEstablished(services.listener().type());
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        Duration idle = services.limits().idleTimeout();
        if (!idle.isZero()) {
            // The idle clock reads raw bytes (whitespace keep-alives count); the pinger sits before this handler.
            ctx.pipeline().addAfter("limit", "idle", new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            ctx.pipeline().addBefore("stream", "keepalive", new KeepAliveHandler(Jid.of(null, domain, null),
                    newSession.jid(), services.limits().pingTimeout()));
        }
    }

    /** A session was resumed on this stream (XEP-0198): stanzas flow, as after binding. */
    void resumed(C2sSession resumedSession) {
        established(resumedSession);
    }

    /** XEP-0078 authenticated and bound in one step, on a stream that never restarts. */
    void legacyAuthenticated(String user) {
        username = user;
    }

    private void restartStream(boolean discardBuffered) {
        headerSent = false;
        state = State.AWAIT_HEADER;
        decoder().restart(discardBuffered);
    }

    XmppStreamDecoder decoder() {
        return ctx.pipeline().get(XmppStreamDecoder.class);
    }

    private void closeStream() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        finished = true;
        ctx.writeAndFlush(StreamElements.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the stream with a stream error (RFC 6120 §4.9): header first if none was sent, then the error and the close. */
    void streamError(StreamErrorCondition condition, String text) {
        streamError(condition, text, null);
    }

    /**
     * Ends the stream with a stream error and an application-specific condition (or null). Only a timeout leaves
     * the session for its client to resume (XEP-0198): the connection may simply have died.
     */
    void streamError(StreamErrorCondition condition, String text, XmlElement specific) {
        if (state == State.CLOSED) {
            return;
        }
        finished = condition != StreamErrorCondition.CONNECTION_TIMEOUT;
        log.debug("Stream error {} on {}: {}", condition.elementName(), ctx.channel().remoteAddress(), text);
        if (!headerSent) {
            String from = domain != null ? domain : services.hostedDomains().get(0);
            ctx.write(StreamElements.header(from, null, HexFormat.of().formatHex(randomBytes(12)), "1.0"));
            headerSent = true;
        }
        state = State.CLOSED;
        ctx.write(StreamElements.error(condition, text, specific));
        ctx.writeAndFlush(StreamElements.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeAfterFlush() {
        state = State.CLOSED;
        ctx.writeAndFlush(StreamElements.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ShutdownEvent.INSTANCE) {
            streamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "The server is shutting down");
        } else if (evt == StanzaAckHandler.Overflow.INSTANCE) {
            streamError(StreamErrorCondition.RESOURCE_CONSTRAINT, "Too many stanzas wait for your acknowledgement");
            ctx.close();
        } else if (evt == ReadShaper.Flood.INSTANCE) {
            streamError(StreamErrorCondition.POLICY_VIOLATION, "Sending too fast for too long");
            ctx.close();
        } else if (evt == KeepAliveHandler.Timeout.INSTANCE) {
            // A client that answers nothing may read nothing either: close now, not after a flush that never ends.
            streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "No answer to the server's ping");
            ctx.close();
        } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            log.debug("TLS handshake failed with {}: {}", ctx.channel().remoteAddress(), hs.cause().toString());
            state = State.CLOSED;
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        if (counted) {
            // A session exists exactly when the stream was established, so it says which gauge to lower.
            counted = false;
            services.metrics().connectionClosed(services.listener().type(), session != null);
        }
        if (session != null && session.stream() == this) {
            StreamManagement sm = session.streamManagement();
            if (sm == null) {
                session.ended();
            } else if (finished || !sm.detach(ctx.executor())) {
                sm.end();
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            log.debug("Connection from {} broke: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        if (ctx.channel().isActive() && state != State.CLOSED && !(cause instanceof java.io.IOException)) {
            streamError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        } else {
            state = State.CLOSED;
            ctx.close();
        }
    }

    private String requestedDomain(String to) {
        if (to == null) {
            return services.hostedDomains().get(0);
        }
        try {
            Jid jid = Jid.parse(to);
            return jid.isDomain() ? jid.domain() : null;
        } catch (JidFormatException e) {
            return null;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        services.random().nextBytes(b);
        return b;
    }

    /** Answers a negotiation IQ (bind, session, XEP-0078) with a result. */
    void replyResult(XmlElement iq, XmlElement payload) {
        ctx.writeAndFlush(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "result")
                .attribute("id", iq.attribute("id")).child(payload).build());
    }

    void replyError(XmlElement iq, StanzaErrorCondition condition) {
        replyError(iq, condition, null);
    }

    void replyError(XmlElement iq, StanzaErrorCondition condition, String text) {
        Stanza request = new Stanza(Stanza.Kind.IQ, iq, null, null);
        ctx.writeAndFlush(StanzaError.of(condition, text).replyTo(request, null).element());
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    String domain() {
        return domain;
    }

    String username() {
        return username;
    }

    boolean isSecure() {
        return secure;
    }
}
