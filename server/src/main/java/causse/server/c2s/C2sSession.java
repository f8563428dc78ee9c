package causse.server.c2s;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.module.HookPoint;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established c2s session: checks each stanza the client sends (RFC 6120 §8), stamps its {@code from}
 * with the session's full JID, keeps the session's availability and priority from its presence, and hands
 * the stanza to the router. Receives on the connection's event loop; {@link #send} works from any thread.
 */
final class C2sSession implements ClientSession {
    private static final Logger log = LoggerFactory.getLogger(C2sSession.class);
    private volatile C2sStreamHandler stream;
    private final C2sServices services;
    private volatile Channel channel;
    private final Jid jid;
    private final String jidString;
    private final java.util.Map<SessionKey<?>, Object> state = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean available;
    private volatile int priority;
    private volatile XmlElement presence;
    private volatile boolean backlogFull;
    private volatile long unwritableSince;
    private volatile StreamManagement streamManagement;
    /** Null until the client first says it is inactive (XEP-0352): most never do, and it costs them nothing. */
    private volatile ClientState clientState;

    C2sSession(C2sStreamHandler stream, C2sServices services, Jid jid) {
        this.stream = stream;
        this.services = services;
        this.channel = stream.context().channel();
        this.jid = jid;
        this.jidString = jid.toString();
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public XmlElement presence() {
        return presence;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(SessionKey<T> key) {
        return (T) state.get(key);
    }

    @Override
    public <T> void set(SessionKey<T> key, T value) {
        if (value == null) {
            state.remove(key);
        } else {
            state.put(key, value);
        }
    }

    /**
     * Writes a stanza to the client. A chat or normal message that cannot be written (the connection closed
     * first, or the client stopped reading and the session was ended for it) is routed again as if this
     * session did not exist: to another resource, or to offline storage. A client that stops reading is cut
     * off (see {@link #backlogPassesLimit}) rather than let the server's memory grow.
     */
    @Override
    public void send(XmlElement stanza) {
        ClientState state = clientState;
        if (state != null && state.isInactive()) {
            state.offer(stanza);
        } else {
            deliver(stanza);
        }
    }

    private void deliver(XmlElement stanza) {
        StreamManagement sm = streamManagement;
        if (sm != null) {
            sm.send(stanza);
            return;
        }
        Stanza.Kind kind = Stanza.Kind.of(stanza);
        boolean keep = kind == Stanza.Kind.MESSAGE && worthKeeping(stanza);
        if (backlogFull || !channel.isActive() || backlogPassesLimit()) {
            if (keep) {
                undelivered(stanza);
            }
            return;
        }
        if (kind != null) {
            services.metrics().stanzaOut(kind);
        }
        if (keep) {
            channel.writeAndFlush(stanza).addListener(written -> {
                if (!written.isSuccess()) {
                    undelivered(stanza);
                }
            });
        } else {
            channel.writeAndFlush(stanza, channel.voidPromise());
        }
    }

    /** Counts a stanza written under stream management; false when the client reads too slowly to be written to. */
    boolean countOut(XmlElement stanza) {
        if (backlogFull || backlogPassesLimit()) {
            return false;
        }
        Stanza.Kind kind = Stanza.Kind.of(stanza);
        if (kind != null) {
            services.metrics().stanzaOut(kind);
        }
        return true;
    }

    static boolean worthKeeping(XmlElement message) {
        String type = message.attribute("type");
        return type == null || type.equals("chat") || type.equals("normal");
    }

    /**
     * True, once, when the client reads too slowly: its connection has not been writable (Netty's high water
     * mark) for {@code limits.slow_reader_timeout}, or its backlog passed {@code limits.max_outbound_queue}.
     * A client that reads, even behind a burst (offline messages at login), drains its backlog well before.
     * The session is then ended.
     */
    private boolean backlogPassesLimit() {
        if (channel.isWritable()) {
            unwritableSince = 0;
            return false;
        }
        long now = System.nanoTime();
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        if (unwritableSince == 0) {
            unwritableSince = now;
        }
        if (now - unwritableSince <= services.limits().slowReaderTimeout().toNanos()
                && pending <= services.limits().maxOutboundQueue()) {
            return false;
        }
        backlogFull = true;
        log.info("Ending the session of {}: not reading ({} bytes wait)", jidString, pending);
        services.sessions().unbind(this);
        // The error cannot reach a client that does not read; closing at once fails the pending writes, whose
        // messages are routed again (see send).
        channel.eventLoop().execute(() -> {
            stream.streamError(StreamErrorCondition.POLICY_VIOLATION, "Not reading fast enough");
            channel.close();
        });
        return true;
    }

    /** Routes an unwritten message again, after taking this session out of the registry so it is not chosen. */
    private void undelivered(XmlElement message) {
        services.sessions().unbind(this);
        routeAgain(message);
    }

    /** Routes a message for this session once more, as if the session were not there (it is unbound already). */
    void routeAgain(XmlElement message) {
        String from = message.attribute("from");
        String to = message.attribute("to");
        Jid target = to == null ? jid.bare() : Jid.parse(to);
        services.router().route(new Stanza(Stanza.Kind.MESSAGE, message, from == null ? null : Jid.parse(from),
                target));
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        StreamManagement sm = streamManagement;
        if (sm != null && sm.isDetached()) {
            sm.expire();   // no connection to tell: the session ends now
            return;
        }
        C2sStreamHandler current = stream;
        channel.eventLoop().execute(() -> current.streamError(condition, text));
    }

    Channel channel() {
        return channel;
    }

    C2sStreamHandler stream() {
        return stream;
    }

    /** The session moves to the connection of {@code newStream} (a resumed stream, XEP-0198). */
    void attach(C2sStreamHandler newStream) {
        stream = newStream;
        channel = newStream.context().channel();
        backlogFull = false;
        unwritableSince = 0;
    }

    /** {@code <inactive/>} or {@code <active/>} (XEP-0352); false for any other element of that namespace. */
    boolean indicate(XmlElement element, int maxHeld) {
        if (element.name().equals("inactive")) {
            ClientState state = clientState;
            if (state == null) {
                state = new ClientState(maxHeld, this::deliver);
                clientState = state;
            }
            state.inactive();
            return true;
        }
        if (element.name().equals("active")) {
            activeAgain();
            return true;
        }
        return false;
    }

    /** The client is active (it said so, or the session moved to a new stream): what was held is sent. */
    void activeAgain() {
        ClientState state = clientState;
        if (state != null) {
            state.active();
        }
    }

    StreamManagement streamManagement() {
        return streamManagement;
    }

    /** Stream management is on for this session from now on. */
    void manage(StreamManagement sm) {
        streamManagement = sm;
    }

    /** A resource was bound: modules may now send to the session. */
    void bound() {
        services.hooks().bound(this);
    }

    /** The connection is gone: the session leaves the registry, then modules hear of it (unavailable broadcast). */
    void ended() {
        ClientState state = clientState;
        if (state != null) {
            state.drop();
        }
        boolean wasAvailable = available;
        available = false;
        services.sessions().unbind(this);
        services.hooks().ended(this, wasAvailable);
        presence = null;
    }

    void receive(XmlElement element) {
        Stanza.Kind kind = Stanza.Kind.of(element);
        if (kind == null || !element.namespace().equals(Namespaces.CLIENT)) {
            stream.streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
            return;
        }
        services.metrics().stanzaIn(kind);
        StreamManagement sm = streamManagement;
        if (sm != null) {
            sm.handled();
        }
        // The server, not the client, says who sent a stanza (RFC 6120 §8.1.2.1).
        XmlElement stamped = element.withAttribute("from", jidString);
        String toAttribute = element.attribute("to");
        Jid to;
        try {
            to = toAttribute == null ? null : Jid.parse(toAttribute);
        } catch (JidFormatException e) {
            answerError(new Stanza(kind, stamped, jid, null), StanzaErrorCondition.JID_MALFORMED, e.getMessage());
            return;
        }
        Stanza stanza = new Stanza(kind, stamped, jid, to);
        boolean routed = switch (kind) {
            case IQ -> checkIq(stanza);
            case PRESENCE -> checkPresence(stanza);
            case MESSAGE -> true;
        };
        if (routed && !services.hooks().run(HookPoint.OUTBOUND, stanza)) {
            services.router().route(stanza);
        }
    }

    private boolean checkIq(Stanza iq) {
        String type = iq.type();
        boolean request = type.equals("get") || type.equals("set");
        if (iq.id() == null || !(request || type.equals("result") || type.equals("error"))) {
            answerError(iq, StanzaErrorCondition.BAD_REQUEST, "An IQ needs an id and a type of get, set, result or error");
            return false;
        }
        if (request && iq.element().elements().size() != 1) {
            answerError(iq, StanzaErrorCondition.BAD_REQUEST, "An IQ get or set carries exactly one child element");
            return false;
        }
        XmlElement payload = iq.element().firstElement();
        if (request && toSelfOrServer(iq.to()) && payload.is("session", Namespaces.SESSION)) {
            stream.replyResult(iq.element(), null);
            return false;
        }
        if (request && toSelfOrServer(iq.to()) && payload.is("bind", Namespaces.BIND)) {
            answerError(iq, StanzaErrorCondition.NOT_ALLOWED, "A resource is already bound");
            return false;
        }
        return true;
    }

    private boolean toSelfOrServer(Jid to) {
        return to == null || to.equals(jid.bare()) || (to.isDomain() && to.domain().equals(jid.domain()));
    }

    /** Presence with no {@code to} sets this session's availability (RFC 6121 §4.2, §4.5); other presence is routed. */
    private boolean checkPresence(Stanza presence) {
        if (presence.to() != null) {
            return true;
        }
        String type = presence.type();
        if (type.equals("available")) {
            Integer p = parsePriority(presence.element().childText("priority", Namespaces.CLIENT));
            if (p == null) {
                answerError(presence, StanzaErrorCondition.BAD_REQUEST, "Priority must be an integer from -128 to 127");
                return false;
            }
            boolean wasAvailable = available;
            priority = p;
            this.presence = presence.element();
            available = true;
            services.hooks().presenceChanged(this, presence, wasAvailable);
        } else if (type.equals("unavailable")) {
            boolean wasAvailable = available;
            available = false;
            this.presence = null;
            services.hooks().presenceChanged(this, presence, wasAvailable);
        }
        return true;
    }

    private static Integer parsePriority(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text.strip());
            return p < -128 || p > 127 ? null : p;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Errors about the client's own stanza go straight back on its connection, never answered when they are errors. */
    private void answerError(Stanza stanza, StanzaErrorCondition condition, String text) {
        if (!stanza.isError()) {
            Jid server = Jid.of(null, jid.domain(), null);
            services.metrics().stanzaOut(stanza.kind());
            channel.writeAndFlush(StanzaError.of(condition, text).replyTo(stanza, server).element());
        }
    }
}
