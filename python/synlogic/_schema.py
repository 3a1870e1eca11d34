"""The Arrow schema of a synlogic row, read from the Rust core (``synlogic_core::row``), where
the row layout is defined once: ``utf8`` and ``list`` types, never the large ones."""

from __future__ import annotations

from typing import Any

from synlogic import _core


def row_schema(*, chat: bool = True) -> Any:
    """The ``pyarrow.Schema`` of rows; ``chat=False`` for plain-text prompts."""
    import pyarrow as pa

    return pa.schema(_core.RowSchema(chat))
