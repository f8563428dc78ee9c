package causse.server.c2s;

import causse.stanza.Stanza;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session's stream management (XEP-0198): the count of stanzas the client sent, the stanzas it was sent and
 * has not acknowledged, and where the session stands. {@code ATTACHED}: a connection carries it. {@code DETACHED}:
 * the connection broke without {@code </stream:stream>}; the session stays bound and available, stanzas for it
 * wait here, and the client may resume it until the timeout. {@code ENDED}: the unacknowledged stanzas were
 * delivered elsewhere, as for a resource that went away (XEP-0198 §4).
 *
 * <p>State changes hold this object's lock; nothing that reaches other sessions (routing, hooks) runs under it,
 * so two sessions ending together cannot wait on each other.
 */
final class StreamManagement {
    private static final String CARBONS = "urn:xmpp:carbons:2";
    private static final String DELAY = "urn:xmpp:delay";

    enum State { ATTACHED, DETACHED, ENDED }

    /** The outcome of a {@code <resume/>}. */
    record Resumption(boolean resumed, List<UnackedStanzas.Entry> resend, C2sStreamHandler previous) {
        static final Resumption REFUSED = new Resumption(false, List.of(), null);
    }

    private final C2sSession session;
    private final C2sServices services;
    private final String id;
    private final Duration resumeTimeout;
    private final UnackedStanzas unacked;
    private volatile State state = State.ATTACHED;
    private volatile long inbound;
    private ScheduledFuture<?> expiry;

    /** {@code id} is null when the session may not be resumed. */
    StreamManagement(C2sSession session, C2sServices services, String id, Duration resumeTimeout) {
        this.session = session;
        this.services = services;
        this.id = id;
        this.resumeTimeout = resumeTimeout;
        this.unacked = new UnackedStanzas(services.streamManagement().maxUnacked());
    }

    String id() {
        return id;
    }

    boolean resumable() {
        return id != null;
    }

    Duration resumeTimeout() {
        return resumeTimeout;
    }

    UnackedStanzas unacked() {
        return unacked;
    }

    boolean isDetached() {
        return state == State.DETACHED;
    }

    C2sSession session() {
        return session;
    }

    /** The client sent one more stanza and the server took it (on the connection's event loop). */
    void handled() {
        inbound = (inbound + 1) & UnackedStanzas.MASK;
    }

    /** The count of stanzas the client sent, for {@code <a h=''/>} and {@code <resumed h=''/>}. */
    long inbound() {
        return inbound;
    }

    /** True when {@code channel} is the live connection of this session: only then are stanzas counted on it. */
    boolean carries(Channel channel) {
        return state == State.ATTACHED && session.channel() == channel && channel.isActive();
    }

    /**
     * Sends a stanza to the client, or keeps it while the client is away. A write that never reached the
     * counting handler (the connection closed meanwhile) comes back here, to the session's new state.
     */
    void send(XmlElement stanza) {
        synchronized (this) {
            if (state == State.ATTACHED) {
                Channel channel = session.channel();
                if (!channel.isActive()) {
                    // Its close is being handled on the event loop: by the time this runs, the session is detached
                    // or ended.
                    channel.eventLoop().execute(() -> send(stanza));
                    return;
                }
                if (!session.countOut(stanza)) {
                    // The client does not read: its session is being ended, and this goes elsewhere with the rest.
                    unacked.add(stanza, System.currentTimeMillis());
                    return;
                }
                channel.writeAndFlush(stanza).addListener(written -> {
                    if (!written.isSuccess()) {
                        send(stanza);
                    }
                });
                return;
            }
            if (state == State.DETACHED && unacked.add(stanza, System.currentTimeMillis())) {
                return;
            }
        }
        if (state == State.DETACHED) {
            expire();   // too many stanzas wait: the session ends, and this one, already queued, goes with the others
        } else {
            deliverElsewhere(List.of(new UnackedStanzas.Entry(stanza, System.currentTimeMillis())));
        }
    }

    /** The connection broke: keeps the session for the client to resume. False when it is not resumable. */
    boolean detach(EventExecutor timer) {
        synchronized (this) {
            if (id == null || state != State.ATTACHED) {
                return false;
            }
            state = State.DETACHED;
            expiry = timer.schedule(() -> {
                expire();
            }, resumeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /**
     * A client asks to resume this session on {@code stream}, having handled {@code h} stanzas. When it may, the
     * session moves to the new stream; the result holds the stanzas to send again and the stream that carried
     * the session until now if it is still open (it gets {@code <conflict/>}).
     */
    Resumption resume(C2sStreamHandler stream, long h) {
        synchronized (this) {
            if (state == State.ENDED || !unacked.acknowledge(h)) {
                return Resumption.REFUSED;
            }
            C2sStreamHandler previous = state == State.ATTACHED ? session.stream() : null;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            state = State.ATTACHED;
            session.attach(stream);
            return new Resumption(true, unacked.pending(), previous);
        }
    }

    /**
     * The client did not come back in time, or the session must end while it is away. The end runs on the event
     * loop that carried the session, as the end of any session does; the returned future completes after it.
     */
    Future<?> expire() {
        synchronized (this) {
            if (state != State.DETACHED) {
                return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
            }
            state = State.ENDED;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
        EventLoop loop = session.channel().eventLoop();
        if (loop.inEventLoop()) {
            finish();
            return loop.newSucceededFuture(null);
        }
        return loop.submit(this::finish);
    }

    /** The stream ended for good ({@code </stream:stream>}, a stream error): no resumption. */
    void end() {
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
        finish();
    }

    private void finish() {
        if (id != null) {
            services.resumable().remove(this);
        }
        session.ended();
        deliverElsewhere(unacked.drain());
    }

    /**
     * What the client never acknowledged goes where it would go for a resource that is gone (XEP-0198 §4):
     * messages are routed again (another resource, offline storage) with the time they were first sent; requests
     * get {@code <service-unavailable/>}; presence and answers are dropped. Carbon copies are dropped too: the
     * message they copy went to the other resource.
     */
    private void deliverElsewhere(List<UnackedStanzas.Entry> entries) {
        for (UnackedStanzas.Entry entry : entries) {
            XmlElement element = entry.stanza();
            Stanza.Kind kind = Stanza.Kind.of(element);
            if (kind == null) {
                continue;
            }
            String type = element.attribute("type");
            if (kind == Stanza.Kind.MESSAGE && C2sSession.worthKeeping(element) && !isCarbonCopy(element)) {
                XmlElement delayed = element.child("delay", DELAY) != null ? element
                        : element.toBuilder().child(XmlElement.builder("delay", DELAY)
                                .attribute("from", session.jid().domain())
                                .attribute("stamp", Instant.ofEpochMilli(entry.sentAtMillis()).toString()).build())
                                .build();
                session.routeAgain(delayed);
            } else if (kind == Stanza.Kind.IQ && ("get".equals(type) || "set".equals(type))) {
                services.router().bounce(Stanza.of(element), StanzaErrorCondition.SERVICE_UNAVAILABLE);
            }
        }
    }

    private static boolean isCarbonCopy(XmlElement message) {
        return message.child("received", CARBONS) != null || message.child("sent", CARBONS) != null;
    }
}
