#!/usr/bin/env bash
# Bounded coverage-guided fuzzing of the keys module with Jazzer: each target fuzzes for FUZZ_DURATION
# (default 60s, Go-style like the flags: 60s, 10m, 1h) in its own JVM, since Jazzer fuzzes one test per JVM.
# The regular build (`mvn verify`, JAZZER_FUZZ unset) only replays the committed seed corpus; this script is the
# fuzzing proper, run by CI after the build and by hand for longer campaigns:
#   FUZZ_DURATION=30m bash .ci/fuzz.sh                      all targets, 30 minutes each
#   FUZZ_DURATION=2h bash .ci/fuzz.sh DurationsFuzzTest#fuzzDuration   one target
# A finding (any exception but BadInputException, a broken property, a >10 s input, running out of the 1 GiB
# heap) fails the script; Jazzer saves the input as src/test/resources/dev/saissuer/keys/<Test>Inputs/<method>/
# crash-<sha1>, where every later build replays it. Inputs that reached new coverage accumulate in
# keys/.cifuzz-corpus/ (git-ignored) and are reused by the next run on the same checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${FUZZ_DURATION:-60s}"
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(PemKeyLoaderFuzzTest#fuzzKeyFile PemKeyLoaderFuzzTest#fuzzDerInPemBlock
           IssuerUrlFuzzTest#fuzzIssuerAndJwksUri DurationsFuzzTest#fuzzDuration)
fi
logs=keys/target/fuzz
mkdir -p "$logs"
# Compile only (with the test kit keys tests use, -am): installing would put snapshots into the shared local
# repository.
mvn -B -ntp -q -pl keys -am test-compile
summary="$logs/summary.txt"
printf '%-42s %12s %8s %10s %s\n' target executions seconds exec/s result > "$summary"
failed=0
for target in "${targets[@]}"; do
  log="$logs/${target//#/.}.log"
  echo "== fuzzing $target for $duration (log: $log)"
  started=$(date +%s)
  # Surefire passes -D properties to the test JVM, where Jazzer reads jazzer.*; BC is instrumented too, since
  # the PEM and ASN.1 parsing it does is what the key loader targets exercise. jazzer.internal.arg.N are extra
  # libFuzzer flags (argument 0 is a placeholder program name): -timeout=10 makes an input that runs longer
  # than 10 s a finding (a JUnit @Timeout would instead bound the whole fuzzing run).
  if JAZZER_FUZZ=1 mvn -B -ntp -pl keys -am test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.max_duration="$duration" -Djazzer.instrument='dev.saissuer.keys.**,org.bouncycastle.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout=10 \
      -DargLine='-Xmx1g -XX:-OmitStackTraceInFastThrow' -Dsurefire.redirectTestOutputToFile=false > "$log" 2>&1; then
    result=ok
  else
    result=FAILED
    failed=1
  fi
  elapsed=$(( $(date +%s) - started ))
  # libFuzzer's closing line: "Done 123456 runs in 60 second(s)"; the dump stream holds it when Surefire
  # moved the native output aside.
  done_line=$(cat "$log" keys/target/surefire-reports/*.dumpstream 2>/dev/null | grep -ao 'Done [0-9]* runs in [0-9]* second' | tail -1 || true)
  runs=$(echo "$done_line" | awk '{print $2}')
  secs=$(echo "$done_line" | awk '{print $5}')
  rate=$([ -n "$runs" ] && [ "${secs:-0}" -gt 0 ] && echo $(( runs / secs )) || echo -)
  printf '%-42s %12s %8s %10s %s\n' "$target" "${runs:--}" "${secs:-$elapsed}" "$rate" "$result" >> "$summary"
  [ "$result" = ok ] || grep -a -E 'ERROR|Exception|Error|crash-|FAIL' "$log" | head -40 || true
done
cat "$summary"
exit "$failed"
