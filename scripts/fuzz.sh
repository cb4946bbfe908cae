#!/usr/bin/env bash
# Fuzzes the contracts with cargo-fuzz (libFuzzer) for a bounded time; see README "Fuzzing".
#
#   scripts/fuzz.sh [seconds] [target...]   seconds per target (default 60); targets: vault oracle
#                                           liquidation (default all)
#
# Installs what a fresh machine lacks, once: the nightly toolchain (rustup, minimal profile) and
# cargo-fuzz $CARGO_FUZZ_VERSION (cargo install --locked into $CARGO_HOME, ~/.cargo, so that every
# clone on the machine shares it; FUZZ_TOOLS=<dir> to put it elsewhere, e.g. .tools/cargo-fuzz).
# Builds the targets (fuzz/target, own lock file, checked with --locked), then runs them, two at a
# time, each for the given seconds, inputs up to 1 KiB (about 16 steps) from the first run on.
# Exits non-zero if any target crashes (a contract panic, or a broken invariant: the harness
# panics naming the check), times out or runs out of memory, printing the input's path under
# fuzz/artifacts/<target>/ and the panic message; full logs in fuzz/target/logs/.
#
# Environment: FUZZ_JOBS (parallel targets and build jobs, default 2), FUZZ_TIMEOUT (seconds one
# input may take, default 30), FUZZ_TARGET_DIR (build directory, default fuzz/target; one outside
# the clone saves the cold build, about 4 min, in every fresh clone), BALLAST_FUZZ_SKIP (checks to
# turn off, comma-separated), BALLAST_FUZZ_CHECK_ALL (end, step or off), FUZZ_ARGS (more
# libFuzzer flags).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CARGO_FUZZ_VERSION=0.13.2
TOOLS=${FUZZ_TOOLS:-${CARGO_HOME:-$HOME/.cargo}}
SECONDS_PER_TARGET=${1:-60}
[[ $# -gt 0 ]] && shift
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=(vault oracle liquidation)
JOBS=${FUZZ_JOBS:-2}
TIMEOUT=${FUZZ_TIMEOUT:-30}
usage() {
  echo "usage: scripts/fuzz.sh [seconds] [vault|oracle|liquidation...]" >&2
  exit 2
}
[[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] && ((SECONDS_PER_TARGET >= 1)) || usage
for target in "${TARGETS[@]}"; do
  [[ $target =~ ^(vault|oracle|liquidation)$ ]] || usage
done

# ---- set-up (idempotent) ----
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
export PATH="$TOOLS/bin:$PATH"
if [[ "$(cargo-fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION into $TOOLS"
  cargo install --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$TOOLS" \
    -j "$JOBS"
fi
if command -v python3 >/dev/null && ! python3 scripts/fuzz-corpus.py --check >/dev/null; then
  echo "fuzz: warning: fuzz/templates or the seeds are older than schema/:" \
    "run scripts/fuzz-corpus.py" >&2
fi

# ---- build ----
# --locked: fails if fuzz/Cargo.lock needs an update (cargo fuzz build has no such flag).
cargo +nightly metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
build_start=$(date +%s)
build_args=()  # one target: build only it; several: build all
((${#TARGETS[@]} == 1)) && build_args=("${TARGETS[0]}")
HOST=$(rustc +nightly -vV | sed -n 's/^host: //p')
TARGET_DIR=${FUZZ_TARGET_DIR:-fuzz/target}
CARGO_BUILD_JOBS=$JOBS cargo +nightly fuzz build --sanitizer none --target "$HOST" \
  --target-dir "$TARGET_DIR" "${build_args[@]}"
echo "fuzz: build $(($(date +%s) - build_start)) s"

# ---- run ----
BIN=$TARGET_DIR/$HOST/release
LOGS=$TARGET_DIR/logs
mkdir -p "$LOGS"
run_target() {
  local target=$1 status=0
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  # The binary itself, not `cargo fuzz run`, which would rebuild from a working tree that may
  # have changed since the build. New inputs go to fuzz/corpus/<target> (seeds: seed-*).
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
  "$BIN/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=4096 \
    -max_len=1024 -len_control=0 \
    -dict="fuzz/dict/$target.dict" -artifact_prefix="fuzz/artifacts/$target/" \
    -print_final_stats=1 ${FUZZ_ARGS:-} "fuzz/corpus/$target" >"$LOGS/$target.log" 2>&1 ||
    status=$?
  echo "$status" >"$LOGS/$target.status"
}

run_start=$(date +%s)
failed=0
for target in "${TARGETS[@]}"; do
  while (($(jobs -rp | wc -l) >= JOBS)); do sleep 1; done
  echo "fuzz: $target for ${SECONDS_PER_TARGET} s"
  rm -f "$LOGS/$target.status"
  run_target "$target" &
done
wait
echo "fuzz: runs $(($(date +%s) - run_start)) s"
for target in "${TARGETS[@]}"; do
  status=$(cat "$LOGS/$target.status" 2>/dev/null || echo 1)
  log="$LOGS/$target.log"
  stats=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 |
    sed -E 's/.*DONE +cov: ([0-9]+).*corp: ([0-9]+)\/[^ ]+.*exec\/s: ([0-9]+).*/coverage \1, corpus \2, \3 exec\/s/' || true)
  runs=$(grep -a -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}' || true)
  if ((status == 0)); then
    echo "fuzz: $target: ok: ${runs:-?} inputs, ${stats:-no stats}"
  else
    failed=1
    artifact=$(grep -a -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //' || true)
    echo "fuzz: $target: FAILED (exit $status) after ${runs:-?} inputs; log: $log"
    grep -a -A2 -E "panicked at|ERROR: libFuzzer: (timeout|out-of-memory)" "$log" | head -8 | sed 's/^/  /' || true
    if [[ -n $artifact ]]; then
      echo "  crashing input: $artifact"
      echo "  reproduce: BALLAST_FUZZ_DEBUG=1 $BIN/$target $artifact"
    fi
  fi
done
exit "$failed"
