package causse.server.router;

import causse.stanza.Stanza;

/**
 * What happens to a message for a local account none of whose resources can take it
 * (RFC 6121 §8.5.2.1.1 and §8.5.2.2.1). Without offline storage the router bounces it; the offline
 * module replaces this to store it instead.
 */
@FunctionalInterface
public interface UndeliverableMessages {
    void handle(Stanza message);
}
