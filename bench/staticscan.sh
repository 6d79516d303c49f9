#!/usr/bin/env bash
# The code wiring scan over a tree of >= 10,000 source files built without
# network: $(go env GOROOT)/src plus generated JavaScript, Python and Java
# (bench/genwiring). Compared, in one run, with
#   git grep -c -i -E 'cors|limit|cookie'
# over the same tree: the I/O floor. Median of RUNS (default 5).
# Target: <= 10x the floor. Reports files/s and peak RSS.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_tools
TREE=$OUT/wiring-tree
if [ ! -d "$TREE/.git" ] || [ "${REBUILD:-0}" = 1 ]; then
  rm -rf "$TREE" && mkdir -p "$TREE/go"
  (cd "$(go env GOROOT)/src" && tar cf - --exclude=testdata .) | (cd "$TREE/go" && tar xf -)
  (cd "$ROOT" && go run -tags tools ./bench/genwiring -dir "$TREE")
  git -C "$TREE" init -q -b main
  git -C "$TREE" add -A
  git -C "$TREE" -c user.name=bench -c user.email=bench@launchready.invalid commit -q -m tree
fi
files=$(git -C "$TREE" ls-files | wc -l)
sources=$(git -C "$TREE" ls-files '*.go' '*.js' '*.py' '*.java' | wc -l)
echo "tree: $files files, $sources Go/JavaScript/Python/Java sources"

rm -f "$OUT"/wiring-*.times
for r in $(seq "$RUNS"); do
  measure wiring-launchready "$BIN/launchready" --repo "$TREE" --worktree --check wiring --format json --output "$OUT/wiring-report.json" --fail-on none
  measure wiring-gitgrep git -C "$TREE" grep -c -i -E 'cors|limit|cookie'
done
findings=$(grep -c '"ruleId"' "$OUT/wiring-report.json" || true)
echo "launchready findings: $findings"
printf "%-22s %8s %8s %8s %10s   (median of %d)\n" tool "wall s" "cpu s" "rss MB" "files/s" "$RUNS"
for t in launchready gitgrep; do
  f=$OUT/wiring-$t.times
  w=$(median "$f" 1)
  printf "%-22s %8.2f %8.2f %8s %10.0f\n" "$t" "$w" "$(median "$f" 2)" "$(( $(median "$f" 3) / 1024 ))" "$(echo "$files / $w" | bc -l)"
done
awk -v l="$(median "$OUT/wiring-launchready.times" 1)" -v g="$(median "$OUT/wiring-gitgrep.times" 1)" \
  'BEGIN {printf "wiring scan %.2f s vs git grep %.2f s: %.1fx the floor (target <= 10x): %s\n", l, g, l/g, (l/g <= 10) ? "met" : "NOT met"}'
