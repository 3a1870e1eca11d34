"""A real TRL GRPOTrainer run on synlogic data with synlogic rewards (slow: SYNLOGIC_SLOW=1)."""

from __future__ import annotations

import importlib.util
import math
import os
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SYNLOGIC_SLOW") != "1", reason="slow: set SYNLOGIC_SLOW=1 to run"
    ),
]

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trl_grpo.py"


def test_grpo_trainer_runs_with_synlogic_rewards(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("trl")
    spec = importlib.util.spec_from_file_location("trl_grpo_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["trl_grpo_example"] = module
    spec.loader.exec_module(module)
    last = module.main(["--steps", "2", "--rows", "16", "--output-dir", str(tmp_path)])
    for name in ("synlogic_correct", "synlogic_partial", "synlogic_format"):
        value = last[f"rewards/{name}/mean"]
        assert not math.isnan(value)
        assert 0.0 <= value <= 1.0
    assert last["step"] == 2


CURRICULUM_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trl_grpo_curriculum.py"


def test_grpo_trainer_with_a_curriculum_moves_levels_up_then_down(tmp_path: Path) -> None:
    """The example's full schedule: two tasks, 8 steps of right answers then 8 of wrong ones."""
    pytest.importorskip("torch")
    pytest.importorskip("trl")
    spec = importlib.util.spec_from_file_location("trl_grpo_curriculum_slow", CURRICULUM_EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["trl_grpo_curriculum_slow"] = module
    spec.loader.exec_module(module)
    trace = module.main(["--output-dir", str(tmp_path)])
    assert len(trace) == 16
    for task in ("countdown", "knights_knaves"):
        levels = [entry[task] for entry in trace]
        top = max(levels)
        assert top >= 5, levels  # from 3, up by at least two levels
        assert levels[:8] == sorted(levels[:8]), levels  # only up while right
        assert levels[-1] <= top - 2, levels  # then down by at least two
        assert levels[8:] == sorted(levels[8:], reverse=True), levels
