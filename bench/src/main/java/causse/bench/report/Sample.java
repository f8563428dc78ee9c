package causse.bench.report;

/** One second of a run, for the progress line and the report's time series. Latencies in µs. */
public record Sample(double t, int sessions, long loginsPerSec, long sentPerSec, long receivedPerSec,
                     long latencyP50, long latencyP99, long failures) {
}
