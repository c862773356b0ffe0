# sa-issuer half of the comparison: `sa-issuer serve` on loopback over plain HTTP with an http://127.0.0.1
# issuer (--insecure-http-loopback), the same transport nginx gets. Sourced, not run.

# Starts serve with the JVM options in the array SA_JAVA_OPTS; sets SA_PID. Registered for cleanup.
# Usage: sa_start LOGFILE KEY_SOURCE [extra serve flags...]
sa_start() {
  local logfile=$1 keys=$2; shift 2
  local state; state=$(mktemp -d "$WORK/state.XXXXXX")
  java "${SA_JAVA_OPTS[@]}" -jar "$JAR" serve \
    --service-account-issuer "$ISSUER" --insecure-http-loopback \
    --service-account-key-file "$keys" \
    --bind-address 127.0.0.1 --port "$SA_PORT" \
    --metrics-bind-address "127.0.0.1:$METRICS_PORT" \
    --state-dir "$state" "$@" >"$logfile" 2>&1 &
  SA_PID=$!
  register_pid "$SA_PID"
}

sa_stop() { stop_pid "$SA_PID"; SA_PID=; }

# JVM option sets compared for startup and memory (docs/performance.md). The container image uses none of them:
# its flags are in deploy/image/Dockerfile (C1 only, no AppCDS archive).
# AppCDS on JDK 17: one training run with -XX:ArchiveClassesAtExit writes the archive at exit (SIGTERM included),
# later runs map it with -XX:SharedArchiveFile (JDK 19's -XX:+AutoCreateSharedArchive is not available).
java_opts_for() {
  case "$1" in
    jdk-default) SA_JAVA_OPTS=() ;;
    serial-64m) SA_JAVA_OPTS=(-XX:+UseSerialGC -Xmx64m -Xss256k) ;;
    serial-64m-cds) SA_JAVA_OPTS=(-XX:+UseSerialGC -Xmx64m -Xss256k "-XX:SharedArchiveFile=$CDS_ARCHIVE") ;;
    serial-48m-cds) SA_JAVA_OPTS=(-XX:+UseSerialGC -Xmx48m -Xss256k "-XX:SharedArchiveFile=$CDS_ARCHIVE") ;;
    serial-48m-cds-c1) SA_JAVA_OPTS=(-XX:+UseSerialGC -Xmx48m -Xss256k "-XX:SharedArchiveFile=$CDS_ARCHIVE"
                                     -XX:TieredStopAtLevel=1) ;;
    custom) read -r -a SA_JAVA_OPTS <<< "${BENCH_JAVA_OPTS:-}" ;;
    *) die "unknown JVM option set $1" ;;
  esac
}
