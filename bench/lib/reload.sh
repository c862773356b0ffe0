# Reload latency: the time from a key file appearing in a watched key directory to its kid being served.
# Sourced, not run.

# Polls URL until its body holds KID; prints ms since START_NS, or "timeout" after LIMIT_MS.
wait_for_kid() {
  local url=$1 kid=$2 start_ns=$3 limit_ms=$4
  while :; do
    if curl -s --max-time 1 "$url" | grep -qF "\"$kid\""; then ms_since "$start_ns"; return 0; fi
    if [ "$(ms_since "$start_ns")" -gt "$limit_ms" ]; then echo timeout; return 0; fi
  done
}

# Each change renames one new public key file into the directory sa-issuer serves from (an atomic appearance,
# as a Secret volume update is), after a random pause of 0-500 ms so changes do not line up with the poll.
phase_reload() {
  local dir="$WORK/reload-keys" staging="$WORK/reload-staging" i n kid t0 ms
  rm -rf "$dir" "$staging"; mkdir -p "$staging"
  cp -r "$WORK/keys-1" "$dir"
  java_opts_for "$VARIANT"
  start_server sa-issuer "" "$dir" $RELOAD_FLAGS
  for i in $(seq "$RELOAD_CHANGES"); do
    n=$(printf '%03d' $(( RELOAD_FIRST_KEY + i - 1 )))
    cp "$EXTRA_KEYS/rsa-$n.pub" "$staging/rsa-$n.pub"
    kid=$(kid_of "$staging/rsa-$n.pub")
    sleep "0.$(( RANDOM % 5 ))$(( RANDOM % 10 ))"
    t0=$(now_ns)
    mv "$staging/rsa-$n.pub" "$dir/"
    ms=$(wait_for_kid "$(url_of sa-issuer jwks)" "$kid" "$t0" "$RELOAD_LIMIT_MS")
    record reload sa-issuer watch "$i" reload_ms "$ms"
    log "reload change $i: $ms ms"
  done
  sa_stop
}

# The static alternative: a key change is followed by `sa-issuer export` into the directory nginx serves.
# This is what a site made with export costs per change (one JVM run), for comparison with a live reload.
phase_reexport() {
  local dir="$WORK/reexport-keys" site="$WORK/site-reexport" i n kid t0 ms
  rm -rf "$dir" "$site"
  cp -r "$WORK/keys-1" "$dir"
  export_site "$dir" "$site"
  start_server nginx "$site"
  for i in $(seq "$REEXPORT_CHANGES"); do
    n=$(printf '%03d' $(( RELOAD_FIRST_KEY + RELOAD_CHANGES + i - 1 )))
    kid=$(kid_of "$EXTRA_KEYS/rsa-$n.pub")
    t0=$(now_ns)
    cp "$EXTRA_KEYS/rsa-$n.pub" "$dir/"
    export_site "$dir" "$site"
    ms=$(wait_for_kid "$(url_of nginx jwks)" "$kid" "$t0" "$RELOAD_LIMIT_MS")
    record reload nginx re-export "$i" reload_ms "$ms"
    log "re-export change $i: $ms ms"
  done
  nginx_stop
}
