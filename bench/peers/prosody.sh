#!/usr/bin/env bash
# Prosody 0.12.3 (Debian package) as a benchmark peer: own config and data under DIR, started in the
# foreground without systemd. Accounts are written as internal_plain account files before start:
# `prosodyctl adduser` takes about a second per account. BENCH_HASHED=1: internal_hashed instead, the
# files holding SCRAM-SHA-1 keys (4,096 iterations, as Causse and ejabberd; a salt per account).
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
  if [[ -n "${BENCH_HASHED:-}" ]]; then
    sed -i 's/^authentication = "internal_plain"/authentication = "internal_hashed"/' "$dir/prosody.cfg.lua"
    # The format mod_auth_internal_hashed writes: hex keys, the salt as a string, the iteration count.
    python3 - "$dir/data/localhost/accounts" "$users" "$password" <<'PY'
import hashlib, hmac, sys, uuid
accounts, users, password = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
for i in range(1, users + 1):
    salt = str(uuid.uuid4())
    salted = hashlib.pbkdf2_hmac("sha1", password, salt.encode(), 4096)
    stored = hashlib.sha1(hmac.new(salted, b"Client Key", "sha1").digest()).hexdigest()
    server = hmac.new(salted, b"Server Key", "sha1").hexdigest()
    with open(f"{accounts}/user{i}.dat", "w") as f:
        f.write(f'return {{\n\t["iteration_count"] = 4096;\n\t["salt"] = "{salt}";\n'
                f'\t["server_key"] = "{server}";\n\t["stored_key"] = "{stored}";\n}};\n')
PY
  else
    # The format prosodyctl adduser writes with authentication = "internal_plain".
    for ((i = 1; i <= users; i++)); do
      printf 'return {\n\t["password"] = "%s";\n};\n' "$password" >"$dir/data/localhost/accounts/user$i.dat"
    done
  fi
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
