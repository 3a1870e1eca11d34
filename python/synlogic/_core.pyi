"""Type stubs for the Rust extension module ``synlogic._core``."""

from typing import Any, final

from typing_extensions import Self

__all__ = [
    "DATA_SOURCE_PREFIX",
    "ArrowBatch",
    "Curriculum",
    "Mix",
    "Payload",
    "RewardSpec",
    "RowSchema",
    "Verdict",
    "__version__",
    "_debug_panic",
    "catalogue_json",
    "evaluate_batch",
    "generate_jsonl",
    "generate_rows",
    "list_tasks",
    "num_threads",
    "resolve_knobs",
    "score_batch",
    "verify",
    "verify_batch",
    "verify_texts",
]

__version__: str
DATA_SOURCE_PREFIX: str

@final
class Verdict:
    """The score of one completion."""

    @property
    def score(self) -> float: ...
    @property
    def correct(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    def __float__(self) -> float: ...

@final
class ArrowBatch:
    """A record batch of rows, exported through the Arrow PyCapsule interface."""

    @property
    def num_rows(self) -> int: ...
    def __len__(self) -> int: ...
    def __arrow_c_schema__(self) -> object: ...
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

@final
class RowSchema:
    """The row schema, exported through the Arrow PyCapsule interface."""

    def __new__(cls, chat: bool = True) -> Self: ...
    def __arrow_c_schema__(self) -> object: ...

@final
class Mix:
    """A checked source of rows: a weighted mix of tasks (JSON entries)."""

    def __new__(cls, entries_json: str) -> Self: ...
    @property
    def tasks(self) -> list[str]: ...
    @property
    def knobs_json(self) -> list[str]: ...
    def entries(self, seed: int, start: int, n: int) -> list[int]: ...
    def rows(
        self,
        seed: int,
        start: int,
        n: int,
        system_prompt: str | None = None,
        chat: bool = True,
    ) -> list[dict[str, Any]]: ...
    def jsonl(
        self,
        seed: int,
        start: int,
        n: int,
        system_prompt: str | None = None,
        chat: bool = True,
    ) -> bytes: ...
    def arrow(
        self,
        seed: int,
        start: int,
        n: int,
        system_prompt: str | None = None,
        chat: bool = True,
    ) -> ArrowBatch: ...
    def _generate_only(self, seed: int, start: int, n: int) -> int: ...

@final
class Curriculum:
    """An adaptive curriculum over tasks (settings as JSON)."""

    def __new__(cls, settings_json: str) -> Self: ...
    @staticmethod
    def from_state_json(state_json: str) -> Curriculum: ...
    def load_state_json(self, state_json: str) -> None: ...
    def state_json(self) -> str: ...
    @property
    def settings_json(self) -> str: ...
    @property
    def tasks(self) -> list[str]: ...
    def observe(self, task: str, level: int, scores: list[float]) -> None: ...
    def observe_batch(
        self, tasks: list[str], levels: list[int], scores: list[list[float]]
    ) -> None: ...
    def draw(self, n: int) -> list[tuple[str, int, int, int]]: ...
    def levels(self) -> list[tuple[str, int]]: ...
    def windows(self) -> list[tuple[str, int, int]]: ...
    def task_weights(self) -> list[tuple[str, float]]: ...
    def report_json(self) -> str: ...

@final
class Payload:
    """A parsed verification payload."""

    def __new__(cls, verification: str) -> Self: ...
    @property
    def task(self) -> str: ...
    @property
    def answer(self) -> str: ...
    def verify(
        self, completion: str, tag: str | None = "answer", partial: bool = False
    ) -> Verdict: ...
    def evaluate(
        self, completion: str, tag: str | None = "answer", think_tag: str | None = "think"
    ) -> tuple[bool, float, bool, bool, bool]: ...

@final
class RewardSpec:
    """Reward options (weights, tags, format strictness, length shaping), checked once."""

    def __new__(cls, options_json: str) -> Self: ...
    def check_path(self, path: str, tokens: bool, groups: bool) -> None: ...
    @property
    def needs_tokens(self) -> bool: ...
    @property
    def needs_levels(self) -> bool: ...
    def rewards(
        self,
        verifications: list[str],
        completions: list[str],
        tokens: list[int] | None = None,
        levels: list[int | None] | None = None,
    ) -> tuple[
        list[str],
        list[bool],
        list[float],
        list[bool],
        list[bool],
        list[bool],
        list[float],
        list[float],
    ]: ...
    def reward(
        self,
        payload: Payload,
        completion: str,
        tokens: int | None = None,
        level: int | None = None,
    ) -> tuple[bool, float, bool, bool, bool, float, float]: ...

def verify_texts(
    verifications: list[str],
    completions: list[str],
    tag: str | None = "answer",
    partial: bool = False,
) -> tuple[list[float], list[bool], list[str]]: ...
def evaluate_batch(
    verifications: list[str],
    completions: list[str],
    tag: str | None = "answer",
    think_tag: str | None = "think",
) -> tuple[list[str], list[bool], list[float], list[bool], list[bool], list[bool]]: ...
def list_tasks() -> list[str]: ...
def catalogue_json() -> str: ...
def generate_rows(
    task: str,
    n: int,
    seed: int,
    start: int,
    level: int | None = None,
    knobs_json: str | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
) -> list[dict[str, Any]]: ...
def generate_jsonl(
    task: str,
    n: int,
    seed: int,
    start: int,
    level: int | None = None,
    knobs_json: str | None = None,
    system_prompt: str | None = None,
    chat: bool = True,
) -> bytes: ...
def resolve_knobs(task: str, level: int | None = None, knobs_json: str | None = None) -> str: ...
def verify(
    verification: str, completion: str, tag: str | None = "answer", partial: bool = False
) -> Verdict: ...
def verify_batch(
    verifications: list[str],
    completions: list[str],
    tag: str | None = "answer",
    partial: bool = False,
) -> list[Verdict]: ...
def score_batch(
    verifications: list[str],
    completions: list[str],
    tag: str | None = "answer",
    partial: bool = False,
) -> list[float]: ...
def num_threads() -> int: ...
def _debug_panic() -> None: ...
