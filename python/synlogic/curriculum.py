"""An adaptive curriculum (:class:`Curriculum`) and its trainer glue.

The controller lives in Rust (``synlogic._core.Curriculum``): it observes the scores of
groups of completions and decides the next items ``(task, level, seed, index)``. Its
decisions are a pure function of its settings (seed included) and of the sequence of
observations and draws, and its whole state is a JSON-able dict, so ranks fed the same
outcomes decide alike and a resumed run continues exactly. This module adds Python calling
conventions, row generation for the drawn items, and the glue for TRL:

* :func:`trl_dataset` — a ``datasets.IterableDataset`` whose rows are drawn from the
  curriculum one at a time, when the trainer asks for them;
* :class:`CurriculumReward` — wraps a TRL reward function: returns its scores unchanged and
  feeds them back, gathered from every process so every rank observes the same groups;
* :func:`trl_callback` — logs the curriculum's levels and saves its state with checkpoints.

verl: :mod:`synlogic.verl_curriculum`. Any HTTP trainer: the reward server's
``/curriculum/*`` endpoints (:mod:`synlogic.server`). Recipes: ``docs/curriculum.md``.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from synlogic import _core
from synlogic._api import generate
from synlogic._args import check_int, check_optional_str, check_str
from synlogic.exceptions import (
    InputFileError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)
from synlogic.mix import Mix, MixEntry, as_mix

__all__ = [
    "STATE_FILE",
    "Curriculum",
    "CurriculumReward",
    "Draw",
    "trl_callback",
    "trl_dataset",
]

STATE_FILE = "synlogic_curriculum.json"
"""The file name :func:`trl_callback` saves the state under in each checkpoint folder."""


@dataclass(frozen=True)
class Draw:
    """One drawn item: generate item ``index`` of ``task`` under ``seed`` at ``level``."""

    task: str
    level: int
    seed: int
    index: int


def _scores(where: str, scores: object) -> list[float]:
    """``scores`` as floats (lists, tuples, numpy arrays and tensors are accepted); the core
    refuses non-finite values."""
    if isinstance(scores, (str, bytes, Mapping)) or not isinstance(scores, Iterable):
        raise InvalidArgumentTypeError(
            f"{where} must be a sequence of numbers, got {type(scores).__name__}"
        )
    values = []
    for i, score in enumerate(scores):
        if isinstance(score, (str, bytes)):
            raise InvalidArgumentTypeError(
                f"{where}[{i}] must be a number, got {type(score).__name__}"
            )
        try:
            values.append(float(score))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidArgumentTypeError(
                f"{where}[{i}] must be a number, got {type(score).__name__}"
            ) from None
    return values


def _level(where: str, level: object) -> int:
    if hasattr(level, "item") and not isinstance(level, int):  # numpy / torch scalars
        level = level.item()  # type: ignore[union-attr]
    return check_int(where, level, low=-(1 << 63), high=(1 << 63) - 1)


class Curriculum:
    """An adaptive curriculum over tasks: observes groups' scores, draws the next items.

    ``source`` is a task id, a list of task ids, ``{task: weight}``, a :class:`~synlogic.Mix`
    or a list of entries; each entry's level is where its task starts (default: the task's
    own default level) and its knobs are kept for every level. ``settings`` are the
    controller's parameters (names and defaults in ``docs/curriculum.md``): ``policy``
    (``"band"`` or ``"bandit"``), ``band_low``/``band_high`` (the target pass-rate band,
    default 0.3-0.7), ``hysteresis``, ``min_groups``, ``history``, ``window``, ``step``,
    ``min_level``/``max_level``, ``pass_threshold``, and for the bandit ``signal``
    (``"mean_abs_advantage"`` or ``"nonzero_variance"``), ``learning_rate``,
    ``temperature``, ``exploration`` and ``initial_value``. Unknown names and bad values
    raise :class:`~synlogic.exceptions.InvalidArgumentError`.
    """

    __slots__ = ("_core",)

    def __init__(
        self,
        source: str | Sequence[str] | Mapping[str, float] | Mix | Iterable[MixEntry],
        *,
        policy: str = "band",
        seed: int = 0,
        **settings: Any,
    ) -> None:
        if isinstance(source, (list, tuple)) and all(isinstance(t, str) for t in source):
            source = Mix.from_weights(dict.fromkeys(source, 1.0))
        mix = as_mix(source)  # type: ignore[arg-type]
        tasks = [
            {"task": e.task, "weight": e.weight, "level": e.level, "knobs": e.to_json()["knobs"]}
            for e in mix.entries
        ]
        body = {"tasks": tasks, "policy": policy, "seed": seed, **settings}
        self._core = _core.Curriculum(_dumps("settings", body))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Curriculum:
        """A fresh curriculum from a whole settings mapping, ``tasks`` included (each
        ``{"task", "weight", "level", "knobs"}``), as :attr:`settings` returns it."""
        curriculum = cls.__new__(cls)
        curriculum._core = _core.Curriculum(_dumps("settings", settings))
        return curriculum

    @classmethod
    def from_state_dict(cls, state: Mapping[str, Any]) -> Curriculum:
        """A curriculum continuing from :meth:`state_dict` (settings come from the state)."""
        curriculum = cls.__new__(cls)
        curriculum._core = _core.Curriculum.from_state_json(_dumps("state_dict", state))
        return curriculum

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Curriculum:
        """A curriculum continuing from a state file written by :meth:`save`."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(f"{path}: cannot read ({exc})") from None
        curriculum = cls.__new__(cls)
        curriculum._core = _core.Curriculum.from_state_json(text)
        return curriculum

    def save(self, path: str | PathLike[str]) -> None:
        """Writes the state dict as JSON (atomically: a temporary file, then a rename)."""
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(self._core.state_json(), encoding="utf-8")
        partial.replace(target)

    # ---- state ---------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """The whole state (settings, counters, per-task windows and statistics)."""
        state: dict[str, Any] = json.loads(self._core.state_json())
        return state

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Replaces the state by ``state`` (checked first: a bad state changes nothing)."""
        self._core.load_state_json(_dumps("state_dict", state))

    @property
    def settings(self) -> dict[str, Any]:
        """The checked settings (starting levels filled in)."""
        settings: dict[str, Any] = json.loads(self._core.settings_json)
        return settings

    @property
    def tasks(self) -> list[str]:
        """The task ids, in settings order."""
        return list(self._core.tasks)

    @property
    def seed(self) -> int:
        """The seed of the decisions and of every drawn item."""
        return int(self.settings["seed"])

    # ---- observations and decisions ------------------------------------------------------

    def observe(self, task: str, level: int, scores: Iterable[float]) -> None:
        """Records the scores of one prompt's group of completions at ``task`` and ``level``."""
        check_str("task", task)
        self._core.observe(task, _level("level", level), _scores("scores", scores))

    def observe_batch(self, groups: Iterable[tuple[str, int, Iterable[float]]]) -> None:
        """Records ``(task, level, scores)`` groups in order; nothing is recorded unless every
        group is valid."""
        if isinstance(groups, (str, bytes, Mapping)) or not isinstance(groups, Iterable):
            raise InvalidArgumentTypeError(
                f"groups must be an iterable of (task, level, scores), got {type(groups).__name__}"
            )
        tasks, levels, scores = [], [], []
        for i, group in enumerate(groups):
            if not isinstance(group, (tuple, list)) or len(group) != 3:
                raise InvalidArgumentTypeError(f"groups[{i}] must be a (task, level, scores) tuple")
            tasks.append(check_str(f"groups[{i}].task", group[0]))
            levels.append(_level(f"groups[{i}].level", group[1]))
            scores.append(_scores(f"groups[{i}].scores", group[2]))
        self._core.observe_batch(tasks, levels, scores)

    def draw(self, n: int = 1) -> list[Draw]:
        """Decides the next ``n`` items (and advances the decision counter by ``n``)."""
        check_int("n", n)
        return [Draw(*d) for d in self._core.draw(n)]

    def rows(
        self, n: int = 1, *, system_prompt: str | None = None, chat: bool = True
    ) -> list[dict[str, Any]]:
        """Draws ``n`` items and generates them as rows (the columns of
        :func:`synlogic.generate`, including ``task``, ``level``, ``seed`` and ``index``)."""
        check_optional_str("system_prompt", system_prompt)
        knobs = {t["task"]: t.get("knobs") for t in self.settings["tasks"]}
        rows = []
        for d in self.draw(n):
            rows.extend(
                generate(
                    d.task,
                    1,
                    seed=d.seed,
                    start=d.index,
                    level=d.level,
                    knobs=knobs[d.task],
                    system_prompt=system_prompt,
                    chat=chat,
                )
            )
        return rows

    def levels(self) -> dict[str, int]:
        """Per task, the level the next items centre on."""
        return dict(self._core.levels())

    def windows(self) -> dict[str, tuple[int, int]]:
        """Per task, the level window ``(low, high)`` the next items come from."""
        return {task: (low, high) for task, low, high in self._core.windows()}

    def task_weights(self) -> dict[str, float]:
        """Per task, the share of the next items drawn from it."""
        return dict(self._core.task_weights())

    def report(self) -> dict[str, Any]:
        """Levels, windows, weights, pass rates per task and level, zero-variance shares."""
        report: dict[str, Any] = json.loads(self._core.report_json())
        return report

    def metrics(self, prefix: str = "curriculum") -> dict[str, float]:
        """The report flattened for a logger: ``{prefix}/{task}/level``, ``.../weight``,
        ``.../pass_rate``, ``.../zero_variance_share`` and the overall shares (None values
        left out)."""
        report = self.report()
        flat: dict[str, float] = {}
        for key in ("pass_rate", "zero_variance_share"):
            if report[key] is not None:
                flat[f"{prefix}/{key}"] = float(report[key])
        for task, entry in report["tasks"].items():
            for key in ("level", "weight", "recent_pass_rate", "pass_rate", "zero_variance_share"):
                if entry[key] is not None:
                    flat[f"{prefix}/{task}/{key}"] = float(entry[key])
        return flat

    def __reduce__(self) -> tuple[Any, ...]:
        return (Curriculum.from_state_dict, (self.state_dict(),))

    def __repr__(self) -> str:
        levels = ", ".join(f"{task}@{level}" for task, level in self.levels().items())
        return f"Curriculum({self.settings['policy']}: {levels})"


def _dumps(name: str, value: object) -> str:
    if not isinstance(value, Mapping):
        raise InvalidArgumentTypeError(f"{name} must be a mapping, got {type(value).__name__}")
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"{name} is not JSON-serialisable: {exc}") from None


# ---- outcomes from trainers ---------------------------------------------------------------


def group_outcomes(
    records: Iterable[tuple[int, int, str, int, float]],
) -> list[tuple[str, int, list[float]]]:
    """Groups ``(seed, index, task, level, score)`` records by item into ``(task, level,
    scores)`` groups, in a canonical order (by seed and index, scores sorted), so the groups
    depend only on the set of records, not on how processes split or ordered them."""
    by_item: dict[tuple[int, int], tuple[str, int, list[float]]] = {}
    for seed, index, task, level, score in records:
        key = (seed, index)
        if key not in by_item:
            by_item[key] = (task, level, [])
        by_item[key][2].append(score)
    return [
        (task, level, sorted(scores))
        for _, (task, level, scores) in sorted(by_item.items(), key=lambda kv: kv[0])
    ]


def _gather(records: list[Any]) -> list[Any]:
    """Every process's records, concatenated in rank order (the records themselves when
    torch.distributed is not running)."""
    try:
        import torch.distributed as dist
    except ImportError:
        return records
    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return records
    gathered: list[Any] = [None] * dist.get_world_size()
    dist.all_gather_object(gathered, records)
    return [record for part in gathered for record in part]


class CurriculumReward:
    """A TRL reward function that feeds its scores back to a curriculum.

    Calls ``reward_func`` (default: synlogic's correctness reward) with TRL's arguments and
    returns its scores unchanged. The rows' ``task``, ``level``, ``seed`` and ``index``
    columns (TRL passes dataset columns as keyword arguments) identify each completion's
    item; the records of every process are gathered (TRL calls reward functions on each
    rank in step), grouped by item and observed in a canonical order, so every rank's
    curriculum sees the same groups and stays identical. Rows of other tasks, other seeds
    or with a ``None`` or non-finite score are not observed (so evaluation rows
    generated under another seed never feed the curriculum). After each call the curriculum's
    :meth:`~Curriculum.metrics` go to TRL's ``log_metric`` (when TRL passes it), so they
    are logged with TRL's own metrics.
    """

    def __init__(
        self,
        curriculum: Curriculum,
        reward_func: Callable[..., Sequence[float | None]] | None = None,
        *,
        name: str | None = None,
        gather: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        if not isinstance(curriculum, Curriculum):
            raise InvalidArgumentTypeError(
                f"curriculum must be a synlogic.Curriculum, got {type(curriculum).__name__}"
            )
        if reward_func is None:
            from synlogic.rewards import CorrectnessReward

            reward_func = CorrectnessReward()
        if not callable(reward_func):
            raise InvalidArgumentTypeError("reward_func must be callable")
        self.curriculum = curriculum
        self.reward_func = reward_func
        self.gather = gather or _gather
        self.__name__ = name or getattr(reward_func, "__name__", "synlogic_curriculum")

    def __call__(self, *args: Any, **kwargs: Any) -> list[float | None]:
        scores = list(self.reward_func(*args, **kwargs))
        self.feed(
            kwargs.get("task"), kwargs.get("level"), kwargs.get("seed"), kwargs.get("index"), scores
        )
        log_metric = kwargs.get("log_metric")
        if callable(log_metric):  # TRL's hook: averaged per logging step, sent to every logger
            for name, value in self.curriculum.metrics().items():
                log_metric(name, value)
        return scores

    def feed(
        self,
        tasks: Sequence[Any] | None,
        levels: Sequence[Any] | None,
        seeds: Sequence[Any] | None,
        indices: Sequence[Any] | None,
        scores: Sequence[float | None],
    ) -> None:
        """Gathers, groups and observes one batch of scored completions (see the class)."""
        if tasks is None or levels is None or seeds is None or indices is None:
            raise InvalidArgumentError(
                "the reward function needs the rows' task, level, seed and index columns; "
                "train on synlogic.curriculum.trl_dataset rows"
            )
        known = set(self.curriculum.tasks)
        seed = self.curriculum.seed
        records = [
            (int(s), int(i), str(t), int(lv), float(score))
            for t, lv, s, i, score in zip(tasks, levels, seeds, indices, scores, strict=True)
            if score is not None and t in known and int(s) == seed and math.isfinite(score)
        ]
        groups = group_outcomes(self.gather(records))
        if groups:
            self.curriculum.observe_batch(groups)


# ---- TRL ----------------------------------------------------------------------------------

_LIVE: dict[str, Curriculum] = {}
"""Curricula that datasets draw from, by token: ``datasets`` fingerprints its generator's
arguments, so the live object is passed by name rather than by value."""


def _curriculum_rows(
    token: str, system_prompt: str | None, chat: bool, limit: int | None
) -> Iterator[dict[str, Any]]:
    curriculum = _LIVE[token]
    drawn = 0
    while limit is None or drawn < limit:
        # One item at a time: each decision sees every outcome observed before it.
        yield curriculum.rows(1, system_prompt=system_prompt, chat=chat)[0]
        drawn += 1


def trl_dataset(
    curriculum: Curriculum,
    *,
    system_prompt: str | None = None,
    chat: bool = True,
    limit: int | None = None,
) -> Any:
    """A ``datasets.IterableDataset`` of rows drawn from ``curriculum`` when read (unbounded
    unless ``limit``; give the trainer ``max_steps``).

    With TRL's GRPOTrainer set ``GRPOConfig(shuffle_dataset=False)`` (a shuffle buffer
    would draw a thousand rows ahead of the outcomes) and score with a
    :class:`CurriculumReward`. Every rank reads the same stream, as TRL requires, because
    every rank's curriculum observes the same gathered outcomes.
    """
    from datasets import IterableDataset

    from synlogic.export import features

    if not isinstance(curriculum, Curriculum):
        raise InvalidArgumentTypeError(
            f"curriculum must be a synlogic.Curriculum, got {type(curriculum).__name__}"
        )
    check_optional_str("system_prompt", system_prompt)
    if limit is not None:
        check_int("limit", limit)
    token = uuid.uuid4().hex
    _LIVE[token] = curriculum
    return IterableDataset.from_generator(
        _curriculum_rows,
        features=features(chat=bool(chat)),
        gen_kwargs={
            "token": token,
            "system_prompt": system_prompt,
            "chat": bool(chat),
            "limit": limit,
        },
    )


def trl_callback(curriculum: Curriculum) -> Any:
    """A ``transformers.TrainerCallback`` that refuses ``shuffle_dataset=True`` at the start
    of training, records the levels after every step (``callback.levels_trace``) and saves
    the state as ``synlogic_curriculum.json`` in each checkpoint folder.

    To resume, load the saved file (``Curriculum.load``) before building the dataset and
    train with ``ignore_data_skip=True``: the curriculum already knows where its stream
    stands, and skipping batches would draw (and waste) items.
    """
    from transformers import TrainerCallback

    class CurriculumCallback(TrainerCallback):  # type: ignore[misc]
        """Checks, traces and checkpoints a synlogic curriculum."""

        def __init__(self) -> None:
            self.curriculum = curriculum
            self.levels_trace: list[dict[str, int]] = []

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if getattr(args, "shuffle_dataset", False):
                raise InvalidArgumentError(
                    "a curriculum dataset needs GRPOConfig(shuffle_dataset=False): a shuffle "
                    "buffer draws rows far ahead of the outcomes that should decide them"
                )

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self.levels_trace.append({"step": state.global_step, **self.curriculum.levels()})

        def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if not state.is_world_process_zero:
                return
            folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            folder.mkdir(parents=True, exist_ok=True)
            self.curriculum.save(folder / STATE_FILE)

    return CurriculumCallback()
