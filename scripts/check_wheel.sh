#!/usr/bin/env bash
# Builds the release wheel (abi3, the manylinux tag maturin's compliance check gives it),
# installs it into a fresh venv whose PATH has no Rust toolchain, and runs `synlogic gen` and
# a verify from it. Prints the wheel's size and the install time.
#
#   scripts/check_wheel.sh [OUT_DIR]     (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
PY="$(command -v python3 || command -v python)"

rm -rf "$out" && mkdir -p "$out"
maturin build --release --out "$out"
wheel="$(ls "$out"/synlogic-*.whl)"
case "$wheel" in
  *-abi3-manylinux_*) ;;
  *) echo "check_wheel: expected an abi3 manylinux wheel, got $wheel" >&2; exit 1 ;;
esac
echo "wheel: $(basename "$wheel"), $(du -k "$wheel" | cut -f1) KiB"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PY" -m venv "$work/venv"
# The venv's own bin and the system's, nothing else: no cargo, rustc or maturin.
clean_path="$work/venv/bin:/usr/bin:/bin"
if env PATH="$clean_path" sh -c 'command -v cargo || command -v rustc'; then
  echo "check_wheel: a Rust toolchain is still on the clean PATH" >&2
  exit 1
fi
run() { env PATH="$clean_path" "$@"; }
started=$(date +%s%N)
run pip install --quiet --only-binary synlogic "$wheel"
echo "install: $(( ($(date +%s%N) - started) / 1000000 )) ms (with its dependencies)"

cd "$work"
run synlogic gen -t countdown -l 3 -n 200 -o items.jsonl
run python -c '
import json
rows = [json.loads(line) for line in open("items.jsonl")]
with open("completions.jsonl", "w") as f:
    for i, row in enumerate(rows):
        answer = row["answer"] if i % 2 else "0"
        f.write(json.dumps({"completion": f"<answer>{answer}</answer>"}) + "\n")
'
run synlogic verify items.jsonl completions.jsonl | tee verify.txt
grep -q "accuracy" verify.txt
run python -c '
import synlogic
row = synlogic.generate("sudoku", 1, seed=3)[0]
verdict = synlogic.verify(row["verification"], "<answer>" + row["answer"] + "</answer>")
assert verdict.correct, verdict
print("verify from the wheel:", verdict)
'
