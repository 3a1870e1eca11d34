"""verl reward functions: ``reward.custom_reward_function.path=pkg://synlogic.verl``.

What each verl version calls:

* **verl 0.9** computes rewards only through its reward loop
  (``verl.experimental.reward_loop``). Its reward managers (``naive`` and the others in that
  registry; there is no ``batch`` manager there) call ``compute_score(data_source=...,
  solution_str=..., ground_truth=..., extra_info=..., **reward_kwargs)`` once per sample,
  awaiting it when it is a coroutine function: use ``name=compute_score`` (run in verl's
  thread pool) or ``name=compute_score_async`` (awaited on the event loop; scoring takes
  microseconds, so no thread hop is needed). ``reward_kwargs`` come from
  ``reward.custom_reward_function.reward_kwargs``.
* **verl <= 0.8** (the legacy ``verl.workers.reward_manager`` registry, still selected by
  ``reward_model.reward_manager=batch`` there) calls ``compute_score_batch(data_sources=...,
  solution_strs=..., ground_truths=..., extra_infos=..., **reward_kwargs)`` once per batch:
  ``name=compute_score_batch``. verl 0.9 never calls it.

``reward_kwargs`` are synlogic's reward options, with the same names and defaults on every
path (see :mod:`synlogic.rewards`): ``correctness``, ``partial``, ``format``, ``length``
weights, ``strict_format``, ``tag``, ``think_tag`` and ``length_options`` (verl hands no
token ids, so length shaping needs ``length_options.unit=chars``; the per-sample functions
cannot use ``difficulty=pass_rate``). The sum is computed in Rust. An unknown or mistyped
option is an :class:`~synlogic.exceptions.InvalidArgumentError` on the first call (verl
calls a plain function with no construction step); with the reward manager
:class:`SynlogicRewardManager` (``reward.reward_manager.source=importlib``,
``reward.reward_manager.module.path=pkg://synlogic.verl``,
``reward.reward_manager.name=SynlogicRewardManager``) it fails when verl builds the manager,
before any rollout.

Each function returns, for every row, a dict with the same keys (verl requires it):
``score`` (the weighted reward), ``acc`` (1.0 if correct), ``partial_credit``, ``answered``,
``format_strict``, ``format_lenient`` and ``length_score``.

The ``ground_truth`` is the row's ``verification`` payload (``reward_model.ground_truth``
in synlogic rows; a parsed dict or bytes is accepted too). Parsed payloads are cached, so
scoring the n rollouts of a prompt parses it once. Rows whose ``data_source`` is not
``synlogic/...`` go to verl's own ``default_compute_score`` (when verl is installed),
reported with the same keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from synlogic import _core
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError
from synlogic.rewards import DATA_SOURCE_PREFIX, _payload_text, reward_spec

__all__ = [
    "KEYS",
    "SynlogicRewardManager",  # noqa: F822 (built on first access: see __getattr__)
    "compute_score",
    "compute_score_async",
    "compute_score_batch",
    "make_spec",
]

KEYS = (
    "score",
    "acc",
    "partial_credit",
    "answered",
    "format_strict",
    "format_lenient",
    "length_score",
)
"""The keys of every result dict."""

_CACHE_SIZE = 8192

_VERL_EXTRAS = frozenset({"reward_router_address", "reward_model_tokenizer"})
"""Keyword arguments verl's reward managers pass besides the configured reward_kwargs."""

_RENAMED = {
    "format_weight": "format",
    "length_weight": "length",
}


@lru_cache(maxsize=_CACHE_SIZE)
def _payload(ground_truth: str) -> Any:
    return _core.Payload(ground_truth)


@lru_cache(maxsize=256)
def _spec(options_json: str, per_sample: bool) -> Any:
    spec = reward_spec(json.loads(options_json))
    spec.check_path("verl's per-sample compute_score" if per_sample else "verl", False, True)
    if per_sample:
        spec.check_path("verl's per-sample compute_score", False, False)
    return spec


def make_spec(options: Mapping[str, Any], *, per_sample: bool = True) -> Any:
    """Checks verl ``reward_kwargs`` (synlogic's reward options) and returns the
    ``_core.RewardSpec``; raises :class:`~synlogic.exceptions.InvalidArgumentError`."""
    if not isinstance(options, Mapping):
        raise InvalidArgumentTypeError(
            f"reward_kwargs must be a mapping, got {type(options).__name__}"
        )
    for old, new in _RENAMED.items():
        if old in options:
            raise InvalidArgumentError(
                f"reward_kwargs option {old!r} is now {new!r} (one set of option names on "
                "every path; see synlogic.rewards)"
            )
    if isinstance(options.get("partial"), bool):
        raise InvalidArgumentTypeError(
            "reward_kwargs option 'partial' is a weight now: partial=1.0 with "
            "correctness=0.0 scores the partial credit alone"
        )
    clean = {k: _plain(v) for k, v in options.items() if k not in _VERL_EXTRAS}
    try:
        text = json.dumps(clean, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return reward_spec(clean)  # words the error
    return _spec(text, per_sample)


def _plain(value: Any) -> Any:
    """OmegaConf containers (verl's config) as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ListConfig":
        return [_plain(v) for v in value]
    return value


def _level(extra_info: object) -> int | None:
    if isinstance(extra_info, Mapping):
        level = extra_info.get("level")
        if isinstance(level, int) and not isinstance(level, bool) and abs(level) < 1 << 62:
            return level
    return None


def _result(values: Sequence[Any]) -> dict[str, float]:
    correct, credit, answered, strict, lenient, length_score, total = values
    return {
        "score": total,
        "acc": 1.0 if correct else 0.0,
        "partial_credit": credit,
        "answered": 1.0 if answered else 0.0,
        "format_strict": 1.0 if strict else 0.0,
        "format_lenient": 1.0 if lenient else 0.0,
        "length_score": length_score,
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
        "length_score": 0.0,
    }


def _ground_truth(ground_truth: object, where: str) -> str:
    text = _payload_text(ground_truth)
    if text is None:
        raise InvalidArgumentTypeError(
            f"{where} must be a synlogic verification payload (str, bytes or dict), got "
            f"{type(ground_truth).__name__}"
        )
    return text


def _is_ours(data_source: object) -> bool:
    return isinstance(data_source, str) and data_source.startswith(DATA_SOURCE_PREFIX)


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: str,
    extra_info: Mapping[str, Any] | None = None,
    **reward_kwargs: Any,
) -> dict[str, float]:
    """Scores one verl sample; returns a dict with the keys in :data:`KEYS`.

    ``reward_kwargs`` are synlogic's reward options (checked, then cached); the extra
    keyword arguments verl passes (``reward_router_address``, ``reward_model_tokenizer``)
    are ignored. Raises :class:`~synlogic.exceptions.PayloadError` on a malformed
    ``ground_truth``; never raises on a completion.
    """
    spec = make_spec(reward_kwargs)
    if not _is_ours(data_source):
        return _foreign(data_source, solution_str, ground_truth, extra_info)
    payload = _payload(_ground_truth(ground_truth, "ground_truth"))
    if not isinstance(solution_str, str):
        solution_str = "" if solution_str is None else str(solution_str)
    return _result(spec.reward(payload, solution_str, None, _level(extra_info)))


async def compute_score_async(
    data_source: str,
    solution_str: str,
    ground_truth: str,
    extra_info: Mapping[str, Any] | None = None,
    **reward_kwargs: Any,
) -> dict[str, float]:
    """:func:`compute_score` for verl 0.9's reward loop to await (``name=compute_score_async``)."""
    return compute_score(data_source, solution_str, ground_truth, extra_info, **reward_kwargs)


def compute_score_batch(
    data_sources: Sequence[str],
    solution_strs: Sequence[str],
    ground_truths: Sequence[str],
    extra_infos: Sequence[Mapping[str, Any] | None] | None = None,
    **reward_kwargs: Any,
) -> list[dict[str, float]]:
    """Scores a batch for verl <= 0.8's legacy ``batch`` reward manager in ONE Rust call
    (parallel, GIL released); returns one dict with the keys in :data:`KEYS` per row.
    verl 0.9 does not call it (its reward loop is per sample: :func:`compute_score`)."""
    spec = make_spec(reward_kwargs, per_sample=False)
    n = len(solution_strs)
    if len(data_sources) != n or len(ground_truths) != n:
        raise InvalidArgumentError(
            f"data_sources, solution_strs and ground_truths differ in length: "
            f"{len(data_sources)}, {n}, {len(ground_truths)}"
        )
    extras: Sequence[Any] = extra_infos if extra_infos is not None else [None] * n
    ours = [i for i in range(n) if _is_ours(data_sources[i])]
    texts = [s if isinstance(s, str) else "" for s in solution_strs]
    results: list[dict[str, float] | None] = [None] * n
    if ours:
        payloads = [_ground_truth(ground_truths[i], f"ground_truths[{i}]") for i in ours]
        levels = [_level(extras[i]) for i in ours] if spec.needs_levels else None
        columns = spec.rewards(payloads, [texts[i] for i in ours], None, levels)
        for j, i in enumerate(ours):
            results[i] = _result([column[j] for column in columns[1:]])
    for i in range(n):
        if results[i] is None:
            results[i] = _foreign(data_sources[i], texts[i], ground_truths[i], extras[i])
    return results  # type: ignore[return-value]


def _reward_manager_class() -> type:
    """verl 0.9's ``naive`` reward-loop manager, checking synlogic's options when built."""
    from verl.experimental.reward_loop.reward_manager.naive import NaiveRewardManager

    class SynlogicRewardManager(NaiveRewardManager):  # type: ignore[misc, valid-type]
        """verl's per-sample reward manager that checks ``reward_kwargs`` when verl builds
        it, so a misspelled option stops the run before any rollout."""

        def __init__(self, config: Any, tokenizer: Any, compute_score: Any, **kwargs: Any):
            custom = config.reward.get("custom_reward_function") or {}
            make_spec(dict(custom.get("reward_kwargs") or {}))
            super().__init__(config, tokenizer, compute_score, **kwargs)

    return SynlogicRewardManager


def __getattr__(name: str) -> Any:
    # The manager subclasses verl's, so it is built on first access: importing this module
    # never imports verl.
    if name == "SynlogicRewardManager":
        cls = _reward_manager_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
