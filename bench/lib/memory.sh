# Where the resident bytes of the shipped JVM are: the shipped flags plus -XX:NativeMemoryTracking=summary
# (which itself costs a little: its own line in the table), read with `jcmd PID VM.native_memory summary`
# idle and after load, next to the kernel's view (RssAnon: heap, metaspace, stacks, malloc; RssFile: the mapped
# libjvm, the modules image, the class archive). Sourced, not run.

# Committed KiB of each NMT category, as "category<TAB>kib" lines.
nmt_committed() {
  local jcmd=jcmd
  [ -x "$(dirname "$SA_JAVA")/jcmd" ] && jcmd="$(dirname "$SA_JAVA")/jcmd"
  "$jcmd" "$1" VM.native_memory summary 2>/dev/null | sed -n 's/^-  *\([A-Za-z][A-Za-z ]*[a-z]\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1\t\2/p'
}

record_memory() { # when pid
  local when=$1 pid=$2 line
  while IFS=$'\t' read -r category kib; do
    record memory sa-issuer "$when" 1 "nmt:$category" "$kib"
  done < <(nmt_committed "$pid")
  for line in VmRSS RssAnon RssFile RssShmem Threads; do
    record memory sa-issuer "$when" 1 "$line" "$(awk -v f="$line:" '$1 == f { print $2 }' "/proc/$pid/status")"
  done
}

phase_memory() {
  java_opts_for "$VARIANT"
  SA_JAVA_OPTS+=(-XX:NativeMemoryTracking=summary)
  start_server sa-issuer "" "$WORK/keys-100"
  curl -s -o /dev/null "$(url_of sa-issuer jwks)"; curl -s -o /dev/null "$(url_of sa-issuer discovery)"
  sleep 2
  record_memory idle "$SA_PID"
  wrk_throughput memory sa-issuer jwks-k100-c256 1 "$(url_of sa-issuer jwks)" 256 "$DURATION"
  wrk_throughput memory sa-issuer discovery-c256 1 "$(url_of sa-issuer discovery)" 256 "$DURATION"
  record_memory load "$SA_PID"
  record memory sa-issuer load 1 VmHWM "$(status_kb VmHWM "$SA_PID")"
  sa_stop
}

# The table: every NMT category with at least 256 KiB committed at either point, then the kernel's totals.
memory_report() {
  local categories category idle load
  categories=$(awk -F'\t' '$1 == "memory" && $5 ~ /^nmt:/ && $6 >= 256 { sub(/^nmt:/, "", $5); print $5 }' "$RESULTS_TSV" | sort -u)
  echo "| where (JVM as shipped + NMT, 100 keys) | idle (MiB) | after JWKS and discovery at 256 connections (MiB) |"
  echo "|---|---:|---:|"
  while read -r category; do
    [ -n "$category" ] || continue
    idle=$(stat max memory sa-issuer idle "nmt:$category"); load=$(stat max memory sa-issuer load "nmt:$category")
    echo "| NMT committed: $category | $(kb_to_mib "$idle") | $(kb_to_mib "$load") |"
  done <<<"$categories"
  for category in RssAnon RssFile VmRSS; do
    echo "| kernel: $category | $(kb_to_mib "$(stat max memory sa-issuer idle "$category")") | $(kb_to_mib "$(stat max memory sa-issuer load "$category")") |"
  done
  echo "| kernel: VmHWM (peak) | | $(kb_to_mib "$(stat max memory sa-issuer load VmHWM)") |"
  echo "| threads | $(stat max memory sa-issuer idle Threads) | $(stat max memory sa-issuer load Threads) |"
}
