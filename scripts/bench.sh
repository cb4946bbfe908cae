#!/usr/bin/env bash
# Benchmark of the simulator (not a timed test): builds `ballast` in release and runs the default
# scenario, printing accounts × steps per second and the wall time. The figure in the README comes
# from this script.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cargo build --quiet --release --locked -p ballast-cli
BIN="${CARGO_TARGET_DIR:-target}/release/ballast"
start=$(date +%s.%N)
"$BIN" simulate -q --out out/bench "$@" >/dev/null
end=$(date +%s.%N)
echo "wall time: $(echo "$end - $start" | bc) s (nproc: $(nproc))"
