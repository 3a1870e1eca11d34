"""The `synlogic` command line: gen, list, verify, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import synlogic
from click.testing import CliRunner
from synlogic.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_gen_jsonl_matches_the_api(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "cd.jsonl"
    result = runner.invoke(main, ["gen", "--task", "countdown", "-n", "50", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == synlogic.generate("countdown", 50)


def test_gen_parquet_with_level_knob_seed_start(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "kk.parquet"
    info = synlogic.task_info("knights_knaves")
    knob, value = next(iter(info.levels[3].items()))
    args = ["gen", "-t", "knights_knaves", "-l", "4", "-k", f"{knob}={json.dumps(value)}"]
    args += ["-n", "10", "--seed", "7", "--start", "100", "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 10
    assert (
        str(table.schema.field("prompt").type)
        == "list<item: struct<role: string, content: string>>"
    )
    expected = synlogic.generate("knights_knaves", 10, seed=7, start=100, level=4)
    assert table.to_pylist() == expected


def test_gen_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["gen", "-t", "countdown", "-n", "3", "-o", "-"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 3


def test_list_shows_tasks_levels_and_knobs(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    for task in synlogic.list_tasks():
        assert task in result.output
    assert "level 10" in result.output
    as_json = json.loads(runner.invoke(main, ["list", "--json"]).output)
    assert set(as_json) == set(synlogic.list_tasks())


def test_verify_reports_accuracy(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    runner.invoke(main, ["gen", "-t", "countdown", "-n", "20", "-o", str(data)])
    rows = [json.loads(line) for line in data.read_text().splitlines()]
    completions = tmp_path / "completions.jsonl"
    with completions.open("w") as handle:
        for i, row in enumerate(rows):
            answer = row["answer"] if i % 4 else "1 + 1"
            handle.write(json.dumps({"completion": f"<answer>{answer}</answer>"}) + "\n")
    scores = tmp_path / "scores.jsonl"
    args = ["verify", str(data), str(completions), "--scores", str(scores)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "accuracy: 0.7500" in result.output
    assert len(scores.read_text().splitlines()) == 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gen", "-t", "countdwn", "-n", "1", "-o", "-"], 'did you mean "countdown"'),
        (["gen", "-t", "countdown", "-k", "bogus=1", "-n", "1", "-o", "-"], "bogus"),
        (["gen", "-t", "countdown", "-l", "11", "-n", "1", "-o", "-"], "level"),
        (["gen", "-t", "countdown", "-n", "-4", "-o", "-"], "-n"),
        (
            ["gen", "-t", "countdown", "-n", "1", "--seed", "99999999999999999999999", "-o", "-"],
            "seed",
        ),
        (["gen", "-t", "countdown", "-n", "1", "-o", "/nonexistent/dir/x.jsonl"], "nonexistent"),
        (["gen", "-t", "countdown", "-n", "1", "-o", "out.csv"], ".jsonl or .parquet"),
        (["verify", "/nonexistent.jsonl", "/nonexistent2.jsonl"], "no such file"),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_input_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"completion": "x"}\n{not json\n')
    result = runner.invoke(main, ["verify", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output


def test_installed_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "synlogic.cli", "gen", "-t", "countdown", "-n", "2", "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(result.stdout.splitlines()) == 2


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "synlogic.cli", *args]


def test_a_closed_pipe_ends_quietly() -> None:
    # `synlogic gen ... | head -1`: the reader goes away; no "Error: Broken pipe", no traceback.
    with subprocess.Popen(
        _cli("gen", "-t", "countdown", "-n", "200000", "-o", "-"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
    assert stderr == ""
    assert code == 141  # 128 + SIGPIPE, as a Unix tool killed by the signal reports


def test_gen_writes_straight_to_a_device() -> None:
    ok = subprocess.run(_cli("gen", "-t", "countdown", "-n", "5", "-o", "/dev/null"), check=False)
    assert ok.returncode == 0
    full = subprocess.run(
        _cli("gen", "-t", "countdown", "-n", "5", "-o", "/dev/full"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert full.returncode == 2
    assert full.stderr.strip().splitlines() == [full.stderr.strip()]
    assert "No space left on device" in full.stderr
    assert not Path("/dev/full.tmp").exists()


def test_sigterm_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "big.jsonl"
    temporary = tmp_path / "big.jsonl.tmp"
    with subprocess.Popen(
        _cli("gen", "-t", "string_compose", "-l", "1", "-n", "100000000", "-o", str(out)),
        stderr=subprocess.PIPE,
    ) as proc:
        deadline = time.monotonic() + 60
        while not temporary.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert temporary.exists(), "the run never started writing"
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 128 + signal.SIGTERM
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize("parts", [1, 3, 7])
def test_shards_concatenate_to_the_single_run(
    runner: CliRunner, tmp_path: Path, parts: int
) -> None:
    mix = ["--mix", str(Path(__file__).resolve().parents[1] / "examples" / "mix.toml")]
    common = [*mix, "-n", "500", "--seed", "9", "--start", "40"]
    whole = tmp_path / "whole.jsonl"
    assert runner.invoke(main, ["gen", *common, "-o", str(whole)]).exit_code == 0
    pieces = b""
    for k in range(parts):
        out = tmp_path / f"part{k}.jsonl"
        result = runner.invoke(main, ["gen", *common, "--shard", f"{k}/{parts}", "-o", str(out)])
        assert result.exit_code == 0, result.output
        pieces += out.read_bytes()
    assert pieces == whole.read_bytes()


def test_shards_share_a_parquet_directory_in_row_order(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "train"
    for k in range(4):
        args = ["gen", "-t", "sudoku", "-n", "250", "--shard", f"{k}/4", "--shard-rows", "40"]
        result = runner.invoke(main, [*args, "-o", str(out)])
        assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.parquet"))
    assert files[0].name == "train-00000-of-00004-00000-of-00002.parquet"
    table = pq.ParquetDataset(files).read()
    assert table.equals(synlogic.arrow_table("sudoku", 250))


@pytest.mark.parametrize("spec", ["4/4", "-1/4", "1/0", "a/b", "3", "1/2/3", f"0/{(1 << 20) + 1}"])
def test_bad_shard_is_one_line_with_exit_code_2(runner: CliRunner, spec: str) -> None:
    result = runner.invoke(main, ["gen", "-t", "sudoku", "-n", "9", "--shard", spec, "-o", "-"])
    assert result.exit_code == 2
    assert "K/N" in result.output
    assert len(result.output.strip().splitlines()) == 1
