package causse.pubsub.service;

import java.util.Collection;

/**
 * The service's way out: it hands events to whoever delivers them as stanzas. Called on the service's
 * queue; an implementation routes and returns, it never waits on a network.
 */
public interface Broadcaster {
    /** Sends the event of {@code node} to these JIDs; an implementation may add implicit recipients (PEP). */
    void send(Node node, NodeEvent event, Collection<String> recipients);

    /** Asks the node's owners to approve or refuse a pending subscription (XEP-0060 §8.6). */
    void askApproval(Node node, Subscription pending, Collection<String> owners);
}
