# shellcheck shell=bash
# Shared by the peer scripts (sourced, not run). Each peer script is
#   <peer>.sh start DIR PORT USERS PASSWORD   config and data under DIR, accounts user1..userN, then
#                                             DIR/pid names the process whose CPU and RSS are measured
#   <peer>.sh stop DIR                        stops what start started, by PID
# The server runs on core ${SERVER_CORE:-0} (taskset) with the open-file limit raised to the
# machine's hard limit (20,000 here).

# Waits (bounded) until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  local port=$1 deadline=$((SECONDS + ${2:-60}))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "nothing listens on 127.0.0.1:$port after ${2:-60} s" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Prints the first descendant of PID whose command name is NAME (bounded wait).
descendant_named() {
  local root=$1 name=$2 deadline=$((SECONDS + 30)) queue pid children
  while ((SECONDS < deadline)); do
    queue=("$root")
    while ((${#queue[@]})); do
      pid=${queue[0]}
      queue=("${queue[@]:1}")
      if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]]; then
        echo "$pid"
        return 0
      fi
      mapfile -t children < <(ps -o pid= --ppid "$pid" | tr -d ' ')
      queue+=("${children[@]}")
    done
    sleep 0.2
  done
  echo "no process named $name under $root" >&2
  return 1
}

# Sends SIGTERM to the PID in FILE, waits up to 20 s, then SIGKILL.
stop_pid_file() {
  local file=$1 pid
  [[ -f "$file" ]] || return 0
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
}
