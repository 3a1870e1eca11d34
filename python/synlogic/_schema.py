"""The Arrow schema of a synlogic row (``utf8`` and ``list`` types, never the large ones)."""

from __future__ import annotations

from typing import Any


def row_schema(*, chat: bool = True) -> Any:
    """The ``pyarrow.Schema`` of rows; ``chat=False`` for plain-text prompts."""
    import pyarrow as pa

    message = pa.struct([("role", pa.string()), ("content", pa.string())])
    prompt = pa.list_(message) if chat else pa.string()
    return pa.schema(
        [
            ("prompt", prompt),
            ("task", pa.string()),
            ("level", pa.int64()),
            ("seed", pa.uint64()),
            ("index", pa.uint64()),
            ("answer", pa.string()),
            ("verification", pa.string()),
            ("data_source", pa.string()),
            ("ability", pa.string()),
            ("reward_model", pa.struct([("style", pa.string()), ("ground_truth", pa.string())])),
            (
                "extra_info",
                pa.struct(
                    [
                        ("index", pa.uint64()),
                        ("task", pa.string()),
                        ("level", pa.int64()),
                        ("seed", pa.uint64()),
                    ]
                ),
            ),
            ("metadata", pa.string()),
        ]
    )
