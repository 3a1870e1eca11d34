"""Reward adapters, called exactly the way each trainer's current source calls them."""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import pickle
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import synlogic
from click.testing import CliRunner
from conftest import wrap
from synlogic import exceptions as exc
from synlogic import rewards, verl
from synlogic.cli import main

TASKS = synlogic.list_tasks()


def _rows(n: int = 4, level: int = 2) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for task in TASKS:
        rows += synlogic.generate(task, n, seed=3, level=level)
    return rows


def _completions(rows: list[dict[str, Any]]) -> list[str]:
    """Even rows answer correctly, odd rows wrongly."""
    return [wrap(r["answer"]) if i % 2 == 0 else wrap("no idea") for i, r in enumerate(rows)]


class _Recorder:
    def __init__(self) -> None:
        self.metrics: dict[str, list[float]] = {}
        self.extra: dict[str, list[Any]] = {}

    def log_metric(self, name: str, value: float) -> None:
        self.metrics.setdefault(name, []).append(value)

    def log_extra(self, column: str, values: list[Any]) -> None:
        self.extra.setdefault(column, []).extend(values)


def trl_call(func: Any, inputs: list[dict[str, Any]], completions: list[Any]) -> list[float]:
    """Mirrors GRPOTrainer/RLOOTrainer._calculate_rewards (TRL 1.16) for a sync callable."""
    recorder = _Recorder()
    prompts = [x["prompt"] for x in inputs]
    completion_ids_list = [[7] * (len(str(c)) // 4 + 1) for c in completions]
    keys = [key for key in inputs[0] if key not in ["prompt", "completion", "completion_ids"]]
    reward_kwargs: dict[str, Any] = {key: [example[key] for example in inputs] for key in keys}
    reward_kwargs["trainer_state"] = object()
    reward_kwargs["log_extra"] = recorder.log_extra
    reward_kwargs["log_metric"] = recorder.log_metric
    output = func(
        prompts=prompts,
        completions=completions,
        completion_ids=completion_ids_list,
        **reward_kwargs,
    )
    output = [r if r is not None else math.nan for r in output]
    assert len(output) == len(prompts)
    trl_call.recorder = recorder  # type: ignore[attr-defined]
    return [float(x) for x in output]


def test_correctness_on_standard_and_conversational_completions() -> None:
    rows = _rows()
    texts = _completions(rows)
    reward = rewards.CorrectnessReward()
    standard = trl_call(reward, rows, texts)
    conversational = trl_call(reward, rows, [[{"role": "assistant", "content": t}] for t in texts])
    blocks = trl_call(
        reward,
        rows,
        [[{"role": "assistant", "content": [{"type": "text", "text": t}]}] for t in texts],
    )
    expected = [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]
    assert standard == expected
    assert conversational == expected
    assert blocks == expected


def test_text_after_the_answer_block_and_custom_tags() -> None:
    rows = _rows(2)
    trailing = [wrap(r["answer"]) + "\nHope this helps! <|im_end|>" for r in rows]
    assert trl_call(rewards.CorrectnessReward(), rows, trailing) == [1.0] * len(rows)
    custom = [f"<final>{r['answer']}</final>" for r in rows]
    assert trl_call(rewards.CorrectnessReward(tag="final"), rows, custom) == [1.0] * len(rows)
    assert trl_call(rewards.CorrectnessReward(), rows, custom) == [0.0] * len(rows)


def test_mixed_batches_return_none_for_uncovered_rows() -> None:
    rows = _rows()
    texts = _completions(rows)
    foreign = dict(rows[0], data_source="openai/gsm8k", verification=None)
    inputs = [*rows, foreign]
    texts = [*texts, "<answer>42</answer>"]
    for task in TASKS:
        out = rewards.CorrectnessReward(tasks=[task])(
            prompts=None,
            completions=texts,
            completion_ids=None,
            **{k: [r[k] for r in inputs] for k in inputs[0] if k != "prompt"},
        )
        for row, value in zip(inputs, out, strict=True):
            if row["data_source"] == f"synlogic/{task}":
                assert value in (0.0, 1.0)
            else:
                assert value is None
    # Without a data_source column, the task column (or the payload) decides.
    verifications = [r["verification"] for r in rows]
    task = TASKS[0]
    out = rewards.CorrectnessReward(tasks=task)(
        completions=_completions(rows), verification=verifications
    )
    assert [v is None for v in out] == [r["task"] != task for r in rows]


def test_missing_verification_column_is_a_typed_error() -> None:
    with pytest.raises(exc.InvalidArgumentError, match="verification"):
        rewards.CorrectnessReward()(prompts=["p"], completions=["c"], completion_ids=None)
    with pytest.raises(exc.UnknownTaskError):
        rewards.CorrectnessReward(tasks=["no_such_task"])


def test_malformed_payload_is_a_payload_error_naming_the_row() -> None:
    rows = _rows(1)
    payloads = [r["verification"] for r in rows]
    payloads[-1] = '{"task": "countdown"'
    with pytest.raises(exc.PayloadError, match=f"row {len(rows) - 1}"):
        rewards.CorrectnessReward()(completions=["x"] * len(rows), verification=payloads)


def test_reward_callables_pickle_and_have_names() -> None:
    funcs, weights = rewards.trl_reward_funcs(
        correctness=1.0, partial=0.5, format=0.2, length=0.1, strict_format=True
    )
    assert weights == [1.0, 0.5, 0.2, 0.1]
    names = [f.__name__ for f in funcs]
    assert names == ["synlogic_correct", "synlogic_partial", "synlogic_format", "synlogic_length"]
    rows = _rows(2)
    texts = _completions(rows)
    for func in funcs:
        clone = pickle.loads(pickle.dumps(func))
        assert clone == func
        assert clone.__name__ == func.__name__
        assert trl_call(clone, rows, texts) == trl_call(func, rows, texts)
    combined = rewards.WeightedReward(partial=0.5, format=0.2, name="mine")
    assert pickle.loads(pickle.dumps(combined)).__name__ == "mine"
    with pytest.raises(exc.InvalidArgumentError):
        rewards.trl_reward_funcs(correctness=0.0)


def test_log_metric_reports_per_task_accuracy() -> None:
    rows = _rows(4)
    trl_call(rewards.CorrectnessReward(), rows, _completions(rows))
    metrics = trl_call.recorder.metrics  # type: ignore[attr-defined]
    assert set(metrics) == {f"synlogic/{t}/accuracy" for t in TASKS}
    for values in metrics.values():
        assert values == [0.5]


def test_partial_credit_is_between_correctness_and_one() -> None:
    rows = _rows(6, level=3)
    texts = _completions(rows)
    correct = trl_call(rewards.CorrectnessReward(), rows, texts)
    credit = trl_call(rewards.PartialCreditReward(), rows, texts)
    for c, p in zip(correct, credit, strict=True):
        assert 0.0 <= p <= 1.0
        assert p >= c
        assert (p == 1.0) == (c == 1.0)
    # A guess with no answer block earns nothing.
    assert trl_call(rewards.PartialCreditReward(), rows, ["I give up"] * len(rows)) == [0.0] * len(
        rows
    )


def test_format_reward_strict_and_lenient() -> None:
    rows = _rows(1)
    row = rows[0]
    answer = row["answer"]
    cases = {
        f"<think>ok</think>\n<answer>{answer}</answer>": (1.0, 1.0),
        f"<think>ok</think> so <answer>{answer}</answer>": (0.0, 1.0),
        f"ok</think><answer>{answer}</answer><|im_end|>": (0.0, 1.0),
        f"<answer>{answer}</answer>": (0.0, 0.0),
        "<think>ok</think> no answer": (0.0, 0.0),
    }
    inputs = [row] * len(cases)
    strict = trl_call(rewards.FormatReward(strict=True), inputs, list(cases))
    lenient = trl_call(rewards.FormatReward(), inputs, list(cases))
    assert strict == [s for s, _ in cases.values()]
    assert lenient == [x for _, x in cases.values()]


def test_length_reward_penalizes_easy_items_more() -> None:
    task = TASKS[0]
    easy = synlogic.generate(task, 1, level=1)[0]
    hard = synlogic.generate(task, 1, level=10)[0]
    padding = "x" * 600
    texts = [f"<think>{padding}</think>" + wrap(r["answer"]) for r in (easy, hard)]
    reward = rewards.LengthReward(target_length=800, unit="chars", min_scale=0.25)
    out = trl_call(reward, [easy, hard], texts)
    assert out[0] < out[1] == 1.0
    # Wrong answers earn nothing however short.
    assert trl_call(reward, [easy], [wrap("nope")]) == [0.0]
    step = rewards.LengthReward(target_length=800, unit="chars", shape="step")
    assert trl_call(step, [easy, hard], texts) == [0.0, 1.0]
    # Token counts come from completion_ids.
    tokens = rewards.LengthReward(target_length=8, min_scale=1.0)
    assert tokens(
        completions=[wrap(easy["answer"])] * 2,
        completion_ids=[[1] * 8, [1] * 12],
        verification=[easy["verification"]] * 2,
    ) == [1.0, 0.5]
    with pytest.raises(exc.InvalidArgumentError, match="completion_ids"):
        tokens(completions=["x"], completion_ids=None, verification=[easy["verification"]])
    with pytest.raises(exc.InvalidArgumentError):
        rewards.LengthReward(difficulty="vibes")


def test_length_reward_by_pass_rate() -> None:
    row = synlogic.generate(TASKS[0], 1, level=5)[0]
    long = "<think>" + "y" * 300 + "</think>" + wrap(row["answer"])
    reward = rewards.LengthReward(
        target_length=400, unit="chars", difficulty="pass_rate", min_scale=0.5
    )
    all_right = trl_call(reward, [row] * 4, [long] * 4)
    half_right = trl_call(reward, [row] * 4, [long, wrap("no"), long, wrap("no")])
    assert all_right[0] < half_right[0]


def test_weighted_reward_combines_in_one_call() -> None:
    rows = _rows(2)
    texts = [
        f"<think>t</think><answer>{r['answer']}</answer>" if i % 2 == 0 else wrap("nope")
        for i, r in enumerate(rows)
    ]
    combined = rewards.WeightedReward(correctness=1.0, format=0.5, strict_format=True)
    parts = [
        trl_call(rewards.CorrectnessReward(), rows, texts),
        trl_call(rewards.FormatReward(strict=True), rows, texts),
    ]
    expected = [c + 0.5 * f for c, f in zip(*parts, strict=True)]
    assert trl_call(combined, rows, texts) == pytest.approx(expected)


# ---- verl ---------------------------------------------------------------------------------


def _load_verl(name: str) -> Any:
    """Mirrors verl 0.9's load_extern_object('pkg://synlogic.verl', name) + kwargs wrapper."""
    module = importlib.import_module("pkg://synlogic.verl"[len("pkg://") :].replace("/", "."))
    raw_fn = getattr(module, name)

    def call_with_kwargs(raw: Any, extra: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        return raw(*args, **{**kwargs, **extra})

    return partial(call_with_kwargs, raw_fn, {"format": 0.25})


def test_verl_compute_score_has_the_same_keys_for_every_row() -> None:
    compute_score = _load_verl("compute_score")
    rows = _rows(3)
    solutions = [*_completions(rows), "", "garbage " * 100, "<answer></answer>", "\x00\ud7ff"]
    keys = set()
    for i, solution in enumerate(solutions):
        row = rows[i % len(rows)]
        result = compute_score(
            data_source=row["data_source"],
            solution_str=solution,
            ground_truth=row["reward_model"]["ground_truth"],
            extra_info=dict(row["extra_info"], num_turns=None, rollout_reward_scores={}),
            reward_router_address=None,
        )
        keys.add(tuple(sorted(result)))
        assert all(isinstance(v, float) for v in result.values())
        assert result["score"] == result["acc"] + 0.25 * result["format_lenient"]
    assert keys == {tuple(sorted(verl.KEYS))}


def test_verl_batch_matches_per_sample() -> None:
    rows = _rows(3)
    solutions = _completions(rows)
    # verl's BatchRewardManager passes numpy object arrays for the non-tensor columns.
    batch = _load_verl("compute_score_batch")(
        data_sources=np.array([r["data_source"] for r in rows], dtype=object),
        solution_strs=solutions,
        ground_truths=[r["reward_model"]["ground_truth"] for r in rows],
        extra_infos=np.array(
            [dict(r["extra_info"], rollout_reward_scores={}) for r in rows], dtype=object
        ),
    )
    single = [
        verl.compute_score(r["data_source"], s, r["verification"], r["extra_info"], format=0.25)
        for r, s in zip(rows, solutions, strict=True)
    ]
    assert batch == single
    assert [b["acc"] for b in batch] == [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]


def test_verl_errors_are_typed() -> None:
    row = _rows(1)[0]
    with pytest.raises(exc.PayloadError):
        verl.compute_score(row["data_source"], "x", '{"task": 1}')
    with pytest.raises(exc.InvalidArgumentTypeError):
        verl.compute_score(row["data_source"], "x", None)
    try:
        import verl as _verl  # noqa: F401
    except ImportError:
        with pytest.raises(exc.InvalidArgumentError, match="not a synlogic source"):
            verl.compute_score("openai/gsm8k", "x", "42")


# ---- OpenRLHF -----------------------------------------------------------------------------


def _openrlhf_path() -> str:
    result = CliRunner().invoke(main, ["openrlhf-path"])
    assert result.exit_code == 0, result.output
    path = result.output.strip()
    assert Path(path).is_file()
    return path


def _load_by_path(path: str) -> Any:
    """Mirrors OpenRLHF 0.11's SingleTurnAgentExecutor loading of a reward file."""
    spec = importlib.util.spec_from_file_location("reward_func", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reward_func


def _values(x: Any) -> list[float]:
    return [float(v) for v in (x.tolist() if hasattr(x, "tolist") else x)]


def test_openrlhf_file_loads_by_path_and_strips_prompts() -> None:
    reward_func = _load_by_path(_openrlhf_path())
    rows = _rows(2)
    prompts = [
        f"<|im_start|>user\n{r['prompt'][0]['content']}<|im_end|>\n<|im_start|>assistant\n"
        for r in rows
    ]
    responses = _completions(rows)
    queries = [p + r + "<|im_end|>" for p, r in zip(prompts, responses, strict=True)]
    labels = [r["verification"] for r in rows]
    # OpenRLHF calls it with one sample at a time.
    for i in range(len(rows)):
        out = reward_func([queries[i]], [prompts[i]], [labels[i]])
        assert set(out) == {"rewards", "scores", "extra_logs"}
        assert _values(out["rewards"]) == [1.0 if i % 2 == 0 else 0.0]
    out = reward_func(queries, prompts, labels)
    assert _values(out["scores"]) == [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]
    assert _values(out["extra_logs"]["prompt_found"]) == [1.0] * len(rows)


def test_openrlhf_never_scores_the_prompt_example() -> None:
    row = _rows(1)[0]
    prompt = row["prompt"][0]["content"] + f"\n<answer>{row['answer']}</answer>"
    # The query does not start with the prompt and the prompt's tail is absent: no score.
    out = rewards.openrlhf_rewards(["something else entirely"], [prompt], [row["verification"]])
    assert out["scores"] == [0.0]
    assert out["extra_logs"]["prompt_found"] == [0.0]
    # A response without an answer block never picks up the prompt's example answer.
    out = rewards.openrlhf_rewards([prompt + "no answer"], [prompt], [row["verification"]])
    assert out["scores"] == [0.0]
    assert rewards.strip_prompt("abcXYZ", "abc") == "XYZ"
    with pytest.raises(exc.InvalidArgumentError):
        rewards.openrlhf_rewards(["a"], [], [])


# ---- TRL payload and message shapes --------------------------------------------------------


def test_parsed_dict_or_bytes_payloads_score_like_strings() -> None:
    rows = _rows(2)
    texts = _completions(rows)
    expected = trl_call(rewards.CorrectnessReward(), rows, texts)
    assert expected == [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]
    as_dicts = [dict(r, verification=json.loads(r["verification"])) for r in rows]
    as_bytes = [dict(r, verification=r["verification"].encode()) for r in rows]
    for inputs in (as_dicts, as_bytes):
        out = trl_call(rewards.CorrectnessReward(), inputs, texts)
        assert out == expected  # never None (TRL would turn it into NaN)
    # A verl-style row whose reward_model.ground_truth was parsed too.
    verl_rows = [
        {k: v for k, v in r.items() if k != "verification"}
        | {"reward_model": {"ground_truth": json.loads(r["verification"])}}
        for r in rows
    ]
    assert trl_call(rewards.CorrectnessReward(), verl_rows, texts) == expected


def test_an_unreadable_payload_of_a_synlogic_row_is_an_error_not_none() -> None:
    rows = _rows(1)
    bad = [dict(r, verification=12345) for r in rows]
    with pytest.raises(exc.InvalidArgumentTypeError, match="row 0"):
        trl_call(rewards.CorrectnessReward(), bad, _completions(rows))


def test_parsed_messages_keep_their_reasoning() -> None:
    row = _rows(1)[0]
    answer = row["answer"]
    # TRL 1.16 parses the completion with the template's response schema (Qwen3, with tools=).
    parsed = [
        [{"role": "assistant", "reasoning_content": "ok", "content": f"<answer>{answer}</answer>"}],
        [{"role": "assistant", "thinking": "ok", "content": f"<answer>{answer}</answer>"}],
        [{"role": "assistant", "content": f"<answer>{answer}</answer>"}],
    ]
    strict = trl_call(rewards.FormatReward(strict=True), [row] * 3, parsed)
    assert strict == [1.0, 1.0, 0.0]
    assert trl_call(rewards.CorrectnessReward(), [row] * 3, parsed) == [1.0] * 3
    lone = "\ud800<answer>\udfff</answer>"
    assert trl_call(rewards.CorrectnessReward(), [row], [lone]) == [0.0]
