# sa-issuer half of the comparison: `sa-issuer serve` on loopback over plain HTTP with an http://127.0.0.1
# issuer (--insecure-http-loopback), the same transport nginx gets. Sourced, not run.

# Starts serve with the JVM options in the array SA_JAVA_OPTS; sets SA_PID. Registered for cleanup.
# Usage: sa_start LOGFILE KEY_SOURCE [extra serve flags...]
sa_start() {
  local logfile=$1 keys=$2; shift 2
  local state; state=$(mktemp -d "$WORK/state.XXXXXX")
  "$SA_JAVA" "${SA_JAVA_OPTS[@]}" -jar "$JAR" serve \
    --service-account-issuer "$ISSUER" --insecure-http-loopback \
    --service-account-key-file "$keys" \
    --bind-address 127.0.0.1 --port "$SA_PORT" \
    --metrics-bind-address "127.0.0.1:$METRICS_PORT" \
    --state-dir "$state" "$@" >"$logfile" 2>&1 &
  SA_PID=$!
  register_pid "$SA_PID"
}

sa_stop() { stop_pid "$SA_PID"; SA_PID=; }

# JVM option sets. "shipped" is what the image runs: deploy/image/Dockerfile's ENTRYPOINT, read at run time so
# that the bench and the image cannot drift, on the runtime major version the image's base names
# (ARG BASE=...-jreNN), with the class archive the entrypoint names made for this JVM and jar by the image's own
# training run (deploy/image/train.sh). Every other set is "shipped" with one stated difference.
DOCKERFILE="$ROOT/deploy/image/Dockerfile"

# The entrypoint's JVM flags, one a line: the words between "java" and "-jar".
shipped_flags() {
  local entrypoint
  entrypoint=$(sed -n 's/^ENTRYPOINT //p' "$DOCKERFILE")
  [ -n "$entrypoint" ] || die "no ENTRYPOINT in $DOCKERFILE"
  jq -r '.[1:index("-jar")][]' <<<"$entrypoint"
}

# The image runtime's Java major version, from the base tag (sa-issuer-base:bookworm-jre17 -> 17).
shipped_java_major() { sed -n 's/^ARG BASE=.*-jre\([0-9][0-9]*\)$/\1/p' "$DOCKERFILE"; }

# A java of major version $1 on this machine: BENCH_JAVA, $JAVA_HOME, the PATH's, then /usr/lib/jvm/*.
java_of_major() {
  local want=$1 candidate major
  for candidate in ${BENCH_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} "$(command -v java)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [ "$major" = "$want" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

# The shipped flags with the archive/cache flag pointed at FILE (or dropped when FILE is empty), and another
# flag dropped ($2, optional).
flags_with_archive() {
  local file=$1 drop=${2:-} flag
  SA_JAVA_OPTS=()
  while read -r flag; do
    case "$flag" in
      -XX:SharedArchiveFile=*|-XX:AOTCache=*) if [ -n "$file" ]; then SA_JAVA_OPTS+=("${flag%%=*}=$file"); fi ;;
      "$drop") ;;
      *) SA_JAVA_OPTS+=("$flag") ;;
    esac
  done < <(shipped_flags)
}

# Sets SA_JAVA (the java binary) and SA_JAVA_OPTS for a named set.
java_opts_for() {
  SA_JAVA=$SHIPPED_JAVA
  case "$1" in
    shipped) flags_with_archive "$SHIPPED_ARCHIVE" ;;
    shipped-no-archive) flags_with_archive "" ;;
    shipped-c2) flags_with_archive "$SHIPPED_ARCHIVE" -XX:TieredStopAtLevel=1 ;;
    java25-aot) SA_JAVA=$JAVA25; flags_with_archive ""; SA_JAVA_OPTS+=("-XX:AOTCache=$JAVA25_CACHE") ;;
    java25-aot-c2) SA_JAVA=$JAVA25; flags_with_archive "" -XX:TieredStopAtLevel=1
                   SA_JAVA_OPTS+=("-XX:AOTCache=$JAVA25_CACHE") ;;
    custom) read -r -a SA_JAVA_OPTS <<< "${BENCH_JAVA_OPTS:-}" ;;
    *) die "unknown JVM option set $1" ;;
  esac
}

# What a set is, for the tables: the java and its flags, with the temp paths shortened.
describe_set() {
  java_opts_for "$1"
  echo "$("$SA_JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'): ${SA_JAVA_OPTS[*]}" \
    | sed "s|$WORK/||g"
}

# The archive the shipped flags name, made for this JVM and jar by the image's training run; and, when a
# Java 25 is on the machine, an AOT cache made the same way for the java25-aot comparison rows.
make_archives() {
  local flags=() flag
  while read -r flag; do
    case "$flag" in -XX:SharedArchiveFile=*|-XX:AOTCache=*) SHIPPED_ARCHIVE="$WORK/shipped-archive" ;; esac
    flags+=("$flag")
  done < <(shipped_flags)
  if [ -n "$SHIPPED_ARCHIVE" ]; then
    train "$SHIPPED_JAVA" "$SHIPPED_ARCHIVE" shipped "${flags[@]}"
  fi
  if [ -n "$JAVA25" ]; then
    JAVA25_CACHE="$WORK/java25.aot"
    flags_with_archive ""
    train "$JAVA25" "$JAVA25_CACHE" java25 "${SA_JAVA_OPTS[@]}" "-XX:AOTCache=$JAVA25_CACHE"
  fi
}

train() { # java out name flags...
  local java=$1 out=$2 name=$3; shift 3
  "$ROOT/deploy/image/train.sh" --java "$java" --jar "$JAR" --out "$out" -- "$@" >"$WORK/train-$name.log" 2>&1 \
    || { tail -20 "$WORK/train-$name.log" >&2; die "training run for $name failed"; }
  log "$(tail -1 "$WORK/train-$name.log")"
  # A cache the JVM would reject is no cache: check that it maps (AppCDS: -Xshare:on; AOT: -XX:AOTMode=on).
  local check=(-Xshare:on); case " $* " in *" -XX:AOTCache="*) check=(-XX:AOTMode=on) ;; esac
  local flag use=()
  for flag in "$@"; do
    case "$flag" in -XX:SharedArchiveFile=*|-XX:AOTCache=*) use+=("${flag%%=*}=$out") ;; *) use+=("$flag") ;; esac
  done
  "$java" "${use[@]}" "${check[@]}" -jar "$JAR" --version >"$WORK/check-$name.log" 2>&1 \
    || { cat "$WORK/check-$name.log" >&2; die "the $name class cache does not map"; }
}
