"""One measurement in a fresh process.

``python worker.py '<json spec>'`` runs one operation and prints its result as one JSON line
(the last line of stdout). The coordinator (``perf.py``) sets ``SYNLOGIC_NUM_THREADS`` in the
environment before starting it. Operations:

- ``gen``: items/s generating full items (prompt, answer, metadata) as Python objects.
- ``prep``: generate items and near-miss wrong answers for ``verify``, pickled to ``path``.
- ``verify``: answers scored per second with each project's own scorer.
- ``memory``: generate ``n`` items to a JSONL file; reports the peak RSS of this process.
- ``floor``: the CPython floor: rows/s of a plain Python loop building dicts of the same shape
  as synlogic's rows from strings already in memory (one thread).
- ``arrow``: synlogic rows/s on the Arrow path (``synlogic.export.arrow_table``: record
  batches built in Rust, no Python object per row).
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adapters import RgGenerator, near_miss, ours_rows
from cases import BY_KEY, Case


def _peak_rss_mb() -> float:
    """Peak RSS of this process in MB: ``VmHWM`` (per address space, so it starts afresh
    at exec; ``getrusage``'s ``ru_maxrss`` on Linux carries the parent's peak across
    fork + exec), else ``getrusage``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


# ---------------------------------------------------------------------------------------------
# gen
# ---------------------------------------------------------------------------------------------


def gen_ours(case: Case, budget: float, seed: int, threads: int) -> dict[str, Any]:
    """Rows from ``synlogic.generate`` in growing chunks until ``budget`` seconds pass."""
    ours_rows(case, seed + 1_000_003, 0, 8 * max(1, threads))  # warm-up
    chunk = 16 * max(1, threads) * len(case.knobs)
    done = 0
    index = 0
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        rows = ours_rows(case, seed, index, chunk)
        took = time.perf_counter() - t0
        done += len(rows)
        index += len(rows)
        del rows
        elapsed = time.perf_counter() - started
        if elapsed >= budget:
            break
        if took < 0.05 and chunk < 8192:
            chunk *= 2
    return {"items": done, "seconds": elapsed, "rate": done / elapsed}


_POOL_GEN: Any = None


def _pool_init(key: str, seed: int, warm_index: int | None) -> None:
    global _POOL_GEN
    _POOL_GEN = RgGenerator(BY_KEY[key], seed)
    if warm_index is not None:
        _POOL_GEN.dataset[warm_index]


def _pool_run(args: tuple[int, int, float]) -> tuple[int, float]:
    worker, workers, budget = args
    dataset = _POOL_GEN.dataset
    done = 0
    started = time.perf_counter()
    index = worker
    while True:
        dataset[index]
        done += 1
        index += workers
        if time.perf_counter() - started >= budget:
            break
    return done, time.perf_counter() - started


def _rg_warm(case: Case, seed: int, same_config: bool) -> None:
    """Imports, builds and runs the dataset once (at reasoning-gym's default config of the
    same dataset when one item of this config takes many seconds)."""
    if same_config:
        RgGenerator(case, seed).dataset[10**8 - 1]
    else:
        import reasoning_gym

        reasoning_gym.create_dataset(case.rg_name, seed=seed, size=10)[0]


def gen_rg(case: Case, budget: float, seed: int, threads: int, warm: bool) -> dict[str, Any]:
    """``dataset[i]`` for i = 0, 1, ... until ``budget`` seconds pass (at least one item).
    With several threads: one process per core, each taking every ``cores``-th index."""
    _rg_warm(case, seed, warm)
    if threads == 1:
        gen = RgGenerator(case, seed)
        done = 0
        started = time.perf_counter()
        while True:
            gen.dataset[done]
            done += 1
            elapsed = time.perf_counter() - started
            if elapsed >= budget:
                break
        return {"items": done, "seconds": elapsed, "rate": done / elapsed}
    import multiprocessing

    workers = threads
    ctx = multiprocessing.get_context("fork")
    warm_index = 10**8 - 1 if warm else None
    with ctx.Pool(workers, initializer=_pool_init, initargs=(case.key, seed, warm_index)) as pool:
        pool.map(_noop, range(workers))  # make sure every worker is initialized
        started = time.perf_counter()
        results = pool.map(_pool_run, [(w, workers, budget) for w in range(workers)], chunksize=1)
        wall = time.perf_counter() - started
    done = sum(r[0] for r in results)
    return {"items": done, "seconds": wall, "rate": done / wall}


def _noop(_: int) -> None:
    time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# floor / arrow
# ---------------------------------------------------------------------------------------------

FLOOR_SAMPLE = 256
"""Distinct rows whose strings the floor loop cycles through (few, so that slow cases do not
spend minutes making them; the loop only reads them)."""


def floor(case: Case, budget: float, seed: int) -> dict[str, Any]:
    """Rows/s of the cheapest Python that yields synlogic's row shape: one dict display per
    row (and its nested dicts and message list) over strings and ints already in memory, so
    nothing but CPython's object building is timed. The row's key set is checked against a
    real synlogic row, so the floor follows the row's shape."""
    sample = ours_rows(case, seed, 0, FLOOR_SAMPLE)
    first = sample[0]
    columns = [
        [r["prompt"][-1]["content"] for r in sample],
        [r["answer"] for r in sample],
        [r["verification"] for r in sample],
        [r["metadata"] for r in sample],
        [r["index"] for r in sample],
    ]
    task, level, row_seed = first["task"], first["level"], first["seed"]
    source, ability = first["data_source"], first["ability"]
    style = first["reward_model"]["style"]
    system = [m for m in first["prompt"] if m["role"] == "system"]
    if system:
        raise SystemExit("the floor loop builds rows without a system prompt")

    def build(prompts: list, answers: list, payloads: list, metadata: list, indices: list) -> list:
        return [
            {
                "prompt": [{"role": "user", "content": p}],
                "task": task,
                "level": level,
                "seed": row_seed,
                "index": i,
                "answer": a,
                "verification": v,
                "data_source": source,
                "ability": ability,
                "reward_model": {"style": style, "ground_truth": v},
                "extra_info": {"index": i, "task": task, "level": level, "seed": row_seed},
                "metadata": m,
            }
            for p, a, v, m, i in zip(prompts, answers, payloads, metadata, indices, strict=True)
        ]

    probe = build(*columns)[0]
    shape = {k: sorted(v) if isinstance(v, dict) else None for k, v in probe.items()}
    real = {k: sorted(v) if isinstance(v, dict) else None for k, v in first.items()}
    if list(probe) != list(first) or shape != real:
        raise SystemExit(f"the floor row's shape differs from synlogic's: {list(first)}")
    build(*columns)  # warm-up
    done = 0
    started = time.perf_counter()
    while True:
        rows = build(*columns)
        done += len(rows)
        del rows
        elapsed = time.perf_counter() - started
        if elapsed >= budget:
            break
    return {"items": done, "seconds": elapsed, "rate": done / elapsed}


def arrow(case: Case, budget: float, seed: int) -> dict[str, Any]:
    """Rows/s of ``synlogic.export.arrow_table`` (each knob set in equal shares), in growing
    chunks until ``budget`` seconds pass."""
    from synlogic import export

    def chunk_of(start: int, n: int) -> int:
        rows = 0
        for v, knobs in enumerate(case.knobs):
            table = export.arrow_table(case.task, n, seed=seed + v, start=start, knobs=knobs)
            rows += table.num_rows
        return rows

    chunk_of(10**6, 16)  # warm-up (imports pyarrow, starts the pool)
    chunk = 64
    done = 0
    index = 0
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        done += chunk_of(index, chunk)
        took = time.perf_counter() - t0
        index += chunk
        elapsed = time.perf_counter() - started
        if elapsed >= budget:
            break
        if took < 0.2 and chunk < 65536:
            chunk *= 2
    return {"items": done, "seconds": elapsed, "rate": done / elapsed}


# ---------------------------------------------------------------------------------------------
# prep / verify
# ---------------------------------------------------------------------------------------------


def prep(case: Case, side: str, n: int, time_cap: float, seed: int, path: str) -> dict[str, Any]:
    """Items plus correct and near-miss answers for ``verify``."""
    started = time.perf_counter()
    if side == "synlogic":
        rows = ours_rows(case, seed, 0, n)
        data = {
            "payloads": [r["verification"] for r in rows],
            "correct": [r["answer"] for r in rows],
            "wrong": [near_miss(r["answer"], case.family) for r in rows],
        }
    else:
        gen = RgGenerator(case, seed)
        entries = []
        while len(entries) < n and (not entries or time.perf_counter() - started < time_cap):
            item = gen.dataset[len(entries)]
            entries.append(item)
        data = {
            "entries": entries,
            "correct": [e["answer"] for e in entries],
            "wrong": [near_miss(e["answer"], case.family) for e in entries],
        }
    with open(path, "wb") as handle:
        pickle.dump(data, handle)
    return {"items": len(data["correct"]), "seconds": time.perf_counter() - started}


def verify(case: Case, side: str, path: str, budget: float, mode: str) -> dict[str, Any]:
    """Answers scored per second, correct answers then near misses (each after its own
    warm-up pass); also the mean scores (a sanity check: correct answers should score 1.0
    and near misses less)."""
    with open(path, "rb") as handle:
        data = pickle.load(handle)
    if side == "synlogic":
        import synlogic

        payloads = data["payloads"]

        def make_pass(answers: list[str]) -> Callable[[], list[float]]:
            completions = [f"<answer>{a}</answer>" for a in answers]
            if mode == "batch":
                return lambda: synlogic.score_batch(payloads, completions)
            pairs = list(zip(payloads, completions, strict=True))
            return lambda: [synlogic.verify(p, c).score for p, c in pairs]

    else:
        import reasoning_gym

        dataset = reasoning_gym.create_dataset(case.rg_name, seed=1, size=10, **case.rg_config)
        entries = data["entries"]

        def make_pass(answers: list[str]) -> Callable[[], list[float]]:
            pairs = list(zip(answers, entries, strict=True))
            return lambda: [dataset.score_answer(a, e) for a, e in pairs]

    out: dict[str, Any] = {}
    for kind in ("correct", "wrong"):
        one_pass = make_pass(data[kind])
        scores = one_pass()  # warm-up, and the sanity figure
        done = 0
        started = time.perf_counter()
        while True:
            one_pass()
            done += len(scores)
            elapsed = time.perf_counter() - started
            if elapsed >= budget:
                break
        out[kind] = {"rate": done / elapsed, "mean_score": sum(scores) / len(scores)}
    return out


# ---------------------------------------------------------------------------------------------
# memory
# ---------------------------------------------------------------------------------------------


def memory(case: Case, side: str, n: int, seed: int, path: str) -> dict[str, Any]:
    """Peak RSS of generating ``n`` items to JSONL (synlogic: ``synlogic gen``; the peer: a
    loop over ``dataset[i]`` writing ``json.dumps`` lines)."""
    if side == "synlogic":
        import synlogic.cli

        base = _peak_rss_mb()
        started = time.perf_counter()
        per = [n // len(case.knobs) + (v < n % len(case.knobs)) for v in range(len(case.knobs))]
        size = 0
        for v, (knobs, count) in enumerate(zip(case.knobs, per, strict=True)):
            out = f"{path}.{v}.jsonl"
            args = ["gen", "-t", case.task, "-n", str(count), "-s", str(seed), "-o", out]
            for name, value in knobs.items():
                args += ["-k", f"{name}={json.dumps(value)}"]
            synlogic.cli.main(args, standalone_mode=False)
            size += os.path.getsize(out)
            os.unlink(out)
    else:
        gen = RgGenerator(case, seed)
        gen.dataset[10**8 - 1]
        base = _peak_rss_mb()
        started = time.perf_counter()
        out = f"{path}.jsonl"
        with open(out, "w", encoding="utf-8") as handle:
            for i in range(n):
                handle.write(json.dumps(gen.dataset[i], default=str) + "\n")
        size = os.path.getsize(out)
        os.unlink(out)
    return {
        "items": n,
        "seconds": time.perf_counter() - started,
        "base_rss_mb": base,
        "peak_rss_mb": _peak_rss_mb(),
        "file_mb": size / 1e6,
    }


def main() -> None:
    """Runs the operation in ``sys.argv[1]`` (JSON) and prints the result as JSON."""
    spec = json.loads(sys.argv[1])
    case = BY_KEY[spec["case"]]
    op = spec["op"]
    seed = spec.get("seed", 12345)
    side = spec["side"]
    if op == "gen":
        threads = spec["threads"] or _cores()
        if side == "synlogic":
            result = gen_ours(case, spec["budget"], seed, threads)
        else:
            result = gen_rg(case, spec["budget"], seed, threads, spec.get("warm", True))
    elif op == "floor":
        result = floor(case, spec["budget"], seed)
    elif op == "arrow":
        result = arrow(case, spec["budget"], seed)
    elif op == "prep":
        result = prep(case, side, spec["n"], spec["time_cap"], seed, spec["path"])
    elif op == "verify":
        result = verify(case, side, spec["path"], spec["budget"], spec["mode"])
    elif op == "memory":
        result = memory(case, side, spec["n"], seed, spec["path"])
    else:
        raise SystemExit(f"unknown op {op!r}")
    result["peak_rss_mb"] = result.get("peak_rss_mb", _peak_rss_mb())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
