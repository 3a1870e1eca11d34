"""The public Python API: catalogue, generation, verification and errors."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
import synlogic
import tomllib
from conftest import wrap
from synlogic import exceptions as exc

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = {
    "prompt",
    "task",
    "level",
    "seed",
    "index",
    "answer",
    "verification",
    "data_source",
    "ability",
    "reward_model",
    "extra_info",
    "metadata",
}


def test_registry_matches_tasks_toml() -> None:
    catalogue = tomllib.loads((ROOT / "tasks.toml").read_text())
    assert set(synlogic.list_tasks()) == set(catalogue)
    assert {"knights_knaves", "countdown"} <= set(synlogic.list_tasks())


def test_task_info_describes_knobs_and_levels(task: str) -> None:
    info = synlogic.task_info(task)
    assert info.id == task
    assert len(info.levels) == 10
    assert 1 <= info.default_level <= 10
    assert info.knobs, "every task has knobs"
    for level in info.levels:
        assert set(level) <= set(info.knobs)
    assert info.summary
    assert info.version >= 1


def test_rows_have_the_trainer_columns(task: str) -> None:
    rows = synlogic.generate(task, 3, seed=5, level=2)
    assert len(rows) == 3
    for i, row in enumerate(rows):
        assert set(row) == COLUMNS
        assert row["index"] == i
        assert row["seed"] == 5
        assert row["level"] == 2
        assert row["task"] == task
        assert row["data_source"] == f"synlogic/{task}"
        assert row["prompt"] == [{"role": "user", "content": row["prompt"][0]["content"]}]
        assert row["reward_model"] == {"style": "rule", "ground_truth": row["verification"]}
        assert row["extra_info"] == {"index": i, "task": task, "level": 2, "seed": 5}
        payload = json.loads(row["verification"])
        assert payload["task"] == task
        assert payload["answer"] == row["answer"]
        metadata = json.loads(row["metadata"])
        assert isinstance(metadata["difficulty"], (int, float))
        assert "<answer>" in row["prompt"][0]["content"]


def test_prompt_options() -> None:
    plain = synlogic.generate("countdown", 1, chat=False)[0]
    assert isinstance(plain["prompt"], str)
    with_system = synlogic.generate("countdown", 1, system_prompt="Think step by step.")[0]
    assert with_system["prompt"][0] == {"role": "system", "content": "Think step by step."}
    assert with_system["prompt"][1]["content"] == plain["prompt"]


def test_items_are_random_access(task: str) -> None:
    whole = synlogic.generate(task, 12, seed=3)
    assert synlogic.generate(task, 4, seed=3, start=5) == whole[5:9]
    streamed = list(islice(synlogic.iter_items(task, seed=3, batch_size=5), 12))
    assert streamed == whole
    assert synlogic.generate(task, 12, seed=4) != whole


def test_knobs_override_the_level() -> None:
    info = synlogic.task_info("countdown")
    name, value = next(iter(info.levels[0].items()))
    resolved = synlogic.resolve_knobs("countdown", level=1)
    assert resolved[name] == value
    assert synlogic.resolve_knobs("countdown", level=1, knobs={}) == resolved


def test_oracle_answers_verify_and_wrong_ones_do_not(task: str) -> None:
    rows = synlogic.generate(task, 200, seed=11, level=3)
    payloads = [r["verification"] for r in rows]
    verdicts = synlogic.verify_batch(payloads, [wrap(r["answer"]) for r in rows])
    assert all(v.correct and v.score == 1.0 for v in verdicts), [
        v for v in verdicts if not v.correct
    ][:3]
    # Another item's answer is (almost always) wrong for this item.
    shifted = [wrap(r["answer"]) for r in rows[1:] + rows[:1]]
    scores = synlogic.score_batch(payloads, shifted)
    assert sum(scores) <= 0.05 * len(scores)
    assert synlogic.verify(payloads[0], "no answer here").score == 0.0
    assert synlogic.verify(payloads[0], "").reason.startswith("no <answer>")


def test_completion_forms_are_accepted(task: str) -> None:
    row = synlogic.generate(task, 1, seed=1)[0]
    text = wrap(row["answer"])
    forms = [
        text,
        [{"role": "assistant", "content": text}],
        [{"role": "user", "content": "q"}, {"role": "assistant", "content": text}],
        [{"role": "assistant", "content": [{"type": "text", "text": text}]}],
        {"role": "assistant", "content": text},
    ]
    for form in forms:
        assert synlogic.verify(row["verification"], form).correct
    assert synlogic.verify(row["verification"], row["answer"], tag=None).correct
    custom = text.replace("answer>", "final>")
    assert synlogic.verify(row["verification"], custom, tag="final").correct
    assert synlogic.verify(row["verification"], text + "\nThanks!  \n").correct


def test_unknown_task_suggests_the_closest() -> None:
    with pytest.raises(exc.UnknownTaskError, match="countdown"):
        synlogic.generate("countdwn", 1)
    with pytest.raises(exc.SynlogicError):
        synlogic.task_info("nope")


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"n": -1}, exc.InvalidArgumentError, "n"),
        ({"n": "3"}, exc.InvalidArgumentTypeError, "n"),
        ({"n": 1, "seed": 2**64}, exc.InvalidArgumentError, "seed"),
        ({"n": 1, "seed": -1}, exc.InvalidArgumentError, "seed"),
        ({"n": 1, "seed": 1.5}, exc.InvalidArgumentTypeError, "seed"),
        ({"n": 1, "level": 0}, exc.LevelError, "level"),
        ({"n": 1, "level": 11}, exc.LevelError, "level"),
        ({"n": 1, "level": "3"}, exc.InvalidArgumentTypeError, "level"),
        ({"n": 1, "knobs": {"no_such_knob": 1}}, exc.UnknownKnobError, "no_such_knob"),
        ({"n": 1, "knobs": [1]}, exc.InvalidArgumentTypeError, "knobs"),
    ],
)
def test_bad_arguments_raise_typed_errors(kwargs: dict, error: type, field: str) -> None:
    with pytest.raises(error, match=field):
        synlogic.generate("countdown", **kwargs)


def test_bad_knob_values_name_the_knob(task: str) -> None:
    for name in synlogic.task_info(task).knobs:
        with pytest.raises(exc.KnobValueError, match=name):
            synlogic.generate(task, 1, knobs={name: {"not": "valid"}})


def test_malformed_payloads_raise_payload_error() -> None:
    row = synlogic.generate("countdown", 1)[0]
    payload = row["verification"]
    with pytest.raises(exc.PayloadError):
        synlogic.verify(payload[: len(payload) // 2], "x")
    older = json.loads(payload)
    older["version"] = 0
    with pytest.raises(exc.PayloadError, match="version"):
        synlogic.verify(json.dumps(older), "x")
    other = json.loads(payload)
    other["task"] = "knights_knaves"
    with pytest.raises(exc.PayloadError):
        synlogic.verify(json.dumps(other), "x")
    with pytest.raises(exc.PayloadError, match="row 1"):
        synlogic.verify_batch([payload, "{}"], ["a", "b"])
    with pytest.raises(exc.InvalidArgumentError):
        synlogic.verify_batch([payload], ["a", "b"])
    with pytest.raises(exc.InvalidArgumentTypeError):
        synlogic.verify(None, "x")  # type: ignore[arg-type]


def test_internal_panic_becomes_internal_error_and_the_interpreter_survives() -> None:
    with pytest.raises(exc.InternalError, match="deliberate panic"):
        synlogic._core._debug_panic()
    assert len(synlogic.generate("countdown", 5)) == 5
