"""The public Python API: a thin layer over the Rust core (argument checks and conversion)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from synlogic import _core
from synlogic.exceptions import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    KnobValueError,
    LevelError,
)

Verdict = _core.Verdict

_U64_MAX = (1 << 64) - 1


def check_int(name: str, value: object, *, low: int = 0, high: int = _U64_MAX) -> int:
    """Returns ``value`` if it is an int in ``[low, high]``; raises a typed error naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _check_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def check_bool(name: str, value: object) -> bool:
    """Returns ``value`` if it is a bool; raises a typed error naming it."""
    if not isinstance(value, bool):
        raise InvalidArgumentTypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def _check_optional_str(name: str, value: object) -> str | None:
    return None if value is None else _check_str(name, value)


def _level(level: object) -> int | None:
    if level is None:
        return None
    if isinstance(level, bool) or not isinstance(level, int):
        raise InvalidArgumentTypeError(f"level must be an int, got {type(level).__name__}")
    if not -(1 << 63) <= level < 1 << 63:  # beyond what the core reads
        raise LevelError(f"level must be between 1 and 10, got {level}")
    return level  # the core checks the 1-10 range and raises LevelError


def knobs_json(knobs: Mapping[str, Any] | None) -> str | None:
    """Serializes a knob mapping for the core (``None`` means the level's values)."""
    if knobs is None:
        return None
    if not isinstance(knobs, Mapping):
        raise InvalidArgumentTypeError(f"knobs must be a mapping, got {type(knobs).__name__}")
    for key, value in knobs.items():
        if not isinstance(key, str):
            raise InvalidArgumentTypeError(f"knob names must be str, got {key!r}")
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise KnobValueError(
                f"invalid value for knob {key!r}: must be a JSON value (number, string, bool, "
                f"list or mapping): {exc}"
            ) from None
    return json.dumps(dict(knobs), allow_nan=False)


@dataclass(frozen=True)
class TaskInfo:
    """A task's catalogue entry: what it is, its knobs and its levels."""

    id: str
    summary: str
    family: str
    version: int
    default_level: int
    difficulty_measure: str
    unique_solution: bool
    knobs: dict[str, Any]
    """Default knob values (the names are the knobs a user may set)."""
    levels: list[dict[str, Any]]
    """Levels 1-10: ``levels[i]`` holds the knob values of level ``i + 1``."""


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, TaskInfo]:
    raw = json.loads(_core.catalogue_json())
    return {task_id: TaskInfo(id=task_id, **entry) for task_id, entry in raw.items()}


def list_tasks() -> list[str]:
    """The ids of every registered task."""
    return list(_core.list_tasks())


def task_info(task: str) -> TaskInfo:
    """The catalogue entry of ``task``."""
    _check_str("task", task)
    info = _catalogue().get(task)
    if info is None:
        _core.resolve_knobs(task)  # raises UnknownTaskError with a suggestion
        raise AssertionError("unreachable")
    return info


def resolve_knobs(
    task: str, *, level: int | None = None, knobs: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The effective knob values for ``task`` at ``level`` with ``knobs`` overriding them."""
    _check_str("task", task)
    return json.loads(_core.resolve_knobs(task, _level(level), knobs_json(knobs)))


def generate(
    task: str,
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
) -> list[dict[str, Any]]:
    """Generates items ``start .. start + n - 1`` of ``task`` as rows.

    Each row has the columns trainers expect: ``prompt`` (a chat list, or plain text when
    ``chat=False``), ``task``, ``level``, ``seed``, ``index``, ``answer``, ``verification``,
    ``data_source``, ``ability``, ``reward_model``, ``extra_info`` and ``metadata`` (JSON).
    Item ``i`` is identical however it is generated (alone, in any batch, any thread count).
    """
    _check_str("task", task)
    check_int("n", n)
    check_int("seed", seed)
    check_int("start", start)
    if start + n > _U64_MAX + 1:
        raise InvalidArgumentError(f"start + n must not exceed 2**64, got {start} + {n}")
    _check_optional_str("system_prompt", system_prompt)
    check_bool("chat", chat)
    return _core.generate_rows(
        task, n, seed, start, _level(level), knobs_json(knobs), system_prompt, chat
    )


def iter_items(
    task: str,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    batch_size: int = 1024,
) -> Iterator[dict[str, Any]]:
    """An unbounded, deterministic stream of rows from index ``start`` on.

    Items are generated ``batch_size`` at a time in parallel; the stream is the same for any
    ``batch_size``. Arguments are checked before the first item is requested.
    """
    _check_str("task", task)
    check_int("seed", seed)
    check_int("start", start)
    check_int("batch_size", batch_size, low=1, high=1 << 24)
    _check_optional_str("system_prompt", system_prompt)
    check_bool("chat", chat)
    resolve_knobs(task, level=level, knobs=knobs)  # fail early, not on first next()
    return _stream(task, seed, start, level, knobs, system_prompt, chat, batch_size)


def _stream(
    task: str,
    seed: int,
    start: int,
    level: int | None,
    knobs: Mapping[str, Any] | None,
    system_prompt: str | None,
    chat: bool,
    batch_size: int,
) -> Iterator[dict[str, Any]]:
    encoded = knobs_json(knobs)
    index = start
    while index <= _U64_MAX:
        count = min(batch_size, _U64_MAX - index + 1)
        yield from _core.generate_rows(
            task, count, seed, index, level, encoded, system_prompt, bool(chat)
        )
        index += count


def completion_text(completion: object) -> str:
    """The text of a completion: a string, a chat message list (the last assistant
    message, or the last message), a message dict, or a list of content blocks."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Mapping):
        return _content_text(completion.get("content", ""))
    if isinstance(completion, Sequence) and not isinstance(completion, (bytes, bytearray)):
        messages = [m for m in completion if isinstance(m, Mapping)]
        if messages and all("role" in m for m in messages):
            assistant = [m for m in messages if m.get("role") == "assistant"]
            return _content_text((assistant or messages)[-1].get("content", ""))
        return _content_text(completion)
    if isinstance(completion, (bytes, bytearray)):
        return bytes(completion).decode("utf-8", errors="replace")
    return ""


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence) and not isinstance(content, (bytes, bytearray)):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, Mapping) and isinstance(block.get("text"), str):
                parts.append(block["text"])
        return "".join(parts)
    return ""


def _tag(tag: str | None) -> str | None:
    if tag is None:
        return None
    _check_str("tag", tag)
    if not tag or any(c in tag for c in "<>/ \t\n"):
        raise InvalidArgumentError(f"tag must be a bare tag name like 'answer', got {tag!r}")
    return tag


def verify(
    verification: str, completion: object, *, tag: str | None = "answer", partial: bool = False
) -> Verdict:
    """Scores one completion against a row's ``verification`` payload.

    The answer is read from the last ``<tag>...</tag>`` block (``tag=None``: the whole
    completion). ``partial=True`` returns the task's gated partial credit instead of 0/1.
    Never raises on any completion; raises :class:`~synlogic.exceptions.PayloadError` on a
    malformed payload.
    """
    _check_str("verification", verification)
    check_bool("partial", partial)
    return _core.verify(verification, completion_text(completion), _tag(tag), partial)


def check_sequence(name: str, value: object) -> list[Any]:
    """``value`` as a list if it is a sequence (not a str or bytes); else a typed error."""
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgumentTypeError(
            f"{name} must be a sequence (a list), got {type(value).__name__}"
        )
    return list(value)


def check_payloads(verifications: object) -> list[str]:
    """The verification payloads as a list of str; else a typed error naming the row."""
    payloads = check_sequence("verifications", verifications)
    for i, p in enumerate(payloads):
        if not isinstance(p, str):
            raise InvalidArgumentTypeError(
                f"verifications[{i}] must be a str, got {type(p).__name__}"
            )
    return payloads


def _batch_args(
    verifications: Sequence[str], completions: Sequence[object], partial: object
) -> tuple[list[str], list[str]]:
    payloads = check_payloads(verifications)
    texts = [completion_text(c) for c in check_sequence("completions", completions)]
    check_bool("partial", partial)
    if len(payloads) != len(texts):
        raise InvalidArgumentError(
            f"completions has {len(texts)} entries but verifications has {len(payloads)}"
        )
    return payloads, texts


def verify_batch(
    verifications: Sequence[str],
    completions: Sequence[object],
    *,
    tag: str | None = "answer",
    partial: bool = False,
) -> list[Verdict]:
    """Scores ``completions[i]`` against ``verifications[i]`` in parallel (GIL released)."""
    payloads, texts = _batch_args(verifications, completions, partial)
    return _core.verify_batch(payloads, texts, _tag(tag), partial)


def score_batch(
    verifications: Sequence[str],
    completions: Sequence[object],
    *,
    tag: str | None = "answer",
    partial: bool = False,
) -> list[float]:
    """Like :func:`verify_batch`, returning only the scores."""
    payloads, texts = _batch_args(verifications, completions, partial)
    return _core.score_batch(payloads, texts, _tag(tag), partial)


def num_threads() -> int:
    """The size of synlogic's thread pool (``SYNLOGIC_NUM_THREADS``, default: all cores)."""
    return _core.num_threads()
