#!/usr/bin/env bash
# Benchmark of the simulator (not a timed test). Builds `ballast` in the `sim` profile (opt-level
# 3; the release profile is size-first for the contracts) and runs the default scenario:
#   1. one path with --timings: account-steps per second and where the wall time goes;
#   2. PATHS paths (default 20; `PATHS=100 scripts/bench.sh` for the 100-path target) on every
#      core: paths per minute.
# Extra arguments go to both runs (e.g. a scenario file).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PATHS=${PATHS:-20}
cargo build --quiet --profile sim --locked -p ballast-cli
BIN="${CARGO_TARGET_DIR:-target}/sim/ballast"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

now() { date +%s.%N; }

echo "== one path (nproc: $(nproc))"
start=$(now)
"$BIN" simulate -q --timings --out "$OUT/one" "$@" >/dev/null 2>"$OUT/one.err"
end=$(now)
cat "$OUT/one.err"
steps=$(grep -o '"steps": [0-9]*' "$OUT/one/report.json" | head -1 | grep -o '[0-9]*$')
accounts=$(grep -o '"accounts": [0-9]*' "$OUT/one/report.json" | head -1 | grep -o '[0-9]*$')
wall=$(echo "$end - $start" | bc -l)
printf 'one path: %d accounts x %d steps in %.1f s wall: %.0f account-steps/s\n' \
  "$accounts" "$steps" "$wall" "$(echo "$accounts * $steps / $wall" | bc -l)"

echo "== $PATHS paths on $(nproc) cores"
start=$(now)
"$BIN" simulate -q --paths "$PATHS" --out "$OUT/many" "$@" 2>"$OUT/many.err"
end=$(now)
cat "$OUT/many.err"
wall=$(echo "$end - $start" | bc -l)
printf '%d paths in %.1f s wall: %.2f paths/min, %.0f account-steps/s\n' \
  "$PATHS" "$wall" "$(echo "$PATHS * 60 / $wall" | bc -l)" \
  "$(echo "$PATHS * $accounts * $steps / $wall" | bc -l)"
