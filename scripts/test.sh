#!/usr/bin/env bash
# Every check the project has, in the order CI runs them; does its own set-up on a fresh machine.
#   1. formatting          cargo fmt --check
#   2. test build          cargo test --no-run (compiles everything once, incl. the VM checker)
#   3. Wasm artifacts      scripts/build-wasm.sh (installs wasm32 target + binaryen, builds,
#                          lowers, validates each artifact on the CosmWasm VM, prints sizes)
#   4. schema drift        scripts/schema.sh --check
#   5. TypeScript client   scripts/ts-client.sh install (npm ci in clients/ts) and check (the
#                          generated client matches schema/, tsc --strict, the decoders' tests)
#   6. web app             scripts/app.sh install (Debian's chromium through apt-get if missing, npm
#                          ci in app/) and build (svelte-check, vite build into app/dist)
#   7. lints               cargo clippy --workspace --all-targets -D warnings
#   8. tests               cargo test --workspace (unit, property, multi-test, VM tests); the
#                          local node (scripts/build-node.sh: wasmd from chain/go.mod) builds in
#                          the background meanwhile, its log in target/build-node.log
#   9. on the node         a fresh local chain (own home and ports, 127.0.0.1 only), then the
#                          ignored node tests, packages/cli/tests/node_e2e.rs (deploy, borrow,
#                          crash, liquidation, bad debt) and tests/tests/node_gas.rs (the gas
#                          script, 10 vs 1,000 accounts; writes target/node-gas.json), then the
#                          TypeScript example (scripts/ts-client.sh example) on a fresh
#                          `ballast deploy` recorded in target/ts-example/, then the web app's
#                          browser tests (scripts/app.sh test: a deployment of their own in
#                          target/app-test/, screenshots in target/app-screenshots/), then the
#                          node is stopped by its pid; on a failure its last log lines are printed.
#                          BALLAST_SKIP_NODE=1 skips it (a machine without Go).
#  10. fuzz (bounded)      scripts/fuzz.sh $FUZZ_SECONDS (default 30) per fuzz target, two at a
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

step "TypeScript client (clients/ts)"
scripts/ts-client.sh install
scripts/ts-client.sh check

step "web app (app/)"
app_start=$SECONDS
scripts/app.sh install
scripts/app.sh build
echo "web app: install + build in $((SECONDS - app_start)) s"

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
log=$(mktemp)
NODE_HOME="$TARGET_DIR/localnet-ci"
cleanup() {
  rm -f "$log"
  # the node of step 9, if it is still up: ended by its own pid file
  BALLAST_LOCALNET_HOME="$NODE_HOME" scripts/localnet.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
# The TypeScript example on the node: a fresh deployment of its own, by the CLI just built, from
# a copy of deployments/local.toml whose paths are made absolute, so that the record goes to
# target/ts-example/ and a developer's deployments/ballast-local.json is left alone.
ts_example() {
  local dir="$TARGET_DIR/ts-example" start=$SECONDS
  mkdir -p "$dir"
  sed -e "s|\"\.\./chain/test-keys.toml\"|\"$ROOT/chain/test-keys.toml\"|" \
    -e "s|\"\.\./artifacts\"|\"$ROOT/artifacts\"|" deployments/local.toml > "$dir/local.toml"
  if ! grep -q "$ROOT/chain/test-keys.toml" "$dir/local.toml" || ! grep -q "$ROOT/artifacts" "$dir/local.toml"; then
    echo "ts example: deployments/local.toml no longer names ../chain/test-keys.toml and ../artifacts"
    return 1
  fi
  if ! "$TARGET_DIR/debug/ballast" deploy "$dir/local.toml" --network local --fresh > "$dir/deploy.log" 2>&1; then
    echo "ts example: ballast deploy failed:"
    tail -n 20 "$dir/deploy.log"
    return 1
  fi
  echo "ts example: deployed in $((SECONDS - start)) s (record $dir/ballast-local.json)"
  scripts/ts-client.sh example "$dir/ballast-local.json" || return 1
  echo "ts example: deploy + example in $((SECONDS - start)) s"
}

node_build_pid=
if [[ -z ${BALLAST_SKIP_NODE:-} ]]; then
  mkdir -p "$TARGET_DIR"
  scripts/build-node.sh >"$TARGET_DIR/build-node.log" 2>&1 &
  node_build_pid=$!
fi
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if [[ -n $node_build_pid ]]; then
  step "on the node (local wasmd)"
  node_status=0
  if ! wait "$node_build_pid"; then
    echo "the node did not build:"
    tail -n 40 "$TARGET_DIR/build-node.log"
    node_status=1
  else
    tail -n 2 "$TARGET_DIR/build-node.log"
    # Own home and ports (20000 above the defaults), so a developer's localnet is left alone.
    export BALLAST_LOCALNET_HOME="$NODE_HOME" BALLAST_RPC_PORT=46657 BALLAST_P2P_PORT=46656 \
      BALLAST_GRPC_PORT=29090 BALLAST_API_PORT=21317 BALLAST_PPROF_PORT=26060
    scripts/localnet.sh reset >/dev/null
    if scripts/localnet.sh start; then
      set +e
      cargo test -p ballast-cli -p ballast-tests --locked --no-fail-fast --test 'node_*' -- --ignored --nocapture 2>&1 |
        tee -a "$log"
      node_status=${PIPESTATUS[0]}
      set -e
      ts_example || { ((node_status != 0)) || node_status=1; }
      # the web app in headless chromium: its own deployment, the built app served on its own port
      BALLAST_BIN="$TARGET_DIR/debug/ballast" BALLAST_APP_PORT=24173 scripts/app.sh test ||
        { ((node_status != 0)) || node_status=1; }
    else
      node_status=1
    fi
    if ((node_status != 0)); then
      echo "---- the node's last log lines ($NODE_HOME/node.log) ----"
      tail -n 40 "$NODE_HOME/node.log" 2>/dev/null || true
    fi
    scripts/localnet.sh stop
  fi
  ((status == 0)) && status=$node_status
fi

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
