#!/usr/bin/env bash
# The TypeScript client, clients/ts (@ballast/client): its pinned packages, its generated code,
# its type-check and its example. Needs Node 20+ and npm; installs nothing globally.
#
#   scripts/ts-client.sh install          npm ci in clients/ts; a no-op while node_modules matches
#                                         package-lock.json (and the Node version)
#   scripts/ts-client.sh generate         regenerate clients/ts/src/generated from schema/
#   scripts/ts-client.sh check            fail if src/generated differs from what schema/ generates
#                                         (drift, like scripts/schema.sh --check), then tsc --strict,
#                                         then the event decoders' tests (test/*.test.ts)
#   scripts/ts-client.sh example [RECORD] examples/deposit-borrow-repay.ts against a running node:
#                                         RECORD is the deployment record of `ballast deploy`
#                                         [deployments/ballast-local.json]; the node's RPC port is
#                                         BALLAST_RPC_PORT [26657] (see the example's header)
# generate, check and example run install first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG="$ROOT/clients/ts"
STAMP="$PKG/node_modules/.ballast-install-stamp"

die() { printf 'ts-client: %s\n' "$*" >&2; exit 1; }

need_node() {
  command -v node >/dev/null && command -v npm >/dev/null || die "needs node (20+) and npm on PATH"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "needs Node 20 or newer, found $(node --version)"
}

install_stamp() {
  { node --version; sha256sum "$PKG/package.json" "$PKG/package-lock.json"; } | sha256sum | cut -d' ' -f1
}

install() {
  need_node
  local want
  want=$(install_stamp)
  if [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
    echo "clients/ts: node_modules is up to date"
    return
  fi
  # npm ci: exactly package-lock.json, or an error if it disagrees with package.json
  (cd "$PKG" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$STAMP"
}

generate() {
  install >/dev/null
  node "$PKG/scripts/generate.cjs" "$PKG/src/generated"
}

check() {
  install >/dev/null
  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  node "$PKG/scripts/generate.cjs" "$work/generated" >/dev/null
  if ! diff -ru "$PKG/src/generated" "$work/generated" > "$work/diff.txt" 2>&1; then
    echo "clients/ts/src/generated is out of date with schema/: run scripts/ts-client.sh generate and commit the result" >&2
    head -n 60 "$work/diff.txt" >&2
    return 1
  fi
  echo "clients/ts/src/generated is up to date with schema/"
  (cd "$PKG" && node_modules/.bin/tsc -p tsconfig.json --strict) || die "tsc --strict failed"
  echo "clients/ts: tsc --strict passed"
  (cd "$PKG" && node_modules/.bin/tsx --test --test-reporter=dot test/*.test.ts) || die "the decoder tests failed"
  echo "clients/ts: the decoder tests passed"
}

example() {
  install >/dev/null
  local record=${1:-"$ROOT/deployments/ballast-local.json"}
  record=$(realpath -m "$record")
  (cd "$PKG" && node_modules/.bin/tsx examples/deposit-borrow-repay.ts "$record")
}

case "${1:-}" in
  install) install ;;
  generate) generate ;;
  check) check ;;
  example) shift; example "$@" ;;
  *) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
