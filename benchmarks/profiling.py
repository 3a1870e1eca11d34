"""Where generation time goes: a ``perf`` profile of synlogic generating one case's rows.

    python benchmarks/profiling.py compose-default [--seconds 5] [--mode rows|jsonl]

Runs ``synlogic.generate`` (``rows``, Python objects, as the generation table measures, on
one thread; ``rows_all`` on every core, to see the serial share in the calling thread),
``_core.generate_jsonl`` (``jsonl``, the bytes ``synlogic gen`` writes) or
``synlogic.score_batch`` on oracle answers (``verify``) on one thread under
``perf record`` and prints the share of samples per library (Python interpreter, libc
malloc/free, the synlogic extension, the kernel) and the top symbols of the extension. Used
for the notes on rows that miss a target; needs Linux ``perf``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import BY_KEY  # noqa: E402

_DRIVER = """
import json, sys, time
sys.path.insert(0, {here!r})
from adapters import ours_rows
from cases import BY_KEY
from synlogic import _core
case = BY_KEY[{key!r}]
if {mode!r} == "verify":
    import synlogic
    rows = ours_rows(case, 2, 0, 1024)
    payloads = [r["verification"] for r in rows]
    answers = ["<answer>" + r["answer"] + "</answer>" for r in rows]
started = time.perf_counter()
done = index = 0
while time.perf_counter() - started < {seconds}:
    if {mode!r} == "verify":
        done += len(synlogic.score_batch(payloads, answers))
    elif {mode!r} in ("rows", "rows_all"):
        done += len(ours_rows(case, 1, index, 2048))
    else:
        for knobs in case.knobs:
            _core.generate_jsonl(case.task, 2048 // len(case.knobs), 1, index, None,
                                 json.dumps(knobs), None, True)
        done += 2048
    index += 2048
print(json.dumps({{"rate": done / (time.perf_counter() - started)}}))
"""


def _report(data: str, sort: str, extra: list[str]) -> list[tuple[float, str]]:
    out = subprocess.run(
        ["perf", "report", "-i", data, "--no-children", "--sort", sort, "--stdio", *extra],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    rows = []
    for line in out.splitlines():
        text = line.strip()
        if not text or text.startswith("#") or not text[0].isdigit() or "%" not in text:
            continue
        share, _, name = text.partition("%")
        name = name.strip().split("   ")[0].replace("[.] ", "").replace("[k] ", "").strip()
        rows.append((float(share), name))
    return rows


def profile(key: str, seconds: float = 5.0, mode: str = "rows") -> dict:
    """Profiles one case's generation; returns the rate and the sample shares."""
    if shutil.which("perf") is None:
        raise SystemExit("perf is not installed (try: apt-get install linux-tools-generic)")
    case = BY_KEY[key]
    env = dict(os.environ, SYNLOGIC_NUM_THREADS="1")
    if mode == "rows_all":
        env.pop("SYNLOGIC_NUM_THREADS")
    with tempfile.TemporaryDirectory(prefix="synlogic-prof-") as tmp:
        data = os.path.join(tmp, "perf.data")
        code = _DRIVER.format(here=str(HERE), key=key, seconds=seconds, mode=mode)
        proc = subprocess.run(
            ["perf", "record", "-F", "999", "-g", "-o", data, sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode != 0:
            lines = [
                line
                for line in proc.stderr.strip().splitlines()
                if line.strip() and not line.startswith("[ perf record")
            ]
            raise SystemExit(" | ".join(lines[-2:])[-400:])
        rate = json.loads(proc.stdout.strip().splitlines()[-1])["rate"]
        by_dso = _report(data, "dso", [])
        ext = _report(data, "symbol", ["--dsos", "_core.abi3.so"])
        threads = _report(data, "comm", [])
    return {
        "case": key,
        "task": case.task,
        "mode": mode,
        "rate": rate,
        "by_library": by_dso[:8],
        "by_thread": threads[:8],
        "top_extension_symbols": ext[:15],
    }


def main() -> None:
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("case", help="case key, e.g. compose-default (see cases.py)")
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--mode", choices=("rows", "rows_all", "jsonl", "verify"), default="rows")
    p.add_argument("--json", action="store_true", help="print JSON")
    args = p.parse_args()
    result = profile(args.case, args.seconds, args.mode)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{result['case']} ({result['mode']}): {result['rate']:,.0f} /s")
    print("share of samples by library:")
    for share, name in result["by_library"]:
        print(f"  {share:6.2f}%  {name}")
    print("share of samples by thread (synlogic-N: the pool; python: the calling thread):")
    for share, name in result["by_thread"]:
        print(f"  {share:6.2f}%  {name}")
    print("top symbols inside the synlogic extension:")
    for share, name in result["top_extension_symbols"]:
        print(f"  {share:6.2f}%  {name}")


if __name__ == "__main__":
    main()
