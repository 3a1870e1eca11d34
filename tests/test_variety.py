"""Every level of every task is wide enough to sample from: curricula start at level 1 and
draw tens of thousands of items there, so no level may repeat itself.

``SYNLOGIC_VARIETY_ITEMS`` sets the sample per level (default 20,000, the size the bar names).
"""

from __future__ import annotations

import os

import synlogic

ITEMS = int(os.environ.get("SYNLOGIC_VARIETY_ITEMS", "20000"))
MAX_DUPLICATE_SHARE = 0.01


def test_every_level_has_at_most_one_percent_duplicate_prompts(task: str) -> None:
    shares = {}
    for level in range(1, 11):
        rows = synlogic.generate(task, ITEMS, seed=2026, level=level, chat=False)
        distinct = len({row["prompt"] for row in rows})
        shares[level] = 1 - distinct / ITEMS
    over = {level: f"{share:.2%}" for level, share in shares.items() if share > MAX_DUPLICATE_SHARE}
    assert not over, f"{task}: duplicate prompts in {ITEMS} items per level: {over}"


def test_the_catalogue_states_each_levels_variety(task: str) -> None:
    distinct = synlogic.task_info(task).distinct_items
    assert distinct is not None, f"{task}: run scripts/estimate_variety.py --task {task}"
    assert len(distinct) == 10
    for text in distinct:
        assert text[0] in "~>", text
        assert float(text[1:]) > 0, text
