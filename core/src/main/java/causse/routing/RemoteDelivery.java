package causse.routing;

import causse.stanza.Stanza;

/**
 * Where the router sends a stanza whose {@code to} is a domain this server neither hosts nor serves as a
 * service: server-to-server federation, when a module provides it
 * ({@link causse.module.ModuleContext#provideRemoteDelivery}). Without one, the router answers such stanzas with
 * {@code <remote-server-not-found/>} itself.
 *
 * <p>{@link #deliver} runs on the sender's event loop and must not block: an implementation queues the stanza
 * while it resolves and connects, and answers every stanza it cannot deliver with an error to its sender (through
 * the router), never dropping one silently. Thread-safe.
 */
public interface RemoteDelivery {
    /** Takes a stanza with a trusted {@code from} and a {@code to} on a remote domain. */
    void deliver(Stanza stanza);
}
