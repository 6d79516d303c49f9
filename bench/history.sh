#!/usr/bin/env bash
# Full-history secret scan: launchready vs `gitleaks git` v8.30.1 (both built
# with -tags gore2regex) on a >= 4,000-commit repository built offline from
# the Go source tree. Reports the finding sets side by side, and the median
# of RUNS (default 5) CPU, wall and peak RSS figures as ratios.
# Targets: CPU <= 1.0x gitleaks (including our merge pass and extra rules);
# peak RSS <= 200 MB. The comparison is the secret scan (--check secrets),
# what gitleaks does; the whole default run (which also reads the work
# tree for the code, deploy and spec checks) is reported next to it.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_tools
build_repo
echo "repository: $(git -C "$REPO" rev-list --count --all) commits, $(git -C "$REPO" rev-list --count --merges --all) merges"
cat "$OUT/planted.txt"

rm -f "$OUT"/gitleaks.times "$OUT"/launchready.times "$OUT"/launchready-all.times
for i in $(seq "$RUNS"); do
  measure gitleaks "$BIN/gitleaks" git --no-banner -f json -r "$OUT/gitleaks.json" --exit-code 0 "$REPO"
  measure launchready "$BIN/launchready" --repo "$REPO" --check secrets --format json --output "$OUT/launchready.json" --fail-on none
  measure launchready-all "$BIN/launchready" --repo "$REPO" --format json --output "$OUT/launchready-all.json" --fail-on none
done

echo
echo "findings:"
(cd "$ROOT" && go run -tags tools ./bench/compare "$OUT/gitleaks.json" "$OUT/launchready.json")
echo
printf "%-16s %8s %8s %10s   (median of %d)\n" tool "wall s" "cpu s" "rss MB" "$RUNS"
for t in gitleaks launchready launchready-all; do
  printf "%-16s %8s %8s %10s\n" "$t" "$(median "$OUT/$t.times" 1)" "$(median "$OUT/$t.times" 2)" "$(( $(median "$OUT/$t.times" 3) / 1024 ))"
done
awk -v gw="$(median "$OUT/gitleaks.times" 1)" -v gc="$(median "$OUT/gitleaks.times" 2)" \
    -v lw="$(median "$OUT/launchready.times" 1)" -v lc="$(median "$OUT/launchready.times" 2)" \
    -v ac="$(median "$OUT/launchready-all.times" 2)" \
    'BEGIN {printf "ratio launchready (secrets)/gitleaks: cpu %.2fx (target <= 1.00x), wall %.2fx; whole default run: cpu %.2fx\n", lc/gc, lw/gw, ac/gc}'
echo "all runs (wall cpu rss_kb):"; paste "$OUT/gitleaks.times" "$OUT/launchready.times" | sed 's/^/  gitleaks | launchready: /'
