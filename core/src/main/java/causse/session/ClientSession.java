package causse.session;

import causse.jid.Jid;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;

/**
 * A bound client resource, as the router and the modules see it. Written to from any thread; the
 * implementation hands the write to the connection's own event loop.
 */
public interface ClientSession {
    /** The full JID the session is bound to. */
    Jid jid();

    /** True once the client has sent initial presence and not yet unavailable presence (RFC 6121 §4.2). */
    boolean isAvailable();

    /** Priority of the last available presence, -128..127; 0 before any. */
    int priority();

    /** The last available presence the client broadcast (stamped), or null while it is unavailable. */
    XmlElement presence();

    /** Queues the stanza for this client. */
    void send(XmlElement stanza);

    /** Ends the session with a stream error (a resource conflict, a shutdown). */
    void close(StreamErrorCondition condition, String text);

    /** Per-session state kept by modules (roster requested, carbons enabled, ...); null when unset. */
    <T> T get(SessionKey<T> key);

    <T> void set(SessionKey<T> key, T value);
}
