"""The public Python API: a thin layer over the Rust core (argument checks and conversion)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from synlogic import _core
from synlogic._args import (
    U64_MAX,
    check_bool,
    check_int,
    check_level,
    check_payloads,
    check_rows,
    check_sequence,
    check_str,
    check_tag,
    knobs_json,
)
from synlogic.exceptions import InvalidArgumentError

__all__ = [  # the checks other modules import from here
    "check_bool",
    "check_int",
    "check_payloads",
    "check_sequence",
    "knobs_json",
]

Verdict = _core.Verdict


def _tag(tag: object) -> str | None:
    return check_tag("tag", tag)


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
    distinct_items: list[str] | None = None
    """Per level, roughly how many distinct items it can produce (``"~3.2e5"``, measured from
    the duplicates in a sample of 20,000), or a lower bound (``">6.7e7"``) where the sample
    held no duplicate."""


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, TaskInfo]:
    raw = json.loads(_core.catalogue_json())
    return {task_id: TaskInfo(id=task_id, **entry) for task_id, entry in raw.items()}


def list_tasks() -> list[str]:
    """The ids of every registered task."""
    return list(_core.list_tasks())


def task_info(task: str) -> TaskInfo:
    """The catalogue entry of ``task``."""
    check_str("task", task)
    info = _catalogue().get(task)
    if info is None:
        _core.resolve_knobs(task)  # raises UnknownTaskError with a suggestion
        raise AssertionError("unreachable")
    return info


def resolve_knobs(
    task: str, *, level: int | None = None, knobs: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The effective knob values for ``task`` at ``level`` with ``knobs`` overriding them."""
    check_str("task", task)
    return json.loads(_core.resolve_knobs(task, check_level(level), knobs_json(knobs)))


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
    check_str("task", task)
    check_rows(n, seed=seed, start=start, system_prompt=system_prompt, chat=chat)
    return _core.generate_rows(
        task, n, seed, start, check_level(level), knobs_json(knobs), system_prompt, chat
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
    check_str("task", task)
    check_rows(
        None,
        seed=seed,
        start=start,
        system_prompt=system_prompt,
        chat=chat,
        batch_size=batch_size,
    )
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
    while index <= U64_MAX:
        count = min(batch_size, U64_MAX - index + 1)
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


def verify(
    verification: str, completion: object, *, tag: str | None = "answer", partial: bool = False
) -> Verdict:
    """Scores one completion against a row's ``verification`` payload.

    The answer is read from the last ``<tag>...</tag>`` block (``tag=None``: the whole
    completion). ``partial=True`` returns the task's gated partial credit instead of 0/1.
    Never raises on any completion; raises :class:`~synlogic.exceptions.PayloadError` on a
    malformed payload.
    """
    check_str("verification", verification)
    check_bool("partial", partial)
    return _core.verify(verification, completion_text(completion), _tag(tag), partial)


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
