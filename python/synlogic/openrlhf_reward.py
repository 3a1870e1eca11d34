"""OpenRLHF reward function, loaded BY PATH: ``--remote_rm_url $(synlogic openrlhf-path)``.

OpenRLHF imports this file with ``importlib.util.spec_from_file_location`` and calls
``reward_func(queries, prompts, labels)``: ``queries`` are prompt + response as decoded with
the template tokens, ``prompts`` the templated prompts and ``labels`` the dataset's label
column, which must be the rows' ``verification`` payloads (``--label_key verification``).
It returns ``{"rewards", "scores", "extra_logs"}`` as torch tensors (plain lists if torch is
not importable).

The reward is correctness by default. Set these environment variables to change it (read at
import): ``SYNLOGIC_PARTIAL_WEIGHT``, ``SYNLOGIC_FORMAT_WEIGHT``, ``SYNLOGIC_STRICT_FORMAT``
(1/0), ``SYNLOGIC_ANSWER_TAG``, ``SYNLOGIC_THINK_TAG``.

This file uses absolute imports only, so it works outside the package.
"""

from __future__ import annotations

import os
from typing import Any

from synlogic.rewards import WeightedReward, openrlhf_rewards

__all__ = ["reward_func"]


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _env_tag(name: str, default: str) -> str | None:
    raw = os.environ.get(name, default).strip()
    return raw or None


_REWARD = WeightedReward(
    correctness=1.0,
    partial=_env_float("SYNLOGIC_PARTIAL_WEIGHT", 0.0),
    format=_env_float("SYNLOGIC_FORMAT_WEIGHT", 0.0),
    strict_format=os.environ.get("SYNLOGIC_STRICT_FORMAT", "0").strip() in ("1", "true", "yes"),
    tag=_env_tag("SYNLOGIC_ANSWER_TAG", "answer"),
    think_tag=_env_tag("SYNLOGIC_THINK_TAG", "think"),
)


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
    return _as_tensors(openrlhf_rewards(list(queries), list(prompts), list(labels), reward=_REWARD))
