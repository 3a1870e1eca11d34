"""Both projects' items, side by side: generation, a neutral record for the checkers in
``solvers.py``, near-miss wrong answers and constant guesses.

A *record* is a JSON-able dict: ``prompt``, ``answer`` (the stored answer text) and the
family's puzzle in neutral form (see ``solvers.py``). Records are what the quality step
caches and checks; they hold nothing either project computed except the stored answer,
which the checkers verify rather than trust.
"""

from __future__ import annotations

import json
import re
from random import Random
from typing import Any

from cases import Case

SIDES = ("synlogic", "reasoning-gym")

# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def ours_rows(case: Case, seed: int, start: int, n: int, *, chat: bool = True) -> list[dict]:
    """Items ``start .. start + n - 1`` of ``case`` as synlogic rows. With several knob
    sets, item ``i`` is item ``i // k`` of knob set ``i % k`` (each set with its own seed),
    so any range mixes the sets in equal shares and ranges never overlap."""
    import synlogic

    k = len(case.knobs)
    if k == 1:
        return synlogic.generate(
            case.task, n, seed=seed, start=start, knobs=case.knobs[0], chat=chat
        )
    parts = []
    for v, knobs in enumerate(case.knobs):
        first = start + (v - start) % k  # the first index >= start of knob set v
        count = len(range(first, start + n, k))
        parts.append(
            synlogic.generate(
                case.task, count, seed=seed + v, start=first // k, knobs=knobs, chat=chat
            )
            if count
            else []
        )
    rows = []
    for i in range(start, start + n):
        v = i % k
        rows.append(parts[v][(i - (start + (v - start) % k)) // k])
    return rows


class RgGenerator:
    """Generates reasoning-gym items of one case the way ``dataset[idx]`` does. For zebra
    puzzles it also keeps the puzzle object (clues and solution), which the dataset drops."""

    def __init__(self, case: Case, seed: int) -> None:
        import reasoning_gym

        self.case = case
        self.seed = seed
        self.dataset = reasoning_gym.create_dataset(
            case.rg_name, seed=seed, size=10**9, **case.rg_config
        )

    def item(self, idx: int) -> dict[str, Any]:
        """Item ``idx`` exactly as ``dataset[idx]`` returns it (zebra: plus ``_puzzle``)."""
        if self.case.rg_name != "zebra_puzzles":
            return self.dataset[idx]
        from reasoning_gym.logic.contrib.logic_puzzle.generate import generate_puzzle

        rng = Random(self.seed + idx)
        houses = self.case.rg_config["num_people"]
        attributes = self.case.rg_config["num_characteristics"]
        instance, puzzle = generate_puzzle(rng, houses, attributes)
        first = instance["questions"][0]
        question = str(puzzle) + "\n" + first["question"]
        question += "? Provide only the name of the person as your final answer."
        return {
            "question": question,
            "answer": first["answer"],
            "metadata": {"source_index": idx},
            "_puzzle": puzzle,
        }


# ---------------------------------------------------------------------------------------------
# Records (neutral form)
# ---------------------------------------------------------------------------------------------


def _rg_kk_statement(stmt: tuple) -> list:
    kind = stmt[0]
    if kind == "telling-truth":
        return ["is", int(stmt[1]), True]
    if kind == "lying":
        return ["is", int(stmt[1]), False]
    if kind == "not":
        return ["not", _rg_kk_statement(stmt[1])]
    if kind in ("and", "or"):
        return [kind, [_rg_kk_statement(s) for s in stmt[1:]]]
    if kind == "->":
        return ["imp", _rg_kk_statement(stmt[1]), _rg_kk_statement(stmt[2])]
    if kind == "<=>":
        return ["iff", _rg_kk_statement(stmt[1]), _rg_kk_statement(stmt[2])]
    raise ValueError(f"unknown reasoning-gym K&K statement {stmt!r}")


_RG_ZEBRA_KINDS = {
    "found_at": "at",
    "not_at": "not_at",
    "same_house": "same",
    "consecutive": "just_left",
    "beside": "next",
    "left_of": "left",
    "right_of": "right",
    "one_between": "gap1",
    "two_between": "gap2",
}


def _rg_zebra(item: dict) -> dict:
    puzzle = item["_puzzle"]
    classes = list(puzzle.element_classes)
    literals: dict[Any, list[int]] = {}
    values: list[list[str]] = [[] for _ in classes]
    for lit in sorted(puzzle.literals, key=str):
        c = next(i for i, cls in enumerate(classes) if isinstance(lit, cls))
        literals[lit] = [c, len(values[c])]
        values[c].append(lit.name.replace("_", " ").lower())
    n = len(puzzle.houses)
    clues = []
    for clue in puzzle.clues:
        kind = _RG_ZEBRA_KINDS[type(clue).__name__]
        if kind in ("at", "not_at"):
            clues.append([kind, literals[clue.value], clue.house - 1])
        else:
            clues.append([kind, literals[clue.value1], literals[clue.value2]])
    solution = [[0] * n for _ in classes]
    for lit, house in puzzle.solution.items():
        c, v = literals[lit]
        solution[c][v] = house - 1
    name_cat = next(i for i, cls in enumerate(classes) if cls.__name__ == "Name")
    return {
        "n": n,
        "m": len(classes),
        "values": values,
        "clues": clues,
        "ask": ["value", name_cat, 0],  # reasoning-gym always asks the name in house 1
        "solution": solution,
        "answer_value": item["answer"].strip().lower(),
    }


def rg_record(case: Case, item: dict) -> dict:
    """The neutral record of a reasoning-gym item."""
    meta = item["metadata"]
    rec: dict[str, Any] = {"prompt": item["question"], "answer": item["answer"]}
    name = case.rg_name
    if name == "knights_knaves":
        statements = [_rg_kk_statement(s) for s in meta["statements"]]
        rec.update(
            n=len(statements),
            statements=statements,
            solution=[bool(x) for x in meta["solution"]],
        )
    elif name in ("sudoku", "mini_sudoku"):
        box = [3, 3] if name == "sudoku" else [2, 2]
        rec.update(grid=meta["puzzle"], solution=meta["solution"], box=box)
    elif name == "countdown":
        rec.update(
            numbers=[int(x) for x in meta["numbers"]],
            target=int(meta["target"]),
            expression=item["answer"],
            use_all=True,
            positive_integers=False,
        )
    elif name == "zebra_puzzles":
        rec.update(_rg_zebra(item))
    elif name == "string_manipulation":
        rec.update(
            input=meta["string"],
            steps=len(meta["states"]) - 1,
            structure="|".join(meta["selected_rules"]),
        )
    else:
        raise ValueError(f"no record adapter for reasoning-gym {name}")
    return rec


def _prompt_text(row: dict) -> str:
    prompt = row["prompt"]
    if isinstance(prompt, str):
        return prompt
    return "\n".join(m["content"] for m in prompt)


# synlogic K&K formula syntax: K3/N3, !e, &(..), |(..), >(a,b), =(a,b), E2K[0,1], S[1,2], D[1,2]
_KK_TOKEN = re.compile(r"\s*([KN!&|>=()\[\],]|[ELM]\d+[KN]|[SD](?=\[)|\d+)")


def parse_kk_formula(text: str) -> list:
    """Parses one statement of synlogic's K&K payload into the neutral form."""
    tokens = _KK_TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise ValueError(f"cannot tokenize K&K formula {text!r}")
    pos = 0

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def person_list() -> list[int]:
        assert take() == "["
        people = [int(take())]
        while take() == ",":
            people.append(int(take()))
        return people

    def expr() -> list:
        tok = take()
        if tok in ("K", "N"):
            return ["is", int(take()), tok == "K"]
        if tok == "!":
            return ["not", expr()]
        if tok in ("&", "|", ">", "="):
            assert take() == "("
            items = [expr()]
            while take() == ",":
                items.append(expr())
            if tok == "&":
                return ["and", items]
            if tok == "|":
                return ["or", items]
            return ["imp" if tok == ">" else "iff", items[0], items[1]]
        if tok[0] in "ELM":
            op = {"E": "exactly", "L": "atleast", "M": "atmost"}[tok[0]]
            k, knights = int(tok[1:-1]), tok[-1] == "K"
            return ["count", op, k, [["is", p, knights] for p in person_list()]]
        if tok in ("S", "D"):
            a, b = person_list()
            same = ["iff", ["is", a, True], ["is", b, True]]
            return same if tok == "S" else ["not", same]
        raise ValueError(f"unexpected token {tok!r} in {text!r}")

    out = expr()
    if pos != len(tokens):
        raise ValueError(f"trailing tokens in {text!r}")
    return out


# synlogic zebra clue codes (ClueType order in the task file)
_OUR_ZEBRA_KINDS = [
    "at",
    "not_at",
    "same",
    "not_same",
    "left",
    "right",
    "just_left",
    "next",
    "gap1",
    "gap2",
]


def _grid(text: str, size: int) -> list[list[int]]:
    digits = [0 if ch in ".0_" else int(ch, 36) for ch in text]
    return [digits[r * size : (r + 1) * size] for r in range(size)]


def ours_record(case: Case, row: dict) -> dict:
    """The neutral record of a synlogic row (puzzle spec read from its payload)."""
    payload = json.loads(row["verification"])
    spec = payload["puzzle"]
    if isinstance(spec, str):
        spec = json.loads(spec)
    meta = json.loads(row["metadata"]) if isinstance(row.get("metadata"), str) else {}
    rec: dict[str, Any] = {
        "prompt": _prompt_text(row),
        "answer": row["answer"],
        "difficulty": meta.get("difficulty"),
    }
    task = case.task
    if task == "knights_knaves":
        statements = [parse_kk_formula(s) for s in spec["says"]]
        rec.update(
            n=len(statements),
            statements=statements,
            solution=[ch == "K" for ch in spec["sol"]],
        )
    elif task == "sudoku":
        size = int(spec["n"])
        box = {4: [2, 2], 6: [2, 3], 9: [3, 3]}[size]
        rec.update(grid=_grid(spec["g"], size), solution=_grid(spec["s"], size), box=box)
    elif task == "countdown":
        rec.update(
            numbers=[int(x) for x in spec["n"]],
            target=int(spec["t"]),
            expression=spec["s"],
            use_all=bool(spec["a"]),
            positive_integers=bool(spec["i"]),
        )
    elif task == "zebra":
        rec.update(_ours_zebra(spec, row))
    elif task == "string_compose":
        steps = spec["p"]
        rec.update(
            input=spec["s"],
            steps=len(steps),
            structure="|".join(json.dumps(s, sort_keys=True) for s in steps),
        )
    elif task == "procedures":
        trace = meta.get("trace") or [""]
        first = trace[0]
        rec.update(
            input=first if isinstance(first, str) else json.dumps(first),
            steps=int(meta.get("step_count", 0)),
            structure=json.dumps(spec.get("r", spec.get("p", "")), sort_keys=True),
        )
    else:
        raise ValueError(f"no record adapter for synlogic {task}")
    return rec


def _ours_zebra(spec: dict, row: dict) -> dict:
    n = int(spec["n"])
    m = len(spec["c"])
    # solution: s[a][h] = value slot in house h  ->  placement[a][slot] = h
    solution = [[0] * n for _ in range(m)]
    for a in range(m):
        for h, slot in enumerate(spec["s"][a]):
            solution[a][slot] = h

    def lit(entity: int) -> list[int]:
        return [entity // n, entity % n]

    clues = []
    for code, x, y in spec["k"]:
        kind = _OUR_ZEBRA_KINDS[code]
        if kind in ("at", "not_at"):
            clues.append([kind, lit(x), y])
        else:
            clues.append([kind, lit(x), lit(y)])
    ask = spec["q"]
    out: dict[str, Any] = {"n": n, "m": m, "clues": clues, "solution": solution}
    if isinstance(ask, dict) and "value" in ask:
        a, h = ask["value"]["a"], ask["value"]["h"]
        out["ask"] = ["value", a, h]
        out["answer_slot"] = spec["s"][a][h]
    elif isinstance(ask, dict) and "house" in ask:
        a, x = ask["house"]["a"], ask["house"]["x"]
        out["ask"] = ["house", a, x]
        out["answer_house"] = solution[a][x]
    else:
        out["ask"] = None
    return out


# ---------------------------------------------------------------------------------------------
# Near misses and constant guesses (answer texts, before any <answer> wrapping)
# ---------------------------------------------------------------------------------------------

_ROLE_PAIRS = [
    ("knight", "knave"),
    ("pioneer", "laggard"),
    ("saint", "sinner"),
    ("hero", "villain"),
    ("angel", "devil"),
    ("altruist", "egoist"),
    ("sage", "fool"),
]


def near_miss(answer: str, family: str) -> str:
    """A wrong answer one edit away from ``answer``: one role flipped (K&K), two cells of
    a row swapped (sudoku), one operator changed (countdown), one character changed
    (everything else)."""
    if family == "Knights and Knaves":
        for good, bad in _ROLE_PAIRS:
            for a, b in ((good, bad), (bad, good)):
                match = re.search(rf"\b{a}\b", answer)
                if match:
                    return answer[: match.start()] + b + answer[match.end() :]
    if family.startswith(("Sudoku", "Mini sudoku")):
        lines = answer.split("\n")
        for i, line in enumerate(lines):
            digits = [j for j, ch in enumerate(line) if ch.isdigit()]
            if len(digits) >= 2:
                j, k = digits[0], digits[1]
                chars = list(line)
                chars[j], chars[k] = chars[k], chars[j]
                if chars != list(line):
                    lines[i] = "".join(chars)
                    return "\n".join(lines)
    if family == "Countdown":
        for a, b in (("+", "-"), ("-", "+"), ("*", "+"), ("/", "*")):
            pos = answer.find(a)
            if pos >= 0:
                return answer[:pos] + b + answer[pos + 1 :]
    if family == "Zebra puzzles" and answer.startswith("{"):
        return answer.replace('"House 1"', '"House 0"', 1)
    # one character changed (last alphanumeric)
    for pos in range(len(answer) - 1, -1, -1):
        ch = answer[pos]
        if ch.isdigit():
            return answer[:pos] + str((int(ch) + 1) % 10) + answer[pos + 1 :]
        if ch.isalpha():
            repl = "b" if ch.lower() == "a" else "a"
            return answer[:pos] + repl + answer[pos + 1 :]
    return answer + "x"
