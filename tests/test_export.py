"""Datasets: Arrow export, datasets.Dataset / IterableDataset, parquet shards, mixes."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import synlogic
from click.testing import CliRunner
from synlogic import exceptions as exc
from synlogic import export
from synlogic._schema import row_schema
from synlogic.cli import main
from synlogic.mix import Mix, MixEntry, load_mix

TASKS = synlogic.list_tasks()


def _mix() -> Mix:
    entries = [MixEntry(t, weight=i + 1.0, level=2) for i, t in enumerate(TASKS)]
    return Mix(entries)


def test_arrow_batches_match_the_row_dicts(task: str) -> None:
    for chat, system in ((True, None), (True, "Be brief."), (False, None)):
        table = export.arrow_table(
            task, 7, seed=4, start=3, level=2, chat=chat, system_prompt=system, batch_size=3
        )
        assert table.schema.equals(row_schema(chat=chat))
        expected = synlogic.generate(
            task, 7, seed=4, start=3, level=2, chat=chat, system_prompt=system
        )
        assert table.to_pylist() == expected


def test_capsule_interface_is_consumed_by_pyarrow() -> None:
    batch = _mix()._core.arrow(0, 0, 5)
    assert len(batch) == batch.num_rows == 5
    assert pa.record_batch(batch).num_rows == 5
    assert pa.table(batch).num_rows == 5
    reader = pa.RecordBatchReader.from_stream(batch)
    assert reader.read_all().num_rows == 5
    assert pa.schema(batch).equals(row_schema())


def test_dataset_has_declared_features_and_an_explicit_fingerprint() -> None:
    mix = _mix()
    ds = export.to_dataset(mix, 50, seed=9, split="train")
    assert len(ds) == 50
    assert ds.features == export.features()
    assert ds.data.schema.equals(ds.features.arrow_schema)  # no cast was needed
    assert ds._fingerprint == export.dataset_fingerprint(mix, 50, seed=9)
    assert ds._fingerprint != export.dataset_fingerprint(mix, 50, seed=10)
    assert ds._fingerprint != export.dataset_fingerprint(mix, 50, seed=9, chat=False)
    assert ds[3]["data_source"] == f"synlogic/{ds[3]['task']}"
    assert ds[3]["reward_model"]["ground_truth"] == ds[3]["verification"]
    plain = export.to_dataset(TASKS[0], 3, chat=False)
    assert isinstance(plain[0]["prompt"], str)


def test_mix_task_is_a_function_of_seed_and_index() -> None:
    mix = _mix()
    n = 20 * len(TASKS)  # enough rows that every task of the registry shows up
    whole = export.arrow_table(mix, n, seed=5).to_pylist()
    part = export.arrow_table(mix, 20, seed=5, start=30, batch_size=7).to_pylist()
    assert part == whole[30:50]
    assert [r["task"] for r in whole] == [mix.task_of(i, seed=5) for i in range(n)]
    other = [r["task"] for r in export.arrow_table(mix, n, seed=6).to_pylist()]
    if len(TASKS) > 1:
        assert other != [r["task"] for r in whole]
        assert {r["task"] for r in whole} == set(TASKS)
        lopsided = Mix([MixEntry(TASKS[0], 0.0), MixEntry(TASKS[1], 1.0)])
        assert set(lopsided.entry_indices(200)) == {1}


def test_mixed_row_dicts_match_the_arrow_rows() -> None:
    # The dict builder reuses each task's strings across a run of rows: a mix switches
    # task from row to row, and every column must still follow the row's own task.
    mix = _mix()
    rows = list(export.to_iterable_dataset(mix, 40, seed=3))
    assert rows == export.arrow_table(mix, 40, seed=3).to_pylist()
    for row in rows:
        assert row["data_source"] == f"synlogic/{row['task']}"
        assert row["extra_info"]["task"] == row["task"]
        assert json.loads(row["verification"])["task"] == row["task"]


def test_mix_errors_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(exc.InvalidArgumentError, match="at least one"):
        Mix([])
    with pytest.raises(exc.InvalidArgumentError, match="sum to 0"):
        Mix([MixEntry(TASKS[0], 0.0)])
    with pytest.raises(exc.InvalidArgumentError, match=r"mix\[0\]\.weight"):
        Mix([MixEntry(TASKS[0], -1.0)])
    with pytest.raises(exc.InvalidArgumentTypeError, match=r"mix\[0\]\.weight"):
        Mix([{"task": TASKS[0], "weight": "heavy"}])
    with pytest.raises(exc.InvalidArgumentError, match="unknown field"):
        Mix([{"task": TASKS[0], "wieght": 1}])
    with pytest.raises(exc.UnknownTaskError):
        Mix([{"task": "sudokku"}])
    with pytest.raises(exc.LevelError):
        Mix([{"task": TASKS[0], "level": 11}])
    with pytest.raises(exc.UnknownKnobError):
        Mix([{"task": TASKS[0], "knobs": {"nope": 1}}])
    with pytest.raises(exc.InvalidArgumentError):
        export.to_dataset({TASKS[0]: 1.0}, 3, level=2)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[tasks]]\nweight = 1\n")
    with pytest.raises(exc.InputFileError, match="task"):
        load_mix(bad)
    bad.write_text("tasks = 3\n")
    with pytest.raises(exc.InputFileError):
        load_mix(bad)
    with pytest.raises(exc.InputFileError, match="no such file"):
        load_mix(tmp_path / "missing.toml")


def test_mix_pickles_and_loads_from_toml(tmp_path: Path) -> None:
    import pickle

    mix = _mix()
    assert pickle.loads(pickle.dumps(mix)) == mix
    lines = []
    for i, task in enumerate(TASKS):
        lines += ["[[tasks]]", f'task = "{task}"', f"weight = {i + 1}", "level = 2", ""]
    path = tmp_path / "mix.toml"
    path.write_text("\n".join(lines))
    assert load_mix(path) == mix


def test_iterable_dataset_streams_and_shards() -> None:
    mix = _mix()
    expected = export.arrow_table(mix, 40, seed=2).to_pylist()
    ids = export.to_iterable_dataset(mix, 40, seed=2, num_shards=4, block_size=3)
    assert isinstance(ids, datasets.IterableDataset)
    assert ids.num_shards == 4
    assert list(ids) == expected  # one reader: rows in order
    parts = [list(ids.shard(num_shards=2, index=i)) for i in range(2)]
    indices = sorted(r["index"] for part in parts for r in part)
    assert indices == list(range(40))
    assert all(part for part in parts)
    unbounded = export.to_iterable_dataset(mix, seed=2, block_size=4, num_shards=2)
    head = list(islice(iter(unbounded), 12))
    assert [r["index"] for r in head] == [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19]
    assert head[:4] == expected[:4]
    other = list(islice(iter(unbounded.shard(num_shards=2, index=1)), 4))
    assert [r["index"] for r in other] == [4, 5, 6, 7]
    materialized = datasets.Dataset.from_generator(
        export._generate_shards,
        features=export.features(),
        gen_kwargs={
            "shards": list(range(4)),
            "num_shards": 4,
            "entries": json.dumps([e.to_json() for e in mix.entries]),
            "n": 40,
            "seed": 2,
            "start": 0,
            "block_size": 3,
            "system_prompt": None,
            "chat": True,
        },
        num_proc=2,
    )
    assert sorted(r["index"] for r in materialized) == list(range(40))


def test_parquet_shards_are_bounded_and_load(tmp_path: Path) -> None:
    mix = _mix()
    files = export.write_parquet(mix, tmp_path / "data", 250, seed=1, shard_rows=100)
    assert [f.name for f in files] == [f"train-0000{i}-of-00003.parquet" for i in range(3)]
    assert [pq.ParquetFile(f).metadata.num_rows for f in files] == [100, 100, 50]
    loaded = datasets.load_dataset("parquet", data_dir=str(tmp_path / "data"), split="train")
    expected = export.to_dataset(mix, 250, seed=1)
    assert loaded.features == expected.features
    assert loaded.to_list() == expected.to_list()
    with pytest.raises(exc.InvalidArgumentError, match="overwrite"):
        export.write_parquet(mix, tmp_path / "data", 10)
    files = export.write_parquet(mix, tmp_path / "data", 10, overwrite=True, shard_bytes=1)
    assert len(files) == 10  # every batch closes a 1-byte shard
    assert len(list((tmp_path / "data").glob("*.parquet"))) == 10
    single = export.write_parquet(TASKS[0], tmp_path / "one.parquet", 5)
    assert pq.read_table(single[0]).schema.equals(row_schema())
    empty = export.write_parquet(TASKS[0], tmp_path / "empty", 0)
    assert pq.read_table(empty[0]).num_rows == 0
    with pytest.raises(exc.InvalidArgumentError):
        export.write_parquet(TASKS[0], tmp_path / "x.parquet", 5, shard_rows=2)


def test_cli_gen_with_a_mix_file_writes_shards(tmp_path: Path) -> None:
    lines = []
    for i, task in enumerate(TASKS):
        lines += ["[[tasks]]", f'task = "{task}"', f"weight = {i + 1}", "level = 2", ""]
    mix_file = tmp_path / "mix.toml"
    mix_file.write_text("\n".join(lines))
    out = tmp_path / "shards"
    runner = CliRunner()
    args = ["gen", "--mix", str(mix_file), "-n", "30", "--seed", "4", "-o", str(out)]
    result = runner.invoke(main, [*args, "--shard-rows", "20"])
    assert result.exit_code == 0, result.output
    table = pa.concat_tables(pq.read_table(f) for f in sorted(out.glob("*.parquet")))
    assert table.to_pylist() == export.arrow_table(load_mix(mix_file), 30, seed=4).to_pylist()
    jsonl = tmp_path / "mix.jsonl"
    result = runner.invoke(
        main, ["gen", "--mix", str(mix_file), "-n", "30", "-s", "4", "-o", str(jsonl)]
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(x) for x in jsonl.read_text().splitlines()] == table.to_pylist()
    for bad in (
        ["gen", "-n", "3", "-o", str(jsonl)],
        ["gen", "--mix", str(mix_file), "-t", TASKS[0], "-n", "3", "-o", str(jsonl)],
        ["gen", "--mix", str(mix_file), "-l", "3", "-n", "3", "-o", str(jsonl)],
        ["gen", "--mix", str(tmp_path / "none.toml"), "-n", "3", "-o", str(jsonl)],
        ["gen", "-t", TASKS[0], "-n", "3", "-o", str(jsonl), "--shard-rows", "2"],
    ):
        result = runner.invoke(main, bad)
        assert result.exit_code == 2, (bad, result.output)
        assert "Traceback" not in result.output


def test_verl_reads_the_shards_and_scores_rows(tmp_path: Path) -> None:
    """Mirrors verl 0.9's RLHFDataset (load_dataset per train_files entry) and its naive
    reward manager (compute_score on reward_model.ground_truth and extra_info)."""
    from synlogic import verl

    export.write_parquet(_mix(), tmp_path / "train", 40, shard_rows=15)
    train_files = [str(tmp_path / "train" / "*.parquet")]
    frames = []
    for parquet_file in train_files:
        assert parquet_file.endswith(".parquet")
        frames.append(datasets.load_dataset("parquet", data_files=parquet_file)["train"])
    frame = datasets.concatenate_datasets(frames)
    assert len(frame) == 40
    for row in frame.select(range(6)):
        assert isinstance(row["prompt"], list)
        assert row["prompt"][0]["role"] == "user"
        extra_info = dict(row["extra_info"], num_turns=None, rollout_reward_scores={})
        result = verl.compute_score(
            data_source=row["data_source"],
            solution_str=f"<think>t</think><answer>{row['answer']}</answer>",
            ground_truth=row["reward_model"]["ground_truth"],
            extra_info=extra_info,
        )
        assert result["score"] == result["acc"] == 1.0
