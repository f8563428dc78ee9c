package causse.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A self-contained HTML page (inline SVG, no scripts, no fetches): the result table, throughput and
 * latency over time, and the latency histogram.
 */
public final class HtmlReport {
    private static final int W = 720;
    private static final int H = 220;
    private static final int PAD = 40;

    private HtmlReport() {
    }

    public static String render(String title, Map<String, Object> result, List<Sample> samples, Histogram latency) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td{border:1px solid #ccc;padding:2px 8px}svg{border:1px solid #ddd;margin:8px 0}"
                        + "</style></head><body><h1>").append(esc(title)).append("</h1><table>");
        result.forEach((k, v) -> {
            if (!(v instanceof Map) && !(v instanceof List)) {
                out.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(fmt(v))).append("</td></tr>");
            }
        });
        out.append("</table><h2>Throughput (per second)</h2>");
        chart(out, samples, List.of(
                new Series("delivered/s", "#1f77b4", Sample::receivedPerSec),
                new Series("sent/s", "#aaaaaa", Sample::sentPerSec),
                new Series("logins/s", "#2ca02c", Sample::loginsPerSec)));
        out.append("<h2>Sessions</h2>");
        chart(out, samples, List.of(new Series("sessions", "#9467bd", Sample::sessions)));
        out.append("<h2>Message latency over time (ms)</h2>");
        chart(out, samples, List.of(
                new Series("p50", "#1f77b4", s -> s.latencyP50() / 1000.0),
                new Series("p99", "#d62728", s -> s.latencyP99() / 1000.0)));
        out.append("<h2>Message latency histogram</h2>");
        histogram(out, latency);
        return out.append("</body></html>\n").toString();
    }

    private record Series(String name, String colour, ToDoubleFunction<Sample> value) {
    }

    private static void chart(StringBuilder out, List<Sample> samples, List<Series> series) {
        double maxT = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).t());
        double maxY = 1;
        for (Series s : series) {
            for (Sample p : samples) {
                maxY = Math.max(maxY, s.value().applyAsDouble(p));
            }
        }
        svgStart(out, maxT, maxY, "time (s)");
        int legend = 0;
        for (Series s : series) {
            out.append("<polyline fill='none' stroke='").append(s.colour()).append("' points='");
            for (Sample p : samples) {
                out.append(num(x(p.t(), maxT))).append(',').append(num(y(s.value().applyAsDouble(p), maxY))).append(' ');
            }
            out.append("'/><text x='").append(W - 130).append("' y='").append(PAD + 14 * legend++)
                    .append("' fill='").append(s.colour()).append("' font-size='12'>").append(esc(s.name())).append("</text>");
        }
        out.append("</svg>");
    }

    private static void histogram(StringBuilder out, Histogram h) {
        if (h.getTotalCount() == 0) {
            out.append("<p>No messages were measured.</p>");
            return;
        }
        List<double[]> bars = new ArrayList<>();
        double maxCount = 1;
        long first = Math.max(1, h.getMinValue());
        for (HistogramIterationValue v : h.logarithmicBucketValues(first, 1.5)) {
            bars.add(new double[] {v.getValueIteratedTo() / 1000.0, v.getCountAddedInThisIterationStep()});
            maxCount = Math.max(maxCount, v.getCountAddedInThisIterationStep());
        }
        svgStart(out, bars.size(), maxCount, "latency (ms, log buckets)");
        double bw = (W - 2.0 * PAD) / bars.size();
        for (int i = 0; i < bars.size(); i++) {
            double top = y(bars.get(i)[1], maxCount);
            out.append("<rect x='").append(num(PAD + i * bw)).append("' y='").append(num(top)).append("' width='")
                    .append(num(Math.max(1, bw - 1))).append("' height='").append(num(H - PAD - top))
                    .append("' fill='#1f77b4'><title>&lt;= ").append(num(bars.get(i)[0])).append(" ms: ")
                    .append((long) bars.get(i)[1]).append("</title></rect>");
            if (i % Math.max(1, bars.size() / 8) == 0) {
                out.append("<text x='").append(num(PAD + i * bw)).append("' y='").append(H - PAD + 14)
                        .append("' font-size='10'>").append(num(bars.get(i)[0])).append("</text>");
            }
        }
        out.append("</svg>");
    }

    private static void svgStart(StringBuilder out, double maxX, double maxY, String xLabel) {
        out.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(W).append("' height='").append(H)
                .append("'><line x1='").append(PAD).append("' y1='").append(H - PAD).append("' x2='").append(W - PAD)
                .append("' y2='").append(H - PAD).append("' stroke='black'/><line x1='").append(PAD).append("' y1='")
                .append(PAD / 2).append("' x2='").append(PAD).append("' y2='").append(H - PAD).append("' stroke='black'/>")
                .append("<text x='2' y='").append(PAD / 2 + 4).append("' font-size='10'>").append(num(maxY))
                .append("</text><text x='").append(W / 2).append("' y='").append(H - 8).append("' font-size='11'>")
                .append(esc(xLabel)).append("</text><text x='").append(W - PAD - 20).append("' y='").append(H - PAD + 14)
                .append("' font-size='10'>").append(num(maxX)).append("</text>");
    }

    private static double x(double t, double maxT) {
        return PAD + t / maxT * (W - 2 * PAD);
    }

    private static double y(double v, double maxY) {
        return H - PAD - v / maxY * (H - 1.5 * PAD);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.2f", d);
    }

    private static String fmt(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
