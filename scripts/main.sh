#!/usr/bin/env bash
# The main job. Until the stress simulator lands, it runs an end-to-end demo of what exists:
#   1. builds every contract to Wasm and validates it on the CosmWasm VM (does its own set-up);
#   2. runs the oracle demo: the real oracle contract over a mock Pyth feed in cw-multi-test —
#      Fixed, Pyth and Median prices for 6-, 8- and 18-decimal assets, then a crash that trips the
#      confidence and staleness breakers, showing that Liquidation prices keep flowing where
#      Default prices are refused.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
scripts/build-wasm.sh
cargo run --quiet --locked -p ballast-testing --example oracle-demo
