#!/usr/bin/env bash
# Regenerates internal/annotate/ghreport/fakegithub/github-api-subset.json
# from GitHub's published REST API description, the npm package
# @octokit/openapi at a pinned version.
set -euo pipefail
VERSION=23.0.2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "@octokit/openapi@$VERSION" >/dev/null && tar xzf "octokit-openapi-$VERSION.tgz")
OCTOKIT_OPENAPI_VERSION=$VERSION go run -tags tools "$ROOT/scripts/github-api-subset" "$TMP/package/generated/api.github.com.json" \
  > "$ROOT/internal/annotate/ghreport/fakegithub/github-api-subset.json"
echo "wrote internal/annotate/ghreport/fakegithub/github-api-subset.json"
