"""The ``synlogic`` command line: ``gen``, ``list``, ``verify``, ``serve`` and
``openrlhf-path``."""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

import click

from synlogic import _api, _core
from synlogic._args import shard_range
from synlogic.exceptions import InputFileError, SynlogicError

F = TypeVar("F", bound=Callable[..., Any])

CHUNK = 4096

U64 = click.IntRange(0, (1 << 64) - 1)
"""Seeds, starts and counts: what the core's 64-bit indices hold."""

LEVEL = click.IntRange(1, 10)
"""Difficulty levels."""


class _ShardType(click.ParamType):
    """``K/N``: the K-th (from 0) of N contiguous parts of a run."""

    name = "K/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        shard, slash, total = str(value).partition("/")
        if slash and shard.isdigit() and total.isdigit():
            k, n = int(shard), int(total)
            if 0 <= k < n <= 1 << 20:
                return k, n
        self.fail(f"expected K/N with 0 <= K < N <= {1 << 20}, got {value!r}", param, ctx)


SHARD = _ShardType()


class CliError(click.ClickException):
    """A one-line error with exit code 2 and no traceback."""

    exit_code = 2


def _one_line(error: click.UsageError) -> CliError:
    """A usage error (bad option value, missing option, unknown command) as one line."""
    where = error.ctx.command_path if error.ctx is not None else "synlogic"
    return CliError(f"{error.format_message()} (see '{where} --help')")


class _Group(click.Group):
    """A command group whose usage errors, its own and its commands', are one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _one_line(error) from None


def _fail_cleanly(func: F) -> F:
    """Turns synlogic errors and OS errors into one-line CLI errors, and a reader that went
    away (``synlogic list | head``) into a quiet exit, as other Unix tools do."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            _quiet_after_broken_pipe()
        except SynlogicError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None

    return wrapper  # type: ignore[return-value]


def _quiet_after_broken_pipe() -> None:
    """Exits with 128 + SIGPIPE and no message once stdout's reader has closed the pipe.

    stdout is pointed at /dev/null first, so that Python's final flush of the unwritten
    buffer cannot raise a second BrokenPipeError while the interpreter shuts down.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    sys.exit(128 + signal.SIGPIPE)


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM raises ``SystemExit`` instead of killing the process, so the
    cleanup of partial output (``*.tmp`` files, unfinished shards) runs as it does on Ctrl-C."""

    def on_term(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: leave the handler alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _parse_knobs(pairs: tuple[str, ...]) -> dict[str, Any] | None:
    if not pairs:
        return None
    knobs: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"--knob expects NAME=VALUE, got {pair!r}")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw  # a bare word such as rotational
        knobs[name.strip()] = value
    return knobs


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_core.__version__, prog_name="synlogic")
def main() -> None:
    """synlogic: fast, verifiable reasoning tasks for RL training."""


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@_fail_cleanly
def list_command(as_json: bool) -> None:
    """Show the tasks, their knobs and their levels."""
    infos = [_api.task_info(t) for t in _api.list_tasks()]
    if as_json:
        click.echo(json.dumps({i.id: i.__dict__ for i in infos}, indent=2))
        return
    for info in infos:
        click.echo(f"{info.id}  [{info.family}]  {info.summary}")
        click.echo(f"  default level {info.default_level}; difficulty = {info.difficulty_measure}")
        knobs = ", ".join(f"{k}={json.dumps(v)}" for k, v in info.knobs.items())
        click.echo(f"  knobs: {knobs}")
        distinct = info.distinct_items or [None] * len(info.levels)
        for number, (level, variety) in enumerate(zip(info.levels, distinct, strict=True), start=1):
            values = " ".join(f"{k}={json.dumps(v)}" for k, v in level.items())
            tail = f"  ({variety} distinct items)" if variety else ""
            click.echo(f"  level {number:>2}: {values}{tail}")
        click.echo()


def _output_kind(path: str) -> str:
    """``jsonl``, ``parquet``, ``shards`` (a directory), or ``stream`` (JSONL written straight
    to an existing device or pipe such as /dev/null, /dev/full or a FIFO)."""
    if path == "-":
        return "jsonl"
    target = Path(path)
    if target.exists() and not target.is_dir() and not target.is_file():
        return "stream"
    suffix = target.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if target.is_file() or (suffix and not target.is_dir()):
        raise CliError(
            f"output {path!r}: use a .jsonl or .parquet file, a directory (parquet shards), "
            "or - for stdout"
        )
    return "shards"


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="item", disable=not enabled, file=sys.stderr, smoothing=0.1)


@main.command("gen")
@click.option("--task", "-t", default=None, help="Task id (see `synlogic list`).")
@click.option(
    "--mix",
    "mix_file",
    default=None,
    metavar="FILE",
    help="A TOML mix file ([[tasks]] tables with task, weight, level, knobs) instead of --task.",
)
@click.option("--level", "-l", type=LEVEL, default=None, help="Difficulty level 1-10.")
@click.option(
    "--knob", "-k", "knob_pairs", multiple=True, metavar="NAME=VALUE", help="Override a knob."
)
@click.option("-n", "count", type=U64, required=True, help="Number of items.")
@click.option("--seed", "-s", type=U64, default=0, help="Seed (0 to 2**64-1).")
@click.option("--start", type=U64, default=0, help="First item index.")
@click.option(
    "--output",
    "-o",
    required=True,
    help="A .jsonl or .parquet file, a directory for parquet shards, or - for stdout.",
)
@click.option("--system-prompt", default=None, help="Add this system message to each prompt.")
@click.option("--plain-prompt", is_flag=True, help="Write the prompt as plain text, not chat.")
@click.option(
    "--shard-rows",
    type=click.IntRange(min=1),
    default=None,
    help="Rows per parquet shard (directory output).",
)
@click.option(
    "--shard-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Approximate Arrow bytes per parquet shard (directory output).",
)
@click.option("--overwrite", is_flag=True, help="Replace existing shards in the directory.")
@click.option(
    "--shard",
    type=SHARD,
    default=None,
    help="Write only the K-th (from 0) of N contiguous parts of the -n rows, e.g. 3/16; "
    "the N parts together are the rows of one run.",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a TTY).")
@_fail_cleanly
def gen_command(
    task: str | None,
    mix_file: str | None,
    level: int | None,
    knob_pairs: tuple[str, ...],
    count: int,
    seed: int,
    start: int,
    output: str,
    system_prompt: str | None,
    plain_prompt: bool,
    shard_rows: int | None,
    shard_bytes: int | None,
    overwrite: bool,
    shard: tuple[int, int] | None,
    progress: bool | None,
) -> None:
    """Generate N items of a task (or a mix) to JSONL, a parquet file or parquet shards.

    With ``--shard K/N`` only rows ``start + K*n//N`` up to ``start + (K+1)*n//N`` are
    written, so N jobs (a SLURM array, say) together write the rows of one run; in a
    directory, part K's files are named ``train-K-of-N-*.parquet`` so the N parts can share
    it and sort in row order."""
    from synlogic.export import write_parquet
    from synlogic.mix import Mix, load_mix

    seed_value, start_value = seed, start
    if start_value + count > 1 << 64:
        raise CliError(f"--start + -n must not exceed 2**64, got {start_value} + {count}")
    if (task is None) == (mix_file is None):
        raise CliError("give exactly one of --task and --mix")
    knobs = _parse_knobs(knob_pairs)
    if mix_file is not None:
        if level is not None or knobs is not None:
            raise CliError("--level and --knob apply to --task; set them per task in the mix")
        mix = load_mix(mix_file)
    else:
        assert task is not None
        mix = Mix.single(task, level=level, knobs=knobs)
    kind = _output_kind(output)
    if kind != "shards" and (shard_rows is not None or shard_bytes is not None):
        raise CliError("--shard-rows and --shard-bytes need a directory output")
    prefix = "train"
    if shard is not None:
        start_value, count = shard_range(start_value, count, *shard)
        prefix = f"train-{shard[0]:05d}-of-{shard[1]:05d}"
    show = progress if progress is not None else (output != "-" and sys.stderr.isatty())
    chat = not plain_prompt
    with _terminate_as_exit(), _progress(count, show) as bar:
        if kind in ("jsonl", "stream"):
            chunks = _chunks(mix, count, seed_value, start_value, system_prompt, chat)
            if output == "-":
                try:
                    for data, size in chunks:
                        sys.stdout.buffer.write(data)
                        bar.update(size)
                finally:
                    sys.stdout.buffer.flush()
                return
            if kind == "stream":  # a device or a pipe: no temporary file beside it
                with open(output, "wb") as stream:
                    for data, size in chunks:
                        stream.write(data)
                        bar.update(size)
                return
            # A temporary file replaces the output only once every row is written, so a
            # failure (a GenerationError) leaves no file holding fewer rows than asked.
            temporary = Path(output + ".tmp")
            try:
                with temporary.open("wb") as stream:
                    for data, size in chunks:
                        stream.write(data)
                        bar.update(size)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            temporary.replace(output)
            return
        files = write_parquet(
            mix,
            output,
            count,
            seed=seed_value,
            start=start_value,
            system_prompt=system_prompt,
            chat=chat,
            shard_rows=shard_rows,
            shard_bytes=shard_bytes,
            overwrite=overwrite,
            prefix=prefix,
            progress=bar.update,
        )
    if kind == "shards":
        click.echo(f"wrote {count} rows to {len(files)} shard(s) in {output}", err=True)


def _chunks(
    mix: Any,
    count: int,
    seed: int,
    start: int,
    system_prompt: str | None,
    chat: bool,
) -> Iterator[tuple[bytes, int]]:
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        yield mix._core.jsonl(seed, start + done, size, system_prompt, chat), size
        done += size


def _read_rows(path: str) -> list[dict[str, Any]]:
    file = Path(path)
    if not file.is_file():
        raise InputFileError(f"{path}: no such file")
    if file.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return pq.read_table(file).to_pylist()
        except Exception as exc:  # pyarrow raises several unrelated types
            raise InputFileError(f"{path}: not a readable parquet file ({exc})") from None
    rows = []
    with file.open("r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFileError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise InputFileError(f"{path}:{number}: expected a JSON object per line")
            rows.append(row)
    return rows


@main.command("verify")
@click.argument("data", metavar="DATA")
@click.argument("completions", metavar="COMPLETIONS")
@click.option("--tag", default="answer", show_default=True, help="Answer tag to read.")
@click.option("--partial", is_flag=True, help="Score with gated partial credit.")
@click.option("--scores", "scores_path", default=None, help="Write per-row verdicts (JSONL).")
@_fail_cleanly
def verify_command(
    data: str, completions: str, tag: str, partial: bool, scores_path: str | None
) -> None:
    """Score COMPLETIONS (JSONL with a "completion" per line, in DATA's order, or with the
    row's "verification") against DATA (a file written by `synlogic gen`)."""
    rows = _read_rows(data)
    answers = _read_rows(completions)
    if any("verification" not in a for a in answers) and len(rows) != len(answers):
        raise InputFileError(
            f"{completions}: {len(answers)} completions for {len(rows)} rows in {data}; "
            "give one completion per row, or a verification field per completion"
        )
    payloads, texts = [], []
    for i, answer in enumerate(answers):
        if "completion" not in answer:
            raise InputFileError(f"{completions}:{i + 1}: missing the 'completion' field")
        completion = answer["completion"]
        if not isinstance(completion, (str, list, dict)):
            raise InputFileError(
                f"{completions}:{i + 1}: 'completion' must be a string or chat messages, got "
                f"{type(completion).__name__}"
            )
        payload = answer.get("verification") or rows[i].get("verification")
        if not isinstance(payload, str):
            raise InputFileError(f"row {i + 1}: no verification payload")
        payloads.append(payload)
        texts.append(completion)
    # Open the scores file first, so that an unwritable path fails before any output.
    scores_file = open(scores_path, "w", encoding="utf-8") if scores_path else nullcontext()  # noqa: SIM115
    with scores_file as out:
        verdicts = _api.verify_batch(payloads, texts, tag=tag, partial=partial)
        by_task: dict[str, list[float]] = {}
        for payload, verdict in zip(payloads, verdicts, strict=True):
            by_task.setdefault(json.loads(payload)["task"], []).append(verdict.score)
        total = len(verdicts)
        correct = sum(v.correct for v in verdicts)
        mean = sum(v.score for v in verdicts) / total if total else 0.0
        accuracy = correct / total if total else 0.0
        click.echo(f"rows: {total}  accuracy: {accuracy:.4f}  mean: {mean:.4f}")
        for task_id, scores in sorted(by_task.items()):
            click.echo(f"  {task_id}: n={len(scores)} mean={sum(scores) / len(scores):.4f}")
        if out is not None:
            for verdict in verdicts:
                record = {"score": verdict.score, "correct": verdict.correct}
                record["reason"] = verdict.reason
                out.write(json.dumps(record) + "\n")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free).",
)
@click.option(
    "--max-request-bytes",
    default=64 << 20,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body accepted (larger ones get 413).",
)
@click.option("--partial-weight", default=0.0, show_default=True, help="Partial-credit weight.")
@click.option("--format-weight", default=0.0, show_default=True, help="Format-reward weight.")
@click.option("--strict-format", is_flag=True, help="Use the strict format check.")
@click.option("--tag", default="answer", show_default=True, help="Answer tag to read.")
@click.option(
    "--options",
    "options_json",
    default=None,
    metavar="JSON",
    help="Every reward option as one JSON object (the names of synlogic.WeightedReward, e.g. "
    '\'{"format": 0.2, "length": 0.1, "length_options": {"target": 512}}\'), instead of '
    "the weight and tag flags.",
)
@click.option(
    "--workers", default=4, show_default=True, type=click.IntRange(1, 256), help="Scoring threads."
)
@click.option(
    "--curriculum",
    "curriculum_path",
    default=None,
    metavar="FILE",
    help="Serve an adaptive curriculum at /curriculum/*: a JSON file of curriculum settings "
    "(tasks, policy, seed, ...) or a state saved by Curriculum.save.",
)
@_fail_cleanly
def serve_command(
    host: str,
    port: int,
    max_request_bytes: int,
    partial_weight: float,
    format_weight: float,
    strict_format: bool,
    tag: str,
    options_json: str | None,
    workers: int,
    curriculum_path: str | None,
) -> None:
    """Serve rewards over HTTP (OpenRLHF's remote reward protocol at /get_reward, plain
    batch scoring at /score). Needs the `serve` extra (aiohttp)."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        raise CliError("the reward server needs aiohttp: pip install 'synlogic[serve]'") from None
    from synlogic.rewards import SynlogicReward, WeightedReward
    from synlogic.server import serve

    if options_json is not None:
        try:
            options = json.loads(options_json)
        except json.JSONDecodeError as exc:
            raise CliError(f"--options must be a JSON object ({exc.msg})") from None
        if not isinstance(options, dict):
            raise CliError("--options must be a JSON object")
        reward = SynlogicReward(options=options, name="synlogic")
    else:
        reward = WeightedReward(
            correctness=1.0,
            partial=partial_weight,
            format=format_weight,
            strict_format=strict_format,
            tag=tag or None,
        )
    curriculum = None
    if curriculum_path is not None:
        from synlogic.curriculum import Curriculum

        try:
            with open(curriculum_path, encoding="utf-8") as file:
                loaded = json.load(file)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CliError(f"--curriculum {curriculum_path}: cannot read ({exc})") from None
        if not isinstance(loaded, dict):
            raise CliError(f"--curriculum {curriculum_path}: expected a JSON object")
        is_state = "format" in loaded and "settings" in loaded
        curriculum = (
            Curriculum.from_state_dict(loaded) if is_state else Curriculum.from_settings(loaded)
        )
    serve(
        host,
        port,
        max_request_bytes=max_request_bytes,
        reward=reward,
        workers=workers,
        curriculum=curriculum,
    )


@main.command("openrlhf-path")
def openrlhf_path_command() -> None:
    """Print the path of the OpenRLHF reward file (for --reward.remote_url)."""
    from synlogic import openrlhf_reward

    click.echo(str(Path(openrlhf_reward.__file__).resolve()))


# --- synlogic bench ------------------------------------------------------------------------


@main.command("bench")
@click.option("--task", "-t", required=True, help="Task id (see `synlogic list`).")
@click.option("--level", "-l", type=LEVEL, default=None, help="Difficulty level 1-10.")
@click.option(
    "--knob", "-k", "knob_pairs", multiple=True, metavar="NAME=VALUE", help="Override a knob."
)
@click.option(
    "--seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Time per figure.",
)
@click.option("--threads", "thread_list", default=None, help="Thread counts, e.g. 1,4,8.")
@click.option("--compare", is_flag=True, help="Also run benchmarks/run.py against reasoning-gym.")
@_fail_cleanly
def bench_command(
    task: str,
    level: int | None,
    knob_pairs: tuple[str, ...],
    seconds: float,
    thread_list: str | None,
    compare: bool,
) -> None:
    """Measure this machine's generation and verification rates for a task."""
    from synlogic import bench

    try:
        threads = [int(t) for t in thread_list.split(",")] if thread_list else None
    except ValueError:
        raise CliError(f"--threads expects integers like 1,4,8, got {thread_list!r}") from None
    if threads is not None and any(t < 1 for t in threads):
        raise CliError("--threads values must be at least 1")
    knobs = _parse_knobs(knob_pairs)
    result = bench.measure(task, level=level, knobs=knobs, seconds=seconds, threads=threads)
    click.echo(bench.format_table(result))
    if compare:
        bench.run_compare(task)


if __name__ == "__main__":
    main()
