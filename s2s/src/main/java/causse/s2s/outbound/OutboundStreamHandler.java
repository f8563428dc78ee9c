package causse.s2s.outbound;

import causse.codec.StreamEvent;
import causse.codec.XmppStreamDecoder;
import causse.s2s.S2sMetrics;
import causse.s2s.S2sServices;
import causse.s2s.S2sXml;
import causse.s2s.auth.PeerCertificates;
import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.cert.X509Certificate;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiating side of one s2s connection (RFC 6120 §4–6, XEP-0220, XEP-0178): stream header, STARTTLS (or
 * Direct TLS), then SASL EXTERNAL, falling back to dialback when EXTERNAL is not offered or fails and our
 * policy for the peer allows it; then stanzas go out until the stream idles. It reports to its
 * {@link OutboundStream}, which owns the queue. Comes after the decoder, encoder and idle handler; last in the
 * pipeline. Runs on its channel's event loop.
 */
final class OutboundStreamHandler extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger log = LoggerFactory.getLogger(OutboundStreamHandler.class);

    enum State { AWAIT_TLS, AWAIT_HEADER, AWAIT_FEATURES, AWAIT_PROCEED, AWAIT_SASL, AWAIT_DIALBACK, ESTABLISHED, CLOSED }

    private final OutboundStream stream;
    private final S2sServices services;
    private final String local;
    private final String remote;
    private ChannelHandlerContext ctx;
    private State state;
    private boolean secure;
    private boolean saslDone;
    private String streamId;
    private boolean dialbackDeclared;
    private X509Certificate[] peerChain;
    private ScheduledFuture<?> timeout;

    OutboundStreamHandler(OutboundStream stream, S2sServices services, boolean directTls) {
        this.stream = stream;
        this.services = services;
        this.local = stream.local();
        this.remote = stream.remote();
        this.state = directTls ? State.AWAIT_TLS : State.AWAIT_HEADER;
    }

    /** A client-mode TLS handler presenting {@code local}'s certificate, with SNI naming the remote domain. */
    static SslHandler clientTls(S2sServices services, OutboundStream stream, Channel ch) {
        return services.tls().client(stream.local()).newHandler(ch.alloc(), stream.remote(), 5269);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        services.channels().add(ctx.channel());
        timeout = ctx.executor().schedule(() -> fail(StanzaErrorCondition.REMOTE_SERVER_TIMEOUT,
                "no established stream after " + services.options().connectTimeout()),
                services.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (state == State.AWAIT_HEADER) {
            sendHeader();
        }
        super.channelActive(ctx);
    }

    private void sendHeader() {
        state = State.AWAIT_HEADER;
        ctx.writeAndFlush(S2sXml.header(local, remote, null));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StreamEvent event) {
        if (state == State.CLOSED) {
            return;
        }
        if (event instanceof StreamEvent.StreamOpened opened) {
            streamOpened(opened);
        } else if (event instanceof StreamEvent.ElementReceived received) {
            elementReceived(received.element());
        } else if (event instanceof StreamEvent.StreamFailed failed) {
            streamError(failed.condition(), failed.detail());
        } else if (event instanceof StreamEvent.StreamClosed) {
            state = State.CLOSED;
            ctx.writeAndFlush(S2sXml.CLOSE).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void streamOpened(StreamEvent.StreamOpened header) {
        if (state != State.AWAIT_HEADER || !"stream".equals(header.name()) || !Namespaces.STREAM.equals(header.namespace())
                || !Namespaces.SERVER.equals(header.contentNamespace())) {
            streamError(StreamErrorCondition.INVALID_NAMESPACE, "Expected a jabber:server stream");
            return;
        }
        streamId = header.attribute("id");
        dialbackDeclared = header.declarations().containsValue(S2sXml.DIALBACK);
        state = State.AWAIT_FEATURES;
    }

    private void elementReceived(XmlElement e) {
        String ns = e.namespace();
        if (e.is("features", Namespaces.STREAM) && state == State.AWAIT_FEATURES) {
            features(e);
        } else if (e.is("proceed", Namespaces.TLS) && state == State.AWAIT_PROCEED) {
            startTls();
        } else if (ns.equals(Namespaces.SASL) && state == State.AWAIT_SASL) {
            saslAnswer(e);
        } else if (e.is("result", S2sXml.DIALBACK) && state == State.AWAIT_DIALBACK) {
            dialbackAnswer(e);
        } else if (e.is("verify", S2sXml.DIALBACK) && remote.equals(e.attribute("from")) && local.equals(e.attribute("to"))) {
            stream.verifyAnswered(e.attribute("id"), "valid".equals(e.attribute("type")));
        } else if (e.is("error", Namespaces.STREAM)) {
            XmlElement condition = e.firstElement();
            fail(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, "stream error from the peer: "
                    + (condition == null ? "?" : condition.name()) + " " + e.childText("text", Namespaces.STREAMS_ERRORS));
        } else if (e.is("failure", Namespaces.TLS)) {
            fail(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, "the peer refused STARTTLS");
        } else {
            // Stanzas on our outgoing stream would need XEP-0288 (bidirectional streams), which we do not offer.
            streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected " + e.name() + " in state " + state);
        }
    }

    private void features(XmlElement features) {
        if (!secure && features.child("starttls", Namespaces.TLS) != null) {
            state = State.AWAIT_PROCEED;
            ctx.writeAndFlush(XmlElement.empty("starttls", Namespaces.TLS));
        } else if (!secure && services.options().requireTls()) {
            streamError(StreamErrorCondition.POLICY_VIOLATION, "This server requires TLS on server-to-server streams");
        } else if (saslDone) {
            established(S2sMetrics.Method.EXTERNAL);
        } else {
            // secure, or a peer without TLS that require_tls: false lets us talk to (no certificate: dialback)
            stream.readyForVerify(ctx.channel());
            boolean proven = services.certificates().proves(peerChain, remote);
            if (!proven && !services.options().dialbackAllowed(remote)) {
                streamError(StreamErrorCondition.POLICY_VIOLATION, "Your certificate is not valid for " + remote);
                return;
            }
            if (offersExternal(features)) {
                state = State.AWAIT_SASL;
                ctx.writeAndFlush(S2sXml.externalAuth(local));
            } else {
                dialback(features.child("dialback", S2sXml.DIALBACK_FEATURE) != null);
            }
        }
    }

    private static boolean offersExternal(XmlElement features) {
        XmlElement mechanisms = features.child("mechanisms", Namespaces.SASL);
        return mechanisms != null && mechanisms.elements().stream()
                .anyMatch(m -> m.name().equals("mechanism") && "EXTERNAL".equals(m.text().trim()));
    }

    private void dialback(boolean offered) {
        if (!offered && !dialbackDeclared) {
            fail(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, "the peer offers neither SASL EXTERNAL nor dialback");
            return;
        }
        state = State.AWAIT_DIALBACK;
        ctx.writeAndFlush(S2sXml.dialback("result", local, remote, null, null, services.keys().key(remote, local, streamId)));
    }

    /** RFC 6120 §5.4.3.3: the TLS handler goes first, the old parser's buffered bytes are dropped. */
    private void startTls() {
        state = State.AWAIT_TLS;
        ctx.pipeline().addFirst("tls", clientTls(services, stream, ctx.channel()));
        ctx.pipeline().get(XmppStreamDecoder.class).restart(true);
    }

    private void saslAnswer(XmlElement e) {
        if (e.name().equals("success")) {
            saslDone = true;
            ctx.pipeline().get(XmppStreamDecoder.class).restart(false);
            sendHeader();
        } else {
            // COMPAT: a peer that cannot check our certificate says so with <failure/>; dialback may still work.
            log.debug("SASL EXTERNAL refused by {} ({}), trying dialback", remote, e.firstElement());
            dialback(true);
        }
    }

    private void dialbackAnswer(XmlElement e) {
        if ("valid".equals(e.attribute("type")) && remote.equals(e.attribute("from")) && local.equals(e.attribute("to"))) {
            established(S2sMetrics.Method.DIALBACK);
        } else {
            fail(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, remote + " refused our dialback key (" + e.attribute("type") + ")");
        }
    }

    private void established(S2sMetrics.Method how) {
        state = State.ESTABLISHED;
        timeout.cancel(false);
        stream.established(ctx.channel(), how);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (!hs.isSuccess()) {
                fail(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, "TLS handshake failed: " + hs.cause());
            } else if (state == State.AWAIT_TLS) {
                secure = true;
                peerChain = PeerCertificates.chainOf(ctx.pipeline().get(SslHandler.class));
                sendHeader();
            }
        } else if (evt instanceof IdleStateEvent && state == State.ESTABLISHED) {
            log.debug("Closing idle stream {} -> {}", local, remote);
            state = State.CLOSED;
            ctx.writeAndFlush(S2sXml.CLOSE).addListener(ChannelFutureListener.CLOSE);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /** Ends the attempt: the stream moves on to the next endpoint or bounces its queue. */
    private void fail(StanzaErrorCondition condition, String why) {
        if (state == State.ESTABLISHED || state == State.CLOSED) {
            if (state == State.ESTABLISHED) {
                ctx.close();
            }
            return;
        }
        state = State.CLOSED;
        stream.attemptFailed(ctx.channel(), condition, why);
        ctx.writeAndFlush(S2sXml.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    private void streamError(StreamErrorCondition condition, String text) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasEstablished = state == State.ESTABLISHED;
        if (!wasEstablished) {
            stream.attemptFailed(ctx.channel(), StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, condition.elementName() + ": " + text);
        }
        state = State.CLOSED;
        ctx.write(S2sXml.streamError(condition, text));
        ctx.writeAndFlush(S2sXml.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeout != null) {
            timeout.cancel(false);
        }
        state = State.CLOSED;
        stream.closed(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("s2s connection {} -> {} broke: {}", local, remote, cause.toString());
        ctx.close();
    }
}
