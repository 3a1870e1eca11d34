"""Typed errors that name the field, from every public function and every CLI command.

Bad input (wrong types, negative counts, seeds beyond 64 bits, empty mixes, weights summing to
0, levels outside 1-10, unknown knobs or tasks, malformed payloads) raises a class from
:mod:`synlogic.exceptions` whose message names the offending field; on the command line it is
one line on stderr/stdout with exit code 2 and no traceback. A generator that exhausts its
attempt budget raises :class:`~synlogic.exceptions.GenerationError` and returns (or writes)
nothing: never fewer items than asked. Payloads of another generator version are refused with
a :class:`~synlogic.exceptions.PayloadError` naming both versions.

Completions are model output, not arguments: they never raise (a non-text completion scores 0).
"""

# The case tables hold one case per line, however long.
# ruff: noqa: E501

from __future__ import annotations

import atexit
import json
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import synlogic
from click.testing import CliRunner
from synlogic import exceptions as exc
from synlogic import export, rewards, verl
from synlogic.cli import main
from synlogic.mix import Mix, MixEntry, load_mix

# Where the write_parquet cases point (they must fail before writing anything).
SCRATCH = Path(tempfile.mkdtemp(prefix="synlogic-test-errors-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
FILE = str(SCRATCH / "x.parquet")
SHARDS = str(SCRATCH / "shards")

ROW = synlogic.generate("countdown", 1, seed=3)[0]
PAYLOAD: str = ROW["verification"]
VERSION: int = json.loads(PAYLOAD)["version"]


def _payload(**changes: Any) -> str:
    data = json.loads(PAYLOAD)
    data.update(changes)
    return json.dumps(data)


def _call_reward(reward: Any = None, **columns: Any) -> Any:
    return (reward or rewards.CorrectnessReward())(prompts=["p"], **columns)


# (id, call, error class, regex the message must match: the field's name)
Case = tuple[str, Callable[[], Any], type[Exception], str]

API_CASES: list[Case] = [
    # generate
    ("generate task type", lambda: synlogic.generate(5, 1), exc.InvalidArgumentTypeError, "task"),
    ("generate unknown task", lambda: synlogic.generate("countdwn", 1), exc.UnknownTaskError, "countdwn.*countdown"),
    ("generate n type", lambda: synlogic.generate("countdown", 1.0), exc.InvalidArgumentTypeError, r"\bn\b"),
    ("generate n bool", lambda: synlogic.generate("countdown", True), exc.InvalidArgumentTypeError, r"\bn\b"),
    ("generate n negative", lambda: synlogic.generate("countdown", -1), exc.InvalidArgumentError, r"\bn\b"),
    ("generate seed 2**64", lambda: synlogic.generate("countdown", 1, seed=2**64), exc.InvalidArgumentError, "seed"),
    ("generate seed negative", lambda: synlogic.generate("countdown", 1, seed=-1), exc.InvalidArgumentError, "seed"),
    ("generate seed type", lambda: synlogic.generate("countdown", 1, seed="1"), exc.InvalidArgumentTypeError, "seed"),
    ("generate start 2**64", lambda: synlogic.generate("countdown", 1, start=2**64), exc.InvalidArgumentError, "start"),
    ("generate start + n", lambda: synlogic.generate("countdown", 2, start=2**64 - 1), exc.InvalidArgumentError, "start"),
    ("generate level 0", lambda: synlogic.generate("countdown", 1, level=0), exc.LevelError, "level"),
    ("generate level 11", lambda: synlogic.generate("countdown", 1, level=11), exc.LevelError, "level"),
    ("generate level 2**70", lambda: synlogic.generate("countdown", 1, level=2**70), exc.LevelError, "level"),
    ("generate level -2**70", lambda: synlogic.generate("countdown", 1, level=-(2**70)), exc.LevelError, "level"),
    ("generate level type", lambda: synlogic.generate("countdown", 1, level="3"), exc.InvalidArgumentTypeError, "level"),
    ("generate knobs type", lambda: synlogic.generate("countdown", 1, knobs=[1]), exc.InvalidArgumentTypeError, "knobs"),
    ("generate knob name type", lambda: synlogic.generate("countdown", 1, knobs={1: 2}), exc.InvalidArgumentTypeError, "knob names"),
    ("generate unknown knob", lambda: synlogic.generate("countdown", 1, knobs={"cnt": 3}), exc.UnknownKnobError, "cnt.*count"),
    ("generate knob value type", lambda: synlogic.generate("countdown", 1, knobs={"count": "x"}), exc.KnobValueError, "count"),
    ("generate knob value range", lambda: synlogic.generate("countdown", 1, knobs={"count": 99}), exc.KnobValueError, "count"),
    ("generate knob value nan", lambda: synlogic.generate("countdown", 1, knobs={"count": math.nan}), exc.KnobValueError, "count"),
    ("generate knob value object", lambda: synlogic.generate("countdown", 1, knobs={"count": object()}), exc.KnobValueError, "count"),
    ("generate system_prompt type", lambda: synlogic.generate("countdown", 1, system_prompt=5), exc.InvalidArgumentTypeError, "system_prompt"),
    ("generate chat type", lambda: synlogic.generate("countdown", 1, chat="no"), exc.InvalidArgumentTypeError, "chat"),
    # iter_items: checked before the first item is requested
    ("iter_items batch_size 0", lambda: synlogic.iter_items("countdown", batch_size=0), exc.InvalidArgumentError, "batch_size"),
    ("iter_items batch_size type", lambda: synlogic.iter_items("countdown", batch_size="7"), exc.InvalidArgumentTypeError, "batch_size"),
    ("iter_items seed 2**64", lambda: synlogic.iter_items("countdown", seed=2**64), exc.InvalidArgumentError, "seed"),
    ("iter_items start negative", lambda: synlogic.iter_items("countdown", start=-1), exc.InvalidArgumentError, "start"),
    ("iter_items level", lambda: synlogic.iter_items("countdown", level=11), exc.LevelError, "level"),
    ("iter_items unknown knob", lambda: synlogic.iter_items("countdown", knobs={"zz": 1}), exc.UnknownKnobError, "zz"),
    ("iter_items system_prompt type", lambda: synlogic.iter_items("countdown", system_prompt=1), exc.InvalidArgumentTypeError, "system_prompt"),
    ("iter_items chat type", lambda: synlogic.iter_items("countdown", chat=1), exc.InvalidArgumentTypeError, "chat"),
    ("iter_items unknown task", lambda: synlogic.iter_items("nope"), exc.UnknownTaskError, "nope"),
    # resolve_knobs and task_info
    ("resolve_knobs task type", lambda: synlogic.resolve_knobs(None), exc.InvalidArgumentTypeError, "task"),
    ("resolve_knobs unknown task", lambda: synlogic.resolve_knobs("sudoko"), exc.UnknownTaskError, "sudoko.*sudoku"),
    ("resolve_knobs level", lambda: synlogic.resolve_knobs("sudoku", level=0), exc.LevelError, "level"),
    ("resolve_knobs unknown knob", lambda: synlogic.resolve_knobs("sudoku", knobs={"sise": 4}), exc.UnknownKnobError, "sise.*size"),
    ("resolve_knobs knob value", lambda: synlogic.resolve_knobs("sudoku", knobs={"size": 5}), exc.KnobValueError, "size"),
    ("task_info type", lambda: synlogic.task_info(5), exc.InvalidArgumentTypeError, "task"),
    ("task_info unknown", lambda: synlogic.task_info("zebraa"), exc.UnknownTaskError, "zebraa.*zebra"),
    # verify
    ("verify payload type", lambda: synlogic.verify(None, "x"), exc.InvalidArgumentTypeError, "verification"),
    ("verify payload bytes", lambda: synlogic.verify(PAYLOAD.encode(), "x"), exc.InvalidArgumentTypeError, "verification"),
    ("verify truncated payload", lambda: synlogic.verify(PAYLOAD[:40], "x"), exc.PayloadError, "payload"),
    ("verify payload not JSON", lambda: synlogic.verify("hello", "x"), exc.PayloadError, "payload"),
    ("verify payload missing field", lambda: synlogic.verify('{"task": "countdown"}', "x"), exc.PayloadError, "version"),
    ("verify payload unknown field", lambda: synlogic.verify(_payload(extra=1), "x"), exc.PayloadError, "extra"),
    ("verify payload wrong task", lambda: synlogic.verify(_payload(task="sudoku"), "x"), exc.PayloadError, "sudoku"),
    ("verify payload unknown task", lambda: synlogic.verify(_payload(task="nope"), "x"), exc.PayloadError, "nope"),
    ("verify payload older version", lambda: synlogic.verify(_payload(version=VERSION - 1), "x"), exc.PayloadError, f"version {VERSION - 1}"),
    ("verify payload newer version", lambda: synlogic.verify(_payload(version=VERSION + 1), "x"), exc.PayloadError, f"version {VERSION + 1}"),
    ("verify payload version type", lambda: synlogic.verify(_payload(version="2"), "x"), exc.PayloadError, "version|type"),
    ("verify payload puzzle", lambda: synlogic.verify(_payload(puzzle={"n": []}), "x"), exc.PayloadError, "countdown puzzle"),
    ("verify tag type", lambda: synlogic.verify(PAYLOAD, "x", tag=5), exc.InvalidArgumentTypeError, "tag"),
    ("verify tag value", lambda: synlogic.verify(PAYLOAD, "x", tag="<answer>"), exc.InvalidArgumentError, "tag"),
    ("verify partial type", lambda: synlogic.verify(PAYLOAD, "x", partial="yes"), exc.InvalidArgumentTypeError, "partial"),
    # verify_batch and score_batch
    ("verify_batch verifications None", lambda: synlogic.verify_batch(None, ["x"]), exc.InvalidArgumentTypeError, "verifications"),
    ("verify_batch verifications str", lambda: synlogic.verify_batch(PAYLOAD, ["x"]), exc.InvalidArgumentTypeError, "verifications"),
    ("verify_batch completions None", lambda: synlogic.verify_batch([PAYLOAD], None), exc.InvalidArgumentTypeError, "completions"),
    ("verify_batch row type", lambda: synlogic.verify_batch([PAYLOAD, 5], ["x", "y"]), exc.InvalidArgumentTypeError, r"verifications\[1\]"),
    ("verify_batch lengths", lambda: synlogic.verify_batch([PAYLOAD], ["x", "y"]), exc.InvalidArgumentError, "completions"),
    ("verify_batch bad row", lambda: synlogic.verify_batch([PAYLOAD, "{"], ["x", "y"]), exc.PayloadError, "row 1"),
    ("verify_batch older row", lambda: synlogic.verify_batch([PAYLOAD, _payload(version=VERSION - 1)], ["x", "y"]), exc.PayloadError, f"row 1.*version {VERSION - 1}"),
    ("verify_batch partial type", lambda: synlogic.verify_batch([PAYLOAD], ["x"], partial=None), exc.InvalidArgumentTypeError, "partial"),
    ("score_batch verifications int", lambda: synlogic.score_batch(5, ["x"]), exc.InvalidArgumentTypeError, "verifications"),
    ("score_batch completions int", lambda: synlogic.score_batch([PAYLOAD], 5), exc.InvalidArgumentTypeError, "completions"),
    ("score_batch bad row", lambda: synlogic.score_batch(["{}"], ["x"]), exc.PayloadError, "row 0"),
    # Mix and load_mix
    ("Mix empty", lambda: Mix([]), exc.InvalidArgumentError, "at least one task"),
    ("Mix weights sum to 0", lambda: Mix.from_weights({"countdown": 0, "sudoku": 0}), exc.InvalidArgumentError, "sum to 0"),
    ("Mix negative weight", lambda: Mix.from_weights({"countdown": -1}), exc.InvalidArgumentError, r"mix\[0\]\.weight"),
    ("Mix nan weight", lambda: Mix.from_weights({"countdown": math.nan}), exc.InvalidArgumentError, r"mix\[0\]\.weight"),
    ("Mix inf weight", lambda: Mix.from_weights({"countdown": math.inf}), exc.InvalidArgumentError, r"mix\[0\]\.weight"),
    ("Mix weight type", lambda: Mix([MixEntry("countdown", "2")]), exc.InvalidArgumentTypeError, r"mix\[0\]\.weight"),
    ("Mix task type", lambda: Mix([{"task": 5}]), exc.InvalidArgumentTypeError, r"mix\[0\]\.task"),
    ("Mix task missing", lambda: Mix([{"weight": 1}]), exc.InvalidArgumentError, r"mix\[0\]\.task"),
    ("Mix unknown field", lambda: Mix([{"task": "countdown", "wieght": 1}]), exc.InvalidArgumentError, "wieght"),
    ("Mix unknown task", lambda: Mix.from_weights({"countdown": 1, "nope": 1}), exc.UnknownTaskError, "nope"),
    ("Mix level", lambda: Mix([{"task": "countdown", "level": 0}]), exc.LevelError, "level"),
    ("Mix level 2**70", lambda: Mix([{"task": "countdown", "level": 2**70}]), exc.LevelError, r"mix\[0\]\.level"),
    ("Mix level type", lambda: Mix([{"task": "countdown", "level": 1.5}]), exc.InvalidArgumentTypeError, r"mix\[0\]\.level"),
    ("Mix knobs type", lambda: Mix([{"task": "countdown", "knobs": [1]}]), exc.InvalidArgumentTypeError, r"mix\[0\]\.knobs"),
    ("Mix unknown knob", lambda: Mix([{"task": "countdown", "knobs": {"zz": 1}}]), exc.UnknownKnobError, "zz"),
    ("Mix entry type", lambda: Mix([5]), exc.InvalidArgumentTypeError, r"mix\[0\]"),
    ("Mix entries type", lambda: Mix(5), exc.InvalidArgumentTypeError, "Mix takes a list"),
    ("Mix entries str", lambda: Mix("countdown"), exc.InvalidArgumentTypeError, "Mix takes a list"),
    ("Mix.from_weights type", lambda: Mix.from_weights(["countdown"]), exc.InvalidArgumentTypeError, "weights"),
    ("Mix.entry_indices n", lambda: Mix.single("countdown").entry_indices(-1), exc.InvalidArgumentError, r"\bn\b"),
    ("Mix.entry_indices seed", lambda: Mix.single("countdown").entry_indices(1, seed=2**64), exc.InvalidArgumentError, "seed"),
    ("Mix.task_of index", lambda: Mix.single("countdown").task_of("3"), exc.InvalidArgumentTypeError, "index"),
    ("load_mix path type", lambda: load_mix(5), exc.InvalidArgumentTypeError, "path"),
    ("load_mix missing file", lambda: load_mix("/nonexistent/mix.toml"), exc.InputFileError, "mix.toml"),
    # export
    ("arrow_table n", lambda: synlogic.arrow_table("countdown", -1), exc.InvalidArgumentError, r"\bn\b"),
    ("arrow_table source type", lambda: synlogic.arrow_table(5, 1), exc.InvalidArgumentTypeError, "task id"),
    ("arrow_table empty mix", lambda: synlogic.arrow_table({}, 1), exc.InvalidArgumentError, "at least one task"),
    ("arrow_table weights sum to 0", lambda: synlogic.arrow_table({"countdown": 0}, 1), exc.InvalidArgumentError, "sum to 0"),
    ("arrow_table batch_size", lambda: synlogic.arrow_table("countdown", 1, batch_size=0), exc.InvalidArgumentError, "batch_size"),
    ("arrow_table level", lambda: synlogic.arrow_table("countdown", 1, level=11), exc.LevelError, "level"),
    ("arrow_table level with a mix", lambda: synlogic.arrow_table({"countdown": 1}, 1, level=2), exc.InvalidArgumentError, "level"),
    ("arrow_table chat type", lambda: synlogic.arrow_table("countdown", 1, chat="yes"), exc.InvalidArgumentTypeError, "chat"),
    ("record_batches seed", lambda: synlogic.record_batches("countdown", 1, seed=2**64), exc.InvalidArgumentError, "seed"),
    ("record_batches system_prompt", lambda: synlogic.record_batches("countdown", 1, system_prompt=1), exc.InvalidArgumentTypeError, "system_prompt"),
    ("to_dataset n type", lambda: synlogic.to_dataset("countdown", "1"), exc.InvalidArgumentTypeError, r"\bn\b"),
    ("to_dataset split type", lambda: synlogic.to_dataset("countdown", 1, split=5), exc.InvalidArgumentTypeError, "split"),
    ("to_iterable_dataset num_shards", lambda: synlogic.to_iterable_dataset("countdown", 1, num_shards=0), exc.InvalidArgumentError, "num_shards"),
    ("to_iterable_dataset block_size", lambda: synlogic.to_iterable_dataset("countdown", 1, block_size=0), exc.InvalidArgumentError, "block_size"),
    ("to_iterable_dataset unknown task", lambda: synlogic.to_iterable_dataset("nope", 1), exc.UnknownTaskError, "nope"),
    ("write_parquet path type", lambda: synlogic.write_parquet("countdown", 5, 1), exc.InvalidArgumentTypeError, "path"),
    ("write_parquet n", lambda: synlogic.write_parquet("countdown", FILE, -1), exc.InvalidArgumentError, r"\bn\b"),
    ("write_parquet shard_rows 0", lambda: synlogic.write_parquet("countdown", SHARDS, 1, shard_rows=0), exc.InvalidArgumentError, "shard_rows"),
    ("write_parquet shard_bytes 0", lambda: synlogic.write_parquet("countdown", SHARDS, 1, shard_bytes=0), exc.InvalidArgumentError, "shard_bytes"),
    ("write_parquet shard_rows to a file", lambda: synlogic.write_parquet("countdown", FILE, 1, shard_rows=5), exc.InvalidArgumentError, "shard_rows"),
    ("write_parquet prefix", lambda: synlogic.write_parquet("countdown", SHARDS, 1, prefix="a/b"), exc.InvalidArgumentError, "prefix"),
    ("write_parquet progress type", lambda: synlogic.write_parquet("countdown", FILE, 1, progress=5), exc.InvalidArgumentTypeError, "progress"),
    ("write_parquet unknown task", lambda: synlogic.write_parquet("nope", FILE, 1), exc.UnknownTaskError, "nope"),
    ("dataset_fingerprint seed", lambda: export.dataset_fingerprint("countdown", 1, seed=-1), exc.InvalidArgumentError, "seed"),
    # rewards
    ("CorrectnessReward tag", lambda: rewards.CorrectnessReward(tag="a b"), exc.InvalidArgumentError, "tag"),
    ("CorrectnessReward name type", lambda: rewards.CorrectnessReward(name=5), exc.InvalidArgumentTypeError, "name"),
    ("CorrectnessReward unknown task", lambda: rewards.CorrectnessReward(tasks=["countdown", "nope"]), exc.UnknownTaskError, "nope"),
    ("CorrectnessReward log_metrics type", lambda: rewards.CorrectnessReward(log_metrics="no"), exc.InvalidArgumentTypeError, "log_metrics"),
    ("PartialCreditReward tasks type", lambda: rewards.PartialCreditReward(tasks=5), exc.InvalidArgumentTypeError, "tasks"),
    ("PartialCreditReward task type", lambda: rewards.PartialCreditReward(tasks=[5]), exc.InvalidArgumentTypeError, "tasks"),
    ("FormatReward strict type", lambda: rewards.FormatReward(strict="yes"), exc.InvalidArgumentError, "strict"),
    ("FormatReward think_tag", lambda: rewards.FormatReward(think_tag="</think>"), exc.InvalidArgumentError, "tag"),
    ("LengthReward target_length type", lambda: rewards.LengthReward(target_length=1.5), exc.InvalidArgumentError, "target_length"),
    ("LengthReward target_length value", lambda: rewards.LengthReward(target_length=0), exc.InvalidArgumentError, "target_length"),
    ("LengthReward min_scale", lambda: rewards.LengthReward(min_scale=2), exc.InvalidArgumentError, "min_scale"),
    ("LengthReward shape", lambda: rewards.LengthReward(shape="cubic"), exc.InvalidArgumentError, "shape"),
    ("LengthReward unit", lambda: rewards.LengthReward(unit="words"), exc.InvalidArgumentError, "unit"),
    ("LengthReward difficulty", lambda: rewards.LengthReward(difficulty="hard"), exc.InvalidArgumentError, "difficulty"),
    ("LengthReward only_correct type", lambda: rewards.LengthReward(only_correct=None), exc.InvalidArgumentError, "only_correct"),
    ("WeightedReward weights zero", lambda: rewards.WeightedReward(correctness=0), exc.InvalidArgumentError, "weight"),
    ("WeightedReward weight type", lambda: rewards.WeightedReward(partial="0.5"), exc.InvalidArgumentError, "partial"),
    ("WeightedReward weight inf", lambda: rewards.WeightedReward(format=math.inf), exc.InvalidArgumentError, "format"),
    ("WeightedReward strict_format type", lambda: rewards.WeightedReward(strict_format=1), exc.InvalidArgumentError, "strict_format"),
    ("WeightedReward length_options type", lambda: rewards.WeightedReward(length=1, length_options=5), exc.InvalidArgumentError, "length_options"),
    ("WeightedReward length option", lambda: rewards.WeightedReward(length=1, length_options={"target": 5}), exc.InvalidArgumentError, "target"),
    ("trl_reward_funcs weights zero", lambda: synlogic.trl_reward_funcs(correctness=0), exc.InvalidArgumentError, "weight"),
    ("trl_reward_funcs length option", lambda: synlogic.trl_reward_funcs(length=1, length_options={"zz": 1}), exc.InvalidArgumentError, "zz"),
    ("trl_reward_funcs strict_format", lambda: synlogic.trl_reward_funcs(strict_format="no"), exc.InvalidArgumentError, "strict_format"),
    ("reward call completions missing", lambda: _call_reward(), exc.InvalidArgumentError, "completions"),
    ("reward call completions type", lambda: _call_reward(completions=5, verification=[PAYLOAD]), exc.InvalidArgumentTypeError, "completions"),
    ("reward call no verification", lambda: _call_reward(completions=["x"]), exc.InvalidArgumentError, "verification"),
    ("reward call verification length", lambda: _call_reward(completions=["x"], verification=[PAYLOAD] * 2), exc.InvalidArgumentError, "verification"),
    ("reward call bad payload", lambda: _call_reward(completions=["x", "y"], verification=[PAYLOAD, "{"]), exc.PayloadError, "row 1"),
    ("rewards.evaluate row type", lambda: rewards.evaluate([5], ["x"]), exc.InvalidArgumentTypeError, r"verifications\[0\]"),
    ("rewards.evaluate bad payload", lambda: rewards.evaluate([PAYLOAD[:-3]], ["x"]), exc.PayloadError, "row 0"),
    ("openrlhf_rewards lengths", lambda: rewards.openrlhf_rewards(["q"], ["p", "p"], [PAYLOAD]), exc.InvalidArgumentError, "labels"),
    ("openrlhf_rewards type", lambda: rewards.openrlhf_rewards(["q"], [None], [PAYLOAD]), exc.InvalidArgumentTypeError, r"prompts\[0\]"),
    ("openrlhf_rewards bad payload", lambda: rewards.openrlhf_rewards(["q"], ["p"], ["{"]), exc.PayloadError, "row 0"),
    # curriculum
    ("Curriculum unknown setting", lambda: synlogic.Curriculum(["countdown"], bogus=1), exc.InvalidArgumentError, "bogus"),
    ("Curriculum policy", lambda: synlogic.Curriculum(["countdown"], policy="greedy"), exc.InvalidArgumentError, "greedy"),
    ("Curriculum unknown task", lambda: synlogic.Curriculum(["countdwn"]), exc.UnknownTaskError, "countdown"),
    ("Curriculum observe nan", lambda: synlogic.Curriculum(["countdown"]).observe("countdown", 3, [math.nan]), exc.InvalidArgumentError, "finite"),
    ("Curriculum observe level", lambda: synlogic.Curriculum(["countdown"]).observe("countdown", 0, [1.0]), exc.LevelError, "level"),
    ("Curriculum state", lambda: synlogic.Curriculum.from_state_dict({"format": 1}), exc.InvalidArgumentError, "state_dict"),
    # verl
    ("verl truncated payload", lambda: verl.compute_score("synlogic/countdown", "x", PAYLOAD[:30]), exc.PayloadError, "payload"),
    ("verl wrong task", lambda: verl.compute_score("synlogic/countdown", "x", _payload(task="zebra")), exc.PayloadError, "zebra"),
    ("verl older version", lambda: verl.compute_score("synlogic/countdown", "x", _payload(version=VERSION - 1)), exc.PayloadError, f"version {VERSION - 1}"),
    ("verl ground_truth type", lambda: verl.compute_score("synlogic/countdown", "x", {"a": 1}), exc.PayloadError, "payload"),
    ("verl partial type", lambda: verl.compute_score("synlogic/countdown", "x", PAYLOAD, partial="yes"), exc.InvalidArgumentError, "partial"),
    ("verl format_weight type", lambda: verl.compute_score("synlogic/countdown", "x", PAYLOAD, format_weight="0.1"), exc.InvalidArgumentError, "format_weight"),
    ("verl length_weight nan", lambda: verl.compute_score("synlogic/countdown", "x", PAYLOAD, length_weight=math.nan), exc.InvalidArgumentError, "length_weight"),
    ("verl tag", lambda: verl.compute_score("synlogic/countdown", "x", PAYLOAD, tag="<a>"), exc.InvalidArgumentError, "tag"),
    ("verl batch lengths", lambda: verl.compute_score_batch(["synlogic/countdown"], ["x", "y"], [PAYLOAD]), exc.InvalidArgumentError, "ground_truths"),
    ("verl batch bad payload", lambda: verl.compute_score_batch(["synlogic/countdown"], ["x"], ["{"]), exc.PayloadError, "row 0"),
    ("verl batch ground_truth type", lambda: verl.compute_score_batch(["synlogic/countdown"], ["x"], [None]), exc.InvalidArgumentTypeError, r"ground_truths\[0\]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "error", "field"), [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES]
)
def test_bad_input_raises_a_typed_error_naming_the_field(
    call: Callable[[], Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error, match=field) as raised:
        call()
    assert isinstance(raised.value, exc.SynlogicError)


def test_every_public_callable_is_covered() -> None:
    """Each name in ``synlogic.__all__`` that takes input has at least one bad-input case."""
    covered = {re.split(r"[ .]", c[0])[0] for c in API_CASES}
    # Modules, classes without input, functions without arguments, and completion_text (a
    # completion is model output: any value is read, as "" if it holds no text).
    no_input = {"SynlogicError", "TaskInfo", "Verdict", "__version__", "exceptions", "export",
                "rewards", "list_tasks", "num_threads", "completion_text", "MixEntry"}  # fmt: skip
    missing = set(synlogic.__all__) - no_input - covered
    assert not missing, f"no bad-input case for {sorted(missing)}"


@pytest.mark.parametrize("completion", [5, None, b"\xff", object(), [{"role": "user"}]])
def test_odd_completions_score_zero_and_never_raise(completion: object) -> None:
    assert synlogic.verify(PAYLOAD, completion).score == 0.0
    assert synlogic.score_batch([PAYLOAD], [completion]) == [0.0]


# ---------------------------------------------------------------------------------------------
# Payloads of another generator version


def test_payloads_of_other_versions_are_refused_naming_both_versions(task: str) -> None:
    payload = json.loads(synlogic.generate(task, 1, seed=9)[0]["verification"])
    current = synlogic.task_info(task).version
    assert payload["version"] == current
    for other in (current - 1, current + 1, 0):
        stale = json.dumps(dict(payload, version=other))
        pattern = rf"{task} generator version {other}\b.*verifies version {current}\b"
        with pytest.raises(exc.PayloadError, match=pattern):
            synlogic.verify(stale, "<answer>x</answer>")
        with pytest.raises(exc.PayloadError, match=rf"row 0: .*version {other}\b"):
            synlogic.score_batch([stale], ["x"])
        with pytest.raises(exc.PayloadError, match=rf"version {other}\b"):
            verl.compute_score(f"synlogic/{task}", "x", stale)
    # The payload at the current version still verifies its own answer.
    answer = f"<answer>{payload['answer']}</answer>"
    assert synlogic.verify(json.dumps(payload), answer).correct


# ---------------------------------------------------------------------------------------------
# Generation budgets: GenerationError, and never fewer items than asked

# Knobs that each task accepts but whose generator runs out of its attempt budget. Knights and
# knaves and procedures have none: every setting tried (2-20 people with each statement type
# alone, depth 1-4, width 2-6; every procedure kind at 1, 2 and 100 steps and state sizes 3 and
# 10) generated every item, so their failure path is the shared one tested below.
EXHAUSTING = {
    # Two numbers in 1-10^6 whose sum is exactly 1,999,999: possible (999,999 + 10^6), but
    # random draws never find it.
    "countdown": {"count": 2, "max_value": 1_000_000, "min_target": 1_999_999,
                  "max_target": 1_999_999, "operators": ["+"]},
    # Grade-4 (fish) puzzles exist, but one full grid is too few tries to find one.
    "sudoku": {"min_grade": 4, "max_grade": 4, "max_attempts": 1},
    # 20 steps over 4-letter strings of "ab" with one function: the chain repeats a string.
    "string_compose": {"depth": 20, "min_len": 4, "max_len": 4, "alphabet": "ab",
                       "functions": ["reverse"]},
    # 10 x 10 with only not_at and not_same_house: the uniqueness search exceeds its node budget
    # on every one of the 40 attempts (about 4 s for one item).
    "zebra": {"houses": 10, "attributes": 10, "clue_types": ["not_at", "not_same_house"]},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXHAUSTING))
def test_an_exhausted_attempt_budget_raises_generation_error(name: str) -> None:
    knobs = EXHAUSTING[name]
    synlogic.resolve_knobs(name, knobs=knobs)  # the knobs themselves are valid
    pattern = rf"task \"{name}\": could not generate item 0 \(seed 7\)"
    with pytest.raises(exc.GenerationError, match=pattern):
        synlogic.generate(name, 1, seed=7, knobs=knobs)


# Six-by-six puzzles with exactly 24 blanks and a single attempt: most items of seed 0 generate,
# a few (7 and 9 at sudoku version 2) fail, so a batch could be returned short.
MIXED = {"size": 6, "empty_cells": [24, 24], "max_attempts": 1}


def _generates_alone(index: int) -> bool:
    try:
        synlogic.generate("sudoku", 1, start=index, knobs=MIXED)
    except exc.GenerationError:
        return False
    return True


def test_a_batch_with_a_failing_item_returns_nothing(tmp_path: Path) -> None:
    failing = [i for i in range(12) if not _generates_alone(i)]
    assert 0 < len(failing) <= 4, failing
    first = f"could not generate item {failing[0]}"
    # Every path raises instead of returning or writing the items that did generate.
    with pytest.raises(exc.GenerationError, match=first):
        synlogic.generate("sudoku", 12, knobs=MIXED)
    with pytest.raises(exc.GenerationError):
        list(islice(synlogic.iter_items("sudoku", knobs=MIXED, batch_size=12), 12))
    with pytest.raises(exc.GenerationError):
        synlogic.arrow_table("sudoku", 12, knobs=MIXED, batch_size=5)
    single = tmp_path / "rows.parquet"
    with pytest.raises(exc.GenerationError):
        synlogic.write_parquet("sudoku", single, 12, knobs=MIXED, batch_size=5)
    shards = tmp_path / "shards"
    with pytest.raises(exc.GenerationError):
        synlogic.write_parquet("sudoku", shards, 12, knobs=MIXED, batch_size=5, shard_rows=5)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    # The CLI too: exit code 2, one line, and no output file.
    out = tmp_path / "rows.jsonl"
    args = ["gen", "-t", "sudoku", "-n", "12", "-o", str(out)]
    for name, value in MIXED.items():
        args += ["-k", f"{name}={json.dumps(value)}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert first in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_existing_shards_survive_a_failed_overwrite(tmp_path: Path) -> None:
    good = [i for i in range(12) if _generates_alone(i)][:4]
    assert good == list(range(4)), "the first four items should generate"
    written = synlogic.write_parquet("sudoku", tmp_path, 4, knobs=MIXED, shard_rows=2)
    before = {p.name: p.read_bytes() for p in written}
    with pytest.raises(exc.GenerationError):
        synlogic.write_parquet("sudoku", tmp_path, 12, knobs=MIXED, shard_rows=2, overwrite=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# ---------------------------------------------------------------------------------------------
# The command line: one line, exit code 2, no traceback, the field named


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("cli")
    data = root / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in synlogic.generate("countdown", 2)))
    contents = {
        "data": None,
        "bad_json": '{"completion": "x"}\n{not json\n',
        "no_completion": '{"answer": "x"}\n{"answer": "y"}\n',
        "completion_type": '{"completion": 5}\n{"completion": "x"}\n',
        "bad_payload": json.dumps({"completion": "x", "verification": PAYLOAD[:20]}) + "\n",
        "old_payload": json.dumps({"completion": "x", "verification": _payload(version=0)}) + "\n",
        "not_object": "[1, 2]\n",
        "one_completion": '{"completion": "x"}\n',
        "ok": '{"completion": "x"}\n{"completion": "y"}\n',
        "mix_zero": '[[tasks]]\ntask = "countdown"\nweight = 0\n',
        "mix_empty": "",
        "mix_level": '[[tasks]]\ntask = "countdown"\nlevel = 0\n',
        "mix_unknown": '[[tasks]]\ntask = "countdown"\nwieght = 1\n',
        "mix_toml": "[[tasks]\n",
    }
    paths = {"data": str(data), "dir": str(root)}
    for name, text in contents.items():
        if text is not None:
            suffix = ".toml" if name.startswith("mix") else ".jsonl"
            path = root / f"{name}{suffix}"
            path.write_text(text)
            paths[name] = str(path)
    return paths


GEN = ["gen", "-t", "countdown", "-n", "1", "-o", "-"]

CLI_CASES: list[tuple[str, list[str], str]] = [
    ("gen unknown task", ["gen", "-t", "countdwn", "-n", "1", "-o", "-"], "countdwn.*countdown"),
    ("gen unknown knob", [*GEN, "-k", "cnt=3"], "cnt"),
    ("gen knob value", [*GEN, "-k", "count=x"], "count"),
    ("gen knob nan", [*GEN, "-k", "count=NaN"], "count"),
    ("gen knob form", [*GEN, "-k", "count"], "--knob"),
    ("gen level 0", [*GEN, "-l", "0"], "level"),
    ("gen level 11", [*GEN, "-l", "11"], "level"),
    ("gen level huge", [*GEN, "-l", "99999999999999999999999"], "level"),
    ("gen level type", [*GEN, "-l", "x"], "level"),
    ("gen n negative", ["gen", "-t", "countdown", "-n", "-4", "-o", "-"], "-n"),
    ("gen n huge", ["gen", "-t", "countdown", "-n", str(2**64 + 1), "-o", "-"], r"\bn\b"),
    ("gen n type", ["gen", "-t", "countdown", "-n", "x", "-o", "-"], "-n"),
    ("gen n missing", ["gen", "-t", "countdown", "-o", "-"], "-n"),
    ("gen output missing", ["gen", "-t", "countdown", "-n", "1"], "--output"),
    ("gen seed huge", [*GEN, "--seed", str(2**64)], "seed"),
    ("gen seed negative", [*GEN, "--seed", "-1"], "seed"),
    ("gen seed type", [*GEN, "--seed", "x"], "seed"),
    ("gen start + n", [*GEN[:4], "2", *GEN[5:], "--start", str(2**64 - 1)], "start"),
    ("gen task and mix", [*GEN, "--mix", "m.toml"], "--task"),
    ("gen neither task nor mix", ["gen", "-n", "1", "-o", "-"], "--task"),
    ("gen bad output", ["gen", "-t", "countdown", "-n", "1", "-o", "out.csv"], ".jsonl or .parquet"),
    ("gen missing dir", ["gen", "-t", "countdown", "-n", "1", "-o", "/nonexistent/x.jsonl"], "nonexistent"),
    ("gen shard rows", ["gen", "-t", "countdown", "-n", "1", "-o", "{dir}/shards", "--shard-rows", "0"], "shard.rows"),
    ("gen shard bytes to a file", [*GEN, "--shard-bytes", "5"], "--shard-bytes"),
    ("gen generation budget", ["gen", "-t", "sudoku", "-n", "1", "-o", "-", "-k", "min_grade=4", "-k", "max_grade=4", "-k", "max_attempts=1"], "could not generate item 0"),
    ("gen mix weights zero", ["gen", "--mix", "{mix_zero}", "-n", "1", "-o", "-"], "sum to 0"),
    ("gen mix empty", ["gen", "--mix", "{mix_empty}", "-n", "1", "-o", "-"], "tasks"),
    ("gen mix level", ["gen", "--mix", "{mix_level}", "-n", "1", "-o", "-"], "level"),
    ("gen mix unknown field", ["gen", "--mix", "{mix_unknown}", "-n", "1", "-o", "-"], "wieght"),
    ("gen mix bad TOML", ["gen", "--mix", "{mix_toml}", "-n", "1", "-o", "-"], "TOML"),
    ("gen mix missing", ["gen", "--mix", "/nonexistent.toml", "-n", "1", "-o", "-"], "no such file"),
    ("gen unknown option", [*GEN, "--bogus"], "--bogus"),
    ("list unknown option", ["list", "--bogus"], "--bogus"),
    ("unknown command", ["bench-mark"], "bench-mark"),
    ("bench unknown task", ["bench", "-t", "countdwn", "--seconds", "0.01"], "countdwn"),
    ("bench level 11", ["bench", "-t", "countdown", "-l", "11", "--seconds", "0.01"], "level"),
    ("bench bad seconds", ["bench", "-t", "countdown", "--seconds", "0"], "--seconds"),
    ("bench bad threads", ["bench", "-t", "countdown", "--threads", "a"], "--threads"),
    ("verify missing file", ["verify", "/nonexistent.jsonl", "{ok}"], "no such file"),
    ("verify missing argument", ["verify", "{data}"], "COMPLETIONS"),
    ("verify a directory", ["verify", "{dir}", "{ok}"], "no such file"),
    ("verify bad JSON", ["verify", "{data}", "{bad_json}"], r"bad_json\.jsonl:2"),
    ("verify not an object", ["verify", "{data}", "{not_object}"], r"not_object\.jsonl:1"),
    ("verify no completion", ["verify", "{data}", "{no_completion}"], "completion"),
    ("verify completion type", ["verify", "{data}", "{completion_type}"], "completion"),
    ("verify count mismatch", ["verify", "{data}", "{one_completion}"], "1 completions for 2 rows"),
    ("verify bad payload", ["verify", "{data}", "{bad_payload}"], "payload"),
    ("verify old payload", ["verify", "{data}", "{old_payload}"], "version 0"),
    ("verify tag", ["verify", "{data}", "{ok}", "--tag", "<answer>"], "tag"),
    ("verify scores path", ["verify", "{data}", "{ok}", "--scores", "/nonexistent/s.jsonl"], "nonexistent"),
    ("serve port negative", ["serve", "--port", "-1"], "port"),
    ("serve port huge", ["serve", "--port", "70000"], "port"),
    ("serve port type", ["serve", "--port", "x"], "port"),
    ("serve workers", ["serve", "--workers", "0"], "workers"),
    ("serve max request bytes", ["serve", "--max-request-bytes", "0"], "max.request.bytes"),
    ("serve partial weight type", ["serve", "--partial-weight", "x"], "partial-weight"),
    ("serve partial weight nan", ["serve", "--partial-weight", "nan"], "partial"),
    ("serve format weight inf", ["serve", "--format-weight", "inf"], "format"),
    ("serve tag", ["serve", "--tag", "a b"], "tag"),
    ("serve options JSON", ["serve", "--options", "{{"], "--options"),
    ("serve options misspelled", ["serve", "--options", '{{"formt": 0.2}}'], "formt"),
    ("openrlhf-path extra argument", ["openrlhf-path", "extra"], "extra"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "field"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_cli_errors_are_one_line_with_exit_code_2(
    files: dict[str, str], args: list[str], field: str
) -> None:
    args = [a.format(**files) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert re.search(field, lines[0]), lines[0]


def test_every_cli_command_is_covered() -> None:
    covered = {c[1][0] for c in CLI_CASES}
    assert set(main.commands) <= covered, set(main.commands) - covered


def test_the_failing_write_parquet_cases_wrote_nothing() -> None:
    for case in API_CASES:
        if case[0].startswith("write_parquet"):
            with pytest.raises(case[2]):
                case[1]()
    assert [p for p in SCRATCH.rglob("*") if p.is_file()] == []


SURROGATES = ["\ud800", "ok \udfff", "<answer>\ud83d</answer>", "\udc80" * 1000]


@pytest.mark.parametrize("text", SURROGATES)
def test_lone_surrogates_never_raise(text: str) -> None:
    row = synlogic.generate("countdown", 1)[0]
    payload = row["verification"]
    assert synlogic.verify(payload, text).score == 0.0
    assert synlogic.score_batch([payload], [text]) == [0.0]
    assert synlogic.verify_batch([payload], [text])[0].score == 0.0
    assert synlogic.verify(payload, [{"role": "assistant", "content": text}]).score == 0.0
    # In a system prompt the text is kept, each lone surrogate replaced by U+FFFD.
    prompt = synlogic.generate("countdown", 1, system_prompt=text)[0]["prompt"][0]["content"]
    assert prompt == "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    with pytest.raises(synlogic.exceptions.PayloadError):
        synlogic.verify(payload.replace('"countdown"', '"countdown' + text + '"'), "x")
    with pytest.raises(synlogic.exceptions.UnknownTaskError):
        synlogic.generate("countdown" + text, 1)


def test_a_correct_answer_next_to_a_surrogate_still_scores() -> None:
    row = synlogic.generate("countdown", 1)[0]
    completion = "\ud800 thinking \udfff <answer>" + row["answer"] + "</answer>"
    assert synlogic.verify(row["verification"], completion).correct
