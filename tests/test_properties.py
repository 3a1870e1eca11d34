"""Property tests: verification never raises and always scores in [0, 1]."""

from __future__ import annotations

from functools import cache

import synlogic
from hypothesis import given, settings
from hypothesis import strategies as st


@cache
def _payloads() -> list[str]:
    return [
        row["verification"]
        for task in synlogic.list_tasks()
        for row in synlogic.generate(task, 3, seed=99, level=4)
    ]


answers = st.one_of(
    st.text(max_size=2000),
    st.text(max_size=500).map(lambda t: f"<answer>{t}</answer>"),
    st.lists(st.sampled_from(["(", ")", "1", "+", "knight", "|", "\0", "<answer>"])).map("".join),
    st.integers().map(lambda i: f"<answer>{i}</answer>"),
)


@settings(max_examples=300, deadline=None)
@given(completion=answers, partial=st.booleans())
def test_verify_never_raises_and_stays_in_range(completion: str, partial: bool) -> None:
    for payload in _payloads():
        verdict = synlogic.verify(payload, completion, partial=partial)
        assert 0.0 <= verdict.score <= 1.0
        assert verdict.correct == (verdict.score == 1.0 and verdict.reason == "correct")
