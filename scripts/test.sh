#!/usr/bin/env bash
# Every check the project has, in the order CI runs them; does its own set-up on a fresh machine.
#   1. formatting          cargo fmt --check
#   2. test build          cargo test --no-run (compiles everything once, incl. the VM checker)
#   3. Wasm artifacts      scripts/build-wasm.sh (installs wasm32 target + binaryen, builds,
#                          lowers, validates each artifact on the CosmWasm VM, prints sizes)
#   4. schema drift        scripts/schema.sh --check
#   5. lints               cargo clippy --workspace --all-targets -D warnings
#   6. tests               cargo test --workspace (unit, property, multi-test, VM tests)
#   7. fuzz (bounded)      scripts/fuzz.sh $FUZZ_SECONDS (default 30) per fuzz target, two at a
#                          time; FUZZ_SECONDS=0 skips it. The tests' closing line is printed last.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

step() { printf '\n==== %s ====\n' "$*"; }

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

step "fmt"
cargo fmt --all -- --check

step "build all tests"
cargo test --workspace --locked --no-run
TARGET_DIR=${CARGO_TARGET_DIR:-"$ROOT/target"}

step "wasm build + VM validation"
CHECK_WASM_BIN="$TARGET_DIR/debug/check-wasm" scripts/build-wasm.sh

step "schema drift"
scripts/schema.sh --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run (cargo prints one "test result" per test binary, the last
# often a doc-test binary with nothing in it); printed again at the very end.
summary=$({ grep -E '^test result:' "$log" || true; } | awk '{p += $4; f += $6; i += $8}
  END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, i}')
echo "$summary"

fuzz_status=0
if [[ ${FUZZ_SECONDS:-30} != 0 ]]; then
  step "fuzz (bounded)"
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}" || fuzz_status=$?
fi
echo "$summary"
if ((status != 0)); then
  exit "$status"
fi
exit "$fuzz_status"
