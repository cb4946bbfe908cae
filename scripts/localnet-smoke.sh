#!/usr/bin/env bash
# Smoke test of the local chain: a fresh node accepts our three Wasm artifacts.
#
#   scripts/localnet-smoke.sh
#
# Starts a throw-away node (its own home, .localnet-smoke/, and its own ports, 10000 above the
# localnet defaults, so a developer's running localnet is left alone), stores
# ballast_oracle/vault/liquidation.wasm from artifacts/ (built with scripts/build-wasm.sh if
# missing) as the deployer test key, checks each code's on-chain checksum against the file, finds a
# store transaction again through an event query (the syntax the later on-node tests use), prints
# each transaction's gas, and stops the node — also on failure, after printing its last log lines.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export BALLAST_LOCALNET_HOME=${BALLAST_LOCALNET_HOME:-"$ROOT/.localnet-smoke"}
export BALLAST_RPC_PORT=${BALLAST_RPC_PORT:-36657}
export BALLAST_P2P_PORT=${BALLAST_P2P_PORT:-36656}
export BALLAST_GRPC_PORT=${BALLAST_GRPC_PORT:-19090}
export BALLAST_API_PORT=${BALLAST_API_PORT:-11317}
export BALLAST_PPROF_PORT=${BALLAST_PPROF_PORT:-16060}

BIN="$ROOT/.tools/wasmd"
H="$BALLAST_LOCALNET_HOME"
NODE="tcp://127.0.0.1:$BALLAST_RPC_PORT"
# Fees as a user would pay them: simulated gas times 1.3, at the node's minimum gas price.
TX_FLAGS=(--from deployer --keyring-backend test --home "$H" --node "$NODE" --chain-id ballast-local
  --gas auto --gas-adjustment 1.3 --gas-prices 0.0025stake --broadcast-mode sync -y -o json)
CONTRACTS=(ballast_oracle ballast_vault ballast_liquidation)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'localnet-smoke: %s\n' "$*" >&2; exit 1; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

finish() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -f "$H/node.log" ]; then
    echo "localnet-smoke: failed; last node log lines:" >&2
    tail -n 30 "$H/node.log" >&2
  fi
  scripts/localnet.sh stop >&2 || true
  exit "$rc"
}

# A fresh chain every run: code ids start at 1 and nothing depends on a previous run.
scripts/localnet.sh reset >&2
trap finish EXIT
scripts/localnet.sh start >&2

if ! ls artifacts/"${CONTRACTS[0]}".wasm > /dev/null 2>&1; then
  log "no artifacts/: building them"
  scripts/build-wasm.sh >&2
fi
(cd artifacts && sha256sum --quiet -c checksums.txt) || die "artifacts/ differ from artifacts/checksums.txt"

printf '%-22s %8s %7s %11s %11s\n' contract bytes code_id gas_wanted gas_used
for c in "${CONTRACTS[@]}"; do
  file="artifacts/$c.wasm"
  out=$("$BIN" tx wasm store "$file" "${TX_FLAGS[@]}" 2> "$H/last-tx.err") \
    || { cat "$H/last-tx.err" >&2; die "store $c: broadcast failed"; }
  [ "$(json 'd["code"]' <<< "$out")" = 0 ] || die "store $c: rejected by CheckTx: $out"
  hash=$(json 'd["txhash"]' <<< "$out")
  # wait-tx subscribes to the node and returns the transaction once it is in a block.
  res=$("$BIN" q wait-tx "$hash" --timeout 30s --node "$NODE" -o json) || die "store $c: not included"
  [ "$(json 'd["code"]' <<< "$res")" = 0 ] || die "store $c: failed in block: $(json 'd["raw_log"]' <<< "$res")"
  code_id=$(json '[a["value"] for e in d["events"] if e["type"] == "store_code" for a in e["attributes"] if a["key"] == "code_id"][0]' <<< "$res")
  printf '%-22s %8s %7s %11s %11s\n' "$c" "$(stat -c %s "$file")" "$code_id" \
    "$(json 'd["gas_wanted"]' <<< "$res")" "$(json 'd["gas_used"]' <<< "$res")"
  # The chain's checksum of the stored code is the sha256 of the file we sent.
  onchain=$("$BIN" q wasm code-info "$code_id" --node "$NODE" -o json | json 'd["checksum"].lower()')
  [ "$onchain" = "$(sha256sum "$file" | cut -d' ' -f1)" ] || die "$c: on-chain checksum $onchain differs from the file's"
  last_hash=$hash last_code_id=$code_id
done

# Event query, as the later tests do it: `type.attribute='value'` with the value in single quotes.
# Both the CLI (through the node's tx_search) and the RPC endpoint itself are checked.
found=$("$BIN" q txs --query "store_code.code_id='$last_code_id'" --node "$NODE" -o json \
  | json '",".join(t["txhash"] for t in d["txs"])')
[ "$found" = "$last_hash" ] || die "q txs --query store_code.code_id='$last_code_id' found '$found', not $last_hash"
found=$(python3 - "$BALLAST_RPC_PORT" "$last_code_id" <<'PY'
import json, sys, urllib.parse, urllib.request
port, code_id = sys.argv[1], sys.argv[2]
query = urllib.parse.quote(f"\"store_code.code_id='{code_id}'\"")
with urllib.request.urlopen(f"http://127.0.0.1:{port}/tx_search?query={query}", timeout=10) as r:
    d = json.load(r)
print(",".join(t["hash"] for t in d["result"]["txs"]))
PY
)
[ "$found" = "$last_hash" ] || die "RPC tx_search found '$found', not $last_hash"
log "event query store_code.code_id='$last_code_id' finds tx $last_hash (CLI and RPC)"
echo "localnet-smoke: 3 codes stored, checksums match, event query works"
