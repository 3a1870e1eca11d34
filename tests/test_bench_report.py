"""The benchmark report's headline verdicts and floor table, on synthetic results."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import report


def _gen(ratio_1: float, floor_cost: float | None, arrow_ratio: float | None) -> dict:
    median = {
        "synlogic-1": 1000.0 * ratio_1,
        "reasoning-gym-1": 1000.0,
        "synlogic-all": 1800.0 * ratio_1,
        "reasoning-gym-all": 1900.0,
        "floor-1": None if floor_cost is None else 1000.0 * ratio_1 * floor_cost,
        "arrow-1": None if arrow_ratio is None else 1000.0 * arrow_ratio,
        "arrow-all": None if arrow_ratio is None else 1900.0 * arrow_ratio,
    }
    return {
        "runs": {"reasoning-gym-1": [1000.0] * 3},
        "median": median,
        "ratio_1": ratio_1,
        "ratio_all": 1.0,
        "ours_scaling": 1.8,
        "peer_scaling": 1.9,
        "floor_cost": floor_cost,
        "arrow_ratio_1": arrow_ratio,
        "arrow_scaling": None if arrow_ratio is None else 1.9,
        "cores": 2,
        "errors": [],
    }


def test_case_status_applies_the_floor_only_where_both_floor_targets_hold() -> None:
    assert report.case_status(_gen(150.0, 9.0, 160.0)) == "✓"
    assert report.case_status(_gen(60.0, 1.2, 130.0)) == "✓ (floor)"
    assert report.case_status(_gen(60.0, 1.5, 130.0)) == "✗"
    assert report.case_status(_gen(60.0, 1.2, 90.0)) == "✗"
    assert report.case_status(_gen(60.0, None, None)) == "✗"


def test_render_shows_the_headline_and_the_floor_table() -> None:
    perf = {
        "config": {"runs": 3, "budget": 1.0},
        "cases": {
            "kk-default": {
                "family": "Knights and Knaves",
                "label": "2 people",
                "tier": "default",
                "ours_skipped": None,
                "generation": _gen(60.0, 1.2, 130.0),
            }
        },
    }
    machine = {
        "date": "2026-01-01 00:00 UTC",
        "cpu": "cpu",
        "logical_cores": 2,
        "usable_cores": 2,
        "ram_gb": 8,
        "os": "linux",
        "python": "3.11",
        "rustc": None,
        "synlogic": "0",
        "reasoning_gym": "0",
        "loadavg": (1.0, 1.0, 1.0),
    }
    text = report.render({"machine": machine, "perf": perf})
    assert "### Headline: ratios" in text
    assert "### The CPython floor and the Arrow path" in text
    assert "1.20× ✓" in text
    assert "✓ (floor)" in text
    assert text.index("### Headline") < text.index("### Generation rate")
