"""OpenRLHF reward function, loaded BY PATH: ``--reward.remote_url $(synlogic openrlhf-path)``.

OpenRLHF (0.10.4-0.11.2: ``openrlhf.utils.agent.SingleTurnAgentExecutor``) imports this file
with ``importlib.util.spec_from_file_location`` and calls ``reward_func(queries, prompts,
labels)`` once per sample from a thread: ``queries`` are prompt + response as decoded with
the template tokens, ``prompts`` the templated prompts and ``labels`` the dataset's label
column, which must be the rows' ``verification`` payloads (``--data.label_key
verification``). It returns ``{"rewards", "scores", "extra_logs"}`` as torch tensors (plain
lists if torch is not importable): ``rewards`` (the weighted reward) is what OpenRLHF trains
on, ``scores`` (the 0/1 correctness) what its dynamic filtering reads.

The reward is correctness by default. ``SYNLOGIC_REWARD_OPTIONS`` holds synlogic's reward
options as a JSON object, with the same names and defaults as every other path (see
:mod:`synlogic.rewards`), e.g. ``{"format": 0.2, "strict_format": true}``; OpenRLHF hands no
token ids and one sample per call, so length shaping needs ``"length_options": {"unit":
"chars"}`` and ``difficulty="level"`` (rows count as level-less). The options are checked
when OpenRLHF loads this file: a misspelled option stops the run at start-up with an
:class:`~synlogic.exceptions.InvalidArgumentError` (OpenRLHF would otherwise log a
failed reward call at info level and carry on without a reward).

This file uses absolute imports only, so it works outside the package.
"""

from __future__ import annotations

import json
import os
from typing import Any

from synlogic.exceptions import InvalidArgumentError
from synlogic.rewards import SynlogicReward, openrlhf_rewards

__all__ = ["ENV_VAR", "make_reward", "reward_func"]

ENV_VAR = "SYNLOGIC_REWARD_OPTIONS"


def make_reward(options: dict[str, Any] | None = None) -> SynlogicReward:
    """The reward for OpenRLHF from reward options (default: ``$SYNLOGIC_REWARD_OPTIONS``),
    checked for what OpenRLHF can supply."""
    if options is None:
        raw = os.environ.get(ENV_VAR, "").strip()
        try:
            options = json.loads(raw) if raw else {}
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(f"{ENV_VAR} is not a JSON object: {exc}") from None
    if not isinstance(options, dict):
        raise InvalidArgumentError(f"{ENV_VAR} must be a JSON object, got {options!r}")
    reward = SynlogicReward(options=options, name="synlogic")
    reward.spec.check_path("OpenRLHF", False, False)
    return reward


_REWARD = make_reward()


def _as_tensors(result: dict[str, Any]) -> dict[str, Any]:
    try:
        import torch
    except ImportError:
        return result
    return {
        "rewards": torch.tensor(result["rewards"], dtype=torch.float32),
        "scores": torch.tensor(result["scores"], dtype=torch.float32),
        "extra_logs": {
            key: torch.tensor(values, dtype=torch.float32)
            for key, values in result["extra_logs"].items()
        },
    }


def reward_func(queries: list[str], prompts: list[str], labels: list[str]) -> dict[str, Any]:
    """Scores OpenRLHF samples: strips each prompt from its query, then scores the response
    against the label (a synlogic verification payload) in one Rust call."""
    result = openrlhf_rewards(list(queries), list(prompts), list(labels), reward=_REWARD)
    return _as_tensors(result)
