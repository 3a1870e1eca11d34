"""The matched settings: for every family both projects share, the same puzzles sizes on
each side, from reasoning-gym's defaults up to its hardest curriculum level.

reasoning-gym's knobs are read from its config dataclasses and curricula (v0.1.25):

- ``knights_knaves``: ``n_people`` 2-5, ``depth_constraint`` 2-3, ``width_constraint`` 2-3
  (default 2/2/2). Its depth counts the leaf claims as a level; ours counts connectives, so
  reasoning-gym depth ``d`` is our depth ``d - 1``. Its grammar (claims, not, and, or,
  if-then, iff, claims about oneself) is selected with our ``types`` knob.
- ``sudoku``: ``min_empty``/``max_empty``, default 30-50, curriculum top segment 50-60.
  reasoning-gym removes clues in random order without symmetry and without a technique
  grade, which is our ``symmetry = none``, ``max_grade = 5`` (no cap).
- ``mini_sudoku`` (4x4): default 8-12, top segment 10-12.
- ``countdown``: ``min/max_numbers`` 4-6, values 1-100, target 100-999 by default. Its prompt
  asks for all numbers and its scorer accepts any real arithmetic, which is our
  ``use_all = true``, ``integer_intermediates = false``. Our ``count`` is one number, so a
  range of counts is matched by an equal mix of items at each count.
- ``zebra_puzzles``: ``num_people`` x ``num_characteristics`` 2-7, default 4x4; it asks
  for one cell and uses found-at, same-house, directly-left and next-to clues, which is our
  ``question = cell`` with those ``clue_types``.
- ``string_manipulation``: string length 5-20 and 3-8 rules by default, up to 100-500 and
  15-20. Its answer is the string after the rules have been applied until a fixed point; the
  number of applied steps (mean 2 at the default, 9.6 at length 10-50 with 5-10 rules) is
  matched by our composition depth / procedure step count. ``string_compose`` (a given
  pipeline of string functions applied to an input) and ``procedures`` with its
  ``string_rules`` kind (prioritized rewrite rules applied step by step) are both closest
  to it: an input string, an explicit list of string rewrites, the final string as the
  answer; issue 4 names it as the comparable peer task. Where our knobs stop short of the
  peer's top level (string length, step count) the case says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """One matched setting: a reasoning-gym dataset config and our task's knobs."""

    family: str
    """The family row label, e.g. ``"Knights and Knaves"``."""
    key: str
    """A short unique id, e.g. ``"kk-default"``."""
    label: str
    """The size in words, as shown in the tables."""
    rg_name: str
    rg_config: dict[str, Any]
    task: str
    knobs: tuple[dict[str, Any], ...]
    """Our knob sets; several mean an equal mix (to match one of the peer's ranges)."""
    tier: str = "default"
    """``default`` (reasoning-gym's default config), ``mid`` or ``hardest``."""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


KK_TYPES = ["not", "and", "or", "if_then", "iff", "self_reference"]
RG_ZEBRA_CLUES = ["found_at", "same_house", "directly_left", "next_to"]


def _kk(key: str, tier: str, people: int, depth: int, width: int) -> Case:
    return Case(
        family="Knights and Knaves",
        key=key,
        label=f"{people} people, depth {depth}, width {width}",
        rg_name="knights_knaves",
        rg_config={"n_people": people, "depth_constraint": depth, "width_constraint": width},
        task="knights_knaves",
        knobs=({"people": people, "depth": depth - 1, "width": width, "types": KK_TYPES},),
        tier=tier,
    )


def _sudoku(key: str, tier: str, size: int, low: int, high: int) -> Case:
    name = "sudoku" if size == 9 else "mini_sudoku"
    return Case(
        family="Sudoku 9x9" if size == 9 else "Mini sudoku 4x4",
        key=key,
        label=f"{size}x{size}, {low}-{high} empty",
        rg_name=name,
        rg_config={"min_empty": low, "max_empty": high},
        task="sudoku",
        knobs=(
            {
                "size": size,
                "empty_cells": [low, high],
                "symmetry": "none",
                "minimal": False,
                "min_grade": 1,
                "max_grade": 5,
            },
        ),
        tier=tier,
    )


def _countdown(
    key: str, tier: str, counts: tuple[int, int], values: tuple[int, int], targets: tuple[int, int]
) -> Case:
    knobs = tuple(
        {
            "count": count,
            "min_value": values[0],
            "max_value": values[1],
            "min_target": targets[0],
            "max_target": targets[1],
            "operators": ["+", "-", "*", "/"],
            "use_all": True,
            "integer_intermediates": False,
        }
        for count in range(counts[0], counts[1] + 1)
    )
    return Case(
        family="Countdown",
        key=key,
        label=(
            f"{counts[0]}-{counts[1]} numbers in {values[0]}-{values[1]}, "
            f"target {targets[0]}-{targets[1]}"
        ),
        rg_name="countdown",
        rg_config={
            "min_numbers": counts[0],
            "max_numbers": counts[1],
            "min_value": values[0],
            "max_value": values[1],
            "min_target": targets[0],
            "max_target": targets[1],
        },
        task="countdown",
        knobs=knobs,
        tier=tier,
    )


def _zebra(key: str, tier: str, houses: int, attributes: int) -> Case:
    return Case(
        family="Zebra puzzles",
        key=key,
        label=f"{houses} houses x {attributes} attributes, one cell asked",
        rg_name="zebra_puzzles",
        rg_config={"num_people": houses, "num_characteristics": attributes},
        task="zebra",
        knobs=(
            {
                "houses": houses,
                "attributes": attributes,
                "question": "cell",
                "clue_types": RG_ZEBRA_CLUES,
            },
        ),
        tier=tier,
    )


def _strings(
    key: str,
    tier: str,
    task: str,
    lengths: tuple[int, int],
    rules: tuple[int, int],
    steps: int,
    note: str = "",
) -> Case:
    if task == "string_compose":
        knobs: dict[str, Any] = {
            "depth": steps,
            "min_len": lengths[0],
            "max_len": lengths[1],
            "alphabet": "lower",
            "worked_example": False,
            "max_output_len": min(256, max(64, 2 * lengths[1])),
        }
        family = "String functions (string_compose)"
    else:
        knobs = {
            "steps": steps,
            "state_size": max(3, min(10, lengths[1])),
            "kinds": ["string_rules"],
        }
        family = "Procedures (procedures)"
    return Case(
        family=family,
        key=key,
        label=f"length {lengths[0]}-{lengths[1]}, {steps} steps ({rules[0]}-{rules[1]} rules)",
        rg_name="string_manipulation",
        rg_config={
            "min_string_length": lengths[0],
            "max_string_length": lengths[1],
            "min_num_rules": rules[0],
            "max_num_rules": rules[1],
        },
        task=task,
        knobs=(knobs,),
        tier=tier,
        note=note,
    )


CASES: list[Case] = [
    _kk("kk-default", "default", 2, 2, 2),
    _kk("kk-mid", "mid", 4, 3, 2),
    _kk("kk-hardest", "hardest", 5, 3, 3),
    _sudoku("sudoku-default", "default", 9, 30, 50),
    _sudoku("sudoku-hardest", "hardest", 9, 50, 60),
    _sudoku("mini-default", "default", 4, 8, 12),
    _sudoku("mini-hardest", "hardest", 4, 10, 12),
    _countdown("countdown-default", "default", (4, 6), (1, 100), (100, 999)),
    _countdown("countdown-mid", "mid", (6, 8), (1, 200), (500, 5000)),
    _countdown("countdown-large", "hardest", (8, 10), (1, 300), (1000, 10000)),
    _zebra("zebra-default", "default", 4, 4),
    _zebra("zebra-mid", "mid", 5, 5),
    _zebra("zebra-hardest", "hardest", 7, 7),
    _strings("compose-default", "default", "string_compose", (5, 20), (3, 8), 2),
    _strings("compose-mid", "mid", "string_compose", (10, 50), (5, 10), 10),
    _strings(
        "compose-hardest",
        "hardest",
        "string_compose",
        (100, 250),
        (15, 20),
        20,
        note="strings up to 250 (our cap is 256, the peer's top level 500); the peer applies "
        "~200 steps here, our depth stops at 20",
    ),
    _strings(
        "procedures-default",
        "default",
        "procedures",
        (5, 20),
        (3, 8),
        2,
        note="our string length stops at 10 (state_size)",
    ),
    _strings(
        "procedures-mid",
        "mid",
        "procedures",
        (10, 50),
        (5, 10),
        10,
        note="our string length stops at 10 (state_size)",
    ),
    _strings(
        "procedures-hardest",
        "hardest",
        "procedures",
        (100, 500),
        (15, 20),
        100,
        note="our string length stops at 10 and steps at 100; the peer applies ~235 steps",
    ),
]
"""Every matched setting, in table order."""

BY_KEY = {case.key: case for case in CASES}


def families() -> list[str]:
    """The family labels in table order."""
    seen: list[str] = []
    for case in CASES:
        if case.family not in seen:
            seen.append(case.family)
    return seen


def default_case(family: str) -> Case:
    """The case at reasoning-gym's default config for ``family`` (the quality sample)."""
    return next(c for c in CASES if c.family == family and c.tier == "default")


def check_ours(case: Case) -> str | None:
    """``None`` if our side of ``case`` can run here, else why not (task missing, a knob
    unknown or rejected)."""
    import synlogic

    if case.task not in synlogic.list_tasks():
        return f"task {case.task!r} is not in this build of synlogic"
    known = synlogic.task_info(case.task).knobs
    for knobs in case.knobs:
        unknown = sorted(set(knobs) - set(known))
        if unknown:
            return f"unknown knob(s) {', '.join(unknown)} for {case.task}"
        try:
            synlogic.resolve_knobs(case.task, knobs=knobs)
        except Exception as exc:  # any synlogic error: report it in the table
            return f"knobs rejected: {exc}"
    return None


def select(spec: str | None) -> list[Case]:
    """Cases whose key or family contains one of the comma-separated words of ``spec``."""
    if not spec:
        return list(CASES)
    words = [w.strip().lower() for w in spec.split(",") if w.strip()]
    return [
        c
        for c in CASES
        if any(w in c.key.lower() or w in c.family.lower() or w == c.task for w in words)
    ]
