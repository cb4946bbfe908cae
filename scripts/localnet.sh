#!/usr/bin/env bash
# The project's local chain: one wasmd validator, chain id `ballast-local`, on loopback only.
#
#   scripts/localnet.sh start    # build the node if needed, initialise if needed, start, wait for block 1
#   scripts/localnet.sh stop     # stop exactly the process in the pid file
#   scripts/localnet.sh reset    # stop, then wipe the node's home (chain state and keyring)
#   scripts/localnet.sh status   # running or not, height, chain id
#
# The accounts are funded at genesis from the TEST-ONLY mnemonics in chain/test-keys.toml (public,
# in git: never send real funds to them). See chain/README.md for the denoms and amounts.
#
# Environment (defaults in brackets); every listener binds 127.0.0.1:
#   BALLAST_LOCALNET_HOME  node home, log and pid file [<repo>/.localnet]
#   BALLAST_RPC_PORT       CometBFT RPC [26657]     BALLAST_P2P_PORT    CometBFT p2p [26656]
#   BALLAST_GRPC_PORT      Cosmos gRPC [9090]       BALLAST_API_PORT    REST API [1317]
#   BALLAST_PPROF_PORT     CometBFT pprof [6060]
#   BALLAST_START_TIMEOUT  seconds to wait for the first block [90]
# The ports are written into the node's config on every start, so a change takes effect on the
# next start without a reset.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/.tools/wasmd"
KEYS_FILE="$ROOT/chain/test-keys.toml"
# Absolute: the node's command line, which node_pid() matches, must not depend on the caller's cwd.
NODE_HOME=$(realpath -m "${BALLAST_LOCALNET_HOME:-"$ROOT/.localnet"}")
LOG="$NODE_HOME/node.log"
PID_FILE="$NODE_HOME/node.pid"
# Written last by init: a home without it is a half-finished init, wiped and redone.
INIT_MARK="$NODE_HOME/.ballast-initialised"

CHAIN_ID=ballast-local
RPC_PORT=${BALLAST_RPC_PORT:-26657}
P2P_PORT=${BALLAST_P2P_PORT:-26656}
GRPC_PORT=${BALLAST_GRPC_PORT:-9090}
API_PORT=${BALLAST_API_PORT:-1317}
PPROF_PORT=${BALLAST_PPROF_PORT:-6060}
START_TIMEOUT=${BALLAST_START_TIMEOUT:-90}

# Fees are paid in `stake`, the staking denom. A non-zero minimum makes the node check fees the
# way a public chain does (a transaction without enough fee is rejected), while staying cheap:
# storing the vault (~3.8M gas wanted) costs ~9,500 stake of each test key's 10^15.
MIN_GAS_PRICE=0.0025stake
# The validator bonds this much of its own stake at genesis.
SELF_BOND=1000000000000stake
# Genesis balance of every test key: the fee denom, and every denom the scenario files and the
# protocol test script use (6 decimals: uatom uusdc uosmo untrn; 8: wbtc; 18: weth wei). Generous,
# so that tests never run dry: 10^9 whole tokens each.
FUNDS="1000000000000000stake,1000000000000000uatom,1000000000000000uusdc,1000000000000000uosmo,\
1000000000000000untrn,100000000000000000wbtc,1000000000000000000000000000weth,\
1000000000000000000000000000wei"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'localnet: %s\n' "$*" >&2; exit 1; }

# The pid in the pid file if that process is alive and is our node for this home (a pid is
# reused after a reboot or a crash, so the command line is checked too), else nothing.
node_pid() {
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid=$(cat "$PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  [ -r "/proc/$pid/cmdline" ] || return 0
  if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$BIN start --home $NODE_HOME"; then
    echo "$pid"
  fi
}

# `status` of the node at 127.0.0.1:PORT (default: our RPC port) as "height chain-id", or nothing
# if it does not answer.
rpc_status() {
  "$BIN" status --node "tcp://127.0.0.1:${1:-$RPC_PORT}" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(s["sync_info"]["latest_block_height"], s["node_info"]["network"])' 2>/dev/null || true
}

# The chain id the REST API reports (through gRPC), or nothing if it does not answer.
api_network() {
  python3 - "$API_PORT" <<'PY' 2>/dev/null || true
import json, sys, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/cosmos/base/tendermint/v1beta1/node_info"
with urllib.request.urlopen(url, timeout=2) as r:
    print(json.load(r)["default_node_info"]["network"])
PY
}

# What went wrong in this run of the node: its error lines (a port in use is logged once, then
# buried under block logs) and the last lines, from log line $1 on.
show_log() {
  echo "--- errors in $LOG:" >&2
  tail -n "+$1" "$LOG" | grep -E 'ERR|panic|Error:' | tail -n 10 >&2 || true
  echo "--- last lines of $LOG:" >&2
  tail -n "+$1" "$LOG" | tail -n 30 >&2
}

# Sets KEY in [SECTION] of a TOML file (SECTION "" = the top, before any table). The node's
# config files repeat keys across tables (`laddr` in [rpc] and [p2p]), so a plain sed won't do.
# Fails if the key is not there: a renamed key in a new wasmd must not be skipped silently.
set_toml() {
  local file=$1 section=$2 key=$3 value=$4 tmp
  tmp=$(mktemp)
  awk -v section="$section" -v key="$key" -v value="$value" '
    /^\[.*\]/ { current = substr($0, 2, length($0) - 2) }
    !done && current == section && $0 ~ "^" key " *=" { print key " = " value; done = 1; next }
    { print }
    END { if (!done) exit 3 }' "$file" > "$tmp" || { rm -f "$tmp"; die "no key '$key' in [$section] of $file"; }
  cat "$tmp" > "$file"
  rm -f "$tmp"
}

# Deletes the node home, but only a directory this script initialised (or began to: init writes
# config/genesis.json first) or an empty one: BALLAST_LOCALNET_HOME may point anywhere.
wipe_home() {
  [ -d "$NODE_HOME" ] || return 0
  [ -f "$INIT_MARK" ] || [ -f "$NODE_HOME/config/genesis.json" ] || [ -z "$(ls -A "$NODE_HOME")" ] \
    || die "$NODE_HOME does not look like a localnet home; not deleting it"
  rm -rf "$NODE_HOME"
}

# Fresh home: genesis, the test keys, their balances, the validator's gentx.
init_node() {
  [ -f "$KEYS_FILE" ] || die "missing $KEYS_FILE"
  wipe_home
  mkdir -p "$NODE_HOME"
  log "initialising $CHAIN_ID in $NODE_HOME"
  "$BIN" init ballast-local-validator --chain-id "$CHAIN_ID" --default-denom stake \
    --home "$NODE_HOME" > "$NODE_HOME/init.log" 2>&1

  local name mnemonic expected addr
  # chain/test-keys.toml: `name = "mnemonic"` lines under [mnemonics], `name = "address"` under
  # [addresses]; the recorded address is checked so that a derivation change is caught here.
  while IFS=$'\t' read -r name mnemonic; do
    printf '%s\n' "$mnemonic" | "$BIN" keys add "$name" --recover --keyring-backend test \
      --home "$NODE_HOME" > /dev/null 2>&1 || die "cannot import test key $name"
    addr=$("$BIN" keys show "$name" -a --keyring-backend test --home "$NODE_HOME")
    expected=$(toml_table addresses | awk -F'\t' -v n="$name" '$1 == n { print $2 }')
    [ "$addr" = "$expected" ] || die "test key $name derives $addr, chain/test-keys.toml says '$expected'"
    "$BIN" genesis add-genesis-account "$addr" "$FUNDS" --home "$NODE_HOME" > /dev/null
  done < <(toml_table mnemonics)

  "$BIN" genesis gentx validator "$SELF_BOND" --chain-id "$CHAIN_ID" --keyring-backend test \
    --home "$NODE_HOME" > "$NODE_HOME/gentx.log" 2>&1 || { cat "$NODE_HOME/gentx.log" >&2; die "gentx failed"; }
  "$BIN" genesis collect-gentxs --home "$NODE_HOME" > /dev/null 2>&1
  genesis_params
  "$BIN" genesis validate-genesis --home "$NODE_HOME" > /dev/null
  touch "$INIT_MARK"
}

# Lines "name<TAB>value" of one table of chain/test-keys.toml (a flat table of strings).
toml_table() {
  awk -v want="$1" '
    /^\[.*\]/ { current = substr($0, 2, length($0) - 2); next }
    current == want && /^[a-z0-9_]+ *= *"/ {
      name = $0; sub(/ *=.*/, "", name)
      value = $0; sub(/^[^"]*"/, "", value); sub(/".*$/, "", value)
      print name "\t" value
    }' "$KEYS_FILE"
}

# Genesis edits. wasmd's defaults already let anyone store code and instantiate it (this is
# asserted, not assumed, so a future default cannot quietly turn the deploy test into a
# permissions failure); the governance periods are cut so that a proposal test would not wait
# two days.
genesis_params() {
  python3 - "$NODE_HOME/config/genesis.json" <<'PY'
import json, sys
path = sys.argv[1]
with open(path) as f:
    g = json.load(f)
wasm = g["app_state"]["wasm"]["params"]
assert wasm["code_upload_access"]["permission"] == "Everybody", wasm
assert wasm["instantiate_default_permission"] == "Everybody", wasm
gov = g["app_state"]["gov"]["params"]
gov["voting_period"] = "20s"
gov["expedited_voting_period"] = "10s"
gov["max_deposit_period"] = "20s"
with open(path, "w") as f:
    json.dump(g, f, indent=1)
PY
}

# Loopback listeners on the chosen ports, fast blocks, fees. Run on every start (idempotent).
configure() {
  local cfg="$NODE_HOME/config/config.toml" app="$NODE_HOME/config/app.toml"
  set_toml "$cfg" rpc laddr "\"tcp://127.0.0.1:$RPC_PORT\""
  set_toml "$cfg" rpc pprof_laddr "\"127.0.0.1:$PPROF_PORT\""
  set_toml "$cfg" p2p laddr "\"tcp://127.0.0.1:$P2P_PORT\""
  # One validator and no peers: don't look for any.
  set_toml "$cfg" p2p pex false
  set_toml "$cfg" p2p seeds '""'
  set_toml "$cfg" p2p persistent_peers '""'
  set_toml "$cfg" p2p addr_book_strict false
  # ABCI socket: unused (the app runs in-process) but bound to loopback all the same.
  set_toml "$cfg" "" proxy_app "\"tcp://127.0.0.1:$((RPC_PORT + 1))\""
  # Fast blocks: ~0.5 s from one commit to the next; the propose/prevote/precommit timeouts only
  # matter when a round fails, which a lone validator recovers from sooner with shorter ones.
  set_toml "$cfg" consensus timeout_propose '"500ms"'
  set_toml "$cfg" consensus timeout_propose_delta '"100ms"'
  set_toml "$cfg" consensus timeout_prevote '"250ms"'
  set_toml "$cfg" consensus timeout_prevote_delta '"100ms"'
  set_toml "$cfg" consensus timeout_precommit '"250ms"'
  set_toml "$cfg" consensus timeout_precommit_delta '"100ms"'
  set_toml "$cfg" consensus timeout_commit '"400ms"'

  set_toml "$app" "" minimum-gas-prices "\"$MIN_GAS_PRICE\""
  set_toml "$app" api enable true
  set_toml "$app" api address "\"tcp://127.0.0.1:$API_PORT\""
  set_toml "$app" grpc enable true
  set_toml "$app" grpc address "\"127.0.0.1:$GRPC_PORT\""
  # Not client.toml: wasmd v0.70.3 does not read it when --home is given, so every client call
  # passes --node, --chain-id and --keyring-backend test itself (see chain/README.md).
}

cmd_start() {
  local pid
  pid=$(node_pid)
  if [ -n "$pid" ]; then
    echo "localnet: already running (pid $pid, rpc 127.0.0.1:$RPC_PORT)"
    return 0
  fi
  rm -f "$PID_FILE"
  # Another process answering on our RPC port would make the wait below succeed against the
  # wrong node.
  if [ -x "$BIN" ] && [ -n "$(rpc_status)" ]; then
    die "something already answers on 127.0.0.1:$RPC_PORT (not this localnet's pid); set BALLAST_RPC_PORT"
  fi

  "$ROOT/scripts/build-node.sh"
  [ -f "$INIT_MARK" ] || init_node
  configure

  log "starting wasmd (log: $LOG)"
  # setsid: the node gets its own session, so a Ctrl-C or the end of the calling shell does not
  # take it down; it lives until `stop`. A background child of a script is not a process group
  # leader, so setsid execs in place and $! is the node's own pid (checked by node_pid()).
  local first_line=1
  [ -f "$LOG" ] && first_line=$(($(wc -l < "$LOG") + 1))
  setsid "$BIN" start --home "$NODE_HOME" --log_no_color >> "$LOG" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"

  local deadline=$((SECONDS + START_TIMEOUT)) status height
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "localnet: the node exited during start" >&2
      show_log "$first_line"
      rm -f "$PID_FILE"
      exit 1
    fi
    status=$(rpc_status)
    height=${status%% *}
    # Block 1 committed, and the REST API answers for this chain. The API's gateway reaches the
    # app through the gRPC listener, so this also proves gRPC is up: the node keeps producing
    # blocks when one of those two ports is taken, with both of them shut.
    if [ -n "$status" ] && [ "$height" -ge 1 ] && [ "$(api_network)" = "$CHAIN_ID" ]; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "localnet: no block, or no REST API/gRPC for $CHAIN_ID on 127.0.0.1:$API_PORT/$GRPC_PORT," \
        "after ${START_TIMEOUT}s (a port taken?)" >&2
      # Stop first: the node logs why its servers failed only when it shuts down.
      cmd_stop >&2
      show_log "$first_line"
      exit 1
    fi
    sleep 0.5
  done
  echo "localnet: running (pid $pid, chain $CHAIN_ID, height $height, rpc 127.0.0.1:$RPC_PORT," \
    "grpc 127.0.0.1:$GRPC_PORT, api 127.0.0.1:$API_PORT)"
}

cmd_stop() {
  local pid
  pid=$(node_pid)
  if [ -z "$pid" ]; then
    rm -f "$PID_FILE"
    echo "localnet: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true   # it may have exited since node_pid() looked
  # The node flushes its databases on SIGTERM; give it time before forcing.
  local _
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "localnet: pid $pid still alive after 30 s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "localnet: stopped (pid $pid)"
}

cmd_reset() {
  cmd_stop
  wipe_home
  echo "localnet: reset ($NODE_HOME removed)"
}

cmd_status() {
  local pid status
  pid=$(node_pid)
  if [ -z "$pid" ]; then
    echo "localnet: not running"
    return 0
  fi
  [ -x "$BIN" ] || die "missing $BIN"
  # Ask on the port the node was started with, which may not be this shell's BALLAST_RPC_PORT.
  local port
  port=$(awk '/^\[/ { s = $0 } s == "[rpc]" && /^laddr/ { gsub(/.*:|"/, ""); print; exit }' \
    "$NODE_HOME/config/config.toml")
  status=$(rpc_status "$port")
  if [ -z "$status" ]; then
    echo "localnet: running (pid $pid), RPC not answering (yet?); see $LOG"
  else
    echo "localnet: running (pid $pid), height ${status%% *}, chain id ${status#* }, rpc 127.0.0.1:$port"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  reset) cmd_reset ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|reset|status" >&2; exit 2 ;;
esac
