#!/usr/bin/env bash
# The pre-commit hook on a 20-file staged change in a repository of >= 5,000
# files (copied from $(go env GOROOT)/src, no network): wall time, median of
# RUNS (default 10), against `gitleaks git --pre-commit --staged` v8.30.1
# built as its releases are (-tags gore2regex).
# Targets: median <= 150 ms with all staged checks, and <= 0.5x gitleaks.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}
FILES=${FILES:-5000}
build_tools
# The hook is built without gore2regex: start-up matters more than regex
# throughput on a small diff.
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$BIN/launchready-precommit" ./cmd/precommit)

PREPO=$OUT/precommit-repo
if [ ! -d "$PREPO/.git" ] || [ "${REBUILD:-0}" = 1 ]; then
  rm -rf "$PREPO" && mkdir -p "$PREPO"
  SRC=$(go env GOROOT)/src
  (cd "$SRC" && find . -name '*.go' -not -path '*/testdata/*' | sort | head -n "$FILES") >"$OUT/precommit-files.txt"
  (cd "$SRC" && tar cf - -T "$OUT/precommit-files.txt") | (cd "$PREPO" && tar xf -)
  git -C "$PREPO" init -q -b main
  git -C "$PREPO" add -A
  git -C "$PREPO" -c user.name=bench -c user.email=bench@launchready.invalid commit -q -m "import $FILES files"
fi
git -C "$PREPO" reset -q --hard
# The staged change: 20 files edited, one with a planted token.
i=0
for f in $(git -C "$PREPO" ls-files | awk 'NR % 250 == 1' | head -20); do
  i=$((i + 1))
  if [ "$i" = 1 ]; then
    echo "const benchToken = \"ghp_$(printf launchready-bench | sha256sum | cut -c1-36)\"" >>"$PREPO/$f"
  else
    printf '\n// edited for the benchmark (%d)\nvar _ = %d\n' "$i" "$i" >>"$PREPO/$f"
  fi
  git -C "$PREPO" add "$f"
done
echo "repository: $(git -C "$PREPO" ls-files | wc -l) files, $(git -C "$PREPO" diff --cached --name-only | wc -l) staged"

rm -f "$OUT"/precommit-*.times
for r in $(seq "$RUNS"); do
  measure precommit-launchready sh -c "cd '$PREPO' && '$BIN/launchready-precommit' run"
  measure precommit-gitleaks "$BIN/gitleaks" git --pre-commit --staged --no-banner --exit-code 1 "$PREPO"
done
echo "exit codes (both must block the planted token):"
rc=0; (cd "$PREPO" && "$BIN/launchready-precommit" run >/dev/null 2>&1) || rc=$?
echo "  launchready-precommit: $rc"
rc=0; "$BIN/gitleaks" git --pre-commit --staged --no-banner "$PREPO" >/dev/null 2>&1 || rc=$?
echo "  gitleaks: $rc"
printf "%-24s %8s %8s %8s   (median of %d)\n" tool "wall ms" "cpu ms" "rss MB" "$RUNS"
for t in launchready gitleaks; do
  f=$OUT/precommit-$t.times
  printf "%-24s %8.0f %8.0f %8s\n" "$t" "$(echo "$(median "$f" 1) * 1000" | bc)" "$(echo "$(median "$f" 2) * 1000" | bc)" "$(( $(median "$f" 3) / 1024 ))"
done
awk -v l="$(median "$OUT/precommit-launchready.times" 1)" -v g="$(median "$OUT/precommit-gitleaks.times" 1)" \
  'BEGIN {printf "hook median %.0f ms (target <= 150 ms): %s; ratio to gitleaks %.2fx (target <= 0.50x): %s\n", l*1000, (l <= 0.150) ? "met" : "NOT met", l/g, (l/g <= 0.5) ? "met" : "NOT met"}'
