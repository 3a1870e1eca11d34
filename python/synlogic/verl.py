"""verl reward functions: ``reward.custom_reward_function.path=pkg://synlogic.verl``.

verl's reward managers call ``compute_score(data_source=..., solution_str=...,
ground_truth=..., extra_info=..., **reward_kwargs)`` once per sample (from a thread pool);
``reward_kwargs`` come from ``reward.custom_reward_function.reward_kwargs`` in the config.
The ``batch`` reward manager calls ``compute_score_batch(data_sources=..., solution_strs=...,
ground_truths=..., extra_infos=..., **reward_kwargs)`` once per batch
(``reward.custom_reward_function.name=compute_score_batch``).

Both return, for every row, a dict with the same keys (verl requires it):

* ``score`` — the reward: correctness (or the gated partial credit with ``partial=True``)
  plus ``format_weight`` times the format flag (strict with ``strict_format=True``) plus
  ``length_weight`` times the difficulty-aware length reward (see
  :class:`synlogic.rewards.LengthReward`; the level comes from ``extra_info["level"]``);
* ``acc`` — 1.0 if the answer is correct, else 0.0;
* ``partial_credit`` — the gated partial credit (1.0 when correct);
* ``answered`` — 1.0 if an answer block was found;
* ``format_strict`` / ``format_lenient`` — the format flags as 0.0/1.0.

The ``ground_truth`` is the row's ``verification`` payload (``reward_model.ground_truth``
in synlogic rows). Parsed payloads are cached, so scoring the n rollouts of a prompt parses
it once. Rows whose ``data_source`` is not ``synlogic/...`` go to verl's own
``default_compute_score`` (when verl is installed), reported with the same keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from synlogic import _core
from synlogic._api import _tag, check_bool
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError
from synlogic.rewards import DATA_SOURCE_PREFIX, length_score

__all__ = ["KEYS", "compute_score", "compute_score_batch"]

KEYS = ("score", "acc", "partial_credit", "answered", "format_strict", "format_lenient")
"""The keys of every result dict."""

_CACHE_SIZE = 8192


@lru_cache(maxsize=_CACHE_SIZE)
def _payload(ground_truth: str) -> Any:
    return _core.Payload(ground_truth)


@lru_cache(maxsize=64)
def _tags(tag: str | None, think_tag: str | None) -> tuple[str | None, str | None]:
    return _tag(tag), _tag(think_tag)


def _check_options(
    partial: object,
    strict_format: object,
    format_weight: object,
    length_weight: object,
    length_options: object,
) -> None:
    """Typed errors naming the option for ``reward_kwargs`` of the wrong type or value."""
    if type(partial) is not bool:
        check_bool("partial", partial)
    if type(strict_format) is not bool:
        check_bool("strict_format", strict_format)
    for name, weight in (("format_weight", format_weight), ("length_weight", length_weight)):
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise InvalidArgumentTypeError(f"{name} must be a number, got {type(weight).__name__}")
        if not math.isfinite(weight):
            raise InvalidArgumentError(f"{name} must be finite, got {weight}")
    if length_options is not None and not isinstance(length_options, Mapping):
        raise InvalidArgumentTypeError(
            f"length_options must be a mapping, got {type(length_options).__name__}"
        )


def _level(extra_info: object) -> int | None:
    if isinstance(extra_info, Mapping):
        level = extra_info.get("level")
        if isinstance(level, int) and not isinstance(level, bool):
            return level
    return None


def _length_reward(
    solution_str: str, correct: bool, extra_info: object, options: Mapping[str, Any]
) -> float:
    if options.get("only_correct", True) and not correct:
        return 0.0
    target = options.get("target_length", 4096)
    min_scale = options.get("min_scale", 0.25)
    level = _level(extra_info)
    hardness = 1.0 if level is None else min(max((level - 1) / 9, 0.0), 1.0)
    scale = min_scale + (1.0 - min_scale) * hardness
    return length_score(len(solution_str), target * scale, options.get("shape", "linear"))


def _result(
    evaluation: tuple[bool, float, bool, bool, bool],
    solution_str: str,
    extra_info: object,
    partial: bool,
    strict_format: bool,
    format_weight: float,
    length_weight: float,
    length_options: Mapping[str, Any] | None,
) -> dict[str, float]:
    correct, credit, answered, strict, lenient = evaluation
    acc = 1.0 if correct else 0.0
    score = credit if partial else acc
    if format_weight:
        score += format_weight * (1.0 if (strict if strict_format else lenient) else 0.0)
    if length_weight:
        score += length_weight * _length_reward(
            solution_str, correct, extra_info, length_options or {}
        )
    return {
        "score": score,
        "acc": acc,
        "partial_credit": credit,
        "answered": 1.0 if answered else 0.0,
        "format_strict": 1.0 if strict else 0.0,
        "format_lenient": 1.0 if lenient else 0.0,
    }


def _foreign(
    data_source: object, solution_str: str, ground_truth: object, extra_info: object
) -> dict[str, float]:
    """Scores a non-synlogic row with verl's default scorer, reported with our keys."""
    try:
        from verl.utils.reward_score import default_compute_score
    except ImportError:
        raise InvalidArgumentError(
            f"data_source {data_source!r} is not a synlogic source (synlogic/<task>) and verl's "
            "default scorer is not importable"
        ) from None
    result = default_compute_score(data_source, solution_str, ground_truth, extra_info)
    if isinstance(result, Mapping):
        score = float(result.get("score", 0.0))
        acc = float(result.get("acc", score))
    else:
        score = acc = float(result)
    return {
        "score": score,
        "acc": acc,
        "partial_credit": score,
        "answered": 0.0,
        "format_strict": 0.0,
        "format_lenient": 0.0,
    }


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: str,
    extra_info: Mapping[str, Any] | None = None,
    *,
    tag: str | None = "answer",
    think_tag: str | None = "think",
    partial: bool = False,
    strict_format: bool = False,
    format_weight: float = 0.0,
    length_weight: float = 0.0,
    length_options: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> dict[str, float]:
    """Scores one verl sample; returns a dict with the keys in :data:`KEYS`.

    Extra keyword arguments that verl passes (``reward_router_address``, ...) are ignored.
    Raises :class:`~synlogic.exceptions.PayloadError` on a malformed ``ground_truth``;
    never raises on a completion.
    """
    if not (isinstance(data_source, str) and data_source.startswith(DATA_SOURCE_PREFIX)):
        return _foreign(data_source, solution_str, ground_truth, extra_info)
    _check_options(partial, strict_format, format_weight, length_weight, length_options)
    if not isinstance(ground_truth, str):
        raise InvalidArgumentTypeError(
            f"ground_truth must be a synlogic verification payload (str), got "
            f"{type(ground_truth).__name__}"
        )
    if not isinstance(solution_str, str):
        solution_str = "" if solution_str is None else str(solution_str)
    answer_tag, reasoning_tag = _tags(tag, think_tag)
    evaluation = _payload(ground_truth).evaluate(solution_str, answer_tag, reasoning_tag)
    return _result(
        evaluation,
        solution_str,
        extra_info,
        partial,
        strict_format,
        format_weight,
        length_weight,
        length_options,
    )


def compute_score_batch(
    data_sources: Sequence[str],
    solution_strs: Sequence[str],
    ground_truths: Sequence[str],
    extra_infos: Sequence[Mapping[str, Any] | None] | None = None,
    *,
    tag: str | None = "answer",
    think_tag: str | None = "think",
    partial: bool = False,
    strict_format: bool = False,
    format_weight: float = 0.0,
    length_weight: float = 0.0,
    length_options: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> list[dict[str, float]]:
    """Scores a batch for verl's ``batch`` reward manager in ONE Rust call (parallel, GIL
    released); returns one dict with the keys in :data:`KEYS` per row."""
    _check_options(partial, strict_format, format_weight, length_weight, length_options)
    n = len(solution_strs)
    if len(data_sources) != n or len(ground_truths) != n:
        raise InvalidArgumentError(
            f"data_sources, solution_strs and ground_truths differ in length: "
            f"{len(data_sources)}, {n}, {len(ground_truths)}"
        )
    extras: Sequence[Any] = extra_infos if extra_infos is not None else [None] * n
    ours = [
        i
        for i in range(n)
        if isinstance(data_sources[i], str) and data_sources[i].startswith(DATA_SOURCE_PREFIX)
    ]
    texts = [s if isinstance(s, str) else "" for s in solution_strs]
    results: list[dict[str, float] | None] = [None] * n
    if ours:
        for i in ours:
            if not isinstance(ground_truths[i], str):
                raise InvalidArgumentTypeError(
                    f"ground_truths[{i}] must be a verification payload (str), got "
                    f"{type(ground_truths[i]).__name__}"
                )
        answer_tag, reasoning_tag = _tags(tag, think_tag)
        _tasks, correct, credit, answered, strict, lenient = _core.evaluate_batch(
            [ground_truths[i] for i in ours], [texts[i] for i in ours], answer_tag, reasoning_tag
        )
        for j, i in enumerate(ours):
            results[i] = _result(
                (correct[j], credit[j], answered[j], strict[j], lenient[j]),
                texts[i],
                extras[i],
                partial,
                strict_format,
                format_weight,
                length_weight,
                length_options,
            )
    for i in range(n):
        if results[i] is None:
            results[i] = _foreign(data_sources[i], texts[i], ground_truths[i], extras[i])
    return results  # type: ignore[return-value]
