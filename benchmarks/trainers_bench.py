"""Benchmarks of the trainer-facing layer (issue 5 targets, on 2 cores):

* trl     — a TRL reward call on 1,024 K&K completions (64 prompts x 16 generations): <= 5 ms
* verl    — ``synlogic.verl.compute_score`` overhead over the verifier itself: <= 20 us/call
* dataset — a 1M-row ``datasets.Dataset`` (``synlogic.to_dataset``): <= 5 s
* server  — reward server throughput on loopback, batches of 256: >= 20,000 completions/s

    python benchmarks/trainers_bench.py                # all
    python benchmarks/trainers_bench.py trl verl       # some
    python benchmarks/trainers_bench.py dataset --rows 1000000 --task-ds knights_knaves --level-ds 1

Timings are medians of several runs; on a shared machine they are noisy.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import select
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import synlogic
from synlogic import _core, rewards, verl


def _groups(task: str, prompts: int, per_prompt: int, level: int | None) -> tuple[list, list]:
    rows = synlogic.generate(task, prompts, seed=1, level=level)
    inputs, completions = [], []
    for row in rows:
        for g in range(per_prompt):
            inputs.append(row)
            answer = row["answer"] if g % 2 == 0 else row["answer"][::-1]
            text = f"<think>{'step ' * 60}</think>\n<answer>{answer}</answer>"
            completions.append([{"role": "assistant", "content": text}])
    return inputs, completions


def bench_trl(args: argparse.Namespace) -> dict[str, Any]:
    inputs, completions = _groups(args.task_trl, 64, 16, args.level)
    reward = rewards.CorrectnessReward()
    keys = [k for k in inputs[0] if k not in ("prompt", "completion", "completion_ids")]
    kwargs = {k: [x[k] for x in inputs] for k in keys}
    prompts = [x["prompt"] for x in inputs]
    ids = [[1] * 80 for _ in completions]
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        out = reward(prompts=prompts, completions=completions, completion_ids=ids, **kwargs)
        times.append(time.perf_counter() - start)
    assert len(out) == 1024
    assert sum(out) == 512
    return {"batch": 1024, "median_ms": 1e3 * statistics.median(times), "target_ms": 5.0}


def bench_verl(args: argparse.Namespace) -> dict[str, Any]:
    inputs, completions = _groups(args.task_trl, 64, 16, args.level)
    texts = [c[0]["content"] for c in completions]
    truths = [x["reward_model"]["ground_truth"] for x in inputs]
    extras = [x["extra_info"] for x in inputs]
    sources = [x["data_source"] for x in inputs]
    payloads = [_core.Payload(t) for t in truths]
    verl.compute_score(sources[0], texts[0], truths[0], extras[0])  # warm the cache

    def verifier() -> None:
        for p, t in zip(payloads, texts, strict=True):
            p.verify(t, "answer", False)

    def adapter() -> None:
        for s, t, g, e in zip(sources, texts, truths, extras, strict=True):
            verl.compute_score(data_source=s, solution_str=t, ground_truth=g, extra_info=e)

    base, full = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        verifier()
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        adapter()
        full.append(time.perf_counter() - start)
    n = len(texts)
    verifier_us = 1e6 * statistics.median(base) / n
    adapter_us = 1e6 * statistics.median(full) / n
    parse_start = time.perf_counter()
    for t in truths[::16]:
        _core.Payload(t)
    parse_us = 1e6 * (time.perf_counter() - parse_start) / len(truths[::16])
    return {
        "verifier_us_per_call": verifier_us,
        "compute_score_us_per_call": adapter_us,
        "overhead_us_per_call": adapter_us - verifier_us,
        "payload_parse_us (once per prompt, cached)": parse_us,
        "target_overhead_us": 20.0,
    }


def bench_dataset(args: argparse.Namespace) -> dict[str, Any]:
    import datasets  # noqa: F401  (import time is not part of the build)
    from synlogic import export

    results = {}
    mix = synlogic.Mix.single(args.task_ds, level=args.level_ds)
    start = time.perf_counter()
    for first in range(0, args.rows, 65536):
        mix._core._generate_only(0, first, min(65536, args.rows - first))
    results["generation_only_s"] = time.perf_counter() - start
    start = time.perf_counter()
    table = export.arrow_table(args.task_ds, args.rows, level=args.level_ds)
    results["arrow_table_s"] = time.perf_counter() - start
    del table
    start = time.perf_counter()
    ds = synlogic.to_dataset(args.task_ds, args.rows, level=args.level_ds)
    results["to_dataset_s"] = time.perf_counter() - start
    results["rows"] = len(ds)
    results["rows_per_s"] = len(ds) / results["to_dataset_s"]
    results["task"] = f"{args.task_ds} level {args.level_ds}"
    results["target_s"] = 5.0
    return results


def bench_server(args: argparse.Namespace) -> dict[str, Any]:
    process = subprocess.Popen(
        [sys.executable, "-m", "synlogic.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        if not ready:
            raise RuntimeError("server did not start")
        port = int(process.stdout.readline().strip().rsplit(":", 1)[-1])
        inputs, completions = _groups(args.task_trl, 16, 16, args.level)
        prompts = [json.dumps(x["prompt"]) for x in inputs]
        body = json.dumps(
            {
                "query": [p + c[0]["content"] for p, c in zip(prompts, completions, strict=True)],
                "prompts": prompts,
                "labels": [x["verification"] for x in inputs],
            }
        ).encode()

        def client(count: int) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            done = 0
            for _ in range(count):
                connection.request(
                    "POST", "/get_reward", body, {"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                payload = json.loads(response.read())
                assert response.status == 200
                assert len(payload["rewards"]) == 256
                done += 256
            connection.close()
            return done

        client(2)  # warm up
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            total = sum(pool.map(client, [args.requests // args.clients] * args.clients))
        elapsed = time.perf_counter() - start
        return {
            "completions": total,
            "seconds": elapsed,
            "completions_per_s": total / elapsed,
            "batch": 256,
            "clients": args.clients,
            "target_per_s": 20_000,
        }
    finally:
        process.terminate()
        process.wait(timeout=10)


BENCHES = {"trl": bench_trl, "verl": bench_verl, "dataset": bench_dataset, "server": bench_server}


def build_parser() -> argparse.ArgumentParser:
    """The command line (no abbreviations: ``--task`` would be ambiguous)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False)
    parser.add_argument("which", nargs="*", help=f"benchmarks to run: {', '.join(BENCHES)}")
    parser.add_argument("--task-trl", default="knights_knaves")
    parser.add_argument("--level", type=int, default=None, help="K&K level (default: its own)")
    parser.add_argument("--task-ds", default="knights_knaves")
    parser.add_argument("--level-ds", type=int, default=1)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    return parser


def main() -> None:
    """Runs the selected benchmarks and prints one JSON line each."""
    parser = build_parser()
    args = parser.parse_args()
    unknown = set(args.which) - set(BENCHES)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {list(BENCHES)}")
    print(json.dumps({"threads": synlogic.num_threads(), "load": os.getloadavg()}))
    for name in args.which or list(BENCHES):
        result = BENCHES[name](args)
        print(json.dumps({"bench": name, **result}), flush=True)


if __name__ == "__main__":
    main()
