"""Datasets for trainers: Arrow tables, ``datasets.Dataset``, ``datasets.IterableDataset``
and parquet shards, for one task or a weighted :class:`~synlogic.mix.Mix`.

Rows are generated in Rust and handed over as Arrow record batches through the Arrow C data
interface (no JSON, no per-row Python objects), with the schema of
:func:`synlogic._schema.row_schema` (``utf8`` and ``list`` types, so ``datasets.Features``
need no cast). Row ``index`` under ``seed`` is the same whichever path produced it.

``source`` is anything :func:`~synlogic.mix.as_mix` accepts: a task id (with ``level`` and
``knobs``), a ``{task: weight}`` mapping, a list of :class:`~synlogic.mix.MixEntry` or a
:class:`~synlogic.mix.Mix`.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synlogic import _core
from synlogic._args import U64_MAX, check_int, check_rows, shard_range
from synlogic._schema import row_schema
from synlogic.exceptions import InvalidArgumentError, InvalidArgumentTypeError
from synlogic.mix import Mix, Source, as_mix

if TYPE_CHECKING:
    import datasets
    import pyarrow as pa

__all__ = [
    "arrow_table",
    "dataset_fingerprint",
    "features",
    "record_batches",
    "to_dataset",
    "to_iterable_dataset",
    "write_parquet",
]

DEFAULT_BATCH_SIZE = 16_384
DEFAULT_SHARD_ROWS = 100_000
DEFAULT_SHARD_BYTES = 256 << 20


def _chunks(start: int, n: int | None, batch_size: int) -> Iterator[tuple[int, int]]:
    end = U64_MAX + 1 if n is None else start + n
    index = start
    while index < end:
        count = min(batch_size, end - index)
        yield index, count
        index += count


def _batches(
    mix: Mix,
    n: int | None,
    seed: int,
    start: int,
    system_prompt: str | None,
    chat: bool,
    batch_size: int,
) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    core = mix._core
    # Up to two batches are made at once (in Rust, GIL released), so that one builds its
    # Arrow arrays (one thread) while the other's items are generated on the pool.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="synlogic-gen") as pool:
        pending: deque[Future[Any]] = deque()
        for index, count in _chunks(start, n, batch_size):
            pending.append(pool.submit(core.arrow, seed, index, count, system_prompt, chat))
            if len(pending) > 1:
                yield pa.record_batch(pending.popleft().result())
        while pending:
            yield pa.record_batch(pending.popleft().result())


def record_batches(
    source: Source,
    n: int | None = None,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[pa.RecordBatch]:
    """Rows ``start .. start + n - 1`` (unbounded when ``n`` is None) as
    ``pyarrow.RecordBatch`` objects of up to ``batch_size`` rows.

    Arguments are checked before the first batch is requested.
    """
    check_rows(
        n, seed=seed, start=start, system_prompt=system_prompt, chat=chat, batch_size=batch_size
    )
    mix = as_mix(source, level=level, knobs=knobs)
    return _batches(mix, n, seed, start, system_prompt, bool(chat), batch_size)


def arrow_table(
    source: Source,
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> pa.Table:
    """Rows ``start .. start + n - 1`` as a ``pyarrow.Table``."""
    import pyarrow as pa

    batches = list(
        record_batches(
            source,
            n,
            seed=seed,
            start=start,
            level=level,
            knobs=knobs,
            system_prompt=system_prompt,
            chat=chat,
            batch_size=batch_size,
        )
    )
    return pa.Table.from_batches(batches, schema=row_schema(chat=bool(chat)))


def features(*, chat: bool = True) -> datasets.Features:
    """The ``datasets.Features`` of synlogic rows."""
    from datasets import Features

    return Features.from_arrow_schema(row_schema(chat=chat))


def dataset_fingerprint(
    source: Source,
    n: int | None,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
) -> str:
    """A 64-hex-digit fingerprint of the rows: the synlogic version, each task's generator
    version and effective knobs, the mix weights, the range, the seed and the columns."""
    from synlogic._api import task_info

    check_rows(n, seed=seed, start=start, system_prompt=system_prompt, chat=chat)
    mix = as_mix(source, level=level, knobs=knobs)
    spec = {
        "synlogic": _core.__version__,
        "entries": [
            {
                "task": e.task,
                "version": task_info(e.task).version,
                "weight": e.weight,
                "level": e.level,
                "knobs": k,
            }
            for e, k in zip(mix.entries, mix.effective_knobs, strict=True)
        ],
        "n": n,
        "seed": seed,
        "start": start,
        "system_prompt": system_prompt,
        "chat": bool(chat),
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def to_dataset(
    source: Source,
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    split: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> datasets.Dataset:
    """A ``datasets.Dataset`` of rows ``start .. start + n - 1`` (in memory), built from
    Arrow batches with an explicit fingerprint (:func:`dataset_fingerprint`)."""
    from datasets import Dataset, DatasetInfo, NamedSplit
    from datasets.table import InMemoryTable

    if split is not None and not isinstance(split, str):
        raise InvalidArgumentTypeError(f"split must be a str, got {type(split).__name__}")
    mix = as_mix(source, level=level, knobs=knobs)
    table = arrow_table(
        mix,
        n,
        seed=seed,
        start=start,
        system_prompt=system_prompt,
        chat=chat,
        batch_size=batch_size,
    )
    fingerprint = dataset_fingerprint(
        mix, n, seed=seed, start=start, system_prompt=system_prompt, chat=chat
    )
    info = DatasetInfo(
        description=f"synlogic rows {start}..{start + n} of {mix!r} under seed {seed}",
        features=features(chat=bool(chat)),
    )
    return Dataset(
        InMemoryTable(table),
        info=info,
        split=NamedSplit(split) if split else None,
        fingerprint=fingerprint,
    )


def _generate_shards(
    shards: list[int],
    num_shards: int,
    entries: str,
    n: int | None,
    seed: int,
    start: int,
    block_size: int,
    system_prompt: str | None,
    chat: bool,
) -> Iterator[dict[str, Any]]:
    """Yields the rows of ``shards``, generated ``block_size`` at a time in Rust.

    Sized (``n`` rows): shard ``s`` is the contiguous range ``[s * n // S, (s + 1) * n // S)``
    after ``start``, so reading the shards in order gives the rows in index order.
    Unbounded: block ``k`` (rows ``start + k * block_size`` on) belongs to shard
    ``k % num_shards``, and the blocks of the given shards are yielded in order.
    """
    core = _core.Mix(entries)
    if n is not None:
        for shard in shards:
            first, rows = shard_range(start, n, shard, num_shards)
            for index, count in _chunks(first, rows, block_size):
                yield from core.rows(seed, index, count, system_prompt, chat)
        return
    owned = set(shards)
    block = 0
    while start + block * block_size <= U64_MAX:
        if block % num_shards in owned:
            first = start + block * block_size
            count = min(block_size, U64_MAX + 1 - first)
            yield from core.rows(seed, first, count, system_prompt, chat)
        block += 1


def to_iterable_dataset(
    source: Source,
    n: int | None = None,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    num_shards: int = 64,
    block_size: int = 256,
) -> datasets.IterableDataset:
    """A ``datasets.IterableDataset`` of rows from ``start`` on: ``n`` rows, or unbounded
    when ``n`` is None (give the trainer ``max_steps``).

    The rows are split into ``num_shards`` shards passed through ``gen_kwargs``, so
    DataLoader workers (and ``num_proc`` when materialized with
    ``datasets.Dataset.from_generator``) each generate a disjoint part; each shard is
    generated ``block_size`` rows at a time in Rust. Sized: shards are contiguous ranges, so
    one reader sees rows ``start, start + 1, ...`` in order. Unbounded: shard ``s`` holds
    blocks ``s, s + num_shards, ...`` of ``block_size`` rows (one reader reads the first
    shard). For a given seed and worker count the stream is identical on every rank and
    every run (TRL requires this).
    """
    from datasets import IterableDataset

    check_rows(n, seed=seed, start=start, system_prompt=system_prompt, chat=chat)
    check_int("num_shards", num_shards, low=1, high=1 << 20)
    check_int("block_size", block_size, low=1, high=1 << 24)
    mix = as_mix(source, level=level, knobs=knobs)
    return IterableDataset.from_generator(
        _generate_shards,
        features=features(chat=bool(chat)),
        gen_kwargs={
            "shards": list(range(num_shards)),
            "num_shards": num_shards,
            "entries": json.dumps([e.to_json() for e in mix.entries]),
            "n": n,
            "seed": seed,
            "start": start,
            "block_size": block_size,
            "system_prompt": system_prompt,
            "chat": bool(chat),
        },
    )


def _writer(path: Path, schema: pa.Schema) -> Any:
    import pyarrow.parquet as pq

    # Non-compliant nested naming keeps Arrow's `list<item: ...>` on read-back, so
    # `datasets.Features` match the file's schema without a cast.
    return pq.ParquetWriter(path, schema, compression="zstd", use_compliant_nested_type=False)


def write_parquet(
    source: Source,
    path: str | Path,
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
    shard_rows: int | None = None,
    shard_bytes: int | None = None,
    prefix: str = "train",
    overwrite: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Writes rows ``start .. start + n - 1`` as parquet and returns the files written.

    ``path`` ending in ``.parquet`` is one file. Any other ``path`` is a directory of shards
    ``{prefix}-00000-of-00004.parquet`` ..., each holding at most ``shard_rows`` rows
    (default 100,000) and about ``shard_bytes`` of Arrow data (default 256 MiB), so sets larger
    than memory stream through. ``datasets.load_dataset("parquet", data_dir=path)`` and verl
    read them as they are. Existing shards with the same prefix raise unless ``overwrite``;
    they are replaced only once every new row is written. If generation fails (a
    :class:`~synlogic.exceptions.GenerationError`), nothing is written: no file ever holds
    fewer rows than asked. ``progress`` is called with the number of rows of each batch
    written.
    """
    check_rows(
        n, seed=seed, start=start, system_prompt=system_prompt, chat=chat, batch_size=batch_size
    )
    if not isinstance(path, (str, PathLike)):
        raise InvalidArgumentTypeError(f"path must be a str or a path, got {type(path).__name__}")
    if progress is not None and not callable(progress):
        raise InvalidArgumentTypeError(
            f"progress must be a callable or None, got {type(progress).__name__}"
        )
    mix = as_mix(source, level=level, knobs=knobs)
    target = Path(path)
    schema = row_schema(chat=bool(chat))
    single = target.suffix.lower() == ".parquet"
    if single and (shard_rows is not None or shard_bytes is not None):
        raise InvalidArgumentError(
            "shard_rows and shard_bytes need a directory path, not a .parquet file"
        )
    rows_limit = check_int(
        "shard_rows", DEFAULT_SHARD_ROWS if shard_rows is None else shard_rows, low=1
    )
    bytes_limit = check_int(
        "shard_bytes", DEFAULT_SHARD_BYTES if shard_bytes is None else shard_bytes, low=1
    )
    if not isinstance(prefix, str) or not prefix or "/" in prefix:
        raise InvalidArgumentError(f"prefix must be a non-empty file name part, got {prefix!r}")
    stale: list[Path] = []
    if not single:
        target.mkdir(parents=True, exist_ok=True)
        stale = sorted(target.glob(f"{prefix}-*.parquet"))
        if stale and not overwrite:
            raise InvalidArgumentError(
                f"{target} already holds {len(stale)} {prefix}-*.parquet shard(s); "
                "pass overwrite=True (--overwrite) or choose another directory"
            )
    batches = _batches(mix, n, seed, start, system_prompt, bool(chat), min(batch_size, rows_limit))
    # Rows go to temporary files that replace the targets only once every row is written: a
    # failure (a GenerationError, a full disk) leaves no file holding fewer rows than asked.
    written: list[Path] = []
    try:
        if single:
            written.append(target.with_name(target.name + ".tmp"))
            with _writer(written[0], schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
                    if progress:
                        progress(batch.num_rows)
                if n == 0:
                    writer.write_table(schema.empty_table())
        else:
            _write_shards(
                batches, target, prefix, schema, rows_limit, bytes_limit, progress, written
            )
    except BaseException:
        for temporary in written:
            temporary.unlink(missing_ok=True)
        raise
    if single:
        written[0].replace(target)
        return [target]
    for old in stale:
        old.unlink()
    final = []
    for number, temporary in enumerate(written):
        name = target / f"{prefix}-{number:05d}-of-{len(written):05d}.parquet"
        temporary.replace(name)
        final.append(name)
    return final


def _write_shards(
    batches: Iterator[pa.RecordBatch],
    target: Path,
    prefix: str,
    schema: pa.Schema,
    rows_limit: int,
    bytes_limit: int,
    progress: Callable[[int], None] | None,
    written: list[Path],
) -> None:
    """Writes ``batches`` to temporary shard files in ``target``, appending each to
    ``written`` as it is created."""
    writer = None
    rows = size = 0
    try:
        for batch in batches:
            offset = 0
            while offset < batch.num_rows:
                if writer is None:
                    written.append(target / f"{prefix}-{len(written):05d}.parquet.tmp")
                    writer = _writer(written[-1], schema)
                    rows = size = 0
                row_bytes = max(1, batch.nbytes // max(1, batch.num_rows))
                fit = max(1, (bytes_limit - size) // row_bytes)
                take = min(batch.num_rows - offset, rows_limit - rows, fit)
                piece = batch.slice(offset, take)
                writer.write_batch(piece)
                offset += piece.num_rows
                rows += piece.num_rows
                size += take * row_bytes
                if progress:
                    progress(piece.num_rows)
                if rows >= rows_limit or size >= bytes_limit:
                    writer.close()
                    writer = None
        if writer is None and not written:
            written.append(target / f"{prefix}-00000.parquet.tmp")
            writer = _writer(written[-1], schema)
            writer.write_table(schema.empty_table())
    finally:
        if writer is not None:
            writer.close()
