#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60) and prints the executions.
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer needs nightly flags; on a stable
# toolchain RUSTC_BOOTSTRAP=1 enables them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=4096 2>"$log" || { tail -40 "$log"; echo "FAILED: $target"; exit 1; }
  runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1)
  echo "$target: ${runs:-?} in ${seconds}s"
  rm -f "$log"
done
