"""Benchmark synlogic against reasoning-gym: throughput, memory and item quality.

    python benchmarks/run.py                 # everything (see README in this directory)
    python benchmarks/run.py --quick         # a fast smoke run
    python benchmarks/run.py --parts perf    # throughput and memory only (needs a quiet machine)
    python benchmarks/run.py --parts quality # quality only (deterministic; any machine)
    python benchmarks/run.py --cases kk,sudoku

Writes ``benchmarks/results/latest.json`` and ``latest.md``. A run of only some parts keeps
the other parts of the previous ``latest.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cases as cases_mod  # noqa: E402
import perf as perf_mod  # noqa: E402
import profiling as profile_mod  # noqa: E402
import quality as quality_mod  # noqa: E402
import report  # noqa: E402

RESULTS = HERE / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short smoke run (small samples, 1 run)")
    p.add_argument(
        "--parts",
        default="perf,quality",
        help="comma list of perf (= gen,verify,memory), gen, verify, memory, quality",
    )
    p.add_argument("--cases", default=None, help="only cases whose key/family contains these")
    p.add_argument("--tiers", default=None, help="only these tiers (default,mid,hardest)")
    p.add_argument("--runs", type=int, default=None, help="runs per measurement (default 3)")
    p.add_argument("--budget", type=float, default=None, help="seconds per measurement (1.0)")
    p.add_argument("--quality-n", type=int, default=None, help="items per side (10000)")
    p.add_argument("--difficulty-n", type=int, default=None, help="items per size (200)")
    p.add_argument("--memory-n", type=int, default=None, help="items for peak RSS (100000)")
    p.add_argument("--workers", type=int, default=None, help="processes for quality (all cores)")
    p.add_argument("--out", default=str(RESULTS), help="results directory")
    p.add_argument(
        "--update-docs",
        action="store_true",
        help="replace the tables between the bench markers in docs/benchmarks.md",
    )
    p.add_argument(
        "--no-profile", action="store_true", help="skip the perf profiles of the slowest rows"
    )
    return p.parse_args(argv)


DOCS = HERE.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_docs(markdown: str) -> None:
    """Puts ``markdown`` between the bench markers of ``docs/benchmarks.md``."""
    text = DOCS.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    body = markdown.replace("## Benchmarks: synlogic vs reasoning-gym\n\n", "", 1)
    DOCS.write_text(f"{head}{START}\n{body}{END}{tail}", encoding="utf-8")
    print(f"updated {DOCS}", file=sys.stderr)


def profile_misses(perf: dict, limit: int = 16) -> list[dict]:
    """``perf`` profiles of the rows that miss a target: one-thread generation below 100x,
    scaling below 1.8x (profiled on every core, to show the serial share of the calling
    thread), verification below 1M/s. At most ``limit`` profiles, worst rows first."""
    import shutil

    if shutil.which("perf") is None:
        return [{"error": "perf is not installed; no profile taken"}]
    wanted = []
    for key, entry in perf["cases"].items():
        gen = entry.get("generation") or {}
        if gen.get("ratio_1") is not None and gen["ratio_1"] < report.TARGET_GEN_RATIO:
            wanted.append((gen["ratio_1"] / report.TARGET_GEN_RATIO, key, "rows"))
        scaling = gen.get("ours_scaling")
        if scaling is not None and gen.get("cores", 1) >= 2 and scaling < report.TARGET_SCALING:
            wanted.append((scaling / report.TARGET_SCALING, key, "rows_all"))
        ver = (entry.get("verification") or {}).get("median", {})
        v = ver.get("synlogic-batch-1-correct")
        if v is not None and v < report.TARGET_VERIFY:
            wanted.append((v / report.TARGET_VERIFY, key, "verify"))
    out = []
    for _, key, mode in sorted(wanted)[:limit]:
        print(f"profiling {key} ({mode})", file=sys.stderr)
        try:
            out.append(profile_mod.profile(key, 3.0, mode))
        except SystemExit as exc:
            out.append({"case": key, "mode": mode, "error": str(exc)})
    return out


def main(argv: list[str] | None = None) -> int:
    """Runs the selected parts and writes the results."""
    args = parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if "perf" in parts:
        parts |= {"gen", "verify", "memory"}
    selected = cases_mod.select(args.cases)
    if args.tiers:
        tiers = {t.strip() for t in args.tiers.split(",")}
        selected = [c for c in selected if c.tier in tiers]
    elif args.quick:
        selected = [c for c in selected if c.tier == "default"]
    if not selected:
        print("no case matches", file=sys.stderr)
        return 2
    import importlib.util

    if importlib.util.find_spec("reasoning_gym") is None:  # not imported: keeps this process small
        print("reasoning-gym is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    latest = out_dir / "latest.json"
    results: dict = json.loads(latest.read_text()) if latest.exists() else {}
    results["machine"] = report.machine()
    results["settings"] = [
        {
            "key": c.key,
            "family": c.family,
            "label": c.label,
            "rg": f"{c.rg_name} {json.dumps(c.rg_config)}",
            "ours": f"{c.task} " + " | ".join(json.dumps(k) for k in c.knobs),
            "note": c.note,
        }
        for c in selected
    ]
    skip = perf_mod.skipped_cases(selected)
    results["skipped"] = skip
    started = time.time()

    if parts & {"gen", "verify", "memory"}:
        config = perf_mod.PerfConfig()
        if args.quick:
            config = perf_mod.PerfConfig(
                runs=1,
                budget=0.3,
                verify_items=512,
                peer_verify_items=64,
                peer_prep_cap=3.0,
                memory_items=10_000,
                peer_memory_seconds=3.0,
                ours_memory_seconds=5.0,
            )
        if args.runs:
            config.runs = args.runs
        if args.budget:
            config.budget = args.budget
        if args.memory_n:
            config.memory_items = args.memory_n
        perf = perf_mod.run_perf(selected, config, parts, skip)
        perf["machine"] = results["machine"]
        results["perf"] = perf
        if not args.no_profile and not args.quick:
            results["profiles"] = profile_misses(perf)

    if "quality" in parts:
        n = args.quality_n or (300 if args.quick else 10_000)
        difficulty_n = args.difficulty_n or (50 if args.quick else 200)
        workers = args.workers or quality_mod.default_workers()
        cap = 10.0 if args.quick else 120.0
        quality = quality_mod.run_quality(selected, n, difficulty_n, workers, skip, cap)
        quality["machine"] = results["machine"]
        results["quality"] = quality

    results["seconds"] = time.time() - started
    results["machine"]["loadavg_end"] = report.machine()["loadavg"]
    latest.write_text(json.dumps(results, indent=1, default=str))
    markdown = report.render(results)
    (out_dir / "latest.md").write_text(markdown)
    print(markdown)
    if args.update_docs:
        update_docs(markdown)
    print(
        f"wrote {latest} and {out_dir / 'latest.md'} in {results['seconds']:.0f} s", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
