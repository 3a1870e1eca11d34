"""Each trainer's own installed call path, run on CPU against synlogic's rewards.

Not re-typed copies of their signatures: TRL's ``GRPOTrainer._calculate_rewards``, verl 0.9's
``load_reward_manager`` + reward-loop ``run_single``, OpenRLHF's ``SingleTurnAgentExecutor``
(the file loaded by path, and the HTTP client against ``synlogic serve``) and OpenRLHF's own
argument parser on the documented command line. Each test skips, naming the import, when
that trainer is not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.metadata
import importlib.util
import json
import math
import os
import re
import shlex
import subprocess
import sys
import textwrap
import types
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import synlogic
from conftest import require, wrap
from synlogic import exceptions as exc
from synlogic import openrlhf_reward, rewards

ROOT = Path(__file__).resolve().parents[1]


def _rows(n: int = 2) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for task in synlogic.list_tasks():
        rows += synlogic.generate(task, n, seed=9, level=2)
    return rows


def _texts(rows: list[dict[str, Any]]) -> list[str]:
    return [wrap(r["answer"]) if i % 2 == 0 else wrap("nope") for i, r in enumerate(rows)]


# ---- TRL ----------------------------------------------------------------------------------


def test_trl_calculate_rewards() -> None:
    torch = require("torch")
    trl_grpo = require("trl.trainer.grpo_trainer")
    rows = _rows()
    texts = _texts(rows)
    funcs, weights = rewards.trl_reward_funcs(correctness=1.0, format=0.5)
    # The attributes _calculate_rewards reads from the trainer; the method is TRL's own.
    trainer = types.SimpleNamespace(
        accelerator=types.SimpleNamespace(device=torch.device("cpu"), is_main_process=True),
        args=types.SimpleNamespace(report_to=[]),
        reward_funcs=funcs,
        reward_processing_classes=[None] * len(funcs),
        reward_func_names=[f.__name__ for f in funcs],
        state=types.SimpleNamespace(global_step=0),
        _log_completion_extra=lambda column, values: None,
        _log_metric=lambda name, value: None,
        environments=None,
        chat_template_kwargs={},
    )
    inputs = [dict(r) for r in rows]
    # A loader that hands the payload parsed (a dict): still scored, never NaN.
    for i in range(0, len(inputs), 3):
        inputs[i]["verification"] = json.loads(inputs[i]["verification"])
    completions = [[{"role": "assistant", "content": t}] for t in texts]
    prompts = [r["prompt"] for r in rows]
    ids = [[1] * 5 for _ in rows]
    out = trl_grpo.GRPOTrainer._calculate_rewards(trainer, inputs, prompts, completions, ids)
    assert out.shape == (len(rows), 2)
    assert not torch.isnan(out).any()
    expected_correct = [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]
    assert out[:, 0].tolist() == expected_correct
    assert out[:, 1].tolist() == [1.0] * len(rows)  # wrap() is well formatted
    total = (out * torch.tensor(weights)).sum(dim=1).tolist()
    single = rewards.WeightedReward(correctness=1.0, format=0.5)(
        completions=completions, verification=[r["verification"] for r in rows]
    )
    assert total == pytest.approx(single)


# ---- verl ---------------------------------------------------------------------------------


def _verl_config(reward_kwargs: dict[str, Any], manager: str = "naive") -> Any:
    omegaconf = require("omegaconf")
    source = "register" if manager == "naive" else "importlib"
    return omegaconf.OmegaConf.create(
        {
            "reward": {
                "custom_reward_function": {
                    "path": "pkg://synlogic.verl",
                    "name": "compute_score",
                    "reward_kwargs": reward_kwargs,
                },
                "reward_manager": {
                    "source": source,
                    "name": manager,
                    "module": {"path": "pkg://synlogic.verl", "name": manager},
                },
                "sandbox_fusion": None,
            }
        }
    )


class _Tokenizer:
    """Decodes ids as characters (the manager calls only ``decode``)."""

    def decode(self, ids: Any, skip_special_tokens: bool = True) -> str:
        return "".join(chr(int(i)) for i in ids)


def _verl_data(row: dict[str, Any], text: str) -> Any:
    torch = require("torch")
    np = require("numpy")
    from verl import DataProto

    response = torch.tensor([[ord(c) for c in text]])
    prompt = torch.tensor([[1, 2, 3]])
    mask = torch.ones(1, prompt.shape[1] + response.shape[1], dtype=torch.long)
    return DataProto.from_dict(
        tensors={"prompts": prompt, "responses": response, "attention_mask": mask},
        non_tensors={
            "data_source": np.array([row["data_source"]], dtype=object),
            "reward_model": np.array([row["reward_model"]], dtype=object),
            "extra_info": np.array([dict(row["extra_info"])], dtype=object),
        },
    )


def test_verl_reward_loop_manager() -> None:
    require("verl.experimental.reward_loop.reward_manager")
    from verl.trainer.ppo.reward import load_reward_manager

    kwargs = {"format": 0.25}
    rows = _rows(1)
    texts = _texts(rows)

    async def score_all(manager: Any) -> list[dict[str, Any]]:
        return [
            await manager.run_single(_verl_data(r, t)) for r, t in zip(rows, texts, strict=True)
        ]

    for name in ("naive", "SynlogicRewardManager"):
        manager = load_reward_manager(_verl_config(kwargs, name), _Tokenizer())
        # The manager captured verl's event loop when it was built (as verl's reward-loop
        # worker does); its executor futures belong to that loop, so run there.
        results = manager.loop.run_until_complete(score_all(manager))
        for i, result in enumerate(results):
            acc = 1.0 if i % 2 == 0 else 0.0
            assert result["reward_score"] == acc + 0.25
            assert result["reward_extra_info"]["acc"] == acc
    # The async variant is awaited by the same manager.
    config = _verl_config(kwargs)
    config.reward.custom_reward_function.name = "compute_score_async"
    manager = load_reward_manager(config, _Tokenizer())
    assert manager.is_async_reward_score
    result = manager.loop.run_until_complete(manager.run_single(_verl_data(rows[0], texts[0])))
    assert result["reward_score"] == 1.25
    # A misspelled option stops verl when it builds synlogic's manager.
    with pytest.raises(exc.InvalidArgumentError, match="formt"):
        load_reward_manager(_verl_config({"formt": 0.2}, "SynlogicRewardManager"), _Tokenizer())
    # verl 0.9 has no batch manager in its reward loop.
    # (How it refuses depends on the manager source the config names.)
    with pytest.raises((ValueError, AttributeError), match="batch"):
        load_reward_manager(_verl_config(kwargs, "batch"), _Tokenizer())


# ---- OpenRLHF -----------------------------------------------------------------------------


def _openrlhf_file(relative: str) -> Path:
    try:
        dist = importlib.metadata.distribution("openrlhf")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("openrlhf is not installed (pip install --no-deps openrlhf)")
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        pytest.skip(f"the installed openrlhf has no {relative}")
    return path


def _openrlhf_parser() -> argparse.ArgumentParser:
    """The installed train_ppo_ray's own parser: its ``__main__`` block up to
    ``parse_args()``, run without the module's GPU-only imports (ray, deepspeed, vLLM)."""
    text = _openrlhf_file("openrlhf/cli/train_ppo_ray.py").read_text()
    start = text.index("    parser = argparse.ArgumentParser(")
    end = text.index("    args = parser.parse_args()", start)
    # The module's standard-library imports (its others are the GPU-only stack).
    namespace: dict[str, Any] = {"argparse": argparse, "os": os, "datetime": datetime}
    exec(textwrap.dedent(text[start:end]), namespace)
    return namespace["parser"]


def _documented_command(doc: Path) -> list[str]:
    """The ``python -m openrlhf.cli.train_ppo_ray`` command of a doc's first bash block."""
    text = doc.read_text()
    match = re.search(r"python -m openrlhf\.cli\.train_ppo_ray(.*?)\.\.\.", text, re.S)
    assert match, f"no OpenRLHF command in {doc}"
    command = match.group(1).replace("\\\n", " ")
    command = command.replace('"$(synlogic openrlhf-path)"', openrlhf_reward.__file__)
    return shlex.split(command)


@pytest.mark.parametrize(
    "doc", ["docs/trainers.md", "examples/openrlhf/README.md"], ids=lambda d: d
)
def test_openrlhf_parses_the_documented_command_line(doc: str) -> None:
    parser = _openrlhf_parser()
    args = parser.parse_args(_documented_command(ROOT / doc))
    values = vars(args)
    assert values["data.prompt_dataset"] == "data/train.jsonl"
    assert values["data.input_key"] == "prompt"
    assert values["data.label_key"] == "verification"
    assert values["data.apply_chat_template"] is True
    assert values["reward.remote_url"] == openrlhf_reward.__file__
    # The old flags are rejected by this OpenRLHF.
    with pytest.raises(SystemExit):
        parser.parse_args(["--remote_rm_url", "x.py"])


def _openrlhf_agent() -> Any:
    """The installed ``openrlhf.utils.agent`` without running ``openrlhf.utils/__init__``
    (which imports the training stack: torch, deepspeed)."""
    require("aiohttp")
    agent_file = _openrlhf_file("openrlhf/utils/agent.py")
    utils_dir = agent_file.parent
    for name, path in (("openrlhf", utils_dir.parent), ("openrlhf.utils", utils_dir)):
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = [str(path)]
            sys.modules[name] = package
    return importlib.import_module("openrlhf.utils.agent")


class _HFTokenizer:
    def __call__(self, text: str, add_special_tokens: bool, return_tensors: str) -> Any:
        return {"input_ids": [types.SimpleNamespace(tolist=lambda: [ord(c) for c in text])]}

    def decode(self, ids: list[int], skip_special_tokens: bool = False) -> str:
        return "".join(chr(i) for i in ids)


class _Engine:
    def __init__(self, response: str) -> None:
        self.response = response

    async def generate(self, prompt_ids: list[int], params: Any, multi_modal_data: Any) -> Any:
        output = types.SimpleNamespace(
            token_ids=[ord(c) for c in self.response], finish_reason="stop", logprobs=None
        )
        return types.SimpleNamespace(outputs=[output])


def _run_executor(executor: Any, prompt: str, label: str, response: str) -> dict[str, Any]:
    params = types.SimpleNamespace(max_tokens=100_000, logprobs=None)
    return asyncio.run(
        executor.execute(prompt, label, params, 200_000, _HFTokenizer(), _Engine(response))
    )


def test_openrlhf_agent_executor_with_the_reward_file() -> None:
    agent = _openrlhf_agent()
    executor = agent.SingleTurnAgentExecutor(remote_rm_url=[openrlhf_reward.__file__])
    rows = _rows(1)
    for i, (row, text) in enumerate(zip(rows, _texts(rows), strict=True)):
        prompt = f"<|user|>{row['prompt'][-1]['content']}<|assistant|>"
        out = _run_executor(executor, prompt, row["verification"], text)
        expected = 1.0 if i % 2 == 0 else 0.0
        # OpenRLHF swallows reward errors (info log, reward None): a None here is a failure.
        assert out["reward"] is not None
        assert [float(v) for v in out["reward"]] == [expected]
        assert [float(v) for v in out["scores"]] == [expected]


def test_openrlhf_agent_executor_against_the_server() -> None:
    agent = _openrlhf_agent()

    process = subprocess.Popen(
        [sys.executable, "-m", "synlogic.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        executor = agent.SingleTurnAgentExecutor(remote_rm_url=[f"{url}/get_reward"])
        row = _rows(1)[0]
        prompt = f"<|user|>{row['prompt'][-1]['content']}<|assistant|>"
        out = _run_executor(executor, prompt, row["verification"], wrap(row["answer"]))
        assert out["reward"] == [1.0]
        assert not math.isnan(out["reward"][0])
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_trainers_bench_usage_lines_parse() -> None:
    spec = importlib.util.spec_from_file_location(
        "trainers_bench", ROOT / "benchmarks" / "trainers_bench.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    usage = [
        line.strip().split("#")[0].split()[2:]
        for line in (module.__doc__ or "").splitlines()
        if line.strip().startswith("python benchmarks/trainers_bench.py")
    ]
    assert len(usage) == 3
    parser = module.build_parser()
    for argv in usage:
        args = parser.parse_args(argv)
        assert set(args.which) <= set(module.BENCHES)
    with pytest.raises(SystemExit):  # no abbreviations: --task is not --task-ds
        parser.parse_args(["dataset", "--task", "knights_knaves"])
