"""synlogic: fast, verifiable reasoning tasks for RL training.

Generate items with :func:`generate` or :func:`iter_items`, score completions with
:func:`verify` / :func:`verify_batch`. Every row carries a self-contained ``verification``
payload, so scoring needs no generator object.

For trainers: :mod:`synlogic.rewards` (TRL reward functions), :mod:`synlogic.verl`
(``pkg://synlogic.verl``), :mod:`synlogic.openrlhf_reward` (a file OpenRLHF loads by path),
:mod:`synlogic.server` (a reward server), :mod:`synlogic.export` (``datasets.Dataset``,
``IterableDataset`` and parquet shards), :class:`Mix` (weighted task mixes) and
:class:`Curriculum` (an adaptive curriculum; :mod:`synlogic.curriculum`).
"""

from __future__ import annotations

from synlogic import exceptions, export, rewards
from synlogic._api import (
    TaskInfo,
    Verdict,
    completion_text,
    generate,
    iter_items,
    list_tasks,
    num_threads,
    resolve_knobs,
    score_batch,
    task_info,
    verify,
    verify_batch,
)
from synlogic._core import __version__
from synlogic.curriculum import Curriculum
from synlogic.exceptions import SynlogicError
from synlogic.export import (
    arrow_table,
    record_batches,
    to_dataset,
    to_iterable_dataset,
    write_parquet,
)
from synlogic.mix import Mix, MixEntry, load_mix
from synlogic.rewards import trl_reward_funcs

__all__ = [
    "Curriculum",
    "Mix",
    "MixEntry",
    "SynlogicError",
    "TaskInfo",
    "Verdict",
    "__version__",
    "arrow_table",
    "completion_text",
    "exceptions",
    "export",
    "generate",
    "iter_items",
    "list_tasks",
    "load_mix",
    "num_threads",
    "record_batches",
    "resolve_knobs",
    "rewards",
    "score_batch",
    "task_info",
    "to_dataset",
    "to_iterable_dataset",
    "trl_reward_funcs",
    "verify",
    "verify_batch",
    "write_parquet",
]
