#!/usr/bin/env bash
# A 20-commit range scan (what a pull request run does) in the benchmark
# repository of history.sh: wall time including start-up, median of RUNS
# (default 5). Target: <= 1.0 s for the action build.
# Measured: the action build (Go's regexp), an RE2 build (-tags gore2regex,
# WASM RE2, slower start-up) for reference, and `gitleaks git --log-opts`
# on the same range.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_tools
build_repo
(cd "$ROOT" && CGO_ENABLED=0 go build -tags gore2regex -o "$BIN/launchready-re2" ./cmd/action)
BASE=$(git -C "$REPO" rev-parse main~20)
HEAD=$(git -C "$REPO" rev-parse main)
echo "range: ${BASE:0:8}..${HEAD:0:8} ($(git -C "$REPO" rev-list --count "$BASE..$HEAD") commits)"

rm -f "$OUT"/range-*.times
for i in $(seq "$RUNS"); do
  measure range-action "$BIN/launchready" --repo "$REPO" --range "$BASE..$HEAD" --format json --output "$OUT/range.json" --fail-on none
  measure range-re2 "$BIN/launchready-re2" --repo "$REPO" --range "$BASE..$HEAD" --format json --output "$OUT/range-re2.json" --fail-on none
  measure range-gitleaks "$BIN/gitleaks" git --no-banner --exit-code 0 --log-opts="$BASE..$HEAD" "$REPO"
done
printf "%-32s %8s %8s %8s   (median of %d)\n" build "wall s" "cpu s" "rss MB" "$RUNS"
for t in action re2 gitleaks; do
  printf "%-32s %8s %8s %8s\n" "$t" "$(median "$OUT/range-$t.times" 1)" "$(median "$OUT/range-$t.times" 2)" "$(( $(median "$OUT/range-$t.times" 3) / 1024 ))"
done
awk -v w="$(median "$OUT/range-action.times" 1)" 'BEGIN {printf "action build: %.2f s wall (target <= 1.0 s): %s\n", w, (w <= 1.0) ? "met" : "NOT met"}'
