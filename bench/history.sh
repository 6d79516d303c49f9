#!/usr/bin/env bash
# Full-history secret scan: launchready vs `gitleaks git` v8.30.1 (both built
# with -tags gore2regex) and vs `betterleaks git` v1.7.0 when present
# (BETTERLEAKS=path, default ../shared/peers/betterleaks next to the
# repository), on a >= 4,000-commit repository built offline from the Go
# source tree. Reports the finding sets side by side, and the medians of
# RUNS (default 5) alternating runs (the tools take turns, in a rotating
# order, so a change in the machine's load hits all of them): CPU, wall and
# peak RSS, and their ratios.
# Targets (issue 16), for the secret scan (--check secrets, what the peers
# do) with our merge pass and extra rules on: CPU <= 1.0x and wall <= 1.0x
# betterleaks, CPU <= 0.7x gitleaks, peak RSS <= 200 MB. The whole default
# run (which also reads the work tree for the code, deploy and spec checks)
# is reported next to it.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_tools
build_repo
find_betterleaks
echo "repository: $(git -C "$REPO" rev-list --count --all) commits, $(git -C "$REPO" rev-list --count --merges --all) merges"
cat "$OUT/planted.txt"

tools="gitleaks launchready launchready-all"
if [ -n "$BETTERLEAKS" ]; then
  tools="gitleaks betterleaks launchready launchready-all"
  echo "betterleaks: $BETTERLEAKS"
else
  echo "betterleaks not found, skipped (set BETTERLEAKS=path to compare with it)"
fi

run_tool() {
  case $1 in
  gitleaks) measure gitleaks "$BIN/gitleaks" git --no-banner -f json -r "$OUT/gitleaks.json" --exit-code 0 "$REPO" ;;
  betterleaks) measure betterleaks "$BETTERLEAKS" git "$REPO" --no-banner --redact -f json -r "$OUT/betterleaks.json" --exit-code 0 ;;
  launchready) measure launchready "$BIN/launchready" --repo "$REPO" --check secrets --format json --output "$OUT/launchready.json" --fail-on none ;;
  launchready-all) measure launchready-all "$BIN/launchready" --repo "$REPO" --format json --output "$OUT/launchready-all.json" --fail-on none ;;
  esac
}

load before
for t in $tools; do rm -f "$OUT/$t.times"; done
read -r -a list <<<"$tools"
for i in $(seq "$RUNS"); do
  # Rotate the order: run i starts with the i-th tool.
  k=$(( (i - 1) % ${#list[@]} ))
  for t in "${list[@]:k}" "${list[@]:0:k}"; do run_tool "$t"; done
done
load after

echo
echo "findings:"
peer=""
if [ -n "$BETTERLEAKS" ]; then peer="$OUT/betterleaks.json"; fi
(cd "$ROOT" && go run -tags tools ./bench/compare "$OUT/gitleaks.json" "$OUT/launchready.json" $peer)
echo
printf "%-16s %8s %8s %10s   (median of %d alternating runs)\n" tool "wall s" "cpu s" "rss MB" "$RUNS"
for t in $tools; do
  printf "%-16s %8s %8s %10s\n" "$t" "$(median "$OUT/$t.times" 1)" "$(median "$OUT/$t.times" 2)" "$(( $(median "$OUT/$t.times" 3) / 1024 ))"
done

lw=$(median "$OUT/launchready.times" 1) lc=$(median "$OUT/launchready.times" 2) lr=$(median "$OUT/launchready.times" 3)
gw=$(median "$OUT/gitleaks.times" 1) gc=$(median "$OUT/gitleaks.times" 2) gr=$(median "$OUT/gitleaks.times" 3)
ac=$(median "$OUT/launchready-all.times" 2)
echo
echo "ratios, launchready (--check secrets) to:"
c=$(ratio "$lc" "$gc")
printf "  gitleaks:    cpu %sx (target <= 0.70x: %s), wall %sx, rss %sx\n" "$c" "$(verdict "$c" 0.70)" "$(ratio "$lw" "$gw")" "$(ratio "$lr" "$gr")"
if [ -n "$BETTERLEAKS" ]; then
  bw=$(median "$OUT/betterleaks.times" 1) bc=$(median "$OUT/betterleaks.times" 2) br=$(median "$OUT/betterleaks.times" 3)
  c=$(ratio "$lc" "$bc") w=$(ratio "$lw" "$bw")
  printf "  betterleaks: cpu %sx (target <= 1.00x: %s), wall %sx (target <= 1.00x: %s), rss %sx\n" "$c" "$(verdict "$c" 1.00)" "$w" "$(verdict "$w" 1.00)" "$(ratio "$lr" "$br")"
fi
printf "  peak rss %d MB (target <= 200 MB: %s)\n" "$((lr / 1024))" "$(verdict "$((lr / 1024))" 200)"
printf "  whole default run: cpu %sx gitleaks\n" "$(ratio "$ac" "$gc")"
echo "all runs (wall cpu rss_kb):"
for t in $tools; do
  echo "  $t: $(tr '\n' '|' <"$OUT/$t.times" | sed 's/|$//; s/|/ | /g')"
done
