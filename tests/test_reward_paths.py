"""One reward, four calling conventions: TRL, verl, OpenRLHF and the reward server give the
same numbers for the same options, and each rejects a misspelled option when it is built."""

from __future__ import annotations

import importlib.util
import json
import os
import select
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import synlogic
from conftest import require
from synlogic import exceptions as exc
from synlogic import openrlhf_reward, rewards, verl

OPTIONS: dict[str, Any] = {
    "correctness": 1.0,
    "partial": 0.5,
    "format": 0.25,
    "strict_format": True,
    "length": 0.125,
    # No level reaches OpenRLHF or the server, so the target does not depend on it here.
    "length_options": {"unit": "chars", "target_length": 60, "min_scale": 1.0},
}
PROMPT_TEMPLATE = "<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n"


def _cases() -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    completions: list[str] = []
    for task in synlogic.list_tasks():
        for row in synlogic.generate(task, 2, seed=5, level=3):
            answer = row["answer"]
            for text in (
                f"<think>ok</think>\n<answer>{answer}</answer>",  # short, strict, correct
                f"<think>{'x' * 70}</think><answer>{answer}</answer>",  # long: length decays
                f"so <answer>{answer}</answer> done",  # correct, unformatted
                "<think>hmm</think><answer>wrong</answer>",
                "\ud800 lone surrogate <answer>\udfff</answer>",
            ):
                rows.append(row)
                completions.append(text)
    return rows, completions


def _trl(rows: list[dict[str, Any]], completions: list[str]) -> list[float]:
    reward = rewards.WeightedReward(**OPTIONS)
    columns = {key: [r[key] for r in rows] for key in rows[0] if key != "prompt"}
    out = reward(
        prompts=[r["prompt"] for r in rows],
        completions=completions,
        completion_ids=[[0] * 3 for _ in completions],
        **columns,
    )
    assert all(v is not None for v in out)
    return [float(v) for v in out]  # type: ignore[arg-type]


def _verl(rows: list[dict[str, Any]], completions: list[str]) -> list[float]:
    return [
        verl.compute_score(
            data_source=r["data_source"],
            solution_str=c,
            ground_truth=r["reward_model"]["ground_truth"],
            extra_info=r["extra_info"],
            **OPTIONS,
        )["score"]
        for r, c in zip(rows, completions, strict=True)
    ]


def _openrlhf_inputs(
    rows: list[dict[str, Any]], completions: list[str]
) -> tuple[list[str], list[str], list[str]]:
    prompts = [PROMPT_TEMPLATE.format(r["prompt"][-1]["content"]) for r in rows]
    queries = [p + c for p, c in zip(prompts, completions, strict=True)]
    return queries, prompts, [r["verification"] for r in rows]


def _load_openrlhf_file(env: dict[str, str]) -> Any:
    """Loads the reward file by path, the way OpenRLHF does, under ``env``."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        spec = importlib.util.spec_from_file_location("reward_func", openrlhf_reward.__file__)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _openrlhf(rows: list[dict[str, Any]], completions: list[str]) -> list[float]:
    module = _load_openrlhf_file({openrlhf_reward.ENV_VAR: json.dumps(OPTIONS)})
    queries, prompts, labels = _openrlhf_inputs(rows, completions)
    values = []
    for q, p, label in zip(queries, prompts, labels, strict=True):  # one sample per call
        out = module.reward_func([q], [p], [label])
        rewards_ = out["rewards"]
        values += [
            float(v) for v in (rewards_.tolist() if hasattr(rewards_, "tolist") else rewards_)
        ]
    return values


def _server(rows: list[dict[str, Any]], completions: list[str]) -> list[float]:
    require("aiohttp")
    code = (
        "import json, sys\n"
        "from synlogic.server import serve\n"
        "serve('127.0.0.1', 0, options=json.loads(sys.argv[1]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(OPTIONS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the server did not start within 60 s"
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        queries, prompts, labels = _openrlhf_inputs(rows, completions)
        body = json.dumps({"query": queries, "prompts": prompts, "labels": labels}).encode()
        request = urllib.request.Request(
            f"{url}/get_reward", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return [float(v) for v in json.loads(response.read())["rewards"]]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_all_paths_give_identical_rewards() -> None:
    rows, completions = _cases()
    trl = _trl(rows, completions)
    assert trl == _verl(rows, completions)
    # OpenRLHF's rewards are a torch tensor (float32) when torch is installed: the same
    # numbers, rounded to single precision.
    openrlhf = _openrlhf(rows, completions)
    assert all(o in (x, float(np.float32(x))) for o, x in zip(openrlhf, trl, strict=True)), openrlhf
    assert trl == _server(rows, completions)
    # The cases exercise every component: the sum takes many distinct values.
    assert len(set(trl)) >= 5
    assert max(trl) == 1.0 + 0.5 + 0.25 + 0.125


def test_the_weighted_sum_is_the_documented_formula() -> None:
    rows, completions = _cases()
    ev = rewards.evaluate([r["verification"] for r in rows], completions)
    for value, correct, credit, strict, text in zip(
        _trl(rows, completions),
        ev.correct,
        ev.credit,
        ev.strict_format,
        completions,
        strict=True,
    ):
        length = len(text)
        shaped = 1.0 if length <= 60 else max(0.0, 1.0 - (length - 60) / 60)
        expected = correct + 0.5 * credit + 0.25 * strict + 0.125 * (shaped if correct else 0.0)
        assert value == pytest.approx(expected, abs=1e-12)


MISSPELLED = {"correctness": 1.0, "formt": 0.2}


def test_a_misspelled_option_fails_at_construction_on_every_path() -> None:
    # TRL: the reward callables.
    with pytest.raises(exc.InvalidArgumentError, match='did you mean "format"'):
        rewards.WeightedReward(formt=0.2)
    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        rewards.trl_reward_funcs(formt=0.2)
    with pytest.raises(exc.InvalidArgumentError, match='did you mean "unit"'):
        rewards.LengthReward(unti="chars")
    with pytest.raises(exc.InvalidArgumentError, match='did you mean "unit"'):
        rewards.WeightedReward(length=1.0, length_options={"unti": "chars"})
    # verl: its first call (a plain function has no construction), and the reward manager
    # when verl builds it (see tests/test_trainers.py for the real one).
    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        verl.make_spec(MISSPELLED)
    row = synlogic.generate("countdown", 1)[0]
    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        verl.compute_score(row["data_source"], "x", row["verification"], None, **MISSPELLED)
    with pytest.raises(exc.InvalidArgumentError, match="'format'"):
        verl.compute_score(row["data_source"], "x", row["verification"], None, format_weight=1)
    # OpenRLHF: loading the reward file.
    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        _load_openrlhf_file({openrlhf_reward.ENV_VAR: json.dumps(MISSPELLED)})
    with pytest.raises(exc.InvalidArgumentError, match="no token counts"):
        openrlhf_reward.make_reward({"length": 1.0})
    # The server: building the app.
    require("aiohttp")
    from synlogic.server import make_app

    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        make_app(options=MISSPELLED)
    with pytest.raises(exc.InvalidArgumentError, match="pass_rate"):
        make_app(
            options={"length": 1.0, "length_options": {"unit": "chars", "difficulty": "pass_rate"}}
        )


def test_one_set_of_defaults() -> None:
    # The 1,024 target applies on every path (verl used to default to 4,096 characters).
    row = synlogic.generate("countdown", 1, level=10)[0]
    text = f"<answer>{row['answer']}</answer>" + " " * 1500
    options = {"correctness": 0.0, "length": 1.0, "length_options": {"unit": "chars"}}
    score = verl.compute_score(row["data_source"], text, row["verification"], None, **options)
    reward = rewards.WeightedReward(**options)(
        completions=[text], verification=[row["verification"]]
    )
    assert reward == [score["score"]]
    expected = 1.0 - (len(text) - 1024) / 1024
    assert score["score"] == pytest.approx(expected)


def test_openrlhf_path_is_the_documented_file() -> None:
    assert Path(openrlhf_reward.__file__).is_file()
