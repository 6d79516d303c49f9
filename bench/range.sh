#!/usr/bin/env bash
# A 20-commit range scan (what a pull request run does) in the benchmark
# repository of history.sh: wall time including start-up, median of RUNS
# (default 5). Target: <= 1.0 s for the action build.
# Measured: the action build (-tags gore2regex, WASM RE2, slower start-up),
# a stdlib-regex build (what the pre-commit binary uses), and
# `gitleaks git --log-opts` on the same range for reference.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_tools
build_repo
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$BIN/launchready-stdlib" ./cmd/action)
BASE=$(git -C "$REPO" rev-parse main~20)
HEAD=$(git -C "$REPO" rev-parse main)
echo "range: ${BASE:0:8}..${HEAD:0:8} ($(git -C "$REPO" rev-list --count "$BASE..$HEAD") commits)"

rm -f "$OUT"/range-*.times
for i in $(seq "$RUNS"); do
  measure range-action "$BIN/launchready" --repo "$REPO" --range "$BASE..$HEAD" --format json --output "$OUT/range.json" --fail-on none
  measure range-stdlib "$BIN/launchready-stdlib" --repo "$REPO" --range "$BASE..$HEAD" --format json --output "$OUT/range-std.json" --fail-on none
  measure range-gitleaks "$BIN/gitleaks" git --no-banner --exit-code 0 --log-opts="$BASE..$HEAD" "$REPO"
done
printf "%-32s %8s %8s %8s   (median of %d)\n" build "wall s" "cpu s" "rss MB" "$RUNS"
for t in action stdlib gitleaks; do
  printf "%-32s %8s %8s %8s\n" "$t" "$(median "$OUT/range-$t.times" 1)" "$(median "$OUT/range-$t.times" 2)" "$(( $(median "$OUT/range-$t.times" 3) / 1024 ))"
done
awk -v w="$(median "$OUT/range-action.times" 1)" 'BEGIN {printf "action build: %.2f s wall (target <= 1.0 s): %s\n", w, (w <= 1.0) ? "met" : "NOT met"}'
