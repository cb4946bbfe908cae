#!/usr/bin/env bash
# Writes the JSON schema of every contract into schema/<contract>/ from its examples/schema.rs
# (cosmwasm_schema::write_api!).
#
#   scripts/schema.sh           # regenerate schema/ in place
#   scripts/schema.sh --check   # regenerate into a temp dir and fail if schema/ differs (CI)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

check=0
[ "${1:-}" = "--check" ] && check=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for dir in contracts/*/; do
  dir=${dir%/}
  [ -f "$dir/examples/schema.rs" ] || continue
  name=$(basename "$dir")
  mkdir -p "$work/$name"
  # write_api! writes ./schema relative to the working directory. No `-p`: the example's name is
  # unique in the workspace, and without `-p` cargo resolves the workspace's unified features, so
  # this reuses what `cargo test --workspace` built instead of rebuilding each contract's tree.
  (cd "$work/$name" && cargo run --quiet --locked --manifest-path "$ROOT/Cargo.toml" \
      --example "schema-$name" > /dev/null)
  mkdir -p "$work/out"
  mv "$work/$name/schema" "$work/out/$name"
done

if [ "$check" -eq 1 ]; then
  if ! diff -ru schema "$work/out" > "$work/diff.txt" 2>&1; then
    echo "schema/ is out of date: run scripts/schema.sh and commit the result" >&2
    head -n 60 "$work/diff.txt" >&2
    exit 1
  fi
  echo "schema/ is up to date"
else
  rm -rf schema
  mkdir -p schema
  cp -r "$work/out/." schema/
  echo "wrote $(find schema -name '*.json' | wc -l) schema files to schema/"
fi
