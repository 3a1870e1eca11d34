"""Weighted mixes of tasks: declared in Python or in a TOML file.

A :class:`Mix` is a list of :class:`MixEntry` (a task, a weight, a level and knobs). Row
``index`` of a mix under ``seed`` comes from an entry chosen by a counter-based hash of
``(seed, index)`` computed in Rust, so a row's task is reproducible at random access and is
the same on every rank, worker and thread count. A single task is a mix of one entry.

A TOML mix file holds one ``[[tasks]]`` table per entry::

    [[tasks]]
    task = "countdown"
    weight = 2
    level = 4

    [[tasks]]
    task = "knights_knaves"
    weight = 1
    knobs = { people = 5 }
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, TypeAlias

from synlogic import _core
from synlogic._args import check_int, knobs_json
from synlogic.exceptions import (
    InputFileError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    LevelError,
)

__all__ = ["Mix", "MixEntry", "Source", "as_mix", "load_mix"]


@dataclass(frozen=True)
class MixEntry:
    """One task of a mix: its weight, level (``None``: the task's default) and knobs."""

    task: str
    weight: float = 1.0
    level: int | None = None
    knobs: Mapping[str, Any] | None = field(default=None, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The entry as the JSON object the core reads."""
        encoded = knobs_json(self.knobs)
        return {
            "task": self.task,
            "weight": self.weight,
            "level": self.level,
            "knobs": None if encoded is None else json.loads(encoded),
        }


def _check_entry(position: int, entry: object) -> MixEntry:
    where = f"mix[{position}]"
    if isinstance(entry, Mapping):
        unknown = set(entry) - {"task", "weight", "level", "knobs"}
        if unknown:
            raise InvalidArgumentError(
                f"{where}: unknown field(s) {sorted(unknown)}; use task, weight, level, knobs"
            )
        if "task" not in entry:
            raise InvalidArgumentError(f"{where}.task is missing")
        entry = MixEntry(
            task=entry["task"],
            weight=entry.get("weight", 1.0),
            level=entry.get("level"),
            knobs=entry.get("knobs"),
        )
    if not isinstance(entry, MixEntry):
        raise InvalidArgumentTypeError(
            f"{where} must be a MixEntry or a mapping, got {type(entry).__name__}"
        )
    if not isinstance(entry.task, str):
        raise InvalidArgumentTypeError(
            f"{where}.task must be a str, got {type(entry.task).__name__}"
        )
    weight = entry.weight
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        raise InvalidArgumentTypeError(
            f"{where}.weight must be a number, got {type(weight).__name__}"
        )
    if not math.isfinite(weight) or weight < 0:
        raise InvalidArgumentError(f"{where}.weight must be finite and >= 0, got {weight}")
    if entry.level is not None:
        if isinstance(entry.level, bool) or not isinstance(entry.level, int):
            raise InvalidArgumentTypeError(
                f"{where}.level must be an int, got {type(entry.level).__name__}"
            )
        if not -(1 << 63) <= entry.level < 1 << 63:  # beyond what the core reads
            raise LevelError(f"{where}.level must be between 1 and 10, got {entry.level}")
    if entry.knobs is not None and not isinstance(entry.knobs, Mapping):
        raise InvalidArgumentTypeError(
            f"{where}.knobs must be a mapping, got {type(entry.knobs).__name__}"
        )
    return MixEntry(entry.task, float(weight), entry.level, entry.knobs)


class Mix:
    """A checked, weighted mix of tasks (picklable; equal mixes compare equal).

    ``Mix([MixEntry("countdown", 2, level=4), MixEntry("knights_knaves", 1)])``, or
    ``Mix.from_weights({"countdown": 2, "knights_knaves": 1})``. Raises
    :class:`~synlogic.exceptions.InvalidArgumentError` for an empty mix, a negative weight or
    weights summing to 0, and the core's errors for unknown tasks, levels or knobs.
    """

    __slots__ = ("_core", "entries")

    def __init__(self, entries: Iterable[MixEntry | Mapping[str, Any]]) -> None:
        if isinstance(entries, (str, bytes, Mapping)) or not isinstance(entries, Iterable):
            raise InvalidArgumentTypeError(
                "Mix takes a list of entries; use Mix.from_weights for a {task: weight} mapping, "
                f"got {type(entries).__name__}"
            )
        checked = tuple(_check_entry(i, e) for i, e in enumerate(entries))
        if not checked:
            raise InvalidArgumentError("mix must have at least one task")
        if sum(e.weight for e in checked) <= 0:
            raise InvalidArgumentError("mix weights must not sum to 0")
        self.entries: tuple[MixEntry, ...] = checked
        self._core = _core.Mix(json.dumps([e.to_json() for e in checked]))

    @classmethod
    def from_weights(cls, weights: Mapping[str, float], *, level: int | None = None) -> Mix:
        """A mix from ``{task: weight}``, every task at ``level`` (default: its own)."""
        if not isinstance(weights, Mapping):
            raise InvalidArgumentTypeError(
                f"weights must be a mapping of task to weight, got {type(weights).__name__}"
            )
        return cls(MixEntry(task, weight, level) for task, weight in weights.items())

    @classmethod
    def single(
        cls, task: str, *, level: int | None = None, knobs: Mapping[str, Any] | None = None
    ) -> Mix:
        """A mix of one task."""
        return cls([MixEntry(task, 1.0, level, knobs)])

    @property
    def tasks(self) -> list[str]:
        """The task id of each entry."""
        return list(self._core.tasks)

    @property
    def effective_knobs(self) -> list[dict[str, Any]]:
        """The knob values each entry generates with (level values plus overrides)."""
        return [json.loads(k) for k in self._core.knobs_json]

    def entry_indices(self, n: int, *, seed: int = 0, start: int = 0) -> list[int]:
        """The entry each of rows ``start .. start + n - 1`` comes from."""
        check_int("n", n)
        check_int("seed", seed)
        check_int("start", start)
        return list(self._core.entries(seed, start, n))

    def task_of(self, index: int, *, seed: int = 0) -> str:
        """The task of row ``index`` under ``seed``."""
        check_int("index", index)
        return self.entries[self.entry_indices(1, seed=seed, start=index)[0]].task

    def to_json(self) -> str:
        """The entries as JSON (for fingerprints and logs)."""
        return json.dumps([e.to_json() for e in self.entries], sort_keys=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Mix, (list(self.entries),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mix) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{e.task}×{e.weight:g}" + (f"@{e.level}" if e.level is not None else "")
            for e in self.entries
        )
        return f"Mix({parts})"


Source: TypeAlias = (
    "str | Mix | MixEntry | Mapping[str, float] | Iterable[MixEntry | Mapping[str, Any]]"
)
"""What the dataset helpers accept: a task id, a Mix, a MixEntry, ``{task: weight}`` or a
list of entries."""


def as_mix(
    source: Source, *, level: int | None = None, knobs: Mapping[str, Any] | None = None
) -> Mix:
    """Turns a task id, a ``{task: weight}`` mapping, entries or a Mix into a :class:`Mix`.

    ``level`` and ``knobs`` apply only to a bare task id.
    """
    if isinstance(source, str):
        return Mix.single(source, level=level, knobs=knobs)
    if level is not None or knobs is not None:
        raise InvalidArgumentError(
            "level and knobs apply to a single task id; set them per entry in a mix"
        )
    if isinstance(source, Mix):
        return source
    if isinstance(source, MixEntry):
        return Mix([source])
    if isinstance(source, Mapping):
        return Mix.from_weights(source)
    if isinstance(source, Iterable):
        return Mix(source)
    raise InvalidArgumentTypeError(
        f"expected a task id, a Mix or a mapping of task to weight, got {type(source).__name__}"
    )


def load_mix(path: str | Path) -> Mix:
    """Reads a TOML mix file (one ``[[tasks]]`` table per entry; see the module doc)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise InputFileError(
                "reading a TOML mix file needs Python 3.11+ or the tomli package"
            ) from None

    if not isinstance(path, (str, PathLike)):
        raise InvalidArgumentTypeError(f"path must be a str or a path, got {type(path).__name__}")
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(f"{path}: invalid TOML ({exc})") from None
    unknown = set(data) - {"tasks"}
    if unknown:
        raise InputFileError(f"{path}: unknown top-level key(s) {sorted(unknown)}; use [[tasks]]")
    entries = data.get("tasks")
    if not isinstance(entries, list) or not entries:
        raise InputFileError(f"{path}: declare at least one [[tasks]] table")
    try:
        return Mix(entries)
    except InvalidArgumentError as exc:
        raise InputFileError(f"{path}: {exc}") from None
