#!/usr/bin/env bash
# The whole email check against a DNS server on 127.0.0.1: wall time per
# run, median and maximum of RUNS (default 20). Target: <= 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
go run -tags tools ./bench/emailtime -runs "${RUNS:-20}"
