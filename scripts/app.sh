#!/usr/bin/env bash
# The web app, app/: its browser, its pinned packages, its build and its browser tests.
# Needs Node 20+ and npm; installs nothing globally but Debian's chromium (for the tests).
#
#   scripts/app.sh install   Debian's chromium + chromium-driver through apt-get if /usr/bin/chromium
#                            is missing; npm ci in app/ (a no-op while node_modules matches
#                            package-lock.json and the Node version)
#   scripts/app.sh build     svelte-check (types and accessibility warnings are errors), then
#                            vite build into app/dist
#   scripts/app.sh test      against a running local node (BALLAST_RPC_PORT, BALLAST_API_PORT as for
#                            scripts/localnet.sh): a fresh `ballast deploy` recorded in
#                            target/app-test/, a small `ballast simulate` report for the Risk chart,
#                            a keeper file for the liquidator test key (the tests run it once),
#                            the built app served by `vite preview` on 127.0.0.1:$BALLAST_APP_PORT
#                            [24173], then app/tests/*.test.mjs in headless chromium; the server is
#                            stopped by its pid. Screenshots: target/app-screenshots/.
#                            BALLAST_BIN is the CLI [$CARGO_TARGET_DIR/debug/ballast].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP="$ROOT/app"
TARGET_DIR=${CARGO_TARGET_DIR:-"$ROOT/target"}
STAMP="$APP/node_modules/.ballast-install-stamp"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

die() { printf 'app: %s\n' "$*" >&2; exit 1; }

need_node() {
  command -v node >/dev/null && command -v npm >/dev/null || die "needs node (20+) and npm on PATH"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "needs Node 20 or newer, found $(node --version)"
}

install_browser() {
  if [[ -x $CHROMIUM ]]; then
    echo "app: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    return
  fi
  [[ $CHROMIUM == /usr/bin/chromium ]] || die "CHROMIUM=$CHROMIUM is not an executable"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  echo "app: installing Debian's chromium and chromium-driver (apt-get)"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver > /dev/null
  "$CHROMIUM" --version
}

install() {
  need_node
  install_browser
  local want
  want=$({ node --version; sha256sum "$APP/package.json" "$APP/package-lock.json"; } | sha256sum | cut -d' ' -f1)
  if [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
    echo "app: node_modules is up to date"
    return
  fi
  (cd "$APP" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$STAMP"
}

build() {
  need_node
  [[ -d $APP/node_modules ]] || die "run scripts/app.sh install first"
  (cd "$APP" && node_modules/.bin/svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output human) \
    || die "svelte-check failed"
  (cd "$APP" && node_modules/.bin/vite build --logLevel warn) || die "vite build failed"
  echo "app: built app/dist ($(du -sh "$APP/dist" | cut -f1))"
}

test_app() {
  need_node
  [[ -f $APP/dist/index.html ]] || die "run scripts/app.sh build first"
  local bin=${BALLAST_BIN:-"$TARGET_DIR/debug/ballast"} dir="$TARGET_DIR/app-test" start=$SECONDS
  local port=${BALLAST_APP_PORT:-24173} server_pid="" status=0
  [[ -x $bin ]] || die "no ballast CLI at $bin (cargo build -p ballast-cli, or BALLAST_BIN)"
  rm -rf "$dir" "$TARGET_DIR/app-screenshots"
  mkdir -p "$dir/sim"
  # A deployment of its own, from a copy of deployments/local.toml with absolute paths, so the
  # record goes to target/app-test/ and a developer's deployments/ballast-local.json is left alone.
  sed -e "s|\"\.\./chain/test-keys.toml\"|\"$ROOT/chain/test-keys.toml\"|" \
    -e "s|\"\.\./artifacts\"|\"$ROOT/artifacts\"|" "$ROOT/deployments/local.toml" > "$dir/local.toml"
  grep -q "$ROOT/artifacts" "$dir/local.toml" || die "deployments/local.toml no longer names ../artifacts"
  if ! "$bin" deploy "$dir/local.toml" --network local --fresh > "$dir/deploy.log" 2>&1; then
    tail -n 20 "$dir/deploy.log" >&2
    die "ballast deploy failed"
  fi
  echo "app: deployed in $((SECONDS - start)) s (record $dir/ballast-local.json)"
  # The keeper the tests run once after the price drop (the liquidator test key, this record)
  sed -e "s|\"\.\./chain/test-keys.toml\"|\"$ROOT/chain/test-keys.toml\"|" \
    -e "s|^record = \"ballast-local.json\"|record = \"$dir/ballast-local.json\"|" \
    "$ROOT/deployments/keeper-local.toml" > "$dir/keeper.toml"
  grep -q "^record = \"$dir/" "$dir/keeper.toml" || die "deployments/keeper-local.toml no longer has record = \"ballast-local.json\""
  # The Risk page's chart: the default scenario cut to 30 borrowers (a few seconds in debug)
  sed -e '/^\[borrowers\]/,/^count/ s/^count = .*/count = 30/' \
    -e '0,/^name = / s/^name = .*/name = "atom-crash, 30 borrowers (app test)"/' \
    "$ROOT/packages/cli/scenarios/default.toml" > "$dir/sim/scenario.toml"
  "$bin" simulate "$dir/sim/scenario.toml" --out "$dir/sim" -q > "$dir/sim/summary.txt" 2>&1 \
    || { tail -n 20 "$dir/sim/summary.txt" >&2; die "ballast simulate failed"; }

  export BALLAST_DEPLOYMENT="$dir/ballast-local.json" BALLAST_REPORT="$dir/sim/report.json" \
    BALLAST_APP_PORT="$port"
  (cd "$APP" && exec node_modules/.bin/vite preview --logLevel warn) > "$dir/server.log" 2>&1 &
  server_pid=$!
  # shellcheck disable=SC2064
  trap "kill $server_pid 2>/dev/null || true" EXIT
  local url="http://127.0.0.1:$port" tries=0
  until curl -sf -o /dev/null "$url/config.json"; do
    ((++tries <= 100)) && kill -0 "$server_pid" 2>/dev/null || {
      cat "$dir/server.log" >&2
      die "the app server did not come up on $url"
    }
    sleep 0.1
  done
  echo "app: serving app/dist on $url (pid $server_pid); browser tests"
  (cd "$APP" && APP_URL="$url" BALLAST_BIN="$bin" BALLAST_DEPLOYMENT_FILE="$dir/local.toml" \
    BALLAST_KEEPER_FILE="$dir/keeper.toml" \
    SCREENSHOTS="$TARGET_DIR/app-screenshots" CHROMIUM="$CHROMIUM" \
    node --test --test-reporter=spec --test-concurrency=1 tests/) || status=$?
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  trap - EXIT
  echo "app: screenshots in $TARGET_DIR/app-screenshots/; deploy + report + browser tests in $((SECONDS - start)) s"
  return "$status"
}

case "${1:-}" in
  install) install ;;
  build) build ;;
  test) test_app ;;
  *) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
