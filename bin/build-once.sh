# Sourced by the launchers (bin/causse, bench/run) from the project root:
#   build_once JAR MODULE DIR...
# builds MODULE and what it needs when JAR is missing or older than a pom.xml or a main source under DIR...
# Launchers started together (compare.sh starts several generators, a test a server and an adduser) build
# once: the first takes the lock and builds, the others wait for it and then find the jar up to date.

jar_is_stale() {
  local jar=$1
  shift
  [ ! -f "$jar" ] || [ -n "$(find pom.xml "$@" -newer "$jar" \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit)" ]
}

build_once() {
  local jar=$1 module=$2
  shift 2
  jar_is_stale "$jar" "$@" || return 0
  mkdir -p "$module/target"
  exec 9>"$module/target/.build-lock"
  flock 9
  if jar_is_stale "$jar" "$@"; then
    echo "$module: building (first run, or the sources changed)..." >&2
    mvn -q -B -DskipTests -pl "$module" -am package >&2
    # Maven leaves a jar as it was when only a module it depends on changed: without this every start
    # after such a change would build again.
    touch "$jar"
  fi
  exec 9>&-
}
