"""Reward functions for RL trainers, all scored by the Rust batch verifier.

The reward itself (the weighted sum of correctness, partial credit, format and length
shaping, its defaults and the validation of its options) lives once in Rust
(``synlogic_core::reward::RewardSpec``, bound as ``_core.RewardSpec``). TRL (this module),
verl (:mod:`synlogic.verl`), OpenRLHF (:mod:`synlogic.openrlhf_reward`) and the reward server
(:mod:`synlogic.server`) only convert calling conventions, so the same options give the
same numbers on every path, and an unknown or mistyped option is an
:class:`~synlogic.exceptions.InvalidArgumentError` when the reward is built, not mid-run.

Options (one set of names everywhere): ``correctness`` (1.0), ``partial`` (0.0),
``format`` (0.0), ``length`` (0.0) weights; ``strict_format`` (False); ``tag`` ("answer");
``think_tag`` ("think"); ``length_options``: ``target_length`` (1024), ``min_scale`` (0.25),
``difficulty`` ("level" | "pass_rate"), ``shape`` ("linear" | "step"), ``unit`` ("tokens" |
"chars"), ``only_correct`` (True). Paths without token ids (verl, OpenRLHF, the server)
need ``unit="chars"``; verl's per-sample path cannot use ``difficulty="pass_rate"``.
Every call makes ONE Rust call (GIL released, parallel).

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
may be strings, chat message lists or content-block lists; a message's
``reasoning_content`` (or ``thinking``, as TRL >= 1.16 parses it out of the text) is read
back as ``<think>…</think>`` before its content, so the format flags see the whole message.

TRL: each component is a picklable callable with TRL's contract
``f(prompts, completions, completion_ids, **columns) -> list[float | None]`` and a
``__name__``; rows of other data sources or of tasks outside ``tasks`` get ``None``, so
several reward functions can cover a mixed dataset. A synlogic row never gets ``None``: its
``verification`` payload may be a str, bytes or an already parsed dict, and anything else
is a typed error on the first call. :func:`trl_reward_funcs` returns a
ready ``reward_funcs`` list and the matching ``reward_weights``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from synlogic import _core
from synlogic._api import check_bool, check_sequence, completion_text
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
    "reward_spec",
    "strip_prompt",
    "trl_reward_funcs",
]

DATA_SOURCE_PREFIX = _core.DATA_SOURCE_PREFIX
_MAX_LEVEL = 1 << 62


def reward_spec(options: Mapping[str, Any] | None = None, **more: Any) -> Any:
    """Builds and checks a ``_core.RewardSpec`` from reward options (see the module doc).

    Raises :class:`~synlogic.exceptions.InvalidArgumentError` (or its ``TypeError`` subclass)
    naming an unknown option, with the closest known name.
    """
    merged: dict[str, Any] = {}
    if options is not None:
        if not isinstance(options, Mapping):
            raise InvalidArgumentTypeError(
                f"reward options must be a mapping, got {type(options).__name__}"
            )
        merged.update(options)
    merged.update(more)
    for key, value in merged.items():
        if not isinstance(key, str):
            raise InvalidArgumentTypeError(f"reward option names are str, got {key!r}")
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            raise InvalidArgumentError(
                f"reward option {key!r} must hold finite numbers, got {value!r}"
            ) from None
        except TypeError:
            raise InvalidArgumentTypeError(
                f"reward option {key!r} must be a JSON value, got {type(value).__name__}"
            ) from None
    return _core.RewardSpec(json.dumps(merged))


def _message_text(message: Mapping[str, Any], think_tag: str | None) -> str:
    """The whole text of one chat message: its reasoning (``reasoning_content`` or
    ``thinking``, which TRL parses out of the completion) back inside think tags, then its
    content."""
    content = completion_text(message)
    reasoning = message.get("reasoning_content") or message.get("thinking")
    if not isinstance(reasoning, str) or not reasoning:
        return content
    if think_tag is None:
        return f"{reasoning}\n{content}"
    return f"<{think_tag}>{reasoning}</{think_tag}>{content}"


def completion_to_text(completion: object, think_tag: str | None = "think") -> str:
    """The text of a completion: a string, a chat message list (the last assistant message,
    or the last message), a message dict or content blocks; a message's reasoning is kept."""
    if type(completion) is str:
        return completion
    message: object = completion
    if isinstance(completion, list):
        messages = [m for m in completion if isinstance(m, Mapping)]
        if messages and len(messages) == len(completion) and all("role" in m for m in messages):
            assistant = [m for m in messages if m.get("role") == "assistant"]
            message = (assistant or messages)[-1]
    if isinstance(message, Mapping):
        return _message_text(message, think_tag)
    return completion_text(completion)


class Evaluations:
    """The columns of one batch evaluation (one entry per completion)."""

    __slots__ = (
        "answered",
        "correct",
        "credit",
        "length_score",
        "lenient_format",
        "strict_format",
        "tasks",
        "total",
    )

    def __init__(self, columns: tuple[list[Any], ...]) -> None:
        (
            self.tasks,
            self.correct,
            self.credit,
            self.answered,
            self.strict_format,
            self.lenient_format,
            self.length_score,
            self.total,
        ) = columns

    def __len__(self) -> int:
        return len(self.tasks)


def _payload_text(payload: object) -> str | None:
    """A verification payload as the str the verifier reads: str as is, bytes decoded
    (invalid UTF-8 replaced), a parsed dict serialized back; ``None`` for anything else."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return bytes(payload).decode("utf-8", errors="replace")
    if isinstance(payload, Mapping):
        try:
            return json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return None
    return None


def _checked_payloads(verifications: object) -> list[str]:
    payloads = []
    for i, p in enumerate(check_sequence("verifications", verifications)):
        text = _payload_text(p)
        if text is None:
            raise InvalidArgumentTypeError(
                f"verifications[{i}] must be a payload (str, bytes or dict), got {type(p).__name__}"
            )
        payloads.append(text)
    return payloads


def evaluate(
    verifications: Sequence[str],
    completions: Sequence[object],
    *,
    tag: str | None = "answer",
    think_tag: str | None = "think",
) -> Evaluations:
    """Evaluates ``completions[i]`` against ``verifications[i]`` in one Rust call.

    Raises :class:`~synlogic.exceptions.PayloadError` (naming the row) for a malformed
    payload; never raises on a completion (lone surrogates included).
    """
    spec = reward_spec(tag=tag, think_tag=think_tag)
    payloads = _checked_payloads(verifications)
    texts = [completion_to_text(c, think_tag) for c in check_sequence("completions", completions)]
    return Evaluations(spec.rewards(payloads, texts))


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


def _level_of(columns: Mapping[str, Any], i: int) -> int | None:
    for level in (
        (columns.get("level") or [None] * (i + 1))[i],
        _extra_level((columns.get("extra_info") or [None] * (i + 1))[i]),
    ):
        if isinstance(level, int) and not isinstance(level, bool) and abs(level) < _MAX_LEVEL:
            return level
    return None


def _extra_level(extra: object) -> object:
    return extra.get("level") if isinstance(extra, Mapping) else None


def _options_with(unknown: Mapping[str, Any], **options: Any) -> dict[str, Any]:
    """The options of a component; unknown keyword arguments are passed on, so Rust rejects
    them with the closest known name (a typed error, not Python's bare TypeError)."""
    options.update(unknown)
    return options


class SynlogicReward:
    """A TRL reward function backed by one ``_core.RewardSpec``: selects the rows it covers,
    scores them in one Rust call and returns the spec's weighted rewards (``None`` only for
    rows of other data sources or of tasks outside ``tasks``).

    Instances hold only configuration (the spec is rebuilt after unpickling), so they pickle
    (TRL's AsyncGRPO sends them to another process); ``__name__`` names the component in
    TRL's logs. Options are checked at construction.
    """

    default_name = "synlogic"

    def __init__(
        self,
        *,
        options: Mapping[str, Any] | None = None,
        tasks: Iterable[str] | str | None = None,
        name: str | None = None,
    ) -> None:
        self.options = dict(options or {})
        self._spec = reward_spec(self.options)
        self._spec.check_path("TRL", True, True)
        self.tasks = _check_tasks(tasks)
        if name is not None and not isinstance(name, str):
            raise InvalidArgumentTypeError(f"name must be a str, got {type(name).__name__}")
        self.__name__ = name or self.default_name

    @property
    def tag(self) -> str | None:
        """The answer tag."""
        tag = self.options.get("tag", "answer")
        return tag or None

    @property
    def think_tag(self) -> str | None:
        """The reasoning tag."""
        tag = self.options.get("think_tag", "think")
        return tag or None

    @property
    def spec(self) -> Any:
        """The checked ``_core.RewardSpec``."""
        return self._spec

    def __getstate__(self) -> dict[str, Any]:
        state = dict(vars(self))
        del state["_spec"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._spec = reward_spec(self.options)

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
        think_tag = self.think_tag
        memo: dict[str, bool] = {}
        rows: list[int] = []
        payloads: list[str] = []
        texts: list[str] = []
        for i, raw in enumerate(verifications):
            if sources is not None:
                source = sources[i]
                if not isinstance(source, str):
                    continue
                ok = memo.get(source)
                if ok is None:
                    ok = memo[source] = self._source_ok(source)
                if not ok:
                    continue
            elif task_column is not None and task_column[i] not in self.tasks:  # type: ignore[operator]
                continue
            payload = _payload_text(raw)
            if payload is None:
                if sources is None and raw is None:
                    continue  # no data source and no payload: not a synlogic row
                raise InvalidArgumentTypeError(
                    f"row {i}: the 'verification' payload of a synlogic row must be a str, "
                    f"bytes or a parsed dict, got {type(raw).__name__}"
                )
            rows.append(i)
            payloads.append(payload)
            texts.append(completion_to_text(completions[i], think_tag))
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
        ev = self.evaluate_rows(rows, payloads, texts, completion_ids, columns)
        if self.tasks is None:
            keep: Iterable[int] = range(len(rows))
            for i, value in zip(rows, ev.total, strict=True):
                rewards[i] = value
        else:  # rows whose task was not known before scoring
            keep = [j for j, task in enumerate(ev.tasks) if task in self.tasks]
            for j in keep:
                rewards[rows[j]] = ev.total[j]
        log_metric = columns.get("log_metric")
        if callable(log_metric):
            self._log(log_metric, ev, keep)
        return rewards

    def evaluate_rows(
        self,
        rows: list[int],
        payloads: list[str],
        texts: list[str],
        completion_ids: Sequence[Sequence[int]] | None,
        columns: Mapping[str, Any],
    ) -> Evaluations:
        """Scores the selected rows (one Rust call)."""
        spec = self._spec
        tokens = None
        if spec.needs_tokens:
            if completion_ids is None:
                raise InvalidArgumentError(
                    "the length reward counts tokens but no completion_ids were given; "
                    "use length_options unit='chars'"
                )
            tokens = [len(completion_ids[i]) for i in rows]
        levels = [_level_of(columns, i) for i in rows] if spec.needs_levels else None
        return Evaluations(spec.rewards(payloads, texts, tokens, levels))

    def _log(self, log_metric: Callable[[str, float], Any], ev: Evaluations, keep: Any) -> None:
        """Logs per-task accuracy (``synlogic/<task>/accuracy``) through TRL's ``log_metric``."""

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}={v!r}" for k, v in vars(self).items() if k not in ("__name__", "_spec")
        )
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__getstate__() == other.__getstate__()  # type: ignore[attr-defined]

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
        **unknown: Any,
    ) -> None:
        options = _options_with(unknown, correctness=1.0, tag=tag, think_tag=None)
        super().__init__(options=options, tasks=tasks, name=name)
        self.log_metrics = check_bool("log_metrics", log_metrics)

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
        **unknown: Any,
    ) -> None:
        options = _options_with(unknown, correctness=0.0, partial=1.0, tag=tag, think_tag=None)
        super().__init__(options=options, tasks=tasks, name=name)


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
        **unknown: Any,
    ) -> None:
        options = _options_with(
            unknown,
            correctness=0.0,
            format=1.0,
            strict_format=strict,
            tag=tag,
            think_tag=think_tag,
        )
        super().__init__(options=options, tasks=tasks, name=name)


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
    characters (``unit="chars"``). The defaults are Rust's (``target_length=1024``).
    """

    default_name = "synlogic_length"

    def __init__(
        self,
        *,
        tasks: Iterable[str] | str | None = None,
        tag: str | None = "answer",
        name: str | None = None,
        **length_options: Any,
    ) -> None:
        options = {
            "correctness": 0.0,
            "length": 1.0,
            "tag": tag,
            "think_tag": None,
            "length_options": length_options,
        }
        super().__init__(options=options, tasks=tasks, name=name)


class WeightedReward(SynlogicReward):
    """Several components summed with weights in ONE callable (and one Rust call):
    ``correctness``, ``partial``, ``format`` and ``length`` weights, with ``strict_format``
    and ``length_options`` (the options of :class:`LengthReward`)."""

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
        **unknown: Any,
    ) -> None:
        options = _options_with(
            unknown,
            correctness=correctness,
            partial=partial,
            format=format,
            length=length,
            strict_format=strict_format,
            tag=tag,
            think_tag=think_tag,
        )
        if length_options is not None:
            options["length_options"] = length_options
        super().__init__(options=options, tasks=tasks, name=name)


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
    **unknown: Any,
) -> tuple[list[SynlogicReward], list[float]]:
    """``(reward_funcs, reward_weights)`` for TRL's GRPOTrainer / RLOOTrainer.

    One callable per non-zero weight, so TRL logs each component; pass the weights as
    ``GRPOConfig(reward_weights=...)``::

        funcs, weights = trl_reward_funcs(correctness=1.0, format=0.2)
        trainer = GRPOTrainer(model, reward_funcs=funcs,
                              args=GRPOConfig(reward_weights=weights, ...), ...)

    All options are checked (by Rust) before any callable is made.
    """
    whole = WeightedReward(
        correctness=correctness,
        partial=partial,
        format=format,
        length=length,
        strict_format=strict_format,
        length_options=length_options,
        tasks=tasks,
        tag=tag,
        think_tag=think_tag,
        **unknown,
    )
    options = whole.options
    funcs: list[SynlogicReward] = []
    weights: list[float] = []
    if options["correctness"]:
        funcs.append(CorrectnessReward(tasks=tasks, tag=tag))
        weights.append(float(options["correctness"]))
    if options["partial"]:
        funcs.append(PartialCreditReward(tasks=tasks, tag=tag))
        weights.append(float(options["partial"]))
    if options["format"]:
        funcs.append(FormatReward(strict=strict_format, tasks=tasks, tag=tag, think_tag=think_tag))
        weights.append(float(options["format"]))
    if options["length"]:
        funcs.append(LengthReward(tasks=tasks, tag=tag, **dict(length_options or {})))
        weights.append(float(options["length"]))
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

    ``labels`` are the rows' ``verification`` payloads (``--data.label_key verification``);
    ``rewards`` are ``reward``'s values (default: correctness), ``scores`` the 0/1
    correctness, and ``extra_logs`` holds ``accuracy``, ``format_ok`` and ``prompt_found``.
    OpenRLHF has no token ids or levels here: length shaping needs ``unit="chars"`` and
    treats every row as level-less (hardest).
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
    reward = reward or WeightedReward(name="synlogic")
    responses = [strip_prompt(q, p) for q, p in zip(queries, prompts, strict=True)]
    found = [r is not None for r in responses]
    texts = [r if r is not None else "" for r in responses]
    ev = Evaluations(reward.spec.rewards(list(labels), texts))
    scores = [1.0 if c else 0.0 for c in ev.correct]
    return {
        "rewards": list(ev.total),
        "scores": scores,
        "extra_logs": {
            "accuracy": scores,
            "format_ok": [1.0 if f else 0.0 for f in ev.lenient_format],
            "prompt_found": [1.0 if f else 0.0 for f in found],
        },
    }
