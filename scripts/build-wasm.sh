#!/usr/bin/env bash
# Builds every contract under contracts/ to Wasm that the CosmWasm VM accepts.
#
#   scripts/build-wasm.sh            # all contracts
#   scripts/build-wasm.sh oracle     # only contracts/oracle
#
# Steps (see ARCHITECTURE.md, "Building Wasm on this toolchain"):
#   1. installs what is missing, idempotently: the wasm32-unknown-unknown target (rustup) and
#      binaryen's wasm-opt at a pinned version (npm, into .tools/ — nothing global);
#   2. cargo build --release for wasm32 (workspace release profile: lto, overflow checks on);
#   3. wasm-opt: merges similar functions, flattens and re-derives the control flow (--flatten
#      --rereloop), then -Oz twice (the vault is 12 KB smaller than with -Os alone); then lowers sign-extension and bulk-memory opcodes that Rust 1.87+ emits and
#      the VM rejects (--signext-lowering --llvm-memory-copy-fill-lowering);
#   4. writes artifacts/<crate_name>.wasm and artifacts/checksums.txt (sha256);
#   5. validates each artifact with the VM itself (tests/src/bin/check-wasm.rs: static checks with a
#      current chain's capabilities, then a full compile) and fails on any artifact over 800 KB.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BINARYEN_VERSION=124.0.0
MAX_BYTES=$((800 * 1024))
TOOLS="$ROOT/.tools"
WASM_OPT="$TOOLS/binaryen-$BINARYEN_VERSION/node_modules/.bin/wasm-opt"
TARGET_DIR=${CARGO_TARGET_DIR:-"$ROOT/target"}

log() { printf '==> %s\n' "$*" >&2; }

# 1. toolchain pieces
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ ! -x "$WASM_OPT" ]; then
  command -v npm >/dev/null || { echo "npm is required to install binaryen" >&2; exit 1; }
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) into .tools/"
  mkdir -p "$TOOLS/binaryen-$BINARYEN_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/binaryen-$BINARYEN_VERSION" \
    "binaryen@$BINARYEN_VERSION" >&2
fi

# 2. which contracts
if [ $# -gt 0 ]; then
  dirs=()
  for name in "$@"; do dirs+=("contracts/$name"); done
else
  dirs=(contracts/*/)
fi

# -s strips symbols at link time; the remaps shorten the registry paths that panic locations embed
# (about 1.7 KB per contract; std's own /rustc/<hash>/ paths are fixed in its prebuilt rlibs).
# crates.io's directory is named up front so the remap also applies on a fresh machine, where
# cargo unpacks the sources only during this build.
RUSTFLAGS_WASM="-C link-arg=-s"
CRATES_IO_SRC="${CARGO_HOME:-$HOME/.cargo}/registry/src/index.crates.io-1949cf8c6b5b557f"
RUSTFLAGS_WASM+=" --remap-path-prefix=$CRATES_IO_SRC=r"
for src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$src" ] && [ "${src%/}" != "$CRATES_IO_SRC" ] && RUSTFLAGS_WASM+=" --remap-path-prefix=${src%/}=r"
done

mkdir -p artifacts
built=()
for dir in "${dirs[@]}"; do
  dir=${dir%/}
  [ -f "$dir/Cargo.toml" ] || { echo "no contract at $dir" >&2; exit 1; }
  crate=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$dir/Cargo.toml" | head -n 1)
  lib=${crate//-/_}
  log "building $crate"
  RUSTFLAGS="$RUSTFLAGS_WASM" cargo build --quiet --release --lib --locked \
    --target wasm32-unknown-unknown -p "$crate"
  raw="$TARGET_DIR/wasm32-unknown-unknown/release/$lib.wasm"
  out="artifacts/$lib.wasm"
  # 3. optimise (see the header), then lower the opcodes the VM rejects (lowering last so nothing re-introduces them)
  "$WASM_OPT" "$raw" -o "$out" \
    --enable-sign-ext --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue \
    --merge-similar-functions --flatten --rereloop -Oz -Oz --strip-debug --strip-producers \
    --signext-lowering --llvm-memory-copy-fill-lowering
  built+=("$out")
done

# 4. checksums of everything in artifacts/
(cd artifacts && sha256sum ./*.wasm | sed 's| \./| |' > checksums.txt)

# 5. sizes and VM validation
status=0
for out in "${built[@]}"; do
  size=$(stat -c %s "$out")
  printf '%-36s %8d bytes  %6.1f KiB\n' "$out" "$size" "$(awk "BEGIN{print $size/1024}")"
  if [ "$size" -gt "$MAX_BYTES" ]; then
    echo "FAIL $out is over the 800 KB upload limit" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] || exit 1
log "validating with cosmwasm-vm (static checks + compile)"
# CI builds every test first and passes the checker it built (same dependency features, so the VM
# is compiled once); on its own this script builds the checker itself.
if [ -n "${CHECK_WASM_BIN:-}" ] && [ -x "$CHECK_WASM_BIN" ]; then
  "$CHECK_WASM_BIN" "${built[@]}"
else
  cargo run --quiet --locked -p ballast-tests --bin check-wasm -- "${built[@]}"
fi
