"""The benchmark's independent checkers (benchmarks/solvers.py) on hand-made cases, and the
synlogic-side adapters on real items (the checkers must accept every stored answer)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import synlogic

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import adapters
import cases
import quality
import solvers


def test_kk_solutions_and_effort() -> None:
    # A: "B is a knave"; B: "A and B are both knaves" -> A knight, B knave.
    statements = [["is", 1, False], ["and", [["is", 0, False], ["is", 1, False]]]]
    assert solvers.kk_solutions(2, statements) == [(True, False)]
    assert solvers.kk_search_nodes(2, statements) >= 2
    # "Exactly one of us three is a knight" etc.: two solutions.
    counting = [
        ["count", "exactly", 1, [["is", 0, True], ["is", 1, True], ["is", 2, True]]],
        ["is", 0, False],
        ["is", 2, True],
    ]
    assert sorted(solvers.kk_solutions(3, counting)) == [(False, True, True), (True, False, False)]


def test_kk_canonical_ignores_names() -> None:
    a = [["is", 1, False], ["is", 0, True]]  # 0: "1 is a knave"; 1: "0 is a knight"
    b = [["is", 1, True], ["is", 0, False]]  # the same puzzle with the two people swapped
    c = [["is", 1, True], ["is", 0, True]]  # a different puzzle
    assert solvers.kk_canonical(2, a) == solvers.kk_canonical(2, b)
    assert solvers.kk_canonical(2, a) != solvers.kk_canonical(2, c)


def test_parse_kk_formula() -> None:
    parsed = adapters.parse_kk_formula(">(&(K0,N2),!=(K1,E1K[0,1,2]))")
    assert parsed[0] == "imp"
    assert parsed[1] == ["and", [["is", 0, True], ["is", 2, False]]]
    assert parsed[2][0] == "not"
    assert adapters.parse_kk_formula("S[1,2]")[0] == "iff"
    with pytest.raises(ValueError, match="tokenize"):
        adapters.parse_kk_formula("K0 ; rm -rf")


def test_sudoku_counter_and_singles() -> None:
    empty = [[0] * 4 for _ in range(4)]
    assert solvers.sudoku_count(empty, 2, 2, limit=1000)[0] == 288
    solved = [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]
    puzzle = [row[:] for row in solved]
    puzzle[0][0] = puzzle[3][3] = 0
    assert solvers.sudoku_count(puzzle, 2, 2)[0] == 1
    assert solvers.sudoku_singles(puzzle, 2, 2)
    assert solvers.sudoku_is_solution(puzzle, solved, 2, 2)
    bad = [row[:] for row in solved]
    bad[0][0], bad[0][1] = bad[0][1], bad[0][0]
    assert not solvers.sudoku_is_solution(puzzle, bad, 2, 2)
    clash = [[1, 1, 0, 0]] + [[0] * 4 for _ in range(3)]
    assert solvers.sudoku_count(clash, 2, 2) == (0, 0)


def test_countdown_evaluator_is_safe_and_exact() -> None:
    assert solvers.countdown_valid([6, 61, 94, 4], 309, "94*4 - 61 - 6", use_all=True)
    assert not solvers.countdown_valid([6, 61, 94, 4], 309, "94*4 - 61 - 6 + 0", use_all=True)
    assert solvers.countdown_valid([3, 2], 1, "3 - 2", use_all=False)
    assert not solvers.countdown_valid([2, 3], 8, "2**3", use_all=True)
    assert not solvers.countdown_valid([1], 1, "__import__('os')", use_all=True)
    assert solvers.countdown_valid([1, 3, 3], 1, "(1 / 3) * 3", use_all=True)
    assert not solvers.countdown_valid(
        [1, 3, 3], 1, "(1 / 3) * 3", use_all=True, positive_integers=True
    )
    assert solvers.expression_shape("1 + 2*3") == solvers.expression_shape("3*2 + 1")
    assert solvers.countdown_search([2, 3, 4], 20, use_all=True)[0]  # (2 + 3) * 4


def test_zebra_count() -> None:
    # 3 houses, 2 categories: value (0,0) in house 0; (0,1) with (1,2); (1,0) just left of (0,1)
    clues = [["at", [0, 0], 0], ["same", [0, 1], [1, 2]], ["just_left", [1, 0], [0, 1]]]
    count, _, first = solvers.zebra_count(3, 2, clues)
    assert count == 2
    assert first[0][0] == 0
    clues.append(["at", [1, 1], 2])
    assert solvers.zebra_count(3, 2, clues)[0] == 1


@pytest.mark.parametrize(
    "key", ["kk-hardest", "sudoku-default", "mini-default", "countdown-default", "zebra-mid"]
)
def test_checkers_accept_every_synlogic_item(key: str) -> None:
    case = cases.BY_KEY[key]
    if case.task not in synlogic.list_tasks():
        pytest.skip(f"{case.task} not in this build")
    records = quality.ours_records(case, 40)
    checks = [quality.check(case.family, rec) for rec in records]
    assert all(c["answer_ok"] for c in checks)
    assert all(c.get("unique", True) for c in checks)
