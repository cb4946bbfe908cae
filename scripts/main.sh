#!/usr/bin/env bash
# The main job. Until the stress simulator lands, it runs an end-to-end demo of what exists:
#   1. builds every contract to Wasm and validates it on the CosmWasm VM (does its own set-up);
#   2. runs the end-to-end demo (packages/testing/examples/demo.rs): the real oracle over a mock
#      Pyth feed and the real vault in cw-multi-test — prices for 6- and 18-decimal assets, a
#      lender and two borrowers, a year of interest, then a crash with a wide confidence interval:
#      the Default price is refused by the breaker while the Liquidation price keeps flowing and
#      the unhealthy account shows up as liquidatable.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
scripts/build-wasm.sh
cargo run --quiet --locked -p ballast-testing --example demo
