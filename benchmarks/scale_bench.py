"""The cost of the Ray Data engine: N rows of a mix to parquet through ``synlogic.ray`` on a
local Ray with 2 CPUs, against ``synlogic gen`` on 2 threads, runs interleaved.

    python benchmarks/scale_bench.py                         # 10M rows of examples/mix.toml
    python benchmarks/scale_bench.py --rows 1000000 --rounds 3 --json
    python benchmarks/scale_bench.py --plan                  # per-task rates -> 1B-row plan

Each run is a fresh process writing to a fresh directory; the Ray run's time includes
``ray.init`` (reported separately too). Also reported: parquet bytes per row and the ``gen``
process's peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_RAY_DRIVER = """
import json, sys, time
started = time.perf_counter()
import ray, synlogic
import synlogic.ray
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
ray.data.DataContext.get_current().enable_progress_bars = False
ready = time.perf_counter()
mix = synlogic.load_mix(sys.argv[1])
ds = synlogic.ray.read_synlogic(mix, int(sys.argv[2]), seed=0)
ds.write_parquet(sys.argv[3])
done = time.perf_counter()
print(json.dumps({"init_s": ready - started, "total_s": done - started}))
"""


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*.parquet"))


def run_gen(mix: str, rows: int, out: Path) -> dict[str, Any]:
    env = dict(os.environ, SYNLOGIC_NUM_THREADS="2")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        ["synlogic", "gen", "--mix", mix, "-n", str(rows), "-o", str(out), "--no-progress"],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    total = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "total_s": total,
        "rows_per_s": rows / total,
        "parquet_bytes_per_row": _dir_bytes(out) / rows,
        "max_rss_mib": max(rss, before) / 1024,
    }


def run_ray(mix: str, rows: int, out: Path) -> dict[str, Any]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _RAY_DRIVER, mix, str(rows), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    total = time.perf_counter() - start
    inner = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "total_s": total,
        "init_s": inner["init_s"],
        "rows_per_s": rows / total,
        "rows_per_s_after_init": rows / (inner["total_s"] - inner["init_s"]),
        "parquet_bytes_per_row": _dir_bytes(out) / rows,
    }


_PLAN_DRIVER = """
import io, json, sys, time
import pyarrow.parquet as pq
import synlogic
task, seconds = sys.argv[1], float(sys.argv[2])
batch = 4096
synlogic.arrow_table(task, 64)  # warm-up
rows, started, index = 0, time.perf_counter(), 0
while time.perf_counter() - started < seconds:
    table = synlogic.arrow_table(task, batch, start=index)
    rows += batch
    index += batch
elapsed = time.perf_counter() - started
sink = io.BytesIO()
pq.write_table(table, sink, compression="zstd")
print(json.dumps({"rows_per_s": rows / elapsed, "arrow_bytes_per_row": table.nbytes / batch,
                  "parquet_bytes_per_row": sink.tell() / batch}))
"""


def plan(seconds: float, total_rows: int) -> list[dict[str, Any]]:
    """Per task at its default level: Arrow rows per second on one thread, bytes per row,
    and the CPU-hours, output size and per-worker block memory for ``total_rows`` rows."""
    import synlogic

    env = dict(os.environ, SYNLOGIC_NUM_THREADS="1")
    table = []
    for task in synlogic.list_tasks():
        result = subprocess.run(
            [sys.executable, "-c", _PLAN_DRIVER, task, str(seconds)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        row = json.loads(result.stdout)
        row["task"] = task
        row["level"] = synlogic.task_info(task).default_level
        row["cpu_hours"] = total_rows / row["rows_per_s"] / 3600
        row["parquet_gb"] = total_rows * row["parquet_bytes_per_row"] / 1e9
        row["block_mib_16k_rows"] = 16_384 * row["arrow_bytes_per_row"] / 2**20
        table.append(row)
    return table


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--mix", default=str(ROOT / "examples" / "mix.toml"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument(
        "--plan", action="store_true", help="Per-task rates and the cost of 1B rows each."
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="Per task, with --plan.")
    args = parser.parse_args(argv)
    if args.plan:
        rows = plan(args.seconds, 1_000_000_000)
        if args.json:
            print(json.dumps({"load": os.getloadavg()[0], "tasks": rows}))
        else:
            print(
                "| task (default level) | rows/s, 1 core | CPU-hours per 1B | parquet GB per 1B "
                "| Arrow MiB per 16k-row block |"
            )
            print("|---|---|---|---|---|")
            for r in rows:
                print(
                    f"| {r['task']} ({r['level']}) | {r['rows_per_s']:,.0f} "
                    f"| {r['cpu_hours']:,.1f} | {r['parquet_gb']:,.0f} "
                    f"| {r['block_mib_16k_rows']:,.1f} |"
                )
        return {"tasks": rows}
    runs: dict[str, list[dict[str, Any]]] = {"gen": [], "ray": []}
    scratch = Path(tempfile.mkdtemp(prefix="synlogic-scale-"))
    try:
        for round_ in range(args.rounds):
            for name, run in (("gen", run_gen), ("ray", run_ray)):
                out = scratch / f"{name}-{round_}"
                runs[name].append(run(args.mix, args.rows, out))
                shutil.rmtree(out, ignore_errors=True)
                if not args.json:
                    print(f"round {round_ + 1} {name}: {runs[name][-1]}", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    gen = statistics.median(r["rows_per_s"] for r in runs["gen"])
    ray = statistics.median(r["rows_per_s"] for r in runs["ray"])
    ray_steady = statistics.median(r["rows_per_s_after_init"] for r in runs["ray"])
    summary = {
        "rows": args.rows,
        "mix": args.mix,
        "rounds": args.rounds,
        "load_before": os.getloadavg()[0],
        "gen_rows_per_s": gen,
        "ray_rows_per_s": ray,
        "ray_rows_per_s_after_init": ray_steady,
        "ray_over_gen": ray / gen,
        "ray_after_init_over_gen": ray_steady / gen,
        "runs": runs,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{args.rows:,} rows of {Path(args.mix).name}, {args.rounds} round(s):\n"
            f"  synlogic gen, 2 threads : {gen:,.0f} rows/s\n"
            f"  Ray Data, 2 CPUs        : {ray:,.0f} rows/s "
            f"({ray / gen:.2f}x; {ray_steady:,.0f} rows/s after ray.init, "
            f"{ray_steady / gen:.2f}x)"
        )
    return summary


if __name__ == "__main__":
    main()
