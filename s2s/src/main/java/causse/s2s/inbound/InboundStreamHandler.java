package causse.s2s.inbound;

import causse.codec.StreamEvent;
import causse.codec.XmppStreamDecoder;
import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.net.ReadShaper;
import causse.s2s.S2sMetrics;
import causse.s2s.S2sServices;
import causse.s2s.S2sXml;
import causse.s2s.auth.PeerCertificates;
import causse.s2s.outbound.OutboundStreams;
import causse.stanza.Stanza;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one s2s connection: STARTTLS (required unless {@code require_tls: false}), then the peer proves its domain by SASL
 * EXTERNAL (a certificate valid for it) or by dialback, which we check with its authoritative server over our
 * own outgoing stream; several domain pairs may be proven on one stream (dialback piggybacking). Also answers
 * {@code <db:verify/>} as the authoritative server for our domains. Stanzas are accepted only for a proven
 * (our domain, peer domain) pair, else {@code <invalid-from/>}, and routed in {@code jabber:client} form.
 * Last in the pipeline, after the decoder and encoder. Runs on its channel's event loop.
 */
final class InboundStreamHandler extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger log = LoggerFactory.getLogger(InboundStreamHandler.class);

    enum State { AWAIT_HEADER, NEGOTIATING, CLOSED }

    private final S2sServices services;
    private final OutboundStreams outbound;
    private final Set<String> provenPairs = new HashSet<>();
    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_HEADER;
    private boolean secure;
    private boolean headerSent;
    private boolean saslDone;
    private String localDomain;
    private String peerDomain;
    private String streamId;
    private X509Certificate[] peerChain;
    private ScheduledFuture<?> authTimeout;

    InboundStreamHandler(S2sServices services, OutboundStreams outbound, boolean directTls) {
        this.services = services;
        this.outbound = outbound;
        this.secure = directTls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        services.channels().add(ctx.channel());
        // twice the outgoing budget: proving a peer by dialback takes one outgoing connection of ours
        long budget = services.options().connectTimeout().toMillis() * 2;
        authTimeout = ctx.executor().schedule(() -> {
            if (provenPairs.isEmpty()) {
                streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "Authentication took too long");
            }
        }, budget, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
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
        if (state != State.AWAIT_HEADER) {
            streamError(StreamErrorCondition.NOT_WELL_FORMED, "Unexpected stream header");
            return;
        }
        String to = domainOf(header.attribute("to"));
        localDomain = localDomain != null ? localDomain : to;
        if (!"stream".equals(header.name()) || !Namespaces.STREAM.equals(header.namespace())
                || !Namespaces.SERVER.equals(header.contentNamespace())) {
            streamError(StreamErrorCondition.INVALID_NAMESPACE, "Expected a jabber:server stream");
            return;
        }
        if (to == null || !services.hosted().test(to) || !to.equals(localDomain)) {
            streamError(StreamErrorCondition.HOST_UNKNOWN, "This server does not serve that domain");
            return;
        }
        String from = header.attribute("from");
        peerDomain = from == null ? peerDomain : domainOf(from);
        streamId = services.newStreamId();
        ctx.write(S2sXml.header(localDomain, peerDomain, streamId));
        headerSent = true;
        state = State.NEGOTIATING;
        ctx.writeAndFlush(features());
    }

    private XmlElement features() {
        XmlElement.Builder features = XmlElement.builder("features", Namespaces.STREAM);
        boolean tlsRequired = services.options().requireTls();
        if (!secure) {
            XmlElement.Builder starttls = XmlElement.builder("starttls", Namespaces.TLS);
            features.child((tlsRequired ? starttls.child(XmlElement.empty("required", Namespaces.TLS)) : starttls).build());
        }
        if (!saslDone && (secure || !tlsRequired)) {
            if (peerDomain != null && services.certificates().proves(peerChain, peerDomain)) {
                features.child(XmlElement.builder("mechanisms", Namespaces.SASL)
                        .textChild("mechanism", Namespaces.SASL, "EXTERNAL").build());
            }
            if (peerDomain == null || services.options().dialbackAllowed(peerDomain)) {
                features.child(XmlElement.builder("dialback", S2sXml.DIALBACK_FEATURE)
                        .child(XmlElement.empty("errors", S2sXml.DIALBACK_FEATURE)).build());
            }
        }
        return features.build();
    }

    private void elementReceived(XmlElement e) {
        if (e.is("starttls", Namespaces.TLS) && !secure) {
            startTls();
        } else if (!secure && services.options().requireTls()) {
            streamError(StreamErrorCondition.POLICY_VIOLATION, "Use STARTTLS first");
        } else if (e.namespace().equals(Namespaces.SASL) && !saslDone) {
            sasl(e);
        } else if (e.is("result", S2sXml.DIALBACK) && e.attribute("type") == null) {
            dialbackResult(e);
        } else if (e.is("verify", S2sXml.DIALBACK) && e.attribute("type") == null) {
            dialbackVerify(e);
        } else if (Stanza.Kind.of(e) != null && e.namespace().equals(Namespaces.SERVER)) {
            stanza(e);
        } else {
            streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    /** RFC 6120 §5.4.3.3: the TLS handler goes first, before {@code <proceed/>} is written; buffered bytes are dropped. */
    private void startTls() {
        SslHandler tls = new SslHandler(services.tls().server(localDomain).newEngine(ctx.alloc()), true);
        ctx.pipeline().addFirst("tls", tls);
        ctx.writeAndFlush(XmlElement.empty("proceed", Namespaces.TLS));
        secure = true;
        restart(true);
    }

    private void restart(boolean discardBuffered) {
        state = State.AWAIT_HEADER;
        headerSent = false;
        ctx.pipeline().get(XmppStreamDecoder.class).restart(discardBuffered);
    }

    /** XEP-0178: EXTERNAL succeeds only with a certificate valid for the claimed domain; else a SASL failure, stream kept. */
    private void sasl(XmlElement e) {
        if (!e.name().equals("auth")) {
            ctx.writeAndFlush(S2sXml.saslFailure("aborted"));
            return;
        }
        if (!"EXTERNAL".equals(e.attribute("mechanism"))) {
            ctx.writeAndFlush(S2sXml.saslFailure("invalid-mechanism"));
            return;
        }
        String authzid = authzid(e.text());
        String domain = authzid != null ? domainOf(authzid) : peerDomain;
        if (domain == null || (peerDomain != null && !domain.equals(peerDomain))) {
            ctx.writeAndFlush(S2sXml.saslFailure("invalid-authzid"));
        } else if (!services.certificates().proves(peerChain, domain)) {
            // COMPAT: peers try EXTERNAL even when we cannot trust their certificate; a failure lets them use dialback.
            ctx.writeAndFlush(S2sXml.saslFailure("not-authorized"));
        } else {
            peerDomain = domain;
            proven(localDomain, domain, S2sMetrics.Method.EXTERNAL);
            saslDone = true;
            ctx.writeAndFlush(XmlElement.empty("success", Namespaces.SASL));
            restart(false);
        }
    }

    private static String authzid(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("=")) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** XEP-0220 §2.1: the peer claims {@code from} by a key; its authoritative server must confirm it. */
    private void dialbackResult(XmlElement e) {
        String local = domainOf(e.attribute("to"));
        String remote = domainOf(e.attribute("from"));
        if (local == null || !services.hosted().test(local)) {
            ctx.writeAndFlush(S2sXml.dialbackError("result", local, remote, null, "item-not-found"));
        } else if (remote == null || !services.options().dialbackAllowed(remote)) {
            ctx.writeAndFlush(S2sXml.dialbackError("result", local, remote, null, "not-acceptable"));
        } else if (services.certificates().proves(peerChain, remote)) {
            dialbackAnswered(local, remote, true);   // XEP-0344: the certificate already proves it, no callback needed
        } else {
            String id = streamId;
            outbound.verify(local, remote, id, e.text().trim()).whenComplete((valid, failure) ->
                    ctx.executor().execute(() -> dialbackAnswered(local, remote, failure == null && valid)));
        }
    }

    private void dialbackAnswered(String local, String remote, boolean valid) {
        if (state == State.CLOSED) {
            return;
        }
        // Counted before the answer is written: whoever reads the answer then finds the metrics already agree.
        if (valid) {
            proven(local, remote, S2sMetrics.Method.DIALBACK);
        } else {
            services.metrics().inboundDialbackRefused();
            log.info("Dialback from {} to {} refused: its authoritative server did not confirm the key", remote, local);
        }
        ctx.writeAndFlush(S2sXml.dialback("result", local, remote, null, valid ? "valid" : "invalid", null));
    }

    /** Answers as the authoritative server: is this the key we gave for that stream? */
    private void dialbackVerify(XmlElement e) {
        String local = domainOf(e.attribute("to"));
        String receiving = domainOf(e.attribute("from"));
        String id = e.attribute("id");
        boolean valid = local != null && receiving != null && services.hosted().test(local)
                && services.keys().isValid(e.text(), receiving, local, id);
        ctx.writeAndFlush(S2sXml.dialback("verify", local, receiving, id, valid ? "valid" : "invalid", null));
    }

    private void proven(String local, String remote, S2sMetrics.Method how) {
        boolean first = provenPairs.isEmpty();
        if (provenPairs.add(local + ' ' + remote)) {
            services.metrics().inboundProved(how, first);
        }
        log.info("Incoming stream from {} to {} authenticated by {}", remote, local, how);
    }

    private void stanza(XmlElement e) {
        if (provenPairs.isEmpty()) {
            streamError(StreamErrorCondition.NOT_AUTHORIZED, "Authenticate first");
            return;
        }
        Jid from;
        Jid to;
        try {
            from = Jid.parse(e.attribute("from"));
            to = Jid.parse(e.attribute("to"));
        } catch (NullPointerException | IllegalArgumentException ex) {
            streamError(StreamErrorCondition.IMPROPER_ADDRESSING, "Stanzas between servers need a valid from and to");
            return;
        }
        if (!services.hosted().test(to.domain())) {
            streamError(StreamErrorCondition.HOST_UNKNOWN, to.domain() + " is not served here");
        } else if (!provenPairs.contains(to.domain() + ' ' + from.domain())) {
            streamError(StreamErrorCondition.INVALID_FROM, from.domain() + " is not authenticated on this stream");
        } else {
            XmlElement element = S2sXml.toClient(e);
            services.metrics().stanzaIn();
            services.router().route(new Stanza(Stanza.Kind.of(element), element, from, to));
        }
    }

    private static String domainOf(String jid) {
        if (jid == null) {
            return null;
        }
        try {
            Jid parsed = Jid.parse(jid);
            return parsed.isDomain() ? parsed.domain() : null;
        } catch (JidFormatException e) {
            return null;
        }
    }

    private void streamError(StreamErrorCondition condition, String text) {
        if (state == State.CLOSED) {
            return;
        }
        log.debug("Stream error {} to {}: {}", condition.elementName(), ctx.channel().remoteAddress(), text);
        if (!headerSent) {
            String from = localDomain != null && services.hosted().test(localDomain) ? localDomain : null;
            ctx.write(S2sXml.header(from, null, services.newStreamId()));
            headerSent = true;
        }
        state = State.CLOSED;
        ctx.write(S2sXml.streamError(condition, text));
        ctx.writeAndFlush(S2sXml.CLOSE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                peerChain = PeerCertificates.chainOf(ctx.pipeline().get(SslHandler.class));
            } else {
                log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), hs.cause().toString());
                state = State.CLOSED;
                ctx.close();
            }
        } else if (evt == ReadShaper.Flood.INSTANCE) {
            // The peer kept its reads slowed down for the flood time: it would hold the event loop from others.
            streamError(StreamErrorCondition.POLICY_VIOLATION, "Sending too fast for too long");
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
        if (!provenPairs.isEmpty()) {
            services.metrics().inboundClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Incoming s2s connection from {} broke: {}", ctx.channel().remoteAddress(), cause.toString());
        state = State.CLOSED;
        ctx.close();
    }
}
