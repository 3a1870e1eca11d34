"""The synlogic exception hierarchy.

Every error that synlogic raises on bad input derives from :class:`SynlogicError`, and also
from the matching built-in class (``ValueError``, ``LookupError``, ``TypeError``,
``RuntimeError``) so that generic handlers keep working. The Rust core maps each of its
error kinds to one class here.
"""

from __future__ import annotations

__all__ = [
    "CatalogueError",
    "GenerationError",
    "InputFileError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "KnobError",
    "KnobValueError",
    "LevelError",
    "PayloadError",
    "SynlogicError",
    "UnknownKnobError",
    "UnknownTaskError",
]


class SynlogicError(Exception):
    """Base class of every synlogic error."""


class UnknownTaskError(SynlogicError, LookupError):
    """The task id is not registered (the message suggests the closest id)."""


class KnobError(SynlogicError, ValueError):
    """A knob is unknown or has an invalid value."""


class UnknownKnobError(KnobError, LookupError):
    """The task has no knob of this name."""


class KnobValueError(KnobError):
    """A knob value has the wrong type or is out of range."""


class LevelError(SynlogicError, ValueError):
    """A difficulty level outside 1-10."""


class InvalidArgumentError(SynlogicError, ValueError):
    """A bad argument value (negative count, seed beyond 64 bits, empty mix, ...)."""


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type."""


class GenerationError(SynlogicError, RuntimeError):
    """A generator could not meet its constraints within its attempt budget."""


class PayloadError(SynlogicError, ValueError):
    """A verification payload is malformed, or is for an unknown task or version."""


class InputFileError(SynlogicError, ValueError):
    """An input file is missing, unreadable or malformed."""


class CatalogueError(SynlogicError, RuntimeError):
    """The task catalogue and the registry disagree (a packaging bug)."""


class InternalError(SynlogicError, RuntimeError):
    """A bug inside synlogic (an internal panic caught at the boundary)."""
