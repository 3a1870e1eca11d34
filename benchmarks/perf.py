"""Throughput and memory: every measurement in a fresh process, the two projects interleaved.

For each case and each repetition the order is: synlogic on one thread, reasoning-gym on one
thread, synlogic on all cores, reasoning-gym on all cores; the table reports medians, so both
projects see the same machine noise. Ratios are synlogic / reasoning-gym.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cases import CASES, Case, check_ours, families

WORKER = Path(__file__).resolve().parent / "worker.py"
OURS, PEER = "synlogic", "reasoning-gym"


@dataclass
class PerfConfig:
    """How long and how often to measure."""

    runs: int = 3
    """Repetitions per measurement (the median is reported)."""
    budget: float = 1.0
    """Seconds of timed work per measurement (after the warm-up)."""
    verify_items: int = 2048
    """synlogic items per verification pool (the peer: up to ``peer_verify_items``)."""
    peer_verify_items: int = 512
    peer_prep_cap: float = 10.0
    """Seconds the peer may spend generating its verification pool."""
    memory_items: int = 100_000
    peer_memory_seconds: float = 15.0
    """The peer's memory run is cut to what it generates in about this long."""
    ours_memory_seconds: float = 30.0
    """synlogic's memory run is cut likewise where 100k items would take longer."""
    slow_peer_rate: float = 1.0
    """Below this many items/s the peer gets one run and a default-config warm-up."""


def cores() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def run_worker(spec: dict[str, Any], threads: int, timeout: float = 900.0) -> dict[str, Any]:
    """Runs one ``worker.py`` operation in a fresh interpreter and returns its JSON result."""
    env = dict(os.environ)
    env.pop("SYNLOGIC_NUM_THREADS", None)
    if threads:
        env["SYNLOGIC_NUM_THREADS"] = str(threads)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"  # the peer's numpy must not spread one "thread" over all cores
    proc = subprocess.run(
        [sys.executable, str(WORKER), json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit code {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _ratio(ours: float | None, peer: float | None) -> float | None:
    if ours is None or peer is None or peer <= 0:
        return None
    return ours / peer


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_generation(case: Case, config: PerfConfig, ours_ok: bool) -> dict[str, Any]:
    """Interleaved generation runs of one case; medians and ratios."""
    n_cores = cores()
    samples: dict[str, list[float]] = {f"{s}-{t}": [] for s in (OURS, PEER) for t in ("1", "all")}
    samples.update({"floor-1": [], "arrow-1": [], "arrow-all": []})
    errors: list[str] = []
    peer_slow = bool(case.extra.get("slow_peer"))
    for rep in range(config.runs):
        # The CPython floor and the Arrow path, interleaved with the runs below.
        extra_runs = [("floor", 1, "floor-1"), ("arrow", 1, "arrow-1")]
        if n_cores > 1:
            extra_runs.append(("arrow", n_cores, "arrow-all"))
        for op, threads, key in extra_runs if ours_ok else []:
            spec = {
                "op": op,
                "side": OURS,
                "case": case.key,
                "budget": config.budget,
                "seed": 1000 + rep,
            }
            result = run_worker(spec, threads)
            if "error" in result:
                errors.append(f"{key}: {result['error']}")
            else:
                samples[key].append(result["rate"])
        for threads in (1, n_cores):
            tag = "1" if threads == 1 else "all"
            for side in (OURS, PEER):
                if side == OURS and not ours_ok:
                    continue
                if side == PEER and peer_slow and samples[f"{PEER}-{tag}"]:
                    continue  # one run is enough for the peer's multi-second items
                spec = {
                    "op": "gen",
                    "side": side,
                    "case": case.key,
                    "threads": threads,
                    "budget": config.budget,
                    "warm": not peer_slow,
                    "seed": 1000 + rep,
                }
                result = run_worker(spec, threads if side == OURS else 1)
                if "error" in result:
                    errors.append(f"{side} {tag}: {result['error']}")
                    continue
                samples[f"{side}-{tag}"].append(result["rate"])
                if side == PEER and tag == "1" and result["rate"] < config.slow_peer_rate:
                    peer_slow = True
        _log(f"  gen {case.key} run {rep + 1}/{config.runs}: " + _brief(samples))
    med = {key: _median(vals) for key, vals in samples.items()}
    return {
        "runs": samples,
        "median": med,
        "ratio_1": _ratio(med[f"{OURS}-1"], med[f"{PEER}-1"]),
        "ratio_all": _ratio(med[f"{OURS}-all"], med[f"{PEER}-all"]),
        "ours_scaling": _ratio(med[f"{OURS}-all"], med[f"{OURS}-1"]),
        # generate()'s cost per row over the floor's (rates are rows/s, so floor / ours).
        "floor_cost": _ratio(med["floor-1"], med[f"{OURS}-1"]),
        "arrow_ratio_1": _ratio(med["arrow-1"], med[f"{PEER}-1"]),
        "arrow_scaling": _ratio(med["arrow-all"], med["arrow-1"]),
        "peer_scaling": _ratio(med[f"{PEER}-all"], med[f"{PEER}-1"]),
        "cores": n_cores,
        "errors": errors,
    }


def _brief(samples: dict[str, list[float]]) -> str:
    return ", ".join(f"{k}={v[-1]:.3g}/s" for k, v in samples.items() if v)


def measure_verification(
    case: Case, config: PerfConfig, ours_ok: bool, workdir: str
) -> dict[str, Any]:
    """Verification rates of correct and near-miss answers (both measured in each fresh
    process), one thread (and synlogic's batch scorer on all cores), interleaved; medians."""
    n_cores = cores()
    paths = {}
    errors: list[str] = []
    for side in (OURS, PEER):
        if side == OURS and not ours_ok:
            continue
        path = os.path.join(workdir, f"{case.key}-{side}.pkl")
        n = config.verify_items if side == OURS else config.peer_verify_items
        result = run_worker(
            {
                "op": "prep",
                "side": side,
                "case": case.key,
                "n": n,
                "time_cap": config.peer_prep_cap,
                "path": path,
            },
            0,
        )
        if "error" in result:
            errors.append(f"{side} prep: {result['error']}")
        else:
            paths[side] = (path, result["items"])
    plan = [
        (OURS, "batch", 1),
        (PEER, "loop", 1),
        (OURS, "call", 1),
        (OURS, "batch", n_cores),
    ]
    samples: dict[str, list[float]] = {}
    scores: dict[str, float] = {}
    for rep in range(config.runs):
        for side, mode, threads in plan:
            if side not in paths:
                continue
            key = f"{side}-{mode}-{'1' if threads == 1 else 'all'}"
            spec = {
                "op": "verify",
                "side": side,
                "case": case.key,
                "path": paths[side][0],
                "budget": config.budget,
                "mode": mode,
            }
            result = run_worker(spec, threads)
            if "error" in result:
                errors.append(f"{key}: {result['error']}")
                continue
            for kind in ("correct", "wrong"):
                samples.setdefault(f"{key}-{kind}", []).append(result[kind]["rate"])
                scores[f"{key}-{kind}"] = result[kind]["mean_score"]
        _log(f"  verify {case.key} run {rep + 1}/{config.runs}: " + _brief(samples))
    for path, _ in paths.values():
        Path(path).unlink(missing_ok=True)
    med = {key: _median(vals) for key, vals in samples.items()}
    return {
        "runs": samples,
        "median": med,
        "mean_score": scores,
        "pool_items": {side: n for side, (_, n) in paths.items()},
        "errors": errors,
    }


def _cut(n: int, rate: float | None, seconds: float) -> int:
    return n if not rate else max(1, min(n, int(rate * seconds)))


def measure_memory(
    case: Case,
    config: PerfConfig,
    ours_ok: bool,
    rates: tuple[float | None, float | None],
    workdir: str,
) -> dict[str, Any]:
    """Peak RSS generating ``memory_items`` items to a JSONL file (each side cut to what it
    makes in about ``ours_memory_seconds`` / ``peer_memory_seconds`` at its measured rate)."""
    out: dict[str, Any] = {}
    ours_n = _cut(config.memory_items, rates[0], config.ours_memory_seconds)
    peer_n = _cut(config.memory_items, rates[1], config.peer_memory_seconds)
    for side, n in ((OURS, ours_n), (PEER, peer_n)):
        if side == OURS and not ours_ok:
            continue
        spec = {
            "op": "memory",
            "side": side,
            "case": case.key,
            "n": n,
            "path": os.path.join(workdir, f"mem-{case.key}-{side}"),
        }
        out[side] = run_worker(spec, 0, timeout=1800)
    _log(f"  memory {case.key}: " + json.dumps(out))
    return out


def run_perf(
    cases: list[Case], config: PerfConfig, parts: set[str], skip: dict[str, str]
) -> dict[str, Any]:
    """Generation for every case; verification and memory at each family's default case."""
    started = time.time()
    results: dict[str, Any] = {"config": config.__dict__, "cases": {}}
    with tempfile.TemporaryDirectory(prefix="synlogic-bench-") as workdir:
        for case in cases:
            ours_ok = case.key not in skip
            entry: dict[str, Any] = {
                "family": case.family,
                "label": case.label,
                "tier": case.tier,
                "ours_skipped": skip.get(case.key),
            }
            _log(f"{case.key}: {case.label}")
            if "gen" in parts:
                entry["generation"] = measure_generation(case, config, ours_ok)
            if case.tier == "default" and "verify" in parts:
                entry["verification"] = measure_verification(case, config, ours_ok, workdir)
            if case.tier == "default" and "memory" in parts:
                med = entry.get("generation", {}).get("median", {})
                rates = (med.get(f"{OURS}-all"), med.get(f"{PEER}-1"))
                entry["memory"] = measure_memory(case, config, ours_ok, rates, workdir)
            results["cases"][case.key] = entry
    results["seconds"] = time.time() - started
    return results


def skipped_cases(cases: list[Case]) -> dict[str, str]:
    """Cases whose synlogic side cannot run in this build, with the reason."""
    out = {}
    for case in cases:
        reason = check_ours(case)
        if reason:
            out[case.key] = reason
    return out


__all__ = ["CASES", "PerfConfig", "families", "run_perf", "skipped_cases"]
