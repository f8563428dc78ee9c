package causse.net;

import java.time.Duration;

/**
 * Per-session traffic shaping of what clients send, as ejabberd's shapers do (see {@code ReadShaper}).
 *
 * @param rate         bytes per second a client may send on average
 * @param burst        bytes it may send at once above that
 * @param floodTimeout how long a client may keep its reads throttled before its stream ends with
 *                     {@code <policy-violation/>}; zero: never, it is only slowed down
 */
public record ShaperLimits(long rate, long burst, Duration floodTimeout) {
    public static final ShaperLimits DEFAULTS = new ShaperLimits(256 * 1024, 1024 * 1024, Duration.ofSeconds(60));

    public ShaperLimits {
        if (rate <= 0 || burst <= 0 || floodTimeout.isNegative()) {
            throw new IllegalArgumentException("shaper limits out of range");
        }
    }
}
