#!/usr/bin/env bash
# ejabberd 23.01 (Debian package) as a benchmark peer: own config, Mnesia spool and logs under DIR,
# started in the foreground without systemd, accounts created by in-band registration.
# Usage: ejabberd.sh start DIR PORT USERS PASSWORD | stop DIR   (see common.sh)
# EJABBERD_PASSWORD_FORMAT=scram (or BENCH_HASHED=1) stores salted SCRAM keys instead of plain passwords
# (default plain).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

start() {
  local dir=$1 port=$2 users=$3 password=$4 format=plain
  if [[ -n "${BENCH_HASHED:-}" ]]; then format=scram; fi
  mkdir -p "$dir/conf" "$dir/spool" "$dir/logs" "$dir/home"
  sed -e "s/@PORT@/$port/g" -e "s/@PASSWORD_FORMAT@/${EJABBERD_PASSWORD_FORMAT:-$format}/g" "$here/ejabberd.yml.in" >"$dir/conf/ejabberd.yml"
  if [[ -n "${BENCH_PUBSUB:-}" ]]; then
    # The pubsub scenario: a XEP-0060 service at pubsub.localhost where any user creates nodes ('flat'
    # nodes, no PEP plugin, as Causse's service nodes; modules is the file's last section).
    printf '  mod_pubsub:\n    access_createnode: all\n    plugins: ["flat"]\n' >>"$dir/conf/ejabberd.yml"
  fi
  cp /etc/ejabberd/inetrc "$dir/conf/inetrc"
  : >"$dir/conf/ejabberdctl.cfg"
  # COMPAT: ejabberdctl run as root switches to the ejabberd user with su, which resets the open-file
  # limit to 1024 (a hard cap on sessions). A copy with INSTALLUSER emptied runs as the caller and
  # keeps the limit raised below.
  sed 's/^INSTALLUSER=.*/INSTALLUSER=/' /usr/sbin/ejabberdctl >"$dir/ejabberdctl"
  chmod +x "$dir/ejabberdctl"
  (
    ulimit -n 20000
    cd "$dir/spool"
    # HOME holds the Erlang cookie: a private one keeps this node apart from any other on the machine.
    HOME="$dir/home" EJABBERD_BYPASS_WARNINGS=true exec taskset -c "${SERVER_CORE:-0}" "$dir/ejabberdctl" \
      --config-dir "$dir/conf" --config "$dir/conf/ejabberd.yml" --spool "$dir/spool" \
      --logs "$dir/logs" --node "bench$port@localhost" foreground
  ) >"$dir/console.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
  descendant_named "$!" beam.smp >"$dir/pid"
  wait_port "$port" 90
  python3 "$here/register.py" 127.0.0.1 "$port" localhost "$users" "$password"
}

case "${1:-}" in
  start) start "$2" "$3" "$4" "$5" ;;
  # SIGTERM makes the Erlang VM stop ejabberd cleanly (OTP 19 and later).
  stop) stop_pid_file "$2/pid"; stop_pid_file "$2/launcher.pid" ;;
  *) echo "usage: $0 start DIR PORT USERS PASSWORD | stop DIR" >&2; exit 2 ;;
esac
