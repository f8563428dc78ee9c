#!/usr/bin/env bash
# Side by side: runs the same load against Causse, ejabberd and Prosody, one after the other, on
# loopback, and prints delivered messages/s, server CPU and work per server CPU-second, each next to
# Causse's.
#
#   bench/compare.sh [--scenario msgrate|connections|pubsub] [--users N] [--duration S]
#                    [--servers causse,ejabberd,prosody] [--think S] [--arrival R] [--rate R]
#                    [--sasl PLAIN|SCRAM-SHA-1] [--generator tsung|bench] [--warmup N] [--out DIR]
#
# pubsub: bench/run only (Tsung has no pubsub), one publisher at --rate items/s (default 20) and
# users-1 subscribers on a node of each server's XEP-0060 service; the peers get a pubsub service.
#
# --sasl SCRAM-SHA-1: every server stores salted SCRAM keys (ejabberd auth_password_format scram, Prosody
# internal_hashed, Causse always) and bench/run logs in with SCRAM-SHA-1, so the client derives the key
# and the server's share of a login is the same protocol work everywhere. bench/run only: Tsung 1.7 has
# no SCRAM. The default, PLAIN, is what the ejabberd benchmarks used (with plain-text passwords).
# --generator bench: bench/run alone, with PLAIN too. A bench/run-only connections run splits the users
# over several bench/run processes (9,750 each: a process here has 20,000 files) and takes held, logins/s,
# logins per CPU-s and RSS per session from the server samples, so up to 19,500 users.
#
# --warmup N (msgrate, connections): before the measured run, N users log in to each server (in msgrate they also send messages
# for 20 s) and leave again; nothing of it is measured. A JVM compiles its hot code during its first
# thousands of logins and an Erlang node loads modules on first use: with a warm-up every server is
# measured at work it has done before, as a long-running server is. RSS per session still counts from
# the RSS before the warm-up, so the heap the warm-up grew is charged to the sessions.
#
# Each server runs on core 0 and the generator on core 1 (taskset). The generator is Tsung 1.7
# (bench/tsung/*.xml.in); bench/run, the Causse load generator, runs the same scenario afterwards when
# it exists. Peers are set up by bench/peers/*.sh (own config and data under a temp dir, no rate
# limits, fd limit raised). Installs tsung, ejabberd and prosody from Debian when missing (root).
# Bounded: every Tsung run has a hard timeout; every process started here is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

# Arrivals at 50/s: at 100/s Tsung, short of CPU on a shared core, launched only 70-97 % of 1,000 users.
scenario=msgrate users=1000 duration=60 servers=causse,ejabberd,prosody think=0.5 arrival=50 out="" rate=20
sasl=PLAIN generator=tsung warmup=0
password=secret
while (($#)); do
  case $1 in
    --scenario) scenario=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --think) think=$2; shift 2 ;;
    --arrival) arrival=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --sasl) sasl=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h | --help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case $scenario in msgrate | connections | pubsub) ;; *) echo "--scenario msgrate|connections|pubsub" >&2; exit 2 ;; esac
case $sasl in
  PLAIN) ;;
  SCRAM-SHA-1) export BENCH_HASHED=1 ;; # the peers store salted keys (bench/peers/*.sh)
  *) echo "--sasl PLAIN|SCRAM-SHA-1 (SCRAM-SHA-1 is the one SCRAM all three servers offer)" >&2; exit 2 ;;
esac
case $generator in tsung | bench) ;; *) echo "--generator tsung|bench" >&2; exit 2 ;; esac
# Tsung 1.7 speaks no SCRAM; pubsub is bench/run's alone.
if [[ $sasl != PLAIN || $scenario == pubsub ]]; then generator=bench; fi
max_users=19000 # one Tsung process, 20,000 files
if [[ $generator == bench ]]; then max_users=19500; fi # several bench/run processes; the server's own limit
if ((warmup > 0)) && [[ $scenario == pubsub ]]; then
  echo "--warmup is for msgrate and connections" >&2
  exit 2
fi
if ((users < 1 || users > max_users || duration < 5 || duration > 600 || warmup < 0 || warmup > 9750 || warmup > users)); then
  echo "--users 1..$max_users (with --generator $generator), --duration 5..600, --warmup 0..min(users, 9750)" >&2
  exit 2
fi

install_tools() {
  local missing=()
  command -v tsung >/dev/null || missing+=(tsung)
  command -v ejabberdctl >/dev/null || missing+=(ejabberd)
  command -v prosody >/dev/null || missing+=(prosody)
  if ((${#missing[@]})); then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}
install_tools

work=$(mktemp -d /tmp/causse-compare.XXXXXX)
out=${out:-$work/results}
mkdir -p "$out"
current_peer="" current_dir="" sampler_pid="" tsung_pid=""
epmd_before=$(pgrep -x epmd || true)

cleanup() {
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [[ -n "$tsung_pid" ]]; then kill -- "-$tsung_pid" 2>/dev/null || true; fi
  if [[ -n "$current_peer" ]]; then "$here/peers/$current_peer.sh" stop "$current_dir" || true; fi
  # Tsung and ejabberd start an Erlang port mapper daemon; stop it only if it was not running before.
  local epmd_now
  epmd_now=$(pgrep -x epmd || true)
  if [[ -z "$epmd_before" && -n "$epmd_now" ]]; then kill "$epmd_now" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Established TCP connections to the server's port.
established() {
  ss -Htn state established "( sport = :$1 )" | wc -l
}

# One line a second: epoch, utime+stime ticks, RSS kB, established connections to the port.
sample_server() {
  local pid=$1 port=$2 file=$3 stat rss conns
  while kill -0 "$pid" 2>/dev/null; do
    stat=$(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null) || break
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
    conns=$(established "$port")
    echo "$(date +%s.%N) $((${stat% *} + ${stat#* })) $rss $conns" >>"$file"
    sleep 1
  done
}

fill_template() {
  sed -e "s/@HOST@/127.0.0.1/g" -e "s/@PORT@/$2/g" -e "s/@DOMAIN@/localhost/g" \
    -e "s/@USERS@/$users/g" -e "s/@PASSWORD@/$password/g" -e "s/@RAMP@/$ramp/g" \
    -e "s/@RATE@/$arrival/g" -e "s/@WAIT@/$wait/g" -e "s/@COUNT@/$count/g" -e "s/@THINK@/$think/g" \
    -e "s/@HOLD@/$duration/g" -e "s/@LIMIT@/$limit/g" "$here/tsung/$scenario.xml.in" >"$1"
}

# The schedule, in seconds from Tsung's start: users arrive during ramp; in msgrate each one waits
# `wait` after logging in, sends `count` messages `think` apart, waits again and leaves.
ramp=$(((users + arrival - 1) / arrival))
# Tsung 1.7 launches too few users in a very short phase (it warns "Phase duration exceeded").
if ((ramp < 5)); then ramp=5; arrival=$(((users + 4) / 5)); fi
wait=$((ramp + 5))
count=$(python3 -c "print(max(1, round($duration / $think)))")
limit=$((ramp + 2 * wait + duration + 30))

run_one() {
  local server=$1 dir="$work/$1" port t0 logdir
  port=$(free_port)
  echo "== $server: starting on 127.0.0.1:$port with $users accounts" >&2
  current_peer=$server current_dir=$dir
  if [[ $scenario == pubsub ]]; then export BENCH_PUBSUB=1; fi
  SERVER_CORE=0 "$here/peers/$server.sh" start "$dir" "$port" "$users" "$password"
  local pid
  pid=$(cat "$dir/pid")
  if [[ $scenario == pubsub ]]; then
    run_pubsub "$server" "$dir" "$port" "$pid"
    "$here/peers/$server.sh" stop "$dir"
    current_peer=""
    return
  fi
  sleep 2 # let start-up work (JIT, registration writes) settle before the idle RSS sample
  rss_start=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  if ((warmup > 0)); then warm_up "$server" "$dir" "$port"; fi
  : >"$dir/samples"
  sample_server "$pid" "$port" "$dir/samples" &
  sampler_pid=$!
  if [[ $generator == bench ]]; then
    run_bench "$server" "$dir" "$port" "$pid"
    kill "$sampler_pid" 2>/dev/null || true
    sampler_pid=""
    if [[ $scenario == connections ]]; then
      python3 "$here/tsung/summarise.py" - "$dir/samples" "$(printf \
        '{"server":"%s","scenario":"%s","users":%d,"ticks":%d,"rss_kb_start":%d,"warmup_users":%d}' \
        "$server" "$scenario" "$users" "$(getconf CLK_TCK)" "$rss_start" "$warmup")" >"$out/$server-held.json"
      cat "$out/$server-held.json"
    fi
    "$here/peers/$server.sh" stop "$dir"
    current_peer=""
    return
  fi
  fill_template "$dir/$scenario.xml" "$port"
  mkdir -p "$dir/tsung"
  t0=$(date +%s.%N)
  echo "== $server: tsung $scenario, $users users, at most $limit s" >&2
  (
    ulimit -n 20000
    cd "$dir"
    exec setsid timeout "$limit" taskset -c 1 tsung -f "$dir/$scenario.xml" -l "$dir/tsung" start
  ) >"$dir/tsung.out" 2>&1 &
  tsung_pid=$!
  while kill -0 "$tsung_pid" 2>/dev/null; do
    printf '\r   %s: %4.0f s, server %s established, RSS %s kB   ' "$server" \
      "$(python3 -c "import time; print(time.time() - $t0)")" \
      "$(tail -n1 "$dir/samples" | cut -d' ' -f4)" "$(tail -n1 "$dir/samples" | cut -d' ' -f3)" >&2
    sleep 5
  done
  wait "$tsung_pid" || echo "   tsung exited with $? (see $dir/tsung.out)" >&2
  tsung_pid=""
  echo >&2
  kill "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  logdir=$(find "$dir/tsung" -mindepth 1 -maxdepth 1 -type d | head -n1)
  python3 "$here/tsung/summarise.py" "$logdir" "$dir/samples" "$(printf \
    '{"server":"%s","scenario":"%s","users":%d,"ticks":%d,"rss_kb_start":%d,"warmup_users":%d,"send_start_first":%s,"send_start":%s,"send_end":%s}' \
    "$server" "$scenario" "$users" "$(getconf CLK_TCK)" "$rss_start" "$warmup" "$(python3 -c "print($t0 + $wait)")" \
    "$(python3 -c "print($t0 + $ramp + $wait + 2)")" \
    "$(python3 -c "print($t0 + $wait + $count * $think - 2)")")" >"$out/$server-tsung.json"
  cat "$out/$server-tsung.json"
  if [[ -x "$root/bench/run" ]]; then run_bench "$server" "$dir" "$port" "$pid"; fi
  "$here/peers/$server.sh" stop "$dir"
  current_peer=""
}

# The warm-up: bench/run logs in the first $warmup accounts (msgrate: and sends messages for 20 s at the
# offered per-user rate), they leave, and the measured run starts once the server holds no connection.
warm_up() {
  local server=$1 dir=$2 port=$3 scenario_w=connections hold=5s i
  if [[ $scenario == msgrate ]]; then scenario_w=msgrate hold=20s; fi
  echo "== $server: warm-up, bench/run $scenario_w with $warmup users (not measured)" >&2
  taskset -c 1 timeout 300 "$root/bench/run" "$scenario_w" --host 127.0.0.1 --port "$port" --domain localhost \
    --users "$warmup" --password "$password" --sasl "$sasl" --ramp-rate "$arrival" --duration "$hold" \
    --rate "$(python3 -c "print(max(1, round($warmup / $think)))")" >"$dir/warmup.out" 2>&1 ||
    echo "   warm-up bench/run failed (see $dir/warmup.out)" >&2
  for ((i = 0; i < 60; i++)); do
    (($(established "$port") == 0)) && break
    sleep 1
  done
  sleep 3
}

# bench/run with the same load as the Tsung run: the same users, arrival rate and offered message rate.
# connections beyond 9,750 users: several processes, each with its share of the users and of the arrivals,
# writing $server-bench-1.json, -2.json...
run_bench() {
  local server=$1 dir=$2 port=$3 pid=$4 procs=1 i first n suffix pids=()
  if [[ $scenario == connections ]]; then procs=$(((users + 9749) / 9750)); fi
  echo "== $server: bench/run $scenario ($sasl, $procs process(es))" >&2
  for ((i = 0; i < procs; i++)); do
    first=$((i * users / procs + 1))
    n=$(((i + 1) * users / procs - i * users / procs))
    suffix=""
    if ((procs > 1)); then suffix="-$((i + 1))"; fi
    taskset -c 1 timeout $((duration + 300)) "$root/bench/run" "$scenario" --host 127.0.0.1 \
      --port "$port" --domain localhost --users "$n" --first "$first" --password "$password" --sasl "$sasl" \
      --ramp-rate "$(python3 -c "print(max(1, round($arrival / $procs)))")" --duration "${duration}s" --warmup 5s \
      --rate "$(python3 -c "print(round($users / $think))")" --server-pid "$pid" \
      --json "$out/$server-bench$suffix.json" --html "$out/$server-bench$suffix.html" >"$dir/bench-run$suffix.out" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || echo "   bench/run $((i + 1)) failed (see $dir/bench-run*.out)" >&2
  done
}

run_pubsub() {
  local server=$1 dir=$2 port=$3 pid=$4
  echo "== $server: bench/run pubsub, 1 publisher at $rate items/s, $((users - 1)) subscribers" >&2
  taskset -c 1 timeout $((duration + 300)) "$root/bench/run" pubsub --host 127.0.0.1 \
    --port "$port" --domain localhost --users "$users" --password "$password" \
    --ramp-rate "$arrival" --duration "${duration}s" --rate "$rate" --server-pid "$pid" \
    --json "$out/$server-bench.json" --html "$out/$server-bench.html" >"$dir/bench-run.out" 2>&1 ||
    echo "   bench/run failed (see $dir/bench-run.out)" >&2
}

# bench/run builds itself on first use: do it now, unpinned and outside any timed run.
if [[ -x "$root/bench/run" ]]; then "$root/bench/run" --help >/dev/null || echo "bench/run --help failed" >&2; fi

IFS=, read -r -a list <<<"$servers"
for server in "${list[@]}"; do
  [[ -x "$here/peers/$server.sh" ]] || { echo "no bench/peers/$server.sh" >&2; exit 2; }
  run_one "$server"
done

python3 - "$out" "$scenario" "$generator" "${list[@]}" <<'PY'
import glob, json, sys
out, scenario, generator, servers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
if generator == "bench" and scenario != "pubsub":
    # bench/run alone (no Tsung run to read): its own JSON keys; connections from the server samples.
    if scenario == "msgrate":
        rows = {s: json.load(open(f"{out}/{s}-bench.json")) for s in servers}
        cols = [("delivered/s", "delivered_per_second"), ("server CPU s", "server_cpu_seconds"),
                ("core share", "server_cpu_share_of_one_core"), ("msgs/CPU-s", "messages_per_server_cpu_second")]
        extra = lambda r: (r.get("message_latency_ms") or {}).get("p99")
        extra_name = "p99 ms"
    else:
        rows = {}
        for s in servers:
            rows[s] = json.load(open(f"{out}/{s}-held.json"))
            runs = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/{s}-bench*.json"))]
            rows[s]["failures"] = sum(r.get("failures", 0) for r in runs)
            p99 = [(r.get("login_latency_ms") or {}).get("p99") for r in runs]
            rows[s]["login_p99_ms"] = max((p for p in p99 if p is not None), default=None)
        cols = [("held", "sessions_held"), ("failures", "failures"), ("logins/s", "logins_per_second"),
                ("logins/CPU-s", "logins_per_server_cpu_second"), ("KB RSS/session", "rss_kb_per_session")]
        extra = lambda r: r.get("login_p99_ms")
        extra_name = "login p99 ms"
elif scenario == "pubsub":
    rows = {}
    for s in servers:
        rows[s] = json.load(open(f"{out}/{s}-bench.json"))
    cols = [("notified/s", "delivered_per_second"), ("lost", "lost"), ("server CPU s", "server_cpu_seconds"),
            ("notif./CPU-s", "notifications_per_server_cpu_second")]
    extra = lambda r: (r.get("message_latency_ms") or {}).get("p99")
    extra_name = "p99 ms"
else:
    rows = {s: json.load(open(f"{out}/{s}-tsung.json")) for s in servers}
if scenario == "pubsub" or generator == "bench":
    pass
elif scenario == "msgrate":
    cols = [("delivered/s", "delivered_per_second"), ("server CPU s", "server_cpu_seconds_total"),
            ("core share", "server_cpu_share_of_core"), ("msgs/CPU-s", "messages_per_server_cpu_second")]
    extra = lambda r: (r.get("latency_ms") or {}).get("p99")
    extra_name = "p99 ms"
else:
    cols = [("held", "sessions_held"), ("logins/s", "logins_per_second"),
            ("logins/CPU-s", "logins_per_server_cpu_second"), ("KB RSS/session", "rss_kb_per_session")]
    extra = lambda r: (r.get("login_ms") or {}).get("p99")
    extra_name = "login p99 ms"
base = rows.get("causse")
print(f"{'server':10}" + "".join(f"{name:>16}" for name, _ in cols) + f"{extra_name:>14}")
for s, r in rows.items():
    print(f"{s:10}" + "".join(f"{str(r.get(key)):>16}" for _, key in cols) + f"{str(extra(r)):>14}")
if base:
    print("\nratio to causse (peer / causse)")
    for s, r in rows.items():
        cells = []
        for _, key in cols:
            a, b = r.get(key), base.get(key)
            cells.append(f"{a / b:.2f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else "-")
        print(f"{s:10}" + "".join(f"{c:>16}" for c in cells))
print(f"\nresults: {out}")
PY
