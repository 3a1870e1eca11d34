"""Deduction tasks against reasoning-gym: generation rates at matched sizes, and the
benchmark's own checker re-deriving both sides' answers.

    python benchmarks/peers_deduction.py                 # table
    python benchmarks/peers_deduction.py --json          # one JSON object
    python benchmarks/peers_deduction.py --items 2000 --seconds 3

Pairs (reasoning-gym 0.1.25 defaults):

- ``self_reference``: reasoning-gym's seven fixed statement templates (at least / at most /
  exactly true / exactly false / exactly one of 3 and 4 / prime / composite) asking for the
  *number* of consistent assignments; ours, 7 statements of counting and reference claims,
  asking for the assignment. The checker parses each side's statements from the prompt text
  and counts the consistent assignments over all 2^7.
- ``circuit_logic`` / ``boolean_circuit``: reasoning-gym's sum of products over 2-4 inputs
  with one output; ours at the same size (4 inputs, 8 gates, one output) and at our level 3
  (seven outputs). The checker evaluates each side's circuit from its definition.

Rates are items per second on one thread (``SYNLOGIC_NUM_THREADS=1``), complete Python rows
on both sides, median of interleaved rounds in one process. Guessing: the share of items the
best constant answer gets right (the most frequent stored answer).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import product
from typing import Any

os.environ.setdefault("SYNLOGIC_NUM_THREADS", "1")

import reasoning_gym
import synlogic

SEED = 20_261_202


def interleaved_rates(
    sides: dict[str, Callable[[int, int], int]], seconds: float, rounds: int
) -> dict[str, float]:
    """Items/s of each side's ``make(start, count) -> items``, median of ``rounds`` rounds run
    side by side (ours, peer, ours, peer, ...), each round about ``seconds`` long."""
    rates: dict[str, list[float]] = {name: [] for name in sides}
    starts = dict.fromkeys(sides, 0)
    for _ in range(rounds):
        for name, make in sides.items():
            made, began = 0, time.perf_counter()
            while time.perf_counter() - began < seconds:
                made += make(starts[name], 64)
                starts[name] += 64
            rates[name].append(made / (time.perf_counter() - began))
    return {name: statistics.median(values) for name, values in rates.items()}


def rg_maker(name: str, **config: Any) -> Callable[[int, int], int]:
    """reasoning-gym rows: its dataset's items, each built on access (its own loader's way)."""
    data = reasoning_gym.create_dataset(name, size=10_000_000, seed=SEED, **config)

    def make(start: int, count: int) -> int:
        for i in range(start, start + count):
            data[i]
        return count

    return make


def ours_maker(
    task: str, knobs: dict[str, Any] | None = None, level: int | None = None
) -> Callable[[int, int], int]:
    def make(start: int, count: int) -> int:
        rows = synlogic.generate(task, count, seed=SEED, start=start, level=level, knobs=knobs)
        return len(rows)

    return make


# ---- self-reference ------------------------------------------------------------------------

_NUMBER = r"(\d+)"


def _prime(k: int) -> bool:
    return k >= 2 and all(k % d for d in range(2, int(k**0.5) + 1))


def _claim(text: str, n: int) -> Callable[[tuple[bool, ...]], bool]:
    """One statement's claim, read from its English text (either project's wording)."""
    t = text.strip().strip("'\"").rstrip(".'\"")
    low = t.lower()
    patterns: list[tuple[str, Callable[..., Callable[[tuple[bool, ...]], bool]]]] = [
        (
            rf"at least {_NUMBER} of these( \d+)? statements are true",
            lambda k: lambda v: sum(v) >= k,
        ),
        (
            rf"at most {_NUMBER} of these( \d+)? statements are true",
            lambda k: lambda v: sum(v) <= k,
        ),
        (
            rf"at most {_NUMBER} of these( \d+)? statements are false",
            lambda k: lambda v: n - sum(v) <= k,
        ),
        (
            rf"exactly {_NUMBER} of these( \d+)? statements (are|is) true",
            lambda k: lambda v: sum(v) == k,
        ),
        (
            rf"exactly {_NUMBER} of these( \d+)? statements (are|is) false",
            lambda k: lambda v: n - sum(v) == k,
        ),
    ]
    for pattern, build in patterns:
        match = re.fullmatch(pattern, low)
        if match:
            return build(int(match.group(1)))
    match = re.fullmatch(r"statement (\d+) is (true|false)", low)
    if match:
        j, value = int(match.group(1)) - 1, match.group(2) == "true"
        return lambda v: v[j] == value
    match = re.fullmatch(r"either statement (\d+) or statement (\d+) is true, but not both", low)
    match = match or re.fullmatch(r"exactly one of statements (\d+) and (\d+) is true", low)
    if match:
        a, b = int(match.group(1)) - 1, int(match.group(2)) - 1
        return lambda v: v[a] != v[b]
    match = re.fullmatch(r"statements (\d+) and (\d+) are both true or both false", low)
    if match:
        a, b = int(match.group(1)) - 1, int(match.group(2)) - 1
        return lambda v: v[a] == v[b]
    match = re.fullmatch(r"statements (\d+) and (\d+) are both true", low)
    if match:
        a, b = int(match.group(1)) - 1, int(match.group(2)) - 1
        return lambda v: v[a] and v[b]
    match = re.fullmatch(r"at least one of statements (\d+) and (\d+) is true", low)
    if match:
        a, b = int(match.group(1)) - 1, int(match.group(2)) - 1
        return lambda v: v[a] or v[b]
    match = re.fullmatch(r"the number of true statements( in this list)? is (even|odd)", low)
    if match:
        even = match.group(2) == "even"
        return lambda v: (sum(v) % 2 == 0) == even
    match = re.fullmatch(r"statement (\d+) is the first true statement in this list", low)
    if match:
        j = int(match.group(1)) - 1
        return lambda v: v[j] and not any(v[:j])
    if low == "the number of true statements is a prime number":
        return lambda v: _prime(sum(v))
    if low == "the number of false statements is a composite number":
        return lambda v: n - sum(v) > 1 and not _prime(n - sum(v))
    raise ValueError(f"unknown claim: {text!r}")


def consistent_assignments(prompt: str) -> list[tuple[bool, ...]]:
    """Every assignment of the prompt's statements under which each is true exactly when
    its claim holds (all 2^n)."""
    texts = re.findall(r"Statement \d+: (.+)", prompt)
    n = len(texts)
    claims = [_claim(t, n) for t in texts]
    return [
        values
        for values in product((False, True), repeat=n)
        if all(claim(values) == values[i] for i, claim in enumerate(claims))
    ]


def check_self_reference(items: int) -> dict[str, Any]:
    peer = reasoning_gym.create_dataset("self_reference", size=items, seed=SEED)
    wrong = []
    counts: Counter[int] = Counter()
    for i in range(items):
        entry = peer[i]
        solutions = len(consistent_assignments(entry["question"]))
        counts[solutions] += 1
        if str(solutions) != entry["answer"].strip():
            wrong.append({"index": i, "stored": entry["answer"], "checker": solutions})
    best_constant = max(Counter(peer[i]["answer"] for i in range(items)).values()) / items
    ours = synlogic.generate("self_reference", items, seed=SEED, knobs=OURS_SELF_REFERENCE)
    our_wrong = 0
    answers: Counter[str] = Counter()
    for row in ours:
        prompt = row["prompt"][0]["content"]
        found = consistent_assignments(prompt.split("\n\nA statement is true")[0])
        stored = tuple(line.endswith("true") for line in row["answer"].splitlines())
        answers[row["answer"]] += 1
        if found != [stored]:
            our_wrong += 1
    return {
        "peer_items": items,
        "peer_wrong": len(wrong),
        "peer_wrong_examples": wrong[:3],
        "peer_solution_counts": dict(sorted(counts.items())),
        "peer_best_constant_answer": best_constant,
        "ours_items": items,
        "ours_wrong_or_ambiguous": our_wrong,
        "ours_best_constant_answer": max(answers.values()) / items,
    }


OURS_SELF_REFERENCE = {
    "statements": 7,
    "kinds": ["exactly_true", "exactly_false", "at_least_true", "at_most_true", "same", "parity"],
}

# ---- circuits ------------------------------------------------------------------------------

_RG_OPS = {"&": "and", "+": "or", "↑": "nand", "↓": "nor", "⊕": "xor"}


def rg_circuit_value(metadata: dict[str, Any]) -> int:
    """reasoning-gym's sum of products, evaluated from its term strings: each term is
    literals joined by one operator (``'`` negates); the terms meet at ``final_gate``."""
    values = metadata["assignments"]

    def term(text: str) -> int:
        op = next((o for o in _RG_OPS if o in text), "&")
        bits = []
        for literal in text.split(op):
            bit = values[literal.rstrip("'")]
            bits.append(1 - bit if literal.endswith("'") else bit)
        kind = _RG_OPS[op]
        if kind == "and":
            return int(all(bits))
        if kind == "or":
            return int(any(bits))
        if kind == "nand":
            return int(not all(bits))
        if kind == "nor":
            return int(not any(bits))
        return sum(bits) % 2

    terms = [term(t) for t in metadata["term_strings"]]
    final = metadata["final_gate"].upper()
    if final == "OR":
        return int(any(terms))
    if final == "NOR":
        return int(not any(terms))
    if final == "XOR":
        return sum(terms) % 2
    if final == "AND":
        return int(all(terms))
    if final == "NAND":
        return int(not all(terms))
    raise ValueError(f"unknown final gate {final}")


_GATE = re.compile(r"^(\w+) = (AND|OR|NOT|XOR|NAND|NOR|IMPLIES)\(([\w, ]+)\)$", re.M)
_INPUT = re.compile(r"^(x\d+) = ([01])$", re.M)


def our_circuit_values(prompt: str) -> dict[str, int]:
    """Our circuit, read from the prompt and evaluated by demand."""
    wires = {name: int(v) for name, v in _INPUT.findall(prompt)}
    gates = {
        name: (kind, [a.strip() for a in args.split(",")])
        for name, kind, args in _GATE.findall(prompt)
    }

    def value(name: str) -> int:
        if name not in wires:
            kind, args = gates[name]
            bits = [value(a) for a in args]
            wires[name] = {
                "AND": lambda: int(all(bits)),
                "OR": lambda: int(any(bits)),
                "NOT": lambda: 1 - bits[0],
                "XOR": lambda: sum(bits) % 2,
                "NAND": lambda: int(not all(bits)),
                "NOR": lambda: int(not any(bits)),
                "IMPLIES": lambda: int(not bits[0] or bits[1]),
            }[kind]()
        return wires[name]

    return {name: value(name) for name in gates if name.startswith("out")}


OURS_CIRCUIT_MATCHED = {"inputs": 4, "gates": 8, "outputs": 1, "depth": 2, "max_fan_in": 3}


def check_circuits(items: int) -> dict[str, Any]:
    peer = reasoning_gym.create_dataset("circuit_logic", size=items, seed=SEED)
    wrong = 0
    answers: Counter[str] = Counter()
    for i in range(items):
        entry = peer[i]
        answers[entry["answer"]] += 1
        if str(rg_circuit_value(entry["metadata"])) != entry["answer"].strip():
            wrong += 1
    result: dict[str, Any] = {
        "peer_items": items,
        "peer_wrong": wrong,
        "peer_best_constant_answer": max(answers.values()) / items,
    }
    for label, kwargs in (
        ("ours_matched", {"knobs": OURS_CIRCUIT_MATCHED}),
        ("ours_level3", {"level": 3}),
    ):
        rows = synlogic.generate("boolean_circuit", items, seed=SEED, **kwargs)
        ours_wrong = 0
        our_answers: Counter[str] = Counter()
        for row in rows:
            values = our_circuit_values(row["prompt"][0]["content"])
            stored = dict(line.split(" = ") for line in row["answer"].splitlines())
            our_answers[row["answer"]] += 1
            if {k: int(v) for k, v in stored.items()} != values:
                ours_wrong += 1
        result[f"{label}_wrong"] = ours_wrong
        result[f"{label}_best_constant_answer"] = max(our_answers.values()) / items
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000, help="Items each side re-checks.")
    parser.add_argument("--seconds", type=float, default=2.0, help="Per side and round.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"load": os.getloadavg()[0]}
    pairs = {
        "self_reference": {
            "synlogic self_reference (7 statements)": ours_maker(
                "self_reference", OURS_SELF_REFERENCE
            ),
            "reasoning-gym self_reference (7 statements)": rg_maker("self_reference"),
        },
        "circuits": {
            "synlogic boolean_circuit (4 inputs, 8 gates, 1 output)": ours_maker(
                "boolean_circuit", OURS_CIRCUIT_MATCHED
            ),
            "synlogic boolean_circuit (level 3, 7 outputs)": ours_maker("boolean_circuit", level=3),
            "reasoning-gym circuit_logic (2-4 inputs, 3-5 terms)": rg_maker("circuit_logic"),
        },
    }
    checks = {"self_reference": check_self_reference, "circuits": check_circuits}
    for name, sides in pairs.items():
        rates = interleaved_rates(sides, args.seconds, args.rounds)
        report[name] = {"rates": rates, "checks": checks[name](args.items)}
    if args.json:
        print(json.dumps(report))
        return report
    for name in pairs:
        print(f"\n## {name} (load {report['load']:.1f})")
        rates = report[name]["rates"]
        peer = next(v for k, v in rates.items() if k.startswith("reasoning-gym"))
        for side, rate in rates.items():
            print(f"  {side:60s} {rate:>12,.0f} items/s  ({rate / peer:,.1f}x the peer)")
        for key, value in report[name]["checks"].items():
            print(f"  {key}: {value}")
    return report


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
