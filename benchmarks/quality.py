"""Item quality, side by side, judged by the independent checkers in ``solvers.py``.

For each family's default case both projects generate a sample (10,000 items unless told
otherwise); every item is re-solved by our checkers. Reported per project:

- uniqueness: the fraction of items whose puzzle has exactly one solution;
- stored answer correct: the fraction whose stored answer our checker accepts;
- trivial items (per family, see ``TRIVIAL``);
- distinct structures (see ``STRUCTURE``);
- guessing: the mean score a fixed guessing strategy earns under each project's default
  scorer (and synlogic's opt-in partial credit), and the frequency of the most common answer
  (what the best constant answer earns under exact matching);
- difficulty: the spread (p10 / median / p90) of our checkers' search effort per size.

reasoning-gym items are slow to make for some families, so its samples are cached under
``benchmarks/cache/`` (keyed by case, seed, size and version) and reused by later runs.
"""

from __future__ import annotations

import collections
import hashlib
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import solvers
from adapters import RgGenerator, ours_record, ours_rows, rg_record
from cases import Case

CACHE = Path(__file__).resolve().parent / "cache"
OURS, PEER = "synlogic", "reasoning-gym"
SEED = 20_240_601


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Guessing strategies (answer texts in each project's own answer format)
# ---------------------------------------------------------------------------------------------


def _guess(case: Case, side: str, item: dict, rec: dict) -> str:
    family = case.family
    if family == "Knights and Knaves":
        if side == PEER:
            terms = item["metadata"]["knight_knave_terms"]
            parts = [f"{name} is {terms['a_knight']}" for name in item["metadata"]["names"]]
            return ", ".join(parts[:-1]) + ", and " + parts[-1] + "."
        names = json.loads(item["verification"])["puzzle"]["names"]
        return "\n".join(f"{name}: knight" for name in names)
    if "udoku" in family:
        rows = [[v or 1 for v in row] for row in rec["grid"]]
        return "\n".join(" ".join(str(v) for v in row) for row in rows)
    if family == "Countdown":
        return " + ".join(str(v) for v in rec["numbers"])
    if family == "Zebra puzzles":
        if side == PEER:
            return rec["values"][rec["ask"][1]][0] if rec.get("ask") else ""
        return "1"
    return rec.get("input", "")


GUESS_NAME = {
    "Knights and Knaves": "everyone is a knight",
    "Sudoku 9x9": "givens kept, every blank = 1",
    "Mini sudoku 4x4": "givens kept, every blank = 1",
    "Countdown": "the sum of all numbers",
    "Zebra puzzles": "alphabetically first name (peer) / house 1 (synlogic)",
}


# ---------------------------------------------------------------------------------------------
# Sampling (with the peer's cache)
# ---------------------------------------------------------------------------------------------


def _rg_version() -> str:
    from importlib.metadata import version

    return version("reasoning-gym")


_GEN: dict[str, RgGenerator] = {}


def _rg_chunk(args: tuple[str, int, int, int]) -> list[dict]:
    from cases import BY_KEY

    key, seed, start, stop = args
    case = BY_KEY[key]
    gen = _GEN.get(key)
    if gen is None:
        gen = _GEN[key] = RgGenerator(case, seed)
    out = []
    for idx in range(start, stop):
        item = gen.item(idx)
        rec = rg_record(case, item)
        guess = _guess(case, PEER, item, rec)
        rec["guess_score"] = float(gen.dataset.score_answer(guess, item))
        rec["index"] = idx
        out.append(rec)
    return out


def _cache_path(case: Case, seed: int) -> Path:
    config = json.dumps([case.rg_name, case.rg_config], sort_keys=True)
    digest = hashlib.sha1(config.encode()).hexdigest()[:10]
    return CACHE / f"rg-{_rg_version()}-{case.key}-{digest}-seed{seed}.jsonl"


def _read_cache(path: Path) -> list[dict]:
    """The cached records, indices 0, 1, 2, ... (a last line cut short by an interrupted run
    is ignored, and so are duplicates from two runs appending at once)."""
    if not path.exists():
        return []
    by_index: dict[int, dict] = {}
    with open(path, "rb") as handle:
        for line in handle:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                break
            by_index.setdefault(rec["index"], rec)
    out = []
    while len(out) in by_index:  # the contiguous prefix 0, 1, 2, ...
        out.append(by_index[len(out)])
    return out


def _start_on_fresh_line(path: Path) -> None:
    """Cuts a partial last line left by an interrupted run before appending."""
    if not path.exists() or path.stat().st_size == 0:
        return
    data = path.read_bytes()
    if not data.endswith(b"\n"):
        with open(path, "r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)


def peer_records(
    case: Case, n: int, workers: int, time_cap: float | None = None, seed: int = SEED
) -> list[dict]:
    """Up to ``n`` reasoning-gym records (indices 0..n-1), from the cache where possible;
    new ones are generated on ``workers`` processes and appended to the cache. With
    ``time_cap``, generation stops after about that many seconds."""
    path = _cache_path(case, seed)
    have = _read_cache(path)
    if len(have) >= n:
        return have[:n]
    CACHE.mkdir(parents=True, exist_ok=True)
    _start_on_fresh_line(path)
    start = len(have)
    chunk = 25 if case.rg_name in ("zebra_puzzles", "sudoku", "countdown") else 500
    jobs = [(case.key, seed, s, min(n, s + chunk)) for s in range(start, n, chunk)]
    started = time.time()
    _log(f"  {PEER} {case.key}: generating items {start}..{n - 1} on {workers} processes")
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool, open(path, "a", encoding="utf-8") as out:
        for part in pool.imap(_rg_chunk, jobs):
            out.write("".join(json.dumps(rec) + "\n" for rec in part))
            out.flush()
            have.extend(part)
            if time_cap is not None and time.time() - started > time_cap:
                pool.terminate()
                break
    return have[:n]


def ours_records(case: Case, n: int, seed: int = SEED) -> list[dict]:
    """``n`` synlogic records, with the guess scored by synlogic's scorer (default and
    partial credit)."""
    import synlogic

    out = []
    for start in range(0, n, 2048):
        rows = ours_rows(case, seed, start, min(2048, n - start))
        recs = [ours_record(case, row) for row in rows]
        guesses = [
            f"<answer>{_guess(case, OURS, row, rec)}</answer>"
            for row, rec in zip(rows, recs, strict=True)
        ]
        payloads = [row["verification"] for row in rows]
        default = synlogic.score_batch(payloads, guesses)
        partial = synlogic.score_batch(payloads, guesses, partial=True)
        for i, rec in enumerate(recs):
            rec["guess_score"] = default[i]
            rec["guess_partial"] = partial[i]
            rec["index"] = start + i
        out.extend(recs)
    return out


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


COUNTDOWN_EFFORT_ITEMS = 200
"""The countdown search is slow in Python: its effort figure uses the first items with at
most 6 numbers only (an unfinished search counts as the 50,000-node cap; with more numbers
nearly every search hits the cap, so the figure says nothing there)."""

_LISTS_ANSWERS = {"Zebra puzzles", "Knights and Knaves", "Sudoku 9x9", "Mini sudoku 4x4"}
"""Families whose prompt necessarily lists the answer's words (names, values)."""


def check(family: str, rec: dict) -> dict[str, Any]:
    """Our checkers' verdict on one record."""
    out: dict[str, Any] = {}
    answer = str(rec.get("answer", "")).strip()
    if family not in _LISTS_ANSWERS:
        out["answer_in_prompt"] = _stated(answer, rec.get("prompt", ""))
    if family == "Knights and Knaves":
        n, statements = rec["n"], rec["statements"]
        sols = solvers.kk_solutions(n, statements)
        out["unique"] = len(sols) == 1
        out["answer_ok"] = tuple(rec["solution"]) in sols
        out["trivial"] = len(set(rec["solution"])) == 1
        out["structure"] = solvers.kk_canonical(n, statements)
        out["effort"] = solvers.kk_search_nodes(n, statements)
    elif "udoku" in family:
        br, bc = rec["box"]
        count, nodes = solvers.sudoku_count(rec["grid"], br, bc)
        out["unique"] = count == 1
        out["answer_ok"] = solvers.sudoku_is_solution(rec["grid"], rec["solution"], br, bc)
        out["trivial"] = solvers.sudoku_singles(rec["grid"], br, bc)
        out["structure"] = solvers.sudoku_puzzle_key(rec["grid"], rec["solution"])
        out["effort"] = nodes
        out["empty"] = sum(1 for row in rec["grid"] for v in row if not v)
    elif family == "Countdown":
        numbers, target = rec["numbers"], rec["target"]
        rules = {"use_all": rec["use_all"], "positive_integers": rec["positive_integers"]}
        out["answer_ok"] = solvers.countdown_valid(numbers, target, rec["expression"], **rules)
        product = 1
        for v in numbers:
            product *= v
        out["trivial"] = target in numbers or sum(numbers) == target or product == target
        out["structure"] = solvers.expression_shape(rec["expression"])
        if rec.get("index", 0) < COUNTDOWN_EFFORT_ITEMS and len(numbers) <= 6:
            found, nodes = solvers.countdown_search(numbers, target, node_limit=50_000, **rules)
            out["effort"] = nodes if found else 50_000
    elif family == "Zebra puzzles":
        count, nodes, first = solvers.zebra_count(rec["n"], rec["m"], rec["clues"])
        out["unique"] = count == 1
        ask = rec.get("ask")
        if not first:
            out["answer_ok"] = False
        elif ask and ask[0] == "value" and "answer_value" in rec:
            c, house = ask[1], ask[2]
            value = first[c].index(house)
            out["answer_ok"] = rec["values"][c][value] == rec["answer_value"]
        elif ask and ask[0] == "value":
            out["answer_ok"] = first[ask[1]][rec["answer_slot"]] == ask[2]
        elif ask and ask[0] == "house":
            out["answer_ok"] = first[ask[1]][ask[2]] == rec["answer_house"]
        else:
            out["answer_ok"] = first == rec["solution"]
        out["trivial"] = _zebra_given_away(rec)
        kinds = collections.Counter(clue[0] for clue in rec["clues"])
        out["structure"] = json.dumps(sorted(kinds.items()))
        out["effort"] = nodes
    else:  # string tasks
        out["trivial"] = answer == str(rec.get("input", "")).strip()
        out["structure"] = rec.get("structure", "")
        out["effort"] = rec.get("steps")
    return out


def _stated(answer: str, prompt: str) -> bool:
    """The answer (3+ characters) appears in the prompt as a whole word or expression, not
    as part of a longer string."""
    if len(answer) < 3:
        return False
    pattern = rf"(?<![A-Za-z0-9]){re.escape(answer)}(?![A-Za-z0-9])"
    return re.search(pattern, prompt) is not None


def _zebra_given_away(rec: dict) -> bool:
    """The asked cell is stated outright by one found-at clue."""
    ask = rec.get("ask")
    if not ask:
        return False
    kind, c, x = ask
    for clue in rec["clues"]:
        if clue[0] != "at" or clue[1][0] != c:
            continue
        if kind == "value" and clue[2] == x and rec["solution"][c][clue[1][1]] == x:
            return True
        if kind == "house" and clue[1][1] == x:
            return True
    return False


def _check_chunk(args: tuple[str, list[dict]]) -> list[dict]:
    family, recs = args
    return [check(family, rec) for rec in recs]


def check_all(family: str, recs: list[dict], workers: int) -> list[dict]:
    """``check`` over every record, on ``workers`` processes."""
    size = max(1, min(250, len(recs) // (workers * 4) or 1))
    chunks = [(family, recs[i : i + size]) for i in range(0, len(recs), size)]
    if workers <= 1 or len(chunks) == 1:
        return [c for chunk in chunks for c in _check_chunk(chunk)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        return [c for part in pool.imap(_check_chunk, chunks) for c in part]


# ---------------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------------


def _fraction(checks: list[dict], key: str) -> float | None:
    values = [c[key] for c in checks if c.get(key) is not None]
    return sum(1 for v in values if v) / len(values) if values else None


def spread(values: list[float]) -> dict[str, Any] | None:
    """p10 / median / p90 of ``values`` (None when empty)."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    if len(vals) == 1:
        return {"n": 1, "p10": vals[0], "median": vals[0], "p90": vals[0]}
    deciles = statistics.quantiles(vals, n=10, method="inclusive")
    return {
        "n": len(vals),
        "p10": deciles[0],
        "median": statistics.median(vals),
        "p90": deciles[-1],
    }


def summarize(family: str, recs: list[dict], checks: list[dict]) -> dict[str, Any]:
    """The quality figures of one sample."""
    answers = collections.Counter(str(r.get("answer", "")).strip().lower() for r in recs)
    mode, mode_count = answers.most_common(1)[0] if answers else ("", 0)
    structures = {c["structure"] for c in checks if c.get("structure") is not None}
    out: dict[str, Any] = {
        "n": len(recs),
        "unique": _fraction(checks, "unique"),
        "answer_ok": _fraction(checks, "answer_ok"),
        "trivial": _fraction(checks, "trivial"),
        "answer_in_prompt": _fraction(checks, "answer_in_prompt"),
        "distinct_structures": len(structures),
        "guess_score": statistics.fmean(r["guess_score"] for r in recs) if recs else None,
        "mode_answer": mode[:40],
        "mode_answer_freq": mode_count / len(recs) if recs else None,
        "effort": spread([c.get("effort") for c in checks]),
    }
    partial = [r["guess_partial"] for r in recs if "guess_partial" in r]
    if partial:
        out["guess_partial"] = statistics.fmean(partial)
    if "udoku" in family:
        out["empty"] = spread([c.get("empty") for c in checks])
    return out


def run_quality(
    cases: list[Case],
    n: int,
    difficulty_n: int,
    workers: int,
    skip: dict[str, str],
    peer_time_cap: float,
) -> dict[str, Any]:
    """Quality at every family's default case (``n`` items a side) and the effort spread
    at every case (``difficulty_n`` items a side; the peer capped at ``peer_time_cap``
    seconds of generation per case)."""
    started = time.time()
    out: dict[str, Any] = {"n": n, "difficulty_n": difficulty_n, "cases": {}}
    for case in cases:
        size = n if case.tier == "default" else difficulty_n
        entry: dict[str, Any] = {"family": case.family, "label": case.label, "tier": case.tier}
        for side in (OURS, PEER):
            if side == OURS and case.key in skip:
                entry[side] = {"skipped": skip[case.key]}
                continue
            t0 = time.time()
            if side == OURS:
                recs = ours_records(case, size)
            else:
                cap = None if case.tier == "default" else peer_time_cap
                recs = peer_records(case, size, workers, time_cap=cap)
            t1 = time.time()
            checks = check_all(case.family, recs, workers)
            summary = summarize(case.family, recs, checks)
            summary["seconds_generate"] = t1 - t0
            summary["seconds_check"] = time.time() - t1
            if side == OURS:
                summary["difficulty"] = spread([r.get("difficulty") for r in recs])
            entry[side] = summary
            _log(f"  quality {case.key} {side}: {json.dumps(_short(summary))}")
        out["cases"][case.key] = entry
    out["levels"] = our_levels(cases, difficulty_n, skip)
    out["seconds"] = time.time() - started
    return out


def _short(summary: dict) -> dict:
    keep = ("n", "unique", "answer_ok", "trivial", "distinct_structures", "guess_score")
    return {k: summary.get(k) for k in keep}


def our_levels(cases: list[Case], n: int, skip: dict[str, str]) -> dict[str, Any]:
    """synlogic's own difficulty figure per level 1-10 (p10 / median / p90)."""
    import synlogic

    out: dict[str, Any] = {}
    tasks = []
    for case in cases:
        if case.key not in skip and case.task not in tasks:
            tasks.append(case.task)
    for task in tasks:
        info = synlogic.task_info(task)
        levels = []
        for level in range(1, 11):
            try:
                rows = synlogic.generate(task, n, seed=SEED, level=level)
            except Exception as exc:  # report, don't stop the benchmark
                levels.append({"level": level, "error": str(exc)})
                continue
            figures = [json.loads(r["metadata"]).get("difficulty") for r in rows]
            levels.append({"level": level, **(spread(figures) or {})})
        out[task] = {"measure": info.difficulty_measure, "levels": levels}
    return out


def iter_families(cases: list[Case]) -> Iterator[str]:
    """Family labels of ``cases`` in order, once each."""
    seen = set()
    for case in cases:
        if case.family not in seen:
            seen.add(case.family)
            yield case.family


def default_workers() -> int:
    """Processes for sampling and checking: every core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
