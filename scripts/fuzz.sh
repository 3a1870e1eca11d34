#!/usr/bin/env bash
# Runs cargo-fuzz targets for SECONDS each (default 60) and prints the executions.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     every target when none is named
#
# Each target grows fuzz/corpus/TARGET (committed, minimized) and also reads fuzz/seeds/TARGET
# when present (seeds from the oracle's answers, near misses and exploits; write them with
# `cd fuzz && cargo run --release --example seeds`). fuzz/dicts/TARGET.dict, when present, is
# passed as the libFuzzer dictionary. With FUZZ_MINIMIZE=1 the corpus is minimized afterwards
# (set-cover merge on edge coverage). FUZZ_JOBS=N runs N targets at a time (default 1).
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer needs nightly flags; on a stable
# toolchain RUSTC_BOOTSTRAP=1 enables them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
export RUSTC_BOOTSTRAP=1
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

# Inputs a little longer than each task's MAX_ANSWER_BYTES reach the "too long" path; longer
# ones only slow the fuzzer down.
max_len() {
  case "$1" in
    verify_countdown) echo 1200 ;;
    verify_knights_knaves) echo 4300 ;;
    verify_sudoku) echo 8400 ;;
    verify_zebra | verify_string_compose) echo 16600 ;;
    verify_procedures) echo 33000 ;;
    *) echo 64 ;;
  esac
}

cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O

run_one() {
  local target="$1" log extra=()
  mkdir -p "corpus/$target"
  [ -d "seeds/$target" ] && extra+=("seeds/$target")
  local flags=(-max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb=4096
    -print_final_stats=1)
  [ -f "dicts/$target.dict" ] && flags+=(-dict="dicts/$target.dict")
  log="$(mktemp)"
  if ! cargo fuzz run -O "$target" "corpus/$target" "${extra[@]}" -- "${flags[@]}" 2>"$log"; then
    tail -40 "$log"
    echo "FAILED: $target (log $log)"
    return 1
  fi
  local runs
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  echo "$target: ${runs:-?} executions in ${seconds}s, no crash"
  if [ "${FUZZ_MINIMIZE:-0}" = 1 ]; then
    # Greedy set cover over edge coverage (hit counts ignored) of the corpus and the seeds: a
    # small corpus that keeps every edge, a few hundred files at most.
    local triple min
    triple="$(rustc -vV | sed -n 's/^host: //p')"
    min="$(mktemp -d)"
    "target/$triple/release/$target" -set_cover_merge=1 -use_counters=0 "$min" "corpus/$target" \
      "${extra[@]}" >/dev/null 2>&1
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
