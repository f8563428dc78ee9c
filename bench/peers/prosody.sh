#!/usr/bin/env bash
# Prosody 0.12.3 (Debian package) as a benchmark peer: own config and data under DIR, started in the
# foreground without systemd. Accounts are written as internal_plain account files before start:
# `prosodyctl adduser` takes about a second per account.
# Usage: prosody.sh start DIR PORT USERS PASSWORD | stop DIR   (see common.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

start() {
  local dir=$1 port=$2 users=$3 password=$4 i
  mkdir -p "$dir/data/localhost/accounts"
  sed -e "s/@PORT@/$port/g" -e "s|@DIR@|$dir|g" "$here/prosody.cfg.lua.in" >"$dir/prosody.cfg.lua"
  if [[ -n "${BENCH_PUBSUB:-}" ]]; then
    # The pubsub scenario: Prosody lets only admins create nodes, so the publisher (user1) is one.
    sed -i 's/^admins = { }/admins = { "user1@localhost" }/' "$dir/prosody.cfg.lua"
    printf '\nComponent "pubsub.localhost" "pubsub"\n' >>"$dir/prosody.cfg.lua"
  fi
  # The format prosodyctl adduser writes with authentication = "internal_plain".
  for ((i = 1; i <= users; i++)); do
    printf 'return {\n\t["password"] = "%s";\n};\n' "$password" >"$dir/data/localhost/accounts/user$i.dat"
  done
  (
    ulimit -n 20000
    exec taskset -c "${SERVER_CORE:-0}" prosody --config "$dir/prosody.cfg.lua"
  ) >"$dir/console.log" 2>&1 &
  echo $! >"$dir/pid"
  wait_port "$port" 60
}

case "${1:-}" in
  start) start "$2" "$3" "$4" "$5" ;;
  stop) stop_pid_file "$2/pid" ;;
  *) echo "usage: $0 start DIR PORT USERS PASSWORD | stop DIR" >&2; exit 2 ;;
esac
