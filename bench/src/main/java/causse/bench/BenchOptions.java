package causse.bench;

import java.time.Duration;

/**
 * One run's settings, as the command line gives them.
 *
 * @param users how many accounts take part: {@code userPrefix + first} … {@code userPrefix + (first + users - 1)}
 * @param tls {@code none} or {@code starttls}
 * @param rampRate logins started per second
 * @param rate messages per second to send in msgrate; 0 sends as fast as the server takes them (bounded in flight)
 * @param messages how many messages the offline scenario stores
 * @param drain how long to wait for messages still in flight once sending stops
 * @param warmup how long msgrate sends before it starts recording latency
 * @param insecure trust any server certificate (self-signed test certificates)
 * @param serverPid the server's process id, to read its CPU time and RSS from /proc, or 0
 */
public record BenchOptions(String scenario, String host, int port, String domain, int users, String password,
                           String userPrefix, int first, String tls, String sasl, int rampRate, Duration duration,
                           int rate, int messages, Duration drain, Duration warmup, boolean register, boolean insecure, long serverPid, int threads) {
    public BenchOptions {
        if (users < 1 || rampRate < 1 || rate < 0 || messages < 0 || threads < 1) {
            throw new IllegalArgumentException("users, ramp rate and threads must be positive; rate and messages >= 0");
        }
        if (!tls.equals("none") && !tls.equals("starttls")) {
            throw new IllegalArgumentException("--tls must be none or starttls");
        }
    }
}
