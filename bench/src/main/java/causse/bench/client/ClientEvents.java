package causse.bench.client;

import causse.xml.XmlElement;

/** What a scenario hears from its clients. Called on the client's event loop: keep it short. */
public interface ClientEvents {
    /** Logged in, bound, initial presence sent. */
    void online(XmppClient client);

    /** Login failed or the connection dropped; {@code reason} says at which step. */
    void failed(XmppClient client, String reason);

    /** A message stanza arrived for an online client. */
    void message(XmppClient client, XmlElement message, long receivedNanos);

    /** An IQ result or error addressed to this client that the login did not consume. */
    default void iqResult(XmppClient client, XmlElement iq) {
    }
}
