"""synlogic: fast, verifiable reasoning tasks for RL training.

Generate items with :func:`generate` or :func:`iter_items`, score completions with
:func:`verify` / :func:`verify_batch`. Every row carries a self-contained ``verification``
payload, so scoring needs no generator object.
"""

from __future__ import annotations

from synlogic import exceptions
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
from synlogic.exceptions import SynlogicError

__all__ = [
    "SynlogicError",
    "TaskInfo",
    "Verdict",
    "__version__",
    "completion_text",
    "exceptions",
    "generate",
    "iter_items",
    "list_tasks",
    "num_threads",
    "resolve_knobs",
    "score_batch",
    "task_info",
    "verify",
    "verify_batch",
]
