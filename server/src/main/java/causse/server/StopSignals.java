package causse.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and Ctrl-C (SIGINT) handled as a request to stop, before the JVM starts shutting down. Stopping from a
 * shutdown hook would race with the other hooks, H2's among them: it closes the database file while the server
 * is still storing the messages it accepted.
 */
final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** Runs {@code stop} on TERM or INT, where the platform lets them be handled (the shutdown hook covers the rest). */
    static void install(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("Signal {} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }
}
