package causse.bench.jmh;

import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bound, available session without a client behind it. The server's own session (c2s's {@code C2sSession})
 * needs a negotiated stream; this one keeps the same state (a concurrent map of module state, volatile
 * availability) and delivers the same way, {@code writeAndFlush} on the session's channel, or nowhere when it
 * has none, to measure the router alone.
 */
final class BenchSession implements ClientSession {
    private final Jid jid;
    private final Channel channel;
    private final Map<SessionKey<?>, Object> state = new ConcurrentHashMap<>();
    private volatile boolean available = true;
    private int delivered;

    /** @param channel where {@link #send} writes; null to drop what is sent */
    BenchSession(Jid jid, Channel channel) {
        this.jid = jid;
        this.channel = channel;
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
        return 0;
    }

    @Override
    public XmlElement presence() {
        return null;
    }

    @Override
    public void send(XmlElement stanza) {
        delivered++;
        if (channel != null) {
            channel.writeAndFlush(stanza, channel.voidPromise());
        }
    }

    /** Stanzas sent to this session so far. */
    int delivered() {
        return delivered;
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        available = false;
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
}
