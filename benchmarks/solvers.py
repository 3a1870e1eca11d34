"""Independent checkers used by the quality benchmark.

Every checker works on a small neutral form of a puzzle (plain lists, tuples and ints) that
``adapters.py`` builds from either project's items, so both projects are judged by the same
code, and none of it comes from either project. Each solver also reports an effort figure
(search nodes) that the quality tables use as a common measured difficulty.
"""

from __future__ import annotations

import ast
import itertools
from fractions import Fraction

# ---------------------------------------------------------------------------------------------
# Knights and Knaves
#
# A statement is a nested tuple:
#   ("is", person, knight: bool)          person is a knight (True) / a knave (False)
#   ("not", s) | ("and", [s...]) | ("or", [s...]) | ("imp", a, b) | ("iff", a, b)
#   ("count", op, k, [s...])               op in {"exactly", "atleast", "atmost"}
# Person indices run 0..n-1; statement i is spoken by person i.
# ---------------------------------------------------------------------------------------------


def _kk_masks(n: int) -> tuple[int, list[int]]:
    """Bitsets over the 2**n assignments: bit a of masks[i] is set iff person i is a knight
    in assignment a (bit i of a)."""
    size = 1 << n
    full = (1 << size) - 1
    masks = []
    for i in range(n):
        block = ((1 << (1 << i)) - 1) << (1 << i)  # 2**i zeros then 2**i ones
        period = 1 << (i + 1)
        pattern = 0
        for start in range(0, size, period):
            pattern |= block << start
        masks.append(pattern & full)
    return full, masks


def _kk_eval(stmt: tuple, masks: list[int], full: int) -> int:
    kind = stmt[0]
    if kind == "is":
        mask = masks[stmt[1]]
        return mask if stmt[2] else full & ~mask
    if kind == "not":
        return full & ~_kk_eval(stmt[1], masks, full)
    if kind == "and":
        acc = full
        for sub in stmt[1]:
            acc &= _kk_eval(sub, masks, full)
        return acc
    if kind == "or":
        acc = 0
        for sub in stmt[1]:
            acc |= _kk_eval(sub, masks, full)
        return acc
    if kind == "imp":
        return (full & ~_kk_eval(stmt[1], masks, full)) | _kk_eval(stmt[2], masks, full)
    if kind == "iff":
        return full & ~(_kk_eval(stmt[1], masks, full) ^ _kk_eval(stmt[2], masks, full))
    if kind == "count":
        _, op, k, subs = stmt
        # exact[j]: assignments where exactly j of the sub-statements seen so far hold
        exact = [full]
        for sub in subs:
            value = _kk_eval(sub, masks, full)
            nxt = [0] * (len(exact) + 1)
            for j, m in enumerate(exact):
                nxt[j] |= m & ~value
                nxt[j + 1] |= m & value
            exact = nxt
        if op == "exactly":
            return exact[k] if k < len(exact) else 0
        if op == "atleast":
            return _or_all(exact[k:])
        if op == "atmost":
            return _or_all(exact[: k + 1])
    raise ValueError(f"unknown K&K statement {stmt!r}")


def _or_all(masks: list[int]) -> int:
    acc = 0
    for m in masks:
        acc |= m
    return acc


def kk_solutions(n: int, statements: list[tuple]) -> list[tuple[bool, ...]]:
    """Every consistent knight/knave assignment, by bit-parallel evaluation of all 2**n."""
    full, masks = _kk_masks(n)
    ok = full
    for i, stmt in enumerate(statements):
        ok &= full & ~(_kk_eval(stmt, masks, full) ^ masks[i])
        if not ok:
            return []
    out = []
    a = 0
    while ok:
        if ok & 1:
            out.append(tuple(bool(a >> i & 1) for i in range(n)))
        ok >>= 1
        a += 1
    return out


def _kk_people(stmt: tuple, acc: set[int]) -> set[int]:
    kind = stmt[0]
    if kind == "is":
        acc.add(stmt[1])
    elif kind == "not":
        _kk_people(stmt[1], acc)
    elif kind in ("and", "or"):
        for sub in stmt[1]:
            _kk_people(sub, acc)
    elif kind in ("imp", "iff"):
        _kk_people(stmt[1], acc)
        _kk_people(stmt[2], acc)
    elif kind == "count":
        for sub in stmt[3]:
            _kk_people(sub, acc)
    return acc


def _kk_truth(stmt: tuple, roles: list[bool]) -> bool:
    kind = stmt[0]
    if kind == "is":
        return roles[stmt[1]] == stmt[2]
    if kind == "not":
        return not _kk_truth(stmt[1], roles)
    if kind == "and":
        return all(_kk_truth(s, roles) for s in stmt[1])
    if kind == "or":
        return any(_kk_truth(s, roles) for s in stmt[1])
    if kind == "imp":
        return (not _kk_truth(stmt[1], roles)) or _kk_truth(stmt[2], roles)
    if kind == "iff":
        return _kk_truth(stmt[1], roles) == _kk_truth(stmt[2], roles)
    if kind == "count":
        _, op, k, subs = stmt
        hits = sum(_kk_truth(s, roles) for s in subs)
        return hits == k if op == "exactly" else hits >= k if op == "atleast" else hits <= k
    raise ValueError(f"unknown K&K statement {stmt!r}")


def kk_search_nodes(n: int, statements: list[tuple]) -> int:
    """Effort figure: nodes of a chronological backtracking search that assigns people in
    order and checks each statement as soon as its speaker and every person it names are
    assigned (counts all nodes to exhaustion, i.e. the work to prove uniqueness)."""
    ready_at: list[list[int]] = [[] for _ in range(n)]
    for i, stmt in enumerate(statements):
        last = max(_kk_people(stmt, {i}))
        ready_at[last].append(i)
    roles = [False] * n
    nodes = 0

    def walk(depth: int) -> None:
        nonlocal nodes
        for value in (True, False):
            nodes += 1
            roles[depth] = value
            consistent = all(_kk_truth(statements[i], roles) == roles[i] for i in ready_at[depth])
            if consistent and depth + 1 < n:
                walk(depth + 1)

    if n:
        walk(0)
    return nodes


def kk_canonical(n: int, statements: list[tuple]) -> str:
    """The logical form with names factored out: the lexicographically smallest rendering
    over all relabelings of the people (first-appearance relabeling above 7 people)."""
    if n <= 7:
        return min(_kk_render(statements, perm) for perm in itertools.permutations(range(n)))
    order: dict[int, int] = {}
    for i, stmt in enumerate(statements):
        order.setdefault(i, len(order))
        for p in sorted(_kk_people(stmt, set())):
            order.setdefault(p, len(order))
    return _kk_render(statements, [order.get(i, i) for i in range(n)])


def _kk_render(statements: list[tuple], perm: tuple[int, ...] | list[int]) -> str:
    by_speaker = sorted((perm[i], _kk_form(s, perm)) for i, s in enumerate(statements))
    return ";".join(f"{who}:{form}" for who, form in by_speaker)


def _kk_form(stmt: tuple, perm: tuple[int, ...] | list[int]) -> str:
    kind = stmt[0]
    if kind == "is":
        return f"{'K' if stmt[2] else 'N'}{perm[stmt[1]]}"
    if kind == "not":
        return f"!({_kk_form(stmt[1], perm)})"
    if kind in ("and", "or"):
        parts = sorted(_kk_form(s, perm) for s in stmt[1])
        return f"{kind}({','.join(parts)})"
    if kind == "imp":
        return f"imp({_kk_form(stmt[1], perm)},{_kk_form(stmt[2], perm)})"
    if kind == "iff":
        parts = sorted((_kk_form(stmt[1], perm), _kk_form(stmt[2], perm)))
        return f"iff({parts[0]},{parts[1]})"
    if kind == "count":
        parts = sorted(_kk_form(s, perm) for s in stmt[3])
        return f"{stmt[1]}{stmt[2]}({','.join(parts)})"
    raise ValueError(f"unknown K&K statement {stmt!r}")


# ---------------------------------------------------------------------------------------------
# Sudoku (any box shape): grid is a list of rows, 0 = blank.
# ---------------------------------------------------------------------------------------------


class _Sudoku:
    def __init__(self, grid: list[list[int]], box_rows: int, box_cols: int) -> None:
        self.size = size = len(grid)
        self.all = (1 << (size + 1)) - 2  # bits 1..size
        self.cells = [grid[r][c] for r in range(size) for c in range(size)]
        self.units: list[list[int]] = []
        for r in range(size):
            self.units.append([r * size + c for c in range(size)])
        for c in range(size):
            self.units.append([r * size + c for r in range(size)])
        for br in range(0, size, box_rows):
            for bc in range(0, size, box_cols):
                self.units.append(
                    [(br + r) * size + bc + c for r in range(box_rows) for c in range(box_cols)]
                )
        self.peers: list[list[int]] = []
        for cell in range(size * size):
            peers: set[int] = set()
            for unit in self.units:
                if cell in unit:
                    peers.update(unit)
            peers.discard(cell)
            self.peers.append(sorted(peers))

    def candidates(self, cells: list[int]) -> list[int]:
        cand = []
        for i, v in enumerate(cells):
            if v:
                cand.append(1 << v)
            else:
                used = 0
                for p in self.peers[i]:
                    if cells[p]:
                        used |= 1 << cells[p]
                cand.append(self.all & ~used)
        return cand

    def valid_givens(self) -> bool:
        for unit in self.units:
            seen = [self.cells[i] for i in unit if self.cells[i]]
            if len(seen) != len(set(seen)):
                return False
        return True


def sudoku_singles(grid: list[list[int]], box_rows: int, box_cols: int) -> bool:
    """True if naked and hidden singles alone fill the whole grid."""
    s = _Sudoku(grid, box_rows, box_cols)
    cells = list(s.cells)
    progress = True
    while progress:
        progress = False
        cand = s.candidates(cells)
        for i, v in enumerate(cells):
            if not v and cand[i] and cand[i] & (cand[i] - 1) == 0:
                cells[i] = cand[i].bit_length() - 1
                progress = True
        if progress:
            continue
        for unit in s.units:
            for digit in range(1, s.size + 1):
                bit = 1 << digit
                if any(cells[i] == digit for i in unit):
                    continue
                spots = [i for i in unit if not cells[i] and cand[i] & bit]
                if len(spots) == 1:
                    cells[spots[0]] = digit
                    progress = True
            if progress:
                break
    return all(cells)


def sudoku_count(grid: list[list[int]], box_rows: int, box_cols: int, limit: int = 2) -> tuple:
    """(solution count up to ``limit``, search nodes) by backtracking on row/column/box
    bitmasks with the most-constrained-cell heuristic. Givens that break the rules count
    as 0 solutions."""
    size = len(grid)
    full = (1 << (size + 1)) - 2
    rows, cols, boxes = [0] * size, [0] * size, [0] * size
    blanks = []
    for r in range(size):
        for c in range(size):
            v = grid[r][c]
            b = (r // box_rows) * (size // box_cols) + c // box_cols
            if not v:
                blanks.append((r, c, b))
                continue
            bit = 1 << v
            if rows[r] & bit or cols[c] & bit or boxes[b] & bit:
                return 0, 0
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
    nodes = 0
    found = 0

    def walk(open_cells: list) -> None:
        nonlocal nodes, found
        if not open_cells:
            found += 1
            return
        best, best_cand, best_count = 0, 0, 99
        for i, (r, c, b) in enumerate(open_cells):
            cand = full & ~(rows[r] | cols[c] | boxes[b])
            count = cand.bit_count()
            if count < best_count:
                best, best_cand, best_count = i, cand, count
                if count <= 1:
                    break
        r, c, b = open_cells[best]
        rest = open_cells[:best] + open_cells[best + 1 :]
        while best_cand and found < limit:
            bit = best_cand & -best_cand
            best_cand ^= bit
            nodes += 1
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            walk(rest)
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit

    walk(blanks)
    return found, nodes


def sudoku_is_solution(
    grid: list[list[int]], solution: list[list[int]], box_rows: int, box_cols: int
) -> bool:
    """True if ``solution`` keeps every given of ``grid`` and satisfies every unit."""
    size = len(grid)
    if len(solution) != size or any(len(row) != size for row in solution):
        return False
    for r in range(size):
        for c in range(size):
            if grid[r][c] and grid[r][c] != solution[r][c]:
                return False
    s = _Sudoku(solution, box_rows, box_cols)
    want = set(range(1, size + 1))
    return all({s.cells[i] for i in unit} == want for unit in s.units)


def sudoku_puzzle_key(grid: list[list[int]], solution: list[list[int]]) -> str:
    """The puzzle up to digit renaming: digits renamed in order of first appearance in the
    solution, applied to the givens (two puzzles that differ only by a digit relabeling
    share a key)."""
    names: dict[int, int] = {}
    for row in solution:
        for v in row:
            names.setdefault(v, len(names) + 1)
    return "".join(str(names.get(v, 0)) if v else "." for row in grid for v in row)


# ---------------------------------------------------------------------------------------------
# Countdown: a safe exact evaluator (no eval) and a small solver.
# ---------------------------------------------------------------------------------------------

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class ExpressionError(ValueError):
    """The expression is not plain arithmetic on integers with + - * /."""


def parse_expression(text: str) -> ast.AST:
    """Parses ``text`` into an AST restricted to integers, + - * / and parentheses."""
    cleaned = text.replace("×", "*").replace("÷", "/").replace("−", "-").strip()
    if len(cleaned) > 2000:
        raise ExpressionError("too long")
    try:
        tree = ast.parse(cleaned, mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(str(exc)) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _OPS:
                raise ExpressionError("operator not allowed")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise ExpressionError("unary operator not allowed")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int):
                raise ExpressionError("only integers")
        elif not isinstance(node, (ast.operator, ast.unaryop)):
            raise ExpressionError(f"{type(node).__name__} not allowed")
    return tree


def evaluate(tree: ast.AST, *, positive_integers: bool = False) -> tuple[Fraction, list[int]]:
    """(value, literals used) with exact rational arithmetic. With ``positive_integers``,
    every intermediate result must be a positive integer."""
    used: list[int] = []

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Constant):
            used.append(node.value)
            return Fraction(node.value)
        if isinstance(node, ast.UnaryOp):
            if positive_integers:
                raise ExpressionError("negation")
            return -walk(node.operand)
        assert isinstance(node, ast.BinOp)
        left, right = walk(node.left), walk(node.right)
        op = type(node.op)
        if op is ast.Add:
            value = left + right
        elif op is ast.Sub:
            value = left - right
        elif op is ast.Mult:
            value = left * right
        else:
            if right == 0:
                raise ExpressionError("division by zero")
            value = left / right
        if positive_integers and (value.denominator != 1 or value <= 0):
            raise ExpressionError("intermediate is not a positive integer")
        return value

    return walk(tree), used


def countdown_valid(
    numbers: list[int],
    target: int,
    expression: str,
    *,
    use_all: bool,
    positive_integers: bool = False,
) -> bool:
    """True if ``expression`` reaches ``target`` using the given numbers under the rules."""
    try:
        value, used = evaluate(parse_expression(expression), positive_integers=positive_integers)
    except (ExpressionError, RecursionError):
        return False
    if value != target:
        return False
    pool = sorted(numbers)
    if use_all:
        return sorted(used) == pool
    remaining = list(pool)
    for v in used:
        if v not in remaining:
            return False
        remaining.remove(v)
    return True


def expression_shape(expression: str) -> str:
    """The tree shape of an expression: operators kept, numbers replaced by ``n``, the
    operands of + and * sorted (so commuted forms share a shape)."""

    def walk(node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return "n"
        if isinstance(node, ast.UnaryOp):
            return f"neg({walk(node.operand)})"
        assert isinstance(node, ast.BinOp)
        left, right = walk(node.left), walk(node.right)
        op = _OPS[type(node.op)]
        if op in "+*" and right < left:
            left, right = right, left
        return f"({left}{op}{right})"

    try:
        return walk(parse_expression(expression))
    except (ExpressionError, RecursionError):
        return "unparseable"


def countdown_search(
    numbers: list[int],
    target: int,
    *,
    use_all: bool,
    positive_integers: bool = False,
    node_limit: int = 200_000,
) -> tuple[bool, int]:
    """(solvable, nodes to the first solution) by combining pairs of values, skipping
    multisets already shown to fail. Stops at ``node_limit`` (reported as unsolved if
    nothing was found by then)."""
    nodes = 0
    failed: set[tuple[Fraction, ...]] = set()

    def walk(values: tuple[Fraction, ...]) -> bool:
        nonlocal nodes
        if not use_all and target in values:
            return True
        if len(values) == 1:
            return values[0] == target
        key = tuple(sorted(values))
        if key in failed:
            return False
        for i, j in itertools.combinations(range(len(values)), 2):
            a, b = values[i], values[j]
            rest = tuple(v for k, v in enumerate(values) if k not in (i, j))
            results = {a + b, a * b, a - b, b - a}
            if b != 0:
                results.add(a / b)
            if a != 0:
                results.add(b / a)
            for r in results:
                if positive_integers and (r.denominator != 1 or r <= 0):
                    continue
                nodes += 1
                if nodes > node_limit:
                    return False
                if walk((*rest, r)):
                    return True
        if nodes <= node_limit:
            failed.add(key)
        return False

    found = walk(tuple(Fraction(v) for v in numbers))
    return found, nodes


# ---------------------------------------------------------------------------------------------
# Zebra puzzles.
#
# A puzzle: n houses (0..n-1), categories (each with n values, value v of category c is the
# literal (c, v)), and clues:
#   ("at", lit, house) | ("not_at", lit, house) | ("same", a, b) | ("not_same", a, b)
#   ("left", a, b)        a somewhere left of b       ("right", a, b)  a somewhere right of b
#   ("next", a, b)        adjacent                    ("just_left", a, b) a directly left of b
#   ("just_right", a, b)  a directly right of b       ("gap1", a, b) one house between
#   ("gap2", a, b)        two houses between
# ---------------------------------------------------------------------------------------------

_BINARY = {
    "same": lambda x, y: x == y,
    "not_same": lambda x, y: x != y,
    "left": lambda x, y: x < y,
    "right": lambda x, y: x > y,
    "next": lambda x, y: abs(x - y) == 1,
    "just_left": lambda x, y: y - x == 1,
    "just_right": lambda x, y: x - y == 1,
    "gap1": lambda x, y: abs(x - y) == 2,
    "gap2": lambda x, y: abs(x - y) == 3,
}


def zebra_count(n: int, m: int, clues: list[tuple], limit: int = 2) -> tuple[int, int, list]:
    """(solution count up to ``limit``, effort, first solution). Effort = search nodes plus
    domain narrowings made by propagation (the work to prove the count).

    Each literal (category, value) has a domain of houses (a bitmask). Propagation: unary
    clues once; then, to a fixed point, binary clues by support (a house stays if some house
    of the other literal satisfies the relation), and each category's all-different rule
    (a decided literal takes its house from the others; a house only one literal can take
    is decided). Search branches on the undecided literal with the fewest houses. The first
    solution is ``solution[c][v]`` = house of value ``v`` of category ``c``."""
    full = (1 << n) - 1
    size = n * m
    doms = [full] * size

    def idx(lit: list | tuple) -> int:
        return lit[0] * n + lit[1]

    binary = []
    for clue in clues:
        kind = clue[0]
        if kind in ("at", "not_at"):
            bit = 1 << clue[2]
            i = idx(clue[1])
            doms[i] = doms[i] & bit if kind == "at" else doms[i] & ~bit
        else:
            rel = _BINARY[kind]
            fwd = [sum(1 << y for y in range(n) if rel(x, y)) for x in range(n)]
            back = [sum(1 << x for x in range(n) if rel(x, y)) for y in range(n)]
            binary.append((idx(clue[1]), idx(clue[2]), fwd, back))
    categories = [list(range(c * n, c * n + n)) for c in range(m)]

    def supported(dom: int, other: int, table: list[int]) -> int:
        keep = 0
        x = 0
        d = dom
        while d:
            if d & 1 and table[x] & other:
                keep |= 1 << x
            d >>= 1
            x += 1
        return keep

    def propagate(d: list[int]) -> bool:
        nonlocal nodes
        changed = True
        while changed:
            changed = False
            for a, b, fwd, back in binary:
                na = supported(d[a], d[b], fwd)
                if na != d[a]:
                    if not na:
                        return False
                    d[a] = na
                    changed = True
                    nodes += 1
                nb = supported(d[b], d[a], back)
                if nb != d[b]:
                    if not nb:
                        return False
                    d[b] = nb
                    changed = True
                    nodes += 1
            for cat in categories:
                taken = 0
                for i in cat:
                    v = d[i]
                    if not v:
                        return False
                    if v & (v - 1) == 0:
                        if taken & v:
                            return False
                        taken |= v
                for i in cat:
                    v = d[i]
                    if v & (v - 1) and v & taken:
                        d[i] = v & ~taken
                        if not d[i]:
                            return False
                        changed = True
                        nodes += 1
                for h in range(n):
                    bit = 1 << h
                    holders = [i for i in cat if d[i] & bit]
                    if not holders:
                        return False
                    if len(holders) == 1 and d[holders[0]] != bit:
                        d[holders[0]] = bit
                        changed = True
                        nodes += 1
        return True

    nodes = 0
    found = 0
    first: list = []

    def walk(d: list[int]) -> None:
        nonlocal nodes, found
        if not propagate(d):
            return
        best, best_count = -1, n + 1
        for i in range(size):
            count = d[i].bit_count()
            if 1 < count < best_count:
                best, best_count = i, count
        if best < 0:
            found += 1
            if not first:
                first.extend([d[c * n + v].bit_length() - 1 for v in range(n)] for c in range(m))
            return
        options = d[best]
        while options and found < limit:
            bit = options & -options
            options ^= bit
            nodes += 1
            child = list(d)
            child[best] = bit
            walk(child)

    walk(doms)
    return found, nodes, first
