package causse.server.session;

import causse.jid.Jid;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;

/**
 * A bound client resource, as the router sees it. Written to from any thread; the implementation
 * hands the write to the connection's own event loop.
 */
public interface ClientSession {
    /** The full JID the session is bound to. */
    Jid jid();

    /** True once the client has sent initial presence and not yet unavailable presence (RFC 6121 §4.2). */
    boolean isAvailable();

    /** Priority of the last available presence, -128..127; 0 before any. */
    int priority();

    /** Queues the stanza for this client. */
    void send(XmlElement stanza);

    /** Ends the session with a stream error (a resource conflict, a shutdown). */
    void close(StreamErrorCondition condition, String text);
}
