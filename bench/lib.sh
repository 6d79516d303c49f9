# Shared helpers for the benchmark scripts. Source it from bench/*.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Outside the module: the generated repository is full of Go files that go
# vet and gofmt must not see.
OUT=${BENCH_OUT:-${TMPDIR:-/tmp}/launchready-bench}
BIN=$OUT/bin
REPO=$OUT/history-repo
mkdir -p "$BIN"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# build_tools builds launchready as the action image does (Go's regexp, no
# tags) and gitleaks v8.30.1 the way its releases are built (-tags
# gore2regex, the WASM RE2 engine).
build_tools() {
  (cd "$ROOT" && CGO_ENABLED=0 go build -o "$BIN/launchready" ./cmd/action)
  if [ ! -x "$BIN/gitleaks" ]; then
    GOBIN=$BIN CGO_ENABLED=0 go install -tags gore2regex github.com/zricethezav/gitleaks/v8@v8.30.1
  fi
}

# find_betterleaks sets BETTERLEAKS to the betterleaks binary, or to ""
# when there is none: $BETTERLEAKS if set, else ../shared/peers/betterleaks
# next to the repository (for a worktree, next to its main checkout).
find_betterleaks() {
  if [ -n "${BETTERLEAKS:-}" ]; then
    if [ ! -x "$BETTERLEAKS" ]; then
      echo "BETTERLEAKS=$BETTERLEAKS is not an executable file" >&2
      exit 1
    fi
    return
  fi
  local common
  common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  for c in "$ROOT/../shared/peers/betterleaks" ${common:+"$(dirname "$common")/../shared/peers/betterleaks"}; do
    if [ -x "$c" ]; then
      BETTERLEAKS=$(cd "$(dirname "$c")" && pwd)/betterleaks
      return
    fi
  done
  BETTERLEAKS=""
}

# load prints the machine's load (the benchmark is only as quiet as it).
load() {
  echo "load ($1): $(uptime | sed 's/.*load average/load average/'), $(nproc) cores"
}

# ratio NUM DEN: NUM/DEN with two decimals ("-" when DEN is zero).
ratio() {
  awk -v n="$1" -v d="$2" 'BEGIN { if (d > 0) printf "%.2f", n/d; else printf "-" }'
}

# verdict VALUE TARGET: "met" when VALUE <= TARGET.
verdict() {
  awk -v v="$1" -v t="$2" 'BEGIN { if (v != "-" && v <= t) printf "met"; else printf "NOT met" }'
}

# build_repo makes the >= 4,000-commit repository from $(go env GOROOT)/src.
build_repo() {
  if [ -d "$REPO/.git" ] && [ "${REBUILD:-0}" != 1 ]; then return; fi
  rm -rf "$REPO" && mkdir -p "$REPO"
  git -C "$REPO" init -q -b main
  (cd "$ROOT" && go run -tags tools ./bench/genrepo -commits "${COMMITS:-4200}") 2>"$OUT/planted.txt" | git -C "$REPO" fast-import --quiet
  git -C "$REPO" checkout -q main
}

# measure NAME CMD...: runs CMD under GNU time, appending "wall cpu maxrss_kb".
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" "$@" >/dev/null 2>&1 || true
  # GNU time writes "Command exited with non-zero status N" first when the
  # command fails (a hook that blocks): the figures are on the last line.
  tail -n 1 "$OUT/time.tmp" | awk '{printf "%s %.2f %d\n", $1, $2+$3, $4}' >>"$OUT/$name.times"
}

# median FILE COLUMN
median() {
  awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
