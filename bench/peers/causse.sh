#!/usr/bin/env bash
# Causse as a benchmark peer, under the same conditions as the others: plain TCP on loopback
# (STARTTLS optional), PLAIN allowed without TLS, in-band registration on. Accounts come from
# `causse adduser` reading standard input. JVM flags: CAUSSE_JAVA_OPTS.
# Usage: causse.sh start DIR PORT USERS PASSWORD | stop DIR   (see common.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

start() {
  local dir=$1 port=$2 users=$3 password=$4
  mkdir -p "$dir"
  cat >"$dir/causse.yml" <<YML
hosts:
  - domain: localhost
data_dir: $dir/data
listeners:
  - type: c2s
    bind: 127.0.0.1
    port: $port
    starttls: optional
auth:
  allow_plain_without_tls: true
modules:
  register:
    enabled: true
YML
  # Unpinned on purpose: this may build the server first, which is not part of the measurement.
  for ((i = 1; i <= users; i++)); do printf 'user%d@localhost %s\n' "$i" "$password"; done |
    "$root/bin/causse" adduser -c "$dir/causse.yml" >"$dir/adduser.log" 2>&1
  (
    ulimit -n 20000
    exec taskset -c "${SERVER_CORE:-0}" "$root/bin/causse" start -c "$dir/causse.yml"
  ) >"$dir/console.log" 2>&1 &
  # bin/causse execs java, so this PID is the JVM.
  echo $! >"$dir/pid"
  wait_port "$port" 90
}

case "${1:-}" in
  start) start "$2" "$3" "$4" "$5" ;;
  stop) stop_pid_file "$2/pid" ;;
  *) echo "usage: $0 start DIR PORT USERS PASSWORD | stop DIR" >&2; exit 2 ;;
esac
