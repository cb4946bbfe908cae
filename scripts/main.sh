#!/usr/bin/env bash
# The main job: the `ballast` stress simulator on its default scenario
# (packages/cli/scenarios/default.toml, built into the binary: an ATOM crash with a sharp first leg
# that trips the oracle's EMA breaker, ETH -12 % with a feed outage, 500 borrowers in ~550 accounts, 40 lenders,
# three liquidator bots, 600 steps of 5 minutes). It runs the real oracle, vault and liquidation
# contracts (native code in cw-multi-test, the same code as the Wasm), prints the summary and writes
# out/report.json and out/report.svg. Built with the `sim` profile (speed-optimised; the release
# profile is size-optimised for the contracts and runs the simulator about half as fast).
#
# Set-up: nothing beyond the Rust toolchain; cargo fetches the locked dependencies. Extra arguments
# go to `ballast simulate` (e.g. `scripts/main.sh --seed 3`, or
# `scripts/main.sh --compare packages/cli/scenarios/aggressive.toml`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cargo run --quiet --profile sim --locked -p ballast-cli -- simulate "$@"
