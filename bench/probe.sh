#!/usr/bin/env bash
# bench/probe.sh: the whole live-probe run against the local Express twin
# (testdata/probe/express, vulnerable mode, HTTPS on 127.0.0.1 only),
# three runs. Targets (issue 5): ≤ 15 s wall and ≤ 300 requests per run,
# the same results on every run. Prints the requests and time per check.
# Needs node and npm; the twin's packages are installed by the benchmark
# (npm ci) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
out=$(go test ./internal/probe -run '^$' -bench '^BenchmarkExpressTwin$' -benchtime "${RUNS}x" -count 1 -v 2>&1) || {
  echo "$out"
  echo "bench/probe.sh: the benchmark failed (see above)" >&2
  exit 1
}
echo "$out" | grep -v '^goos\|^goarch\|^pkg\|^cpu\|^PASS\|^ok\|^=== RUN'
line=$(echo "$out" | grep '^BenchmarkExpressTwin')
req=$(echo "$line" | grep -o '[0-9.]* requests/run' | cut -d' ' -f1)
worst=$(echo "$line" | grep -o '[0-9.]* worst-s/run' | cut -d' ' -f1)
echo
echo "summary: $RUNS runs, identical results; worst run ${worst} s (target ≤ 15 s, ratio $(awk -v w="$worst" 'BEGIN{printf "%.2f", w/15}')), at most ${req%.*} requests (target ≤ 300, ratio $(awk -v r="$req" 'BEGIN{printf "%.2f", r/300}'))"
awk -v w="$worst" -v r="$req" 'BEGIN{ if (w > 15 || r > 300) { print "bench/probe.sh: over target"; exit 1 } }'
