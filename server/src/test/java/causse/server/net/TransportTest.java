package causse.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportTest {
    private static final String PROPERTY = "causse.event_loops";

    @AfterEach
    void clearProperty() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void oneEventLoopPerCoreByDefault() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Transport.eventLoops());
    }

    @Test
    void thePropertyOverridesTheCount() {
        System.setProperty(PROPERTY, "3");
        assertEquals(3, Transport.eventLoops());
    }

    @Test
    void neverFewerThanOneLoop() {
        System.setProperty(PROPERTY, "0");
        assertEquals(1, Transport.eventLoops());
    }

    @Test
    void nioCanBeForced() {
        System.setProperty("causse.transport", "nio");
        try {
            assertEquals(Transport.NIO, Transport.choose());
        } finally {
            System.clearProperty("causse.transport");
        }
    }
}
