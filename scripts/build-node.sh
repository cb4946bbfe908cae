#!/usr/bin/env bash
# Builds the local chain's node binary, .tools/wasmd, from the wasmd version pinned in chain/.
#
#   scripts/build-node.sh          # builds only if chain/go.mod, go.sum or the Go version changed
#   scripts/build-node.sh --force  # rebuilds anyway
#
# The binary links libwasmvm, which cgo takes from the wasmvm Go module in the module cache: no
# other download. A stamp file beside the binary records what it was built from, so a second
# run is a no-op (CI calls this on every run; Go's module and build caches make a rebuild after
# a version bump much cheaper than the cold build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHAIN="$ROOT/chain"
BIN="$ROOT/.tools/wasmd"
STAMP="$ROOT/.tools/wasmd.stamp"

log() { printf '==> %s\n' "$*" >&2; }

command -v go >/dev/null || { echo "go is required to build the node (Go >= 1.25.9)" >&2; exit 1; }

# Same tags and version stamps as wasmd's own Makefile `build` target, less `ledger` (no hardware
# wallets on a test chain, and it would pull in USB HID code). netgo: Go's own DNS resolver.
TAGS=netgo
WASMD_VERSION=$(cd "$CHAIN" && go list -m -f '{{.Version}}' github.com/CosmWasm/wasmd)
LDFLAGS="-X github.com/cosmos/cosmos-sdk/version.Name=wasm \
-X github.com/cosmos/cosmos-sdk/version.AppName=wasmd \
-X github.com/cosmos/cosmos-sdk/version.Version=${WASMD_VERSION#v} \
-X github.com/cosmos/cosmos-sdk/version.BuildTags=$TAGS"

# What the binary depends on: the module graph, the compiler and the flags above.
want=$( { cat "$CHAIN/go.mod" "$CHAIN/go.sum"; go version; echo "$TAGS $LDFLAGS"; } | sha256sum | cut -d' ' -f1)

# The binary finds libwasmvm in the module cache (cgo's rpath): after `go clean -modcache` it no
# longer starts, so "up to date" also means "runs".
if [ "${1:-}" != "--force" ] && [ -x "$BIN" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
  && "$BIN" version > /dev/null 2>&1; then
  log "node is up to date: $BIN ($WASMD_VERSION)"
  exit 0
fi

log "building wasmd $WASMD_VERSION with $(go version | cut -d' ' -f3) into .tools/ (the first build takes minutes)"
mkdir -p "$ROOT/.tools"
rm -f "$STAMP"
cd "$CHAIN"
# nice: the machine's two cores are shared with cargo builds and tests.
# -mod=readonly: go.sum is the pin; a build must never rewrite it.
nice -n 10 go build -mod=readonly -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" \
  -o "$BIN" github.com/CosmWasm/wasmd/cmd/wasmd
"$BIN" version > /dev/null   # fails here, not later, if libwasmvm cannot be loaded
echo "$want" > "$STAMP"
log "built $BIN"
