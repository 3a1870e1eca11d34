"""Type stubs for the Rust extension module ``synlogic._core``."""

from typing import Any, final

__version__: str

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
