#!/usr/bin/env bash
# OpenAPI analysis of GitHub's REST API description (npm @octokit/openapi
# 23.0.2, generated/api.github.com.json, 13 MB): launchready vs Spectral
# 6.16.3 with @stoplight/spectral-owasp-ruleset 2.0.1, all from npm.
# Wall time, CPU and peak RSS, median of RUNS (default 3); Spectral is
# capped at CAP seconds (default 600) and a capped run is a lower bound.
# Targets for launchready: <= 3 s wall and <= 1 GB peak RSS.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
CAP=${CAP:-600}
NPM=$OUT/openapi-npm
mkdir -p "$NPM"
if [ ! -f "$NPM/node_modules/@octokit/openapi/generated/api.github.com.json" ] || [ ! -x "$NPM/node_modules/.bin/spectral" ]; then
  (cd "$NPM" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
    @octokit/openapi@23.0.2 @stoplight/spectral-cli@6.16.3 @stoplight/spectral-owasp-ruleset@2.0.1)
fi
SPEC_SRC=$NPM/node_modules/@octokit/openapi/generated/api.github.com.json
build_tools

# launchready reads specs from a repository: one holding just the spec.
SREPO=$OUT/openapi-repo
if [ ! -d "$SREPO/.git" ]; then
  mkdir -p "$SREPO" && cp "$SPEC_SRC" "$SREPO/api.github.com.json"
  git -C "$SREPO" init -q -b main && git -C "$SREPO" add -A
  git -C "$SREPO" -c user.name=bench -c user.email=bench@launchready.invalid commit -q -m spec
fi
echo "spec: $(du -h "$SPEC_SRC" | cut -f1) ($SPEC_SRC)"

rm -f "$OUT"/openapi-*.times
for i in $(seq "$RUNS"); do
  measure openapi-launchready "$BIN/launchready" --repo "$SREPO" --worktree --check openapi --spec api.github.com.json \
    --format json --output "$OUT/openapi-launchready.json" --fail-on none
done
echo "launchready findings per rule:"
jq -r '.findings[] | "\(.ruleId) \(.severity)"' "$OUT/openapi-launchready.json" | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "  total: $(jq '.findings | length' "$OUT/openapi-launchready.json")"

# Spectral, stock OWASP ruleset.
cat >"$NPM/.spectral.yaml" <<'YAML'
extends: ["@stoplight/spectral-owasp-ruleset"]
YAML
# Spectral without the rule that crashes it on this file (see the note).
cat >"$NPM/.spectral-no-numeric-ids.yaml" <<'YAML'
extends: ["@stoplight/spectral-owasp-ruleset"]
rules:
  owasp:api1:2023-no-numeric-ids: off
YAML
spectral() { # NAME RULESET
  local name=$1 ruleset=$2
  for i in $(seq "$RUNS"); do
    rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" timeout "$CAP" \
      "$NPM/node_modules/.bin/spectral" lint --quiet -r "$ruleset" -f json -o "$OUT/$name.json" "$SPEC_SRC" >"$OUT/$name.log" 2>&1 || rc=$?
    tail -n 1 "$OUT/time.tmp" | awk -v rc="$rc" '{printf "%s %.2f %d %s\n", $1, $2+$3, $4, rc}' >>"$OUT/$name.times"
    if [ "$rc" = 124 ]; then echo "  $name run $i: capped at ${CAP}s (a lower bound)"; fi
  done
  echo "  $name exit codes: $(awk '{print $4}' "$OUT/$name.times" | tr '\n' ' ')"
  if [ -s "$OUT/$name.json" ] && jq -e 'type == "array"' "$OUT/$name.json" >/dev/null 2>&1; then
    echo "  $name findings per rule:"
    jq -r '.[].code' "$OUT/$name.json" | sort | uniq -c | sort -rn | head -20 | sed 's/^/    /'
    echo "    total: $(jq 'length' "$OUT/$name.json")"
  else
    echo "  $name produced no report; last lines of its output:"; tail -n 3 "$OUT/$name.log" | sed 's/^/    /'
  fi
}
echo "spectral (stock OWASP ruleset):"
spectral openapi-spectral "$NPM/.spectral.yaml"
echo "spectral (OWASP ruleset without no-numeric-ids):"
spectral openapi-spectral-nonum "$NPM/.spectral-no-numeric-ids.yaml"

printf "\n%-34s %8s %8s %8s   (median of %d)\n" tool "wall s" "cpu s" "rss MB" "$RUNS"
for t in launchready spectral spectral-nonum; do
  f=$OUT/openapi-$t.times
  printf "%-34s %8s %8s %8s\n" "$t" "$(median "$f" 1)" "$(median "$f" 2)" "$(( $(median "$f" 3) / 1024 ))"
done
awk -v w="$(median "$OUT/openapi-launchready.times" 1)" -v r="$(median "$OUT/openapi-launchready.times" 3)" \
  'BEGIN {printf "launchready: %.2f s wall (target <= 3 s): %s; %d MB peak RSS (target <= 1024 MB): %s\n", w, (w <= 3) ? "met" : "NOT met", r/1024, (r <= 1048576) ? "met" : "NOT met"}'
