package causse.net;

import static causse.net.IpConnectionLimiter.Verdict.ACCEPTED;
import static causse.net.IpConnectionLimiter.Verdict.TOO_FAST;
import static causse.net.IpConnectionLimiter.Verdict.TOO_MANY;
import static causse.net.TestAddresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IpConnectionLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final InetAddress a = address("192.0.2.1");
    private final InetAddress b = address("192.0.2.2");

    @Test
    void refusesTheConnectionOverTheCountAndAcceptsAgainOnceOneCloses() {
        IpConnectionLimiter limiter = new IpConnectionLimiter(2, 100, true, now::get);
        assertThat(limiter.acquire(a)).isEqualTo(ACCEPTED);
        assertThat(limiter.acquire(a)).isEqualTo(ACCEPTED);
        assertThat(limiter.acquire(a)).isEqualTo(TOO_MANY);
        assertThat(limiter.acquire(b)).as("another address has its own count").isEqualTo(ACCEPTED);
        limiter.release(a);
        assertThat(limiter.acquire(a)).isEqualTo(ACCEPTED);
    }

    @Test
    void refusesABurstOverTheRateAndRefillsWithTime() {
        IpConnectionLimiter limiter = new IpConnectionLimiter(1000, 3, true, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(a)).isEqualTo(ACCEPTED);
        }
        assertThat(limiter.acquire(a)).isEqualTo(TOO_FAST);
        now.addAndGet(340_000_000L);   // a third of a second: one token back
        assertThat(limiter.acquire(a)).isEqualTo(ACCEPTED);
        assertThat(limiter.acquire(a)).isEqualTo(TOO_FAST);
    }

    @Test
    void loopbackIsExemptUnlessConfiguredOtherwise() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IpConnectionLimiter exempt = new IpConnectionLimiter(1, 1, true, now::get);
        IpConnectionLimiter strict = new IpConnectionLimiter(1, 1, false, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(exempt.acquire(loopback)).isEqualTo(ACCEPTED);
        }
        assertThat(strict.acquire(loopback)).isEqualTo(ACCEPTED);
        assertThat(strict.acquire(loopback)).isEqualTo(TOO_MANY);
    }

    @Test
    void forgetsAddressesWithNothingOpenOnceTheirBucketIsFull() {
        IpConnectionLimiter limiter = new IpConnectionLimiter(10, 10, true, now::get);
        limiter.acquire(a);
        limiter.acquire(b);
        limiter.release(a);
        assertThat(limiter.tracked()).as("a's bucket is not full yet; b is open").isEqualTo(2);
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tracked()).isEqualTo(1);
        limiter.release(b);
        assertThat(limiter.tracked()).isZero();
    }
}
