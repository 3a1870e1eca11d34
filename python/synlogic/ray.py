"""Ray Data: synlogic rows as a ``ray.data.Dataset``, and a batch scorer for ``map_batches``.

Needs the ``ray`` extra (``pip install 'synlogic[ray]'``).

Generation splits perfectly because row ``index`` under ``seed`` depends on nothing else:
:func:`read_synlogic` cuts rows ``start .. start + n - 1`` into contiguous index ranges, one
Ray read task each, and every task builds Arrow blocks with synlogic's own batch generator
(no per-row Python objects). Read in order, the rows are exactly those of
:func:`synlogic.to_dataset` and :func:`synlogic.write_parquet` for the same arguments::

    import ray, synlogic.ray

    ds = synlogic.ray.read_synlogic({"sudoku": 1, "zebra": 1}, 10_000_000, seed=0)
    ds.write_parquet("s3://bucket/train/")

    scored = completions_ds.map_batches(
        synlogic.ray.Scorer, batch_format="pyarrow", concurrency=4,
        fn_constructor_kwargs={"completion_column": "completion"},
    )

Each read task runs synlogic's thread pool with one thread per Ray CPU it holds
(``SYNLOGIC_NUM_THREADS``, set through the task's runtime environment). For the scorer's
actors, pass ``runtime_env={"env_vars": {"SYNLOGIC_NUM_THREADS": "1"}}`` to ``map_batches``
(with ``num_cpus=1``) for the same effect.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from synlogic import _core
from synlogic._api import verify, verify_batch
from synlogic._args import check_bool, check_int, check_rows, check_str, shard_range
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError, PayloadError
from synlogic.mix import Source, as_mix

try:
    import ray
    import ray.data
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("synlogic.ray needs Ray Data: pip install 'synlogic[ray]'") from error

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["DEFAULT_ROWS_PER_BLOCK", "Scorer", "SynlogicDatasource", "read_synlogic"]

DEFAULT_ROWS_PER_BLOCK = 16_384
"""Rows a read task generates at once (one Arrow batch, a few MB at the default levels)."""

_SAMPLE_ROWS = 64
"""Rows generated on the driver to estimate the bytes per row for Ray's planner."""


def _read_range(
    entries: str,
    seed: int,
    first: int,
    count: int,
    rows_per_block: int,
    system_prompt: str | None,
    chat: bool,
) -> Iterator[pa.Table]:
    """Rows ``first .. first + count - 1`` as Arrow tables of up to ``rows_per_block`` rows."""
    import pyarrow as pa

    core = _core.Mix(entries)
    end = first + count
    while first < end:
        size = min(rows_per_block, end - first)
        yield pa.Table.from_batches(
            [pa.record_batch(core.arrow(seed, first, size, system_prompt, chat))]
        )
        first += size


class SynlogicDatasource(Datasource):
    """A Ray Data datasource of synlogic rows ``start .. start + n - 1`` of a task or mix.

    ``get_read_tasks(parallelism)`` returns ``parallelism`` read tasks (fewer when there are
    fewer than ``rows_per_block`` rows each), one per contiguous index range; each yields its
    rows as Arrow tables of up to ``rows_per_block`` rows. The datasource holds
    only the mix's JSON description, so it pickles to any worker.
    """

    def __init__(
        self,
        source: Source,
        n: int,
        *,
        seed: int = 0,
        start: int = 0,
        level: int | None = None,
        knobs: Mapping[str, Any] | None = None,
        system_prompt: str | None = None,
        chat: bool = True,
        rows_per_block: int = DEFAULT_ROWS_PER_BLOCK,
    ) -> None:
        super().__init__()
        check_rows(n, seed=seed, start=start, system_prompt=system_prompt, chat=chat)
        check_int("rows_per_block", rows_per_block, low=1, high=1 << 24)
        mix = as_mix(source, level=level, knobs=knobs)
        self._entries = json.dumps([entry.to_json() for entry in mix.entries])
        self._n = n
        self._seed = seed
        self._start = start
        self._system_prompt = system_prompt
        self._chat = bool(chat)
        self._rows_per_block = rows_per_block
        self._row_bytes: int | None = None

    def get_name(self) -> str:
        return "synlogic"

    def _bytes_per_row(self) -> int:
        if self._row_bytes is None:
            import pyarrow as pa

            sample = min(self._n, _SAMPLE_ROWS)
            batch = pa.record_batch(
                _core.Mix(self._entries).arrow(
                    self._seed, self._start, sample, self._system_prompt, self._chat
                )
            )
            self._row_bytes = max(1, batch.nbytes // max(1, sample))
        return self._row_bytes

    def estimate_inmemory_data_size(self) -> int:
        return self._n * self._bytes_per_row() if self._n else 0

    def get_read_tasks(
        self,
        parallelism: int,
        per_task_row_limit: int | None = None,
        data_context: Any = None,
    ) -> list[ReadTask]:
        blocks = -(-self._n // self._rows_per_block)
        tasks = max(1, min(parallelism, blocks))
        row_bytes = self._bytes_per_row()
        read_tasks = []
        for part in range(tasks):
            first, count = shard_range(self._start, self._n, part, tasks)
            if count == 0 and self._n:
                continue
            metadata = BlockMetadata(
                num_rows=count,
                size_bytes=count * row_bytes,
                exec_stats=None,
                input_files=None,
            )
            args = (
                self._entries,
                self._seed,
                first,
                count,
                self._rows_per_block,
                self._system_prompt,
                self._chat,
            )
            read_tasks.append(
                ReadTask(
                    lambda args=args: _read_range(*args),
                    metadata,
                    per_task_row_limit=per_task_row_limit,
                )
            )
        return read_tasks


def read_synlogic(
    source: Source,
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    rows_per_block: int | None = None,
    num_read_tasks: int | None = None,
    num_cpus: int = 1,
    concurrency: int | None = None,
) -> ray.data.Dataset:
    """Rows ``start .. start + n - 1`` of ``source`` (a task id, ``{task: weight}``, or a
    :class:`~synlogic.Mix`) as a ``ray.data.Dataset``.

    ``num_read_tasks`` sets how many read tasks (contiguous index ranges) there are (Ray
    decides when None). Each task generates its rows in Arrow batches of up to
    ``DEFAULT_ROWS_PER_BLOCK`` rows, and Ray shapes them into blocks of up to
    ``DataContext.target_max_block_size`` bytes; ``rows_per_block`` instead makes every block
    hold at most that many rows (Ray's streaming ``repartition``, which keeps the order).
    Each read task holds ``num_cpus`` CPUs and runs synlogic's pool with as many threads
    (``SYNLOGIC_NUM_THREADS`` in its runtime environment), so Ray's CPU accounting holds;
    ``concurrency`` caps the read tasks running at once.
    """
    if rows_per_block is not None:
        check_int("rows_per_block", rows_per_block, low=1, high=1 << 24)
    datasource = SynlogicDatasource(
        source,
        n,
        seed=seed,
        start=start,
        level=level,
        knobs=knobs,
        system_prompt=system_prompt,
        chat=chat,
        rows_per_block=min(rows_per_block or DEFAULT_ROWS_PER_BLOCK, DEFAULT_ROWS_PER_BLOCK),
    )
    if num_read_tasks is not None:
        check_int("num_read_tasks", num_read_tasks, low=1, high=1 << 20)
    check_int("num_cpus", num_cpus, low=1, high=1 << 16)
    if concurrency is not None:
        check_int("concurrency", concurrency, low=1, high=1 << 20)
    dataset = ray.data.read_datasource(
        datasource,
        override_num_blocks=num_read_tasks,
        num_cpus=num_cpus,
        concurrency=concurrency,
        runtime_env={"env_vars": {"SYNLOGIC_NUM_THREADS": str(num_cpus)}},
    )
    if rows_per_block is None:
        return dataset
    return dataset.repartition(target_num_rows_per_block=rows_per_block)


@dataclass(frozen=True)
class _BadPayload:
    """The verdict of a row whose verification payload does not load."""

    reason: str
    score: float = 0.0
    correct: bool = False


class Scorer:
    """Scores a column of completions against the ``verification`` column, for
        ``Dataset.map_batches(Scorer, batch_format="pyarrow", concurrency=..., ...)``.

        Adds ``{prefix}score`` (float64), ``{prefix}correct`` (bool) and ``{prefix}reason``
        (string) to each batch. Scoring runs in Rust on the actor's pool (GIL released); a
        missing or non-string completion scores 0, and so does a row whose verification payload
    does not load (its reason says why). ``partial`` scores with gated partial credit,
        ``tag`` is the answer tag.
    """

    def __init__(
        self,
        *,
        completion_column: str = "completion",
        verification_column: str = "verification",
        tag: str | None = "answer",
        partial: bool = False,
        prefix: str = "",
    ) -> None:
        self.completion_column = check_str("completion_column", completion_column)
        self.verification_column = check_str("verification_column", verification_column)
        if tag is not None:
            check_str("tag", tag)
        self.tag = tag
        self.partial = check_bool("partial", partial)
        self.prefix = check_str("prefix", prefix)

    def _verify_one(self, verification: str, completion: object) -> Any:
        try:
            return verify(verification, completion, tag=self.tag, partial=self.partial)
        except PayloadError as error:
            return _BadPayload(f"invalid payload: {error}")

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        if not isinstance(batch, pa.Table):
            raise InvalidArgumentTypeError(
                f"Scorer takes pyarrow batches (batch_format='pyarrow'), got {type(batch).__name__}"
            )
        for column in (self.completion_column, self.verification_column):
            if column not in batch.column_names:
                raise InvalidArgumentError(
                    f"the batch has no column {column!r} (columns: {batch.column_names})"
                )
        verifications = [
            value if isinstance(value, str) else ""
            for value in batch.column(self.verification_column).to_pylist()
        ]
        completions = batch.column(self.completion_column).to_pylist()
        try:
            verdicts = verify_batch(verifications, completions, tag=self.tag, partial=self.partial)
        except PayloadError:
            # One bad payload must not fail a whole offline run: score row by row, and give
            # the bad rows 0 with the payload error as the reason.
            verdicts = [
                self._verify_one(v, c) for v, c in zip(verifications, completions, strict=True)
            ]
        return (
            batch.append_column(
                f"{self.prefix}score", pa.array([v.score for v in verdicts], pa.float64())
            )
            .append_column(
                f"{self.prefix}correct", pa.array([v.correct for v in verdicts], pa.bool_())
            )
            .append_column(
                f"{self.prefix}reason", pa.array([v.reason for v in verdicts], pa.string())
            )
        )
