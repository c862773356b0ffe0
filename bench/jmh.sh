#!/usr/bin/env bash
# JMH benchmark of the reload path (bench/jmh: key files -> IssuerDocuments for 1, 10, 100 keys), bounded:
# one fork, 3 x 1 s warm-up and 5 x 1 s measurement per case (6 cases; the committed sample: 1 min 45 s).
# Extra arguments go to JMH (for example: bench/jmh.sh -p keys=100 -i 10). Results: bench/results/jmh-<time>.txt,
# copied to bench/results/sample/jmh.txt (committed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/bench/jmh/target/benchmarks.jar"
(cd "$ROOT" && mvn -q -B -ntp -Pbench -DskipTests -pl bench/jmh -am package)
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).txt"
java -jar "$JAR" -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -foe true "$@" ReloadBenchmark | tee "$OUT"
mkdir -p "$ROOT/bench/results/sample" && cp "$OUT" "$ROOT/bench/results/sample/jmh.txt"
echo "saved $OUT (and bench/results/sample/jmh.txt)" >&2
