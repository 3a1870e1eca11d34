#!/usr/bin/env bash
# Runs the fuzz targets for SECONDS each (default 60) and prints the executions.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     every target when none is named
#
# Three targets, each covering every registered task (a new task needs no edit here or in
# fuzz/): verify_any (hostile answers, up to and past each task's MAX_ANSWER_BYTES, read from
# the registry), payload_any (hostile payloads: garbage, splices, and well-formed JSON with
# hostile sizes and values) and generate_any. Every run has a memory limit (FUZZ_RSS_MB,
# default 2048: -rss_limit_mb) and a per-input time limit (FUZZ_TIMEOUT seconds, default 10:
# -timeout); exceeding either is a failure, like a crash. Inputs are at most FUZZ_MAX_LEN
# bytes (default 4096, the same for every target: the targets scale answers to each task's
# cap themselves).
#
# Each target grows fuzz/corpus/TARGET (committed, minimized) and also reads fuzz/seeds/TARGET
# when present (write them with `cd fuzz && cargo run --release --example seeds`).
# fuzz/dicts/TARGET.dict, when present, is the libFuzzer dictionary. With FUZZ_MINIMIZE=1 the
# corpus is minimized afterwards (set-cover merge on edge coverage). FUZZ_JOBS=N runs N
# targets at a time (default 1).
#
# Uses cargo-fuzz when installed (`cargo install cargo-fuzz`); without it, builds the targets
# with the same sanitizer-coverage flags through cargo directly. libFuzzer needs nightly
# flags; on a stable toolchain RUSTC_BOOTSTRAP=1 enables them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
export RUSTC_BOOTSTRAP=1
triple="$(rustc -vV | sed -n 's/^host: //p')"
rss_mb="${FUZZ_RSS_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-10}"
max_len="${FUZZ_MAX_LEN:-4096}"
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^synlogic-fuzz$')
fi

if cargo fuzz --version >/dev/null 2>&1; then
  cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O
else
  # What `cargo fuzz build -O` passes, without cargo-fuzz.
  RUSTFLAGS="${RUSTFLAGS:-} --cfg fuzzing -Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares \
    -Cdebug-assertions -Coverflow-checks" \
    cargo build --release --bins --target "$triple"
fi
bin_dir="target/$triple/release"

run_one() {
  local target="$1" log extra=()
  mkdir -p "corpus/$target"
  [ -d "seeds/$target" ] && extra+=("seeds/$target")
  local flags=(-max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="$rss_mb"
    -malloc_limit_mb="$rss_mb" -timeout="$timeout" -print_final_stats=1)
  [ -f "dicts/$target.dict" ] && flags+=(-dict="dicts/$target.dict")
  log="$(mktemp)"
  if ! "$bin_dir/$target" "${flags[@]}" "corpus/$target" "${extra[@]}" 2>"$log"; then
    tail -40 "$log"
    echo "FAILED: $target (log $log)"
    return 1
  fi
  local runs
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  echo "$target: ${runs:-?} executions in ${seconds}s, no crash, no timeout, no OOM"
  if [ "${FUZZ_MINIMIZE:-0}" = 1 ]; then
    # Greedy set cover over edge coverage (hit counts ignored) of the corpus and the seeds: a
    # small corpus that keeps every edge, a few hundred files at most.
    local min
    min="$(mktemp -d)"
    "$bin_dir/$target" -set_cover_merge=1 -use_counters=0 -rss_limit_mb="$rss_mb" \
      -timeout="$timeout" "$min" "corpus/$target" "${extra[@]}" >/dev/null 2>&1
    rm -rf "corpus/$target" && mv "$min" "corpus/$target" && chmod 755 "corpus/$target"
    echo "$target: corpus minimized to $(find "corpus/$target" -type f | wc -l) files"
  fi
  rm -f "$log"
}

jobs="${FUZZ_JOBS:-1}"
status=0
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || status=1
  done
  run_one "$target" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
  wait -n || status=1
done
exit "$status"
