"""Argument checks for the public API, in one place: each raises a typed synlogic error that
names the argument, before anything reaches the Rust core."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from synlogic.exceptions import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    KnobValueError,
    LevelError,
)

U64_MAX = (1 << 64) - 1
"""The largest seed, start or index the core accepts."""

MAX_BATCH_SIZE = 1 << 24
"""The largest number of rows generated in one call to the core."""


def check_int(name: str, value: object, *, low: int = 0, high: int = U64_MAX) -> int:
    """Returns ``value`` if it is an int in ``[low, high]``; raises a typed error naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be between {low} and {high}, got {value}")
    return value


def shard_range(start: int, n: int, shard: int, num_shards: int) -> tuple[int, int]:
    """The first index and row count of shard ``shard`` of ``num_shards`` contiguous shards of
    rows ``start .. start + n - 1``; read in order, the shards give the rows in index order."""
    first = start + shard * n // num_shards
    return first, start + (shard + 1) * n // num_shards - first


def check_str(name: str, value: object) -> str:
    """Returns ``value`` if it is a str; raises a typed error naming it."""
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def check_optional_str(name: str, value: object) -> str | None:
    """Returns ``value`` if it is a str or None; raises a typed error naming it."""
    return None if value is None else check_str(name, value)


def check_bool(name: str, value: object) -> bool:
    """Returns ``value`` if it is a bool; raises a typed error naming it."""
    if not isinstance(value, bool):
        raise InvalidArgumentTypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def check_level(level: object) -> int | None:
    """``level`` if it is None or an int the core can read (the core checks 1-10 itself and
    raises :class:`LevelError` naming the task's range)."""
    if level is None:
        return None
    if isinstance(level, bool) or not isinstance(level, int):
        raise InvalidArgumentTypeError(f"level must be an int, got {type(level).__name__}")
    if not -(1 << 63) <= level < 1 << 63:
        raise LevelError(f"level must be between 1 and 10, got {level}")
    return level


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


def check_rows(
    n: int | None,
    *,
    seed: object,
    start: object,
    system_prompt: object = None,
    chat: object = True,
    batch_size: object = 1,
) -> None:
    """The arguments every row-producing function takes: ``n`` rows (None: unbounded) from
    index ``start`` under ``seed``, the prompt style, and the rows per call to the core."""
    if n is not None:
        check_int("n", n)
    check_int("seed", seed)
    check_int("start", start)
    check_int("batch_size", batch_size, low=1, high=MAX_BATCH_SIZE)
    if n is not None and start + n > U64_MAX + 1:  # type: ignore[operator]
        raise InvalidArgumentError(f"start + n must not exceed 2**64, got {start} + {n}")
    check_optional_str("system_prompt", system_prompt)
    check_bool("chat", chat)


def check_tag(name: str, tag: object) -> str | None:
    """A bare tag name such as ``answer`` (or None: read the whole completion)."""
    if tag is None:
        return None
    text = check_str(name, tag)
    if not text or any(c in text for c in "<>/ \t\n") or not text.isprintable():
        raise InvalidArgumentError(f"{name} must be a bare tag name like 'answer', got {tag!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        raise InvalidArgumentError(f"{name} must be valid text, got {tag!r}") from None
    return text


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
