package causse.server.c2s;

import static causse.net.TestAddresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import causse.server.config.AuthFailureLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final AuthFailureLimits limits = new AuthFailureLimits(3, Duration.ofSeconds(30), 10,
            Duration.ofMinutes(10), Duration.ofMinutes(5));
    private final AuthThrottle throttle = new AuthThrottle(limits, true, now::get);
    private final InetAddress guesser = address("198.51.100.9");
    private final InetAddress other = address("198.51.100.10");

    @Test
    void freeFailuresThenADelayThatDoublesUpToTheCeiling() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.failed(guesser, "alice@example.org")).isZero();
        }
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(16));
        assertThat(throttle.failed(guesser, "alice@example.org")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anAddressIsLockedAfterTooManyFailuresUntilTheLockEnds() {
        for (int i = 0; i < 9; i++) {
            throttle.failed(guesser, "user" + i + "@example.org");
        }
        assertThat(throttle.locked(guesser)).isFalse();
        throttle.failed(guesser, "user9@example.org");
        assertThat(throttle.locked(guesser)).isTrue();
        assertThat(throttle.locked(other)).as("only that address").isFalse();
        now.addAndGet(Duration.ofMinutes(5).toNanos() + 1);
        assertThat(throttle.locked(guesser)).isFalse();
    }

    @Test
    void anAccountGuessedFromManyAddressesIsSlowedButNeverLocked() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.failed(address("203.0.113." + i), "bob@example.org")).isZero();
        }
        assertThat(throttle.failed(address("203.0.113.50"), "bob@example.org")).isEqualTo(Duration.ofSeconds(1));
        // A good password clears the account's count.
        throttle.succeeded("bob@example.org");
        assertThat(throttle.failed(address("203.0.113.51"), "bob@example.org")).isZero();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(guesser, null);
        }
        now.addAndGet(Duration.ofMinutes(10).toNanos() + 1);
        assertThat(throttle.failed(guesser, null)).isZero();
    }

    @Test
    void loopbackIsExemptWhenConfiguredSo() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.failed(loopback, "alice@example.org")).isZero();
        }
        assertThat(throttle.locked(loopback)).isFalse();
    }
}
