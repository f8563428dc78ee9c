#!/usr/bin/env python3
"""Reads one Tsung 1.7 log directory and the server samples taken by compare.sh; prints one JSON object.

Usage: summarise.py TSUNG_LOG_DIR SAMPLES_FILE PARAMS_JSON
       summarise.py - SAMPLES_FILE PARAMS_JSON   (connections driven by bench/run: samples only)
SAMPLES_FILE lines: epoch_seconds cpu_ticks rss_kb established_connections (one per second).
PARAMS_JSON: {"scenario", "server", "users", "t0", "send_start", "send_end", "ticks"} where the send
window is the span during which every user is online and sending (msgrate only).

What the Tsung figures mean: tsung.log holds, every 10 s, one line per statistic with the count of
that interval; xmpp_msg_latency gets one sample per TCP read that contains a timestamped message
(stock 1.7 parses only the first one), so its total is a lower bound of messages delivered.
Percentiles come from tsung-fullstats.log, which keeps every sample.
"""
import json
import re
import sys
from pathlib import Path


def interval_counts(log):
    """Sums the per-interval counts of every `stats: NAME count ...` line."""
    totals, maxima = {}, {}
    for line in log.read_text().splitlines():
        m = re.match(r"stats: (\S+) (-?[\d.]+) (-?[\d.]+)", line)
        if not m:
            continue
        name = m.group(1)
        totals[name] = totals.get(name, 0) + float(m.group(2))
        fields = line.split()
        if name not in ("users", "connected") and len(fields) >= 7:
            maxima[name] = max(maxima.get(name, 0.0), float(fields[5]))
        if name == "users":
            maxima["users"] = max(maxima.get("users", 0.0), float(fields[3]))
    return totals, maxima


def samples_of(fullstats, name):
    """Every sample of NAME in tsung-fullstats.log (Erlang terms: {sample,NAME,[v1,v2,...]})."""
    if not fullstats.exists():
        return []
    text = fullstats.read_text()
    values = []
    # Both shapes occur: {sample,NAME,[v1,v2,...]} (batched) and {sample,NAME,v} (single).
    for m in re.finditer(r"\{sample,\s*" + re.escape(name) + r",\s*(\[[^\]]*\]|[-\d.e]+)\}", text):
        body = m.group(1).strip("[]").replace("\n", " ")
        values.extend(float(v) for v in body.split(",") if v.strip())
    return values


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return round(sorted_values[k], 2)


def server_samples(path):
    rows = []
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            rows.append((float(parts[0]), int(parts[1]), int(parts[2]), int(parts[3])))
    return rows


def cpu_between(rows, start, end, ticks):
    inside = [r for r in rows if start <= r[0] <= end]
    if len(inside) < 2:
        return None, None
    cpu = (inside[-1][1] - inside[0][1]) / ticks
    return cpu, inside[-1][0] - inside[0][0]


def run_figures(params, rows):
    """What every summary starts with: the run's parameters, and the server's CPU and RSS over the samples."""
    out = {"server": params["server"], "scenario": params["scenario"], "users": params["users"],
           "warmup_users": params.get("warmup_users", 0)}
    if rows:
        out["server_cpu_seconds_total"] = round((rows[-1][1] - rows[0][1]) / params.get("ticks", 100), 2)
        out["rss_kb_idle"] = rows[0][2]
        out["rss_kb_start"] = params.get("rss_kb_start")
        out["rss_kb_max"] = max(r[2] for r in rows)
    return out


def main():
    logdir, samples, params = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    ticks = params.get("ticks", 100)
    rows = server_samples(samples)
    totals, maxima = interval_counts(logdir / "tsung.log")
    out = run_figures(params, rows)
    out["tsung_errors"] = {k: int(v) for k, v in totals.items() if k.startswith("error")}
    if rows:
        out["established_max"] = max(r[3] for r in rows)
    logins = samples_of(logdir / "tsung-fullstats.log", "tr_login")
    out["logins"] = int(totals.get("tr_login", 0))
    if params["scenario"] == "msgrate":
        latencies = sorted(samples_of(logdir / "tsung-fullstats.log", "xmpp_msg_latency"))
        delivered = int(totals.get("xmpp_msg_latency", 0))
        send_seconds = params["send_end"] - params["send_start_first"]
        # request_noack also counts each launched user's initial presence and closing tag.
        out["users_launched"] = out["logins"]
        out["messages_sent"] = int(totals.get("request_noack", 0)) - 2 * out["logins"]
        out["delivered_counted"] = delivered
        out["delivered_per_second"] = round(delivered / send_seconds, 1)
        out["latency_ms"] = {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                             "p999": percentile(latencies, 99.9),
                             "max": round(latencies[-1], 2) if latencies else None}
        cpu, span = cpu_between(rows, params["send_start"], params["send_end"], ticks)
        if cpu is not None and span:
            out["steady_window_seconds"] = round(span, 1)
            out["server_cpu_share_of_core"] = round(cpu / span, 3)
            out["messages_per_server_cpu_second"] = round(out["delivered_per_second"] * span / cpu, 0) if cpu else None
    else:
        held = int(maxima.get("users", 0))
        out["sessions_held"] = held
        out["login_ms"] = {"mean": round(sum(logins) / len(logins), 2) if logins else None,
                           "p50": percentile(sorted(logins), 50), "p99": percentile(sorted(logins), 99)}
        out.update(login_figures(rows, ticks, held, params.get("rss_kb_start")))
    print(json.dumps(out))


def login_figures(rows, ticks, held, rss_kb_start=None):
    """Logins/s: the slope of the established count from the first connection to 99 % of its peak;
    logins per CPU-s: the same logins over the server's CPU time in that span; RSS per held session,
    from the RSS the server had before any load (before a warm-up when there was one) to its peak."""
    out = {}
    if not rows:
        return out
    peak = max(r[3] for r in rows)
    first = next((r[0] for r in rows if r[3] > 0), None)
    full = next((r[0] for r in rows if r[3] >= 0.99 * peak), None)
    if first is not None and full is not None and full > first:
        out["logins_per_second"] = round(0.99 * peak / (full - first), 1)
    cpu_login, _ = cpu_between(rows, first or 0, full or 0, ticks)
    if cpu_login:
        out["logins_per_server_cpu_second"] = round(0.99 * peak / cpu_login, 1)
    if held:
        baseline = rss_kb_start if rss_kb_start else rows[0][2]
        out["rss_kb_per_session"] = round((max(r[2] for r in rows) - baseline) / held, 1)
    return out


def samples_only():
    """`summarise.py - SAMPLES PARAMS`: the connections figures from the server samples alone, for a run
    driven by bench/run (several processes when one cannot hold all the sessions); held is the peak of
    established connections."""
    samples, params = sys.argv[2], json.loads(sys.argv[3])
    rows = server_samples(samples)
    out = run_figures(params, rows)
    if rows:
        out["sessions_held"] = max(r[3] for r in rows)
        out.update(login_figures(rows, params.get("ticks", 100), out["sessions_held"], params.get("rss_kb_start")))
    print(json.dumps(out))


if sys.argv[1] == "-":
    samples_only()
else:
    main()
