"""Reward functions for RL trainers, all scored by the Rust batch verifier.

Every call makes ONE Rust call (``_core.evaluate_batch``, GIL released, parallel) that reads
each completion once and returns correctness, the gated partial credit, whether an answer
block was found and the format flags; the components below only combine those columns.

Components (each opt-in, combined by weights; the default reward is correctness alone):

* :class:`CorrectnessReward` — 1.0 for a correct answer, else 0.0.
* :class:`PartialCreditReward` — the task's partial credit (cells, people, steps...) for
  wrong answers, gated by each task so that guesses earn about 0; 1.0 when correct.
* :class:`FormatReward` — 1.0 when the completion has the think/answer layout. ``strict``:
  exactly ``<think>…</think>`` then ``<answer>…</answer>`` and nothing else (trailing
  end-of-sequence tokens allowed); lenient (default): an answer block after ``</think>``.
* :class:`LengthReward` — a difficulty-aware length reward in the spirit of LASER-D: 1.0
  when a correct completion is within its target length, decaying linearly to 0.0 at twice
  the target (or dropping to 0.0 with ``shape="step"``). The target is ``target_length``
  scaled down for easier items (``min_scale`` at level 1, 1.0 at level 10, or by the
  group's pass rate), so length is penalized more on easy items.

Answer extraction: the last ``<tag>…</tag>`` block (``tag="answer"`` by default; ``None``
reads the whole completion); text after the block does not change the score. Completions
may be strings, chat message lists or content-block lists.

TRL: each component is a picklable callable with TRL's contract
``f(prompts, completions, completion_ids, **columns) -> list[float | None]`` and a
``__name__``; rows of other data sources or of tasks outside ``tasks`` get ``None``, so
several reward functions can cover a mixed dataset. :func:`trl_reward_funcs` returns a
ready ``reward_funcs`` list and the matching ``reward_weights``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from synlogic import _core
from synlogic._api import _tag, check_bool, check_payloads, check_sequence, completion_text
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError

__all__ = [
    "CorrectnessReward",
    "Evaluations",
    "FormatReward",
    "LengthReward",
    "PartialCreditReward",
    "SynlogicReward",
    "WeightedReward",
    "evaluate",
    "openrlhf_rewards",
    "strip_prompt",
    "trl_reward_funcs",
]

DATA_SOURCE_PREFIX = "synlogic/"


def _text(completion: object) -> str:
    """``completion_text`` with a fast path for TRL's two shapes (str, one assistant turn)."""
    if type(completion) is str:
        return completion
    if type(completion) is list and len(completion) == 1:
        message = completion[0]
        if type(message) is dict:
            content = message.get("content")
            if type(content) is str:
                return content
    return completion_text(completion)


class Evaluations:
    """The columns of one batch evaluation (one entry per completion)."""

    __slots__ = ("answered", "correct", "credit", "lenient_format", "strict_format", "tasks")

    def __init__(self, columns: tuple[list[Any], ...]) -> None:
        (
            self.tasks,
            self.correct,
            self.credit,
            self.answered,
            self.strict_format,
            self.lenient_format,
        ) = columns

    def __len__(self) -> int:
        return len(self.tasks)


def evaluate(
    verifications: Sequence[str],
    completions: Sequence[object],
    *,
    tag: str | None = "answer",
    think_tag: str | None = "think",
) -> Evaluations:
    """Evaluates ``completions[i]`` against ``verifications[i]`` in one Rust call.

    Raises :class:`~synlogic.exceptions.PayloadError` (naming the row) for a malformed
    payload; never raises on a completion.
    """
    payloads = check_payloads(verifications)
    texts = [completion_text(c) for c in check_sequence("completions", completions)]
    return Evaluations(_core.evaluate_batch(payloads, texts, _tag(tag), _tag(think_tag)))


def _check_tasks(tasks: Iterable[str] | str | None) -> frozenset[str] | None:
    if tasks is None:
        return None
    if isinstance(tasks, str):
        tasks = [tasks]
    if not isinstance(tasks, Iterable):
        raise InvalidArgumentTypeError(
            f"tasks must be a task id or a list of task ids, got {type(tasks).__name__}"
        )
    checked = frozenset(tasks)
    for task in checked:
        if not isinstance(task, str):
            raise InvalidArgumentTypeError(f"tasks must hold task ids (str), got {task!r}")
    known = set(_core.list_tasks())
    for task in sorted(checked):
        if task not in known:
            _core.resolve_knobs(task)  # raises UnknownTaskError with a suggestion
    return checked


def _verification_column(columns: Mapping[str, Any], n: int) -> list[Any]:
    if "verification" in columns and columns["verification"] is not None:
        values = list(columns["verification"])
    elif "reward_model" in columns and columns["reward_model"] is not None:
        values = [
            rm.get("ground_truth") if isinstance(rm, Mapping) else None
            for rm in columns["reward_model"]
        ]
    else:
        raise InvalidArgumentError(
            "the batch has no 'verification' column (nor 'reward_model'): train on rows made "
            "by synlogic (synlogic.export.to_dataset, `synlogic gen`) and keep that column"
        )
    if len(values) != n:
        raise InvalidArgumentError(
            f"the 'verification' column has {len(values)} entries for {n} completions"
        )
    return values


class SynlogicReward:
    """Base class of the reward components: selects the rows it covers, evaluates them in
    one Rust call and maps each evaluation to a reward (``None`` for rows not covered).

    Instances hold only configuration, so they pickle (TRL's AsyncGRPO sends them to another
    process); ``__name__`` names the component in TRL's logs.
    """

    default_name = "synlogic"

    def __init__(
        self,
        *,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        think_tag: str | None = "think",
        name: str | None = None,
    ) -> None:
        self.tasks = _check_tasks(tasks)
        self.tag = _tag(tag)
        self.think_tag = _tag(think_tag)
        if name is not None and not isinstance(name, str):
            raise InvalidArgumentTypeError(f"name must be a str, got {type(name).__name__}")
        self.__name__ = name or self.default_name

    def _source_ok(self, source: object) -> bool:
        if not (isinstance(source, str) and source.startswith(DATA_SOURCE_PREFIX)):
            return False
        return self.tasks is None or source[len(DATA_SOURCE_PREFIX) :] in self.tasks

    def _select(
        self, columns: Mapping[str, Any], verifications: list[Any], completions: Sequence[Any]
    ) -> tuple[list[int], list[str], list[str]]:
        """The rows this component covers, with their payloads and completion texts."""
        sources = columns.get("data_source")
        task_column = columns.get("task") if self.tasks is not None else None
        memo: dict[str, bool] = {}
        rows: list[int] = []
        payloads: list[str] = []
        texts: list[str] = []
        for i, payload in enumerate(verifications):
            if not isinstance(payload, str):
                continue
            if sources is not None:
                source = sources[i]
                if isinstance(source, str):
                    ok = memo.get(source)
                    if ok is None:
                        ok = memo[source] = self._source_ok(source)
                    if not ok:
                        continue
                else:
                    continue
            elif task_column is not None and task_column[i] not in self.tasks:  # type: ignore[operator]
                continue
            rows.append(i)
            payloads.append(payload)
            texts.append(_text(completions[i]))
        return rows, payloads, texts

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[Any] | None = None,
        completion_ids: Sequence[Sequence[int]] | None = None,
        **columns: Any,
    ) -> list[float | None]:
        """TRL's reward-function contract: one reward (or ``None``) per completion."""
        if completions is None:
            raise InvalidArgumentError("completions is required")
        completions = check_sequence("completions", completions)
        n = len(completions)
        verifications = _verification_column(columns, n)
        rows, payloads, texts = self._select(columns, verifications, completions)
        rewards: list[float | None] = [None] * n
        if not rows:
            return rewards
        evaluations = Evaluations(_core.evaluate_batch(payloads, texts, self.tag, self.think_tag))
        values = self._rewards(evaluations, rows, completions, completion_ids, columns, n)
        if self.tasks is None:
            keep: Iterable[int] = range(len(rows))
            for i, value in zip(rows, values, strict=True):
                rewards[i] = value
        else:  # rows whose task was not known before scoring
            keep = [j for j, task in enumerate(evaluations.tasks) if task in self.tasks]
            for j in keep:
                rewards[rows[j]] = values[j]
        log_metric = columns.get("log_metric")
        if callable(log_metric):
            self._log(log_metric, evaluations, keep)
        return rewards

    def _rewards(
        self,
        ev: Evaluations,
        rows: list[int],
        completions: Sequence[Any],
        completion_ids: Sequence[Sequence[int]] | None,
        columns: Mapping[str, Any],
        n: int,
    ) -> list[float]:
        raise NotImplementedError

    def _log(self, log_metric: Callable[[str, float], Any], ev: Evaluations, keep: Any) -> None:
        """Logs per-task accuracy (``synlogic/<task>/accuracy``) through TRL's ``log_metric``."""

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "__name__")
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.__name__))


class CorrectnessReward(SynlogicReward):
    """1.0 for a correct answer, 0.0 otherwise (the default reward).

    With ``log_metrics=True`` (default) it also reports each task's accuracy in the batch
    through TRL's ``log_metric`` as ``synlogic/<task>/accuracy``.
    """

    default_name = "synlogic_correct"

    def __init__(
        self,
        *,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        name: str | None = None,
        log_metrics: bool = True,
    ) -> None:
        super().__init__(tasks=tasks, tag=tag, think_tag=None, name=name)
        self.log_metrics = check_bool("log_metrics", log_metrics)

    def _rewards(self, ev: Evaluations, *args: Any) -> list[float]:
        return [1.0 if c else 0.0 for c in ev.correct]

    def _log(self, log_metric: Callable[[str, float], Any], ev: Evaluations, keep: Any) -> None:
        if not self.log_metrics:
            return
        correct: dict[str, int] = defaultdict(int)
        count: dict[str, int] = defaultdict(int)
        tasks, flags = ev.tasks, ev.correct
        for j in keep:
            task = tasks[j]
            count[task] += 1
            if flags[j]:
                correct[task] += 1
        for task, total in count.items():
            log_metric(f"synlogic/{task}/accuracy", correct[task] / total)


class PartialCreditReward(SynlogicReward):
    """1.0 for a correct answer, else the task's gated partial credit in ``[0, 1)``.

    Each task gates its credit so that guessing (a constant answer, copying the givens)
    earns about 0; tasks without a natural unit give 0 for any wrong answer.
    """

    default_name = "synlogic_partial"

    def __init__(
        self,
        *,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        name: str | None = None,
    ) -> None:
        super().__init__(tasks=tasks, tag=tag, think_tag=None, name=name)

    def _rewards(self, ev: Evaluations, *args: Any) -> list[float]:
        return list(ev.credit)


class FormatReward(SynlogicReward):
    """1.0 when the completion follows the think/answer layout, else 0.0.

    ``strict=True``: exactly ``<think>…</think>`` then ``<answer>…</answer>`` and nothing
    else (whitespace and trailing end-of-sequence tokens allowed). Lenient (default): an
    answer block after a closing ``</think>`` (the opening tag may come from the chat
    template). ``think_tag=None`` checks only the answer block.
    """

    default_name = "synlogic_format"

    def __init__(
        self,
        *,
        strict: bool = False,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        think_tag: str | None = "think",
        name: str | None = None,
    ) -> None:
        super().__init__(tasks=tasks, tag=tag, think_tag=think_tag, name=name)
        self.strict = check_bool("strict", strict)

    def _rewards(self, ev: Evaluations, *args: Any) -> list[float]:
        flags = ev.strict_format if self.strict else ev.lenient_format
        return [1.0 if f else 0.0 for f in flags]


def _level_of(columns: Mapping[str, Any], i: int) -> int | None:
    levels = columns.get("level")
    if levels is not None and isinstance(levels[i], int):
        return levels[i]
    extra = columns.get("extra_info")
    if extra is not None and isinstance(extra[i], Mapping):
        level = extra[i].get("level")
        if isinstance(level, int):
            return level
    return None


class LengthReward(SynlogicReward):
    """A difficulty-aware length reward in the spirit of LASER-D.

    A completion's target length is ``target_length * scale`` where ``scale`` grows from
    ``min_scale`` on the easiest items to 1.0 on the hardest, so length is penalized more on
    easy items. Difficulty is the row's ``level`` (``difficulty="level"``: level 1 is
    easiest, 10 hardest; rows without a level use 1.0) or the group's failure rate
    (``difficulty="pass_rate"``: completions sharing a payload form a group; a group that
    always succeeds is easiest).

    The reward is 1.0 at or under the target, then decays linearly to 0.0 at twice the target
    (``shape="linear"``) or drops to 0.0 (``shape="step"``). With ``only_correct=True``
    (default) wrong answers get 0.0, so the model is never paid for being short and wrong.
    Length is counted in tokens (``unit="tokens"``, from TRL's ``completion_ids``) or in
    characters (``unit="chars"``).
    """

    default_name = "synlogic_length"

    def __init__(
        self,
        *,
        target_length: int = 1024,
        min_scale: float = 0.25,
        difficulty: str = "level",
        shape: str = "linear",
        unit: str = "tokens",
        only_correct: bool = True,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        name: str | None = None,
    ) -> None:
        super().__init__(tasks=tasks, tag=tag, think_tag=None, name=name)
        if isinstance(target_length, bool) or not isinstance(target_length, int):
            raise InvalidArgumentTypeError("target_length must be an int")
        if target_length < 1:
            raise InvalidArgumentError(f"target_length must be >= 1, got {target_length}")
        if isinstance(min_scale, bool) or not isinstance(min_scale, (int, float)):
            raise InvalidArgumentTypeError("min_scale must be a number")
        if not 0 < min_scale <= 1:
            raise InvalidArgumentError(f"min_scale must be in (0, 1], got {min_scale}")
        for label, value, allowed in (
            ("difficulty", difficulty, ("level", "pass_rate")),
            ("shape", shape, ("linear", "step")),
            ("unit", unit, ("tokens", "chars")),
        ):
            if value not in allowed:
                raise InvalidArgumentError(f"{label} must be one of {allowed}, got {value!r}")
        self.target_length = target_length
        self.min_scale = float(min_scale)
        self.difficulty = difficulty
        self.shape = shape
        self.unit = unit
        self.only_correct = check_bool("only_correct", only_correct)

    def _scales(
        self, ev: Evaluations, rows: list[int], columns: Mapping[str, Any], payloads: list[Any]
    ) -> list[float]:
        span = 1.0 - self.min_scale
        if self.difficulty == "level":
            scales = []
            for i in rows:
                level = _level_of(columns, i)
                hardness = 1.0 if level is None else min(max((level - 1) / 9, 0.0), 1.0)
                scales.append(self.min_scale + span * hardness)
            return scales
        groups: dict[str, list[int]] = defaultdict(list)
        for j, i in enumerate(rows):
            groups[payloads[i]].append(j)
        scales = [1.0] * len(rows)
        for members in groups.values():
            pass_rate = sum(ev.correct[j] for j in members) / len(members)
            for j in members:
                scales[j] = self.min_scale + span * (1.0 - pass_rate)
        return scales

    def _rewards(
        self,
        ev: Evaluations,
        rows: list[int],
        completions: Sequence[Any],
        completion_ids: Sequence[Sequence[int]] | None,
        columns: Mapping[str, Any],
        n: int,
    ) -> list[float]:
        if self.unit == "tokens":
            if completion_ids is None:
                raise InvalidArgumentError(
                    "LengthReward(unit='tokens') needs completion_ids; use unit='chars'"
                )
            lengths = [len(completion_ids[i]) for i in rows]
        else:
            lengths = [len(_text(completions[i])) for i in rows]
        payloads = _verification_column(columns, n)
        scales = self._scales(ev, rows, columns, payloads)
        rewards = []
        for j, length in enumerate(lengths):
            if self.only_correct and not ev.correct[j]:
                rewards.append(0.0)
                continue
            rewards.append(length_score(length, self.target_length * scales[j], self.shape))
        return rewards


def length_score(length: float, target: float, shape: str = "linear") -> float:
    """1.0 at or under ``target``; above it, linear decay to 0.0 at twice the target
    (``"linear"``) or 0.0 (``"step"``)."""
    if length <= target:
        return 1.0
    if shape == "step" or target <= 0:
        return 0.0
    return max(0.0, 1.0 - (length - target) / target)


class WeightedReward(SynlogicReward):
    """Several components summed with weights in ONE callable (and one Rust call):
    ``correctness``, ``partial``, ``format`` and ``length`` weights, with the format and
    length options of :class:`FormatReward` and :class:`LengthReward`."""

    default_name = "synlogic"

    def __init__(
        self,
        *,
        correctness: float = 1.0,
        partial: float = 0.0,
        format: float = 0.0,
        length: float = 0.0,
        strict_format: bool = False,
        length_options: Mapping[str, Any] | None = None,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        think_tag: str | None = "think",
        name: str | None = None,
    ) -> None:
        super().__init__(tasks=tasks, tag=tag, think_tag=think_tag, name=name)
        self.weights = _check_weights(
            {"correctness": correctness, "partial": partial, "format": format, "length": length}
        )
        self.strict_format = check_bool("strict_format", strict_format)
        options = _length_options(length_options)
        self.length = (
            LengthReward(tasks=tasks, tag=tag, **options) if self.weights["length"] else None
        )

    def _rewards(
        self,
        ev: Evaluations,
        rows: list[int],
        completions: Sequence[Any],
        completion_ids: Sequence[Sequence[int]] | None,
        columns: Mapping[str, Any],
        n: int,
    ) -> list[float]:
        w = self.weights
        flags = ev.strict_format if self.strict_format else ev.lenient_format
        total = [
            w["correctness"] * (1.0 if c else 0.0) + w["partial"] * credit + w["format"] * f
            for c, credit, f in zip(ev.correct, ev.credit, flags, strict=True)
        ]
        if self.length is not None:
            lengths = self.length._rewards(ev, rows, completions, completion_ids, columns, n)
            total = [t + w["length"] * x for t, x in zip(total, lengths, strict=True)]
        return total


_LENGTH_OPTIONS = frozenset(
    {"target_length", "min_scale", "difficulty", "shape", "unit", "only_correct"}
)


def _length_options(options: object) -> dict[str, Any]:
    """Checks ``length_options``: a mapping of :class:`LengthReward` options."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise InvalidArgumentTypeError(
            f"length_options must be a mapping, got {type(options).__name__}"
        )
    unknown = sorted(str(k) for k in options if k not in _LENGTH_OPTIONS)
    if unknown:
        raise InvalidArgumentError(
            f"length_options has unknown option(s) {unknown}; use {sorted(_LENGTH_OPTIONS)}"
        )
    return dict(options)


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    checked = {}
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidArgumentTypeError(f"{key} weight must be a number, got {value!r}")
        if not math.isfinite(value):
            raise InvalidArgumentError(f"{key} weight must be finite, got {value}")
        checked[key] = float(value)
    if not any(checked.values()):
        raise InvalidArgumentError("at least one reward weight must be non-zero")
    return checked


def trl_reward_funcs(
    *,
    correctness: float = 1.0,
    partial: float = 0.0,
    format: float = 0.0,
    length: float = 0.0,
    strict_format: bool = False,
    length_options: Mapping[str, Any] | None = None,
    tasks: Iterable[str] | str | None = None,
    tag: str | None = "answer",
    think_tag: str | None = "think",
) -> tuple[list[SynlogicReward], list[float]]:
    """``(reward_funcs, reward_weights)`` for TRL's GRPOTrainer / RLOOTrainer.

    One callable per non-zero weight, so TRL logs each component; pass the weights as
    ``GRPOConfig(reward_weights=...)``::

        funcs, weights = trl_reward_funcs(correctness=1.0, format=0.2)
        trainer = GRPOTrainer(model, reward_funcs=funcs,
                              args=GRPOConfig(reward_weights=weights, ...), ...)
    """
    w = _check_weights(
        {"correctness": correctness, "partial": partial, "format": format, "length": length}
    )
    options = _length_options(length_options)
    check_bool("strict_format", strict_format)
    funcs: list[SynlogicReward] = []
    weights: list[float] = []
    if w["correctness"]:
        funcs.append(CorrectnessReward(tasks=tasks, tag=tag))
        weights.append(w["correctness"])
    if w["partial"]:
        funcs.append(PartialCreditReward(tasks=tasks, tag=tag))
        weights.append(w["partial"])
    if w["format"]:
        funcs.append(FormatReward(strict=strict_format, tasks=tasks, tag=tag, think_tag=think_tag))
        weights.append(w["format"])
    if w["length"]:
        funcs.append(LengthReward(tasks=tasks, tag=tag, **options))
        weights.append(w["length"])
    return funcs, weights


def strip_prompt(query: str, prompt: str) -> str | None:
    """The response part of an OpenRLHF ``query`` (prompt + response with template tokens).

    Returns ``None`` when the prompt cannot be found in the query (the caller scores the row
    as having no answer, so an example answer in the prompt can never be scored).
    """
    if query.startswith(prompt):
        return query[len(prompt) :]
    tail = prompt[-256:].strip()
    if tail:
        found = query.rfind(tail)
        if found >= 0:
            return query[found + len(tail) :]
    return None


def openrlhf_rewards(
    queries: Sequence[str],
    prompts: Sequence[str],
    labels: Sequence[str],
    *,
    reward: SynlogicReward | None = None,
) -> dict[str, Any]:
    """OpenRLHF's reward contract with plain lists: ``{"rewards", "scores", "extra_logs"}``.

    ``labels`` are the rows' ``verification`` payloads (``--label_key verification``);
    ``rewards`` are ``reward``'s values (default: correctness), ``scores`` the 0/1
    correctness, and ``extra_logs`` holds ``accuracy``, ``format_ok`` and ``prompt_found``.
    """
    if not (len(queries) == len(prompts) == len(labels)):
        raise InvalidArgumentError(
            f"query, prompts and labels differ in length: {len(queries)}, {len(prompts)}, "
            f"{len(labels)}"
        )
    for name, values in (("query", queries), ("prompts", prompts), ("labels", labels)):
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise InvalidArgumentTypeError(
                    f"{name}[{i}] must be a str, got {type(value).__name__}"
                )
    responses = [strip_prompt(q, p) for q, p in zip(queries, prompts, strict=True)]
    found = [r is not None for r in responses]
    texts = [r if r is not None else "" for r in responses]
    reward = reward or WeightedReward(name="synlogic")
    ev = Evaluations(_core.evaluate_batch(list(labels), texts, reward.tag, reward.think_tag))
    n = len(texts)
    columns = {"verification": list(labels)}
    values = reward._rewards(ev, list(range(n)), texts, None, columns, n)
    scores = [1.0 if c else 0.0 for c in ev.correct]
    return {
        "rewards": [float(v) for v in values],
        "scores": scores,
        "extra_logs": {
            "accuracy": scores,
            "format_ok": [1.0 if f else 0.0 for f in ev.lenient_format],
            "prompt_found": [1.0 if f else 0.0 for f in found],
        },
    }
