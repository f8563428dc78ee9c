package causse.bench.client;

import causse.codec.StreamEvent;
import causse.codec.XmppStreamDecoder;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One simulated user: a small state machine that logs in (stream, optional STARTTLS, optional
 * in-band registration, SASL, restart, bind, legacy session IQ when required, initial presence), then
 * hands stanzas to the scenario. It keeps only a few fields, so thousands fit in one process.
 */
public final class XmppClient extends ChannelInboundHandlerAdapter {
    private static final String REGISTER_NS = "jabber:iq:register";

    private enum State { FEATURES, STARTTLS, REGISTER, AUTH, BIND, SESSION, ONLINE, FAILED }

    private final int index;
    private final ClientSettings settings;
    private final ClientEvents events;
    private final SecureRandom random;
    private final long startNanos;
    private State state = State.FEATURES;
    private boolean tlsDone;
    private boolean registered;
    private boolean authenticated;
    private ScramClient scram;
    private Channel channel;
    private volatile long onlineNanos;

    public XmppClient(int index, ClientSettings settings, ClientEvents events, SecureRandom random, long startNanos) {
        this.index = index;
        this.settings = settings;
        this.events = events;
        this.random = random;
        this.startNanos = startNanos;
    }

    public int index() {
        return index;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isOnline() {
        return onlineNanos != 0 && channel.isActive();
    }

    /** Nanoseconds from the start of the TCP connect to the initial presence, or 0 if not online yet. */
    public long loginNanos() {
        return onlineNanos == 0 ? 0 : onlineNanos - startNanos;
    }

    /** Sends raw XML; safe from any thread. */
    public void send(String xml) {
        channel.writeAndFlush(xml, channel.voidPromise());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        openStream(ctx);
        ctx.fireChannelActive();
    }

    private void openStream(ChannelHandlerContext ctx) {
        state = State.FEATURES;
        ctx.writeAndFlush("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='" + settings.domain() + "' version='1.0'>");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof StreamEvent event)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (event instanceof StreamEvent.ElementReceived received) {
            element(ctx, received.element());
        } else if (event instanceof StreamEvent.StreamClosed) {
            fail(ctx, "server closed the stream in state " + state);
        } else if (event instanceof StreamEvent.StreamFailed failed) {
            fail(ctx, "bad XML from server: " + failed.detail());
        }
    }

    private void element(ChannelHandlerContext ctx, XmlElement e) {
        if (e.is("error", Namespaces.STREAM)) {
            fail(ctx, "stream error in state " + state + ": " + e);
            return;
        }
        switch (state) {
            case FEATURES -> features(ctx, e);
            case STARTTLS -> startTls(ctx, e);
            case REGISTER -> registered(ctx, e);
            case AUTH -> auth(ctx, e);
            case BIND -> bound(ctx, e);
            case SESSION -> sessionStarted(ctx, e);
            case ONLINE -> stanza(e);
            case FAILED -> { }
        }
    }

    private void features(ChannelHandlerContext ctx, XmlElement f) {
        if (!f.is("features", Namespaces.STREAM)) {
            fail(ctx, "expected stream features, got " + f.name());
        } else if (!tlsDone && settings.sslContext() != null) {
            if (f.child("starttls", Namespaces.TLS) == null) {
                fail(ctx, "--tls starttls but the server offers no STARTTLS");
                return;
            }
            state = State.STARTTLS;
            ctx.writeAndFlush("<starttls xmlns='" + Namespaces.TLS + "'/>");
        } else if (!authenticated && settings.register() && !registered) {
            state = State.REGISTER;
            offered = f;
            ctx.writeAndFlush("<iq type='set' id='reg'><query xmlns='" + REGISTER_NS + "'><username>"
                    + settings.username(index) + "</username><password>" + settings.password()
                    + "</password></query></iq>");
        } else if (!authenticated) {
            startAuth(ctx, f);
        } else if (f.child("bind", Namespaces.BIND) == null) {
            fail(ctx, "server offers no resource binding");
        } else {
            XmlElement session = f.child("session", Namespaces.SESSION);
            // Only a session feature without <optional/> needs the legacy IQ (RFC 3921, draft-cridland).
            sessionRequired = session != null && session.child("optional", Namespaces.SESSION) == null;
            state = State.BIND;
            ctx.writeAndFlush("<iq type='set' id='bind'><bind xmlns='" + Namespaces.BIND + "'><resource>"
                    + settings.resource() + "</resource></bind></iq>");
        }
    }

    private boolean sessionRequired;
    /** The features offered before in-band registration, kept only until authentication starts. */
    private XmlElement offered;

    private void startTls(ChannelHandlerContext ctx, XmlElement e) {
        if (!e.is("proceed", Namespaces.TLS)) {
            fail(ctx, "STARTTLS refused: " + e.name());
            return;
        }
        tlsDone = true;
        SslHandler ssl = settings.sslContext().newHandler(ctx.alloc(), settings.host(), settings.port());
        ctx.pipeline().addFirst("tls", ssl);
        ctx.pipeline().get(XmppStreamDecoder.class).restart(true);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                openStream(ctx);
            } else {
                fail(ctx, "TLS handshake failed: " + f.cause());
            }
        });
    }

    private void registered(ChannelHandlerContext ctx, XmlElement e) {
        registered = true;
        boolean conflict = "error".equals(e.attribute("type")) && e.toString().contains("conflict");
        if (!"result".equals(e.attribute("type")) && !conflict) {
            fail(ctx, "in-band registration failed: " + e);
            return;
        }
        // The account exists now (or already did): authenticate with the features we were offered.
        XmlElement f = offered;
        offered = null;
        startAuth(ctx, f);
    }

    private void startAuth(ChannelHandlerContext ctx, XmlElement f) {
        XmlElement mechanisms = f.child("mechanisms", Namespaces.SASL);
        String wanted = settings.sasl();
        boolean available = mechanisms != null && mechanisms.elements().stream().anyMatch(m -> wanted.equals(m.text()));
        if (!available) {
            fail(ctx, "server does not offer SASL " + wanted + (settings.sslContext() == null ? " without TLS" : ""));
            return;
        }
        state = State.AUTH;
        String initial;
        if ("PLAIN".equals(wanted)) {
            initial = "\0" + settings.username(index) + "\0" + settings.password();
        } else {
            scram = new ScramClient(wanted, settings.username(index), settings.password(), ScramClient.randomNonce(random));
            initial = scram.clientFirst();
        }
        ctx.writeAndFlush("<auth xmlns='" + Namespaces.SASL + "' mechanism='" + wanted + "'>" + b64(initial) + "</auth>");
    }

    private void auth(ChannelHandlerContext ctx, XmlElement e) {
        if (e.is("challenge", Namespaces.SASL) && scram != null) {
            try {
                String reply = scram.clientFinal(unb64(e.text()));
                ctx.writeAndFlush("<response xmlns='" + Namespaces.SASL + "'>" + b64(reply) + "</response>");
            } catch (RuntimeException ex) {
                fail(ctx, "SCRAM: " + ex.getMessage());
            }
        } else if (e.is("success", Namespaces.SASL)) {
            if (scram != null && !scram.verifyServerFinal(unb64(e.text()))) {
                fail(ctx, "SCRAM: the server's signature is wrong");
                return;
            }
            scram = null;
            authenticated = true;
            ctx.pipeline().get(XmppStreamDecoder.class).restart(false);
            openStream(ctx);
        } else {
            fail(ctx, "SASL failed for " + settings.username(index) + ": " + e);
        }
    }

    private void bound(ChannelHandlerContext ctx, XmlElement e) {
        if (!"bind".equals(e.attribute("id"))) {
            return;
        }
        if (!"result".equals(e.attribute("type"))) {
            fail(ctx, "bind failed: " + e);
        } else if (sessionRequired) {
            state = State.SESSION;
            ctx.writeAndFlush("<iq type='set' id='sess'><session xmlns='" + Namespaces.SESSION + "'/></iq>");
        } else {
            goOnline(ctx);
        }
    }

    private void sessionStarted(ChannelHandlerContext ctx, XmlElement e) {
        if (!"sess".equals(e.attribute("id"))) {
            return;
        }
        if ("result".equals(e.attribute("type"))) {
            goOnline(ctx);
        } else {
            fail(ctx, "session IQ failed: " + e);
        }
    }

    private void goOnline(ChannelHandlerContext ctx) {
        state = State.ONLINE;
        ctx.writeAndFlush("<presence/>");
        onlineNanos = System.nanoTime();
        events.online(this);
    }

    private void stanza(XmlElement e) {
        if ("message".equals(e.name())) {
            events.message(this, e, System.nanoTime());
        } else if ("iq".equals(e.name())) {
            String type = e.attribute("type");
            if ("result".equals(type) || "error".equals(type)) {
                events.iqResult(this, e);
            } else if ("get".equals(type) || "set".equals(type)) {
                // Answer pings and the like so the server does not drop us as unresponsive.
                send("<iq type='error' id='" + e.attribute("id") + "' to='" + e.attribute("from")
                        + "'><error type='cancel'><service-unavailable xmlns='" + Namespaces.STANZA_ERRORS
                        + "'/></error></iq>");
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "connection closed in state " + state);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "I/O error in state " + state + ": " + cause.getMessage());
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        ctx.close();
        events.failed(this, reason);
    }

    private static String b64(String s) {
        return s.isEmpty() ? "=" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        String t = s == null ? "" : s.trim();
        return t.isEmpty() || "=".equals(t) ? "" : new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8);
    }
}
