"""synlogic.ray on a real local Ray (two CPUs): the rows equal the local rows, byte for byte,
and a column of completions is scored by the Rust batch scorer inside Ray's map_batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import synlogic
from conftest import require, wrap
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError

ray: Any = require("ray")
require("ray.data")
synlogic_ray: Any = require("synlogic.ray")

MIX = {"knights_knaves": 2, "countdown": 1, "sudoku": 1, "zebra": 1}


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    yield
    ray.shutdown()


def _ray_table(ds: Any) -> pa.Table:
    return pa.concat_tables(ray.get(ds.to_arrow_refs()))


def test_ray_rows_equal_local_rows_byte_for_byte() -> None:
    ds = synlogic_ray.read_synlogic(MIX, 2_500, seed=7, start=1_000, num_read_tasks=4)
    table = _ray_table(ds)
    local = synlogic.arrow_table(MIX, 2_500, seed=7, start=1_000)
    assert table.num_rows == 2_500
    assert table.schema.equals(local.schema)
    assert table.equals(local)


def test_rows_per_block_bounds_every_block() -> None:
    ds = synlogic_ray.read_synlogic(
        "knights_knaves", 1_000, seed=2, rows_per_block=300, num_read_tasks=2
    ).materialize()
    sizes = [ray.get(ref).num_rows for ref in ds.to_arrow_refs()]
    assert sum(sizes) == 1_000
    assert max(sizes) <= 300
    assert ds.num_blocks() >= 4
    assert _ray_table(ds).equals(synlogic.arrow_table("knights_knaves", 1_000, seed=2))


def test_ray_plain_prompts_and_system_prompt_match() -> None:
    ds = synlogic_ray.read_synlogic(
        "countdown", 100, seed=3, level=4, chat=False, system_prompt="Be brief."
    )
    local = synlogic.arrow_table("countdown", 100, seed=3, level=4, chat=False)
    table = _ray_table(ds)
    assert table.column("answer").equals(local.column("answer"))
    assert table.column("index").equals(local.column("index"))


def test_ray_parquet_loads_back_with_datasets(tmp_path: Path) -> None:
    datasets = require("datasets")
    ds = synlogic_ray.read_synlogic(MIX, 1_000, seed=1, rows_per_block=256, num_read_tasks=2)
    ds.write_parquet(str(tmp_path))
    loaded = datasets.load_dataset("parquet", data_dir=str(tmp_path), split="train")
    local = synlogic.to_dataset(MIX, 1_000, seed=1)
    assert sorted(loaded["index"]) == list(range(1_000))
    by_index = {row["index"]: row for row in loaded}
    for row in local.select(range(0, 1_000, 37)):
        assert by_index[row["index"]] == row


def test_scorer_scores_completions_in_map_batches() -> None:
    rows = synlogic.arrow_table(MIX, 400, seed=5).to_pylist()
    completions = [
        wrap(row["answer"]) if i % 3 else "<answer>definitely wrong</answer>"
        for i, row in enumerate(rows)
    ]
    table = pa.table(
        {
            "verification": [row["verification"] for row in rows],
            "completion": completions,
        }
    )
    scored = ray.data.from_arrow(table).map_batches(
        synlogic_ray.Scorer,
        fn_constructor_kwargs={"completion_column": "completion", "prefix": "r_"},
        batch_format="pyarrow",
        batch_size=64,
        concurrency=2,
    )
    result = _ray_table(scored)
    expected = synlogic.score_batch(table["verification"].to_pylist(), completions)
    assert result.column("r_score").to_pylist() == expected
    assert result.column("r_correct").to_pylist() == [s == 1.0 for s in expected]
    assert sum(expected) == pytest.approx(sum(1 for i in range(400) if i % 3))


def test_scorer_hostile_columns_score_zero_or_raise_typed_errors() -> None:
    rows = synlogic.generate("sudoku", 3, seed=0)
    table = pa.table(
        {
            "verification": [rows[0]["verification"], "not json", None],
            "completion": [None, "<answer>1</answer>" * 1000, wrap(rows[2]["answer"])],
        }
    )
    result = synlogic_ray.Scorer()(table)
    assert result.column("score").to_pylist() == [0.0, 0.0, 0.0]
    with pytest.raises(InvalidArgumentError, match="no column 'answer_text'"):
        synlogic_ray.Scorer(completion_column="answer_text")(table)
    with pytest.raises(InvalidArgumentTypeError):
        synlogic_ray.Scorer()({"completion": []})
    with pytest.raises(InvalidArgumentTypeError):
        synlogic_ray.Scorer(partial="yes")


def test_read_synlogic_checks_arguments() -> None:
    with pytest.raises(InvalidArgumentError):
        synlogic_ray.read_synlogic("sudoku", 10, rows_per_block=0)
    with pytest.raises(InvalidArgumentError):
        synlogic_ray.read_synlogic("sudoku", 10, num_cpus=0)
    with pytest.raises(InvalidArgumentTypeError):
        synlogic_ray.read_synlogic("sudoku", 10, num_read_tasks="4")
    with pytest.raises(synlogic.exceptions.UnknownTaskError):
        synlogic_ray.read_synlogic("sudok", 10)
    assert synlogic_ray.read_synlogic("sudoku", 0).count() == 0
