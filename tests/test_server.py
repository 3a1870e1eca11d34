"""The reward server, started with the real CLI on loopback and sent real requests."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import synlogic
from conftest import require, wrap

require("aiohttp")

HOST = "127.0.0.1"
MAX_BYTES = 2_000_000
"""Well above a batch of every registered task (_batch grows with the registry)."""


def _start(*extra: str) -> Iterator[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "synlogic.cli",
            "serve",
            "--host",
            HOST,
            "--port",
            "0",
            "--max-request-bytes",
            str(MAX_BYTES),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the server did not start within 60 s"
        line = process.stdout.readline()
        assert "listening on http://" in line, line
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith(f"http://{HOST}:")
        yield url
        assert process.poll() is None, "the server died"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from _start()


CURRICULUM = {
    "tasks": [{"task": "countdown", "level": 3}, {"task": "knights_knaves", "level": 3}],
    "policy": "band",
    "seed": 5,
    "min_groups": 2,
    "history": 2,
}


@pytest.fixture(scope="module")
def curriculum_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("curriculum") / "settings.json"
    path.write_text(json.dumps(CURRICULUM))
    yield from _start("--curriculum", str(path))


def post(url: str, body: bytes | Any, *, raw: bool = False) -> tuple[int, dict[str, Any]]:
    data = body if raw else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _batch(n: int = 4) -> tuple[list[str], list[str], list[str], list[float]]:
    rows: list[dict[str, Any]] = []
    for task in synlogic.list_tasks():
        rows += synlogic.generate(task, n, seed=11, level=2)
    prompts = [f"<|user|>{r['prompt'][0]['content']}<|assistant|>" for r in rows]
    responses = [wrap(r["answer"]) if i % 2 == 0 else wrap("nope") for i, r in enumerate(rows)]
    queries = [p + c for p, c in zip(prompts, responses, strict=True)]
    expected = [1.0 if i % 2 == 0 else 0.0 for i in range(len(rows))]
    return queries, prompts, [r["verification"] for r in rows], expected


def test_health(server: str) -> None:
    with urllib.request.urlopen(f"{server}/health", timeout=30) as response:
        body = json.loads(response.read())
    assert body["status"] == "ok"
    assert body["tasks"] == synlogic.list_tasks()


def test_openrlhf_protocol(server: str) -> None:
    queries, prompts, labels, expected = _batch()
    status, body = post(
        f"{server}/get_reward", {"query": queries, "prompts": prompts, "labels": labels}
    )
    assert status == 200, body
    assert set(body) == {"rewards", "scores", "extra_logs"}
    assert body["rewards"] == expected
    assert body["scores"] == expected
    assert body["extra_logs"]["prompt_found"] == [1.0] * len(expected)


def test_plain_scoring(server: str) -> None:
    queries, prompts, labels, expected = _batch()
    completions = [q[len(p) :] for q, p in zip(queries, prompts, strict=True)]
    status, body = post(f"{server}/score", {"verifications": labels, "completions": completions})
    assert status == 200, body
    assert body["scores"] == expected
    assert body["correct"] == [x == 1.0 for x in expected]
    assert len(body["reasons"]) == len(expected)


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "malformed JSON"),
        (b"\xff\xfe", 400, "malformed JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b'{"query": "x", "prompts": [], "labels": []}', 400, "'query'"),
        (b'{"query": [1], "prompts": ["p"], "labels": ["l"]}', 400, "query[0]"),
        (b'{"query": ["a"], "prompts": [], "labels": []}', 400, "differ in length"),
        (b'{"query": ["a"], "prompts": ["a"], "labels": ["{}"]}', 422, "payload"),
        (b"x" * (MAX_BYTES + 10), 413, ""),
    ],
)
def test_bad_requests_get_4xx_and_the_server_survives(
    server: str, body: bytes, status: int, message: str
) -> None:
    got, answer = post(f"{server}/get_reward", body, raw=True)
    assert got == status, answer
    if message:
        assert message in answer["error"]
    with urllib.request.urlopen(f"{server}/health", timeout=30) as response:
        assert response.status == 200


def test_plain_scoring_rejects_bad_fields(server: str) -> None:
    assert post(f"{server}/score", {"verifications": ["x"], "completions": []})[0] == 400
    assert post(f"{server}/score", {"verifications": [], "completions": [], "partial": 1})[0] == 400
    assert post(f"{server}/score", {"verifications": [], "completions": [], "tag": 5})[0] == 400


def test_concurrent_requests(server: str) -> None:
    queries, prompts, labels, expected = _batch(8)
    payload = {"query": queries, "prompts": prompts, "labels": labels}
    deadline = time.monotonic() + 60
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: post(f"{server}/get_reward", payload), range(32)))
    assert time.monotonic() < deadline
    for status, body in results:
        assert status == 200
        assert body["rewards"] == expected


# ---- the curriculum endpoints -------------------------------------------------------------


def get(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _round(url: str, right: bool, prompts: int = 4, group: int = 4) -> list[dict[str, Any]]:
    """One trainer step over HTTP: take prompts, score G completions each through
    /get_reward (OpenRLHF's protocol), report the groups."""
    status, body = post(f"{url}/curriculum/next", {"n": prompts})
    assert status == 200, body
    rows = body["rows"]
    labels, queries, texts = [], [], []
    for row in rows:
        prompt = row["prompt"][0]["content"]
        for _ in range(group):
            labels.append(row["verification"])
            texts.append(prompt)
            queries.append(prompt + wrap(row["answer"] if right else "nope"))
    status, scored = post(
        f"{url}/get_reward", {"query": queries, "prompts": texts, "labels": labels}
    )
    assert status == 200, scored
    groups = [
        {
            "task": row["task"],
            "level": row["level"],
            "scores": scored["scores"][i * group : (i + 1) * group],
        }
        for i, row in enumerate(rows)
    ]
    status, observed = post(f"{url}/curriculum/observe", {"groups": groups})
    assert status == 200, observed
    assert observed["observed"] == prompts
    return body["items"]


def test_curriculum_endpoints_need_a_curriculum(server: str) -> None:
    status, body = post(f"{server}/curriculum/next", {"n": 1})
    assert status == 404
    assert "--curriculum" in body["error"]
    assert get(f"{server}/curriculum/report")[0] == 404


def test_curriculum_over_http_moves_levels_and_resumes(curriculum_server: str) -> None:
    url = curriculum_server
    status, items = post(f"{url}/curriculum/next", {"n": 3, "rows": False})
    assert status == 200
    assert set(items) == {"items"}
    assert [i["seed"] for i in items["items"]] == [5, 5, 5]
    for _ in range(4):
        _round(url, right=True)
    status, report = get(f"{url}/curriculum/report")
    assert status == 200
    raised = {task: entry["level"] for task, entry in report["tasks"].items()}
    assert raised["countdown"] > 3, raised
    assert raised["knights_knaves"] > 3, raised
    status, saved = get(f"{url}/curriculum/state")
    assert status == 200
    first = [_round(url, right=False) for _ in range(4)]
    status, report = get(f"{url}/curriculum/report")
    assert report["tasks"]["countdown"]["level"] < raised["countdown"]
    # Loading the saved state replays the same decisions for the same outcomes.
    status, body = post(f"{url}/curriculum/state", saved)
    assert status == 200, body
    assert body["levels"] == raised
    assert [_round(url, right=False) for _ in range(4)] == first


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("observe", {"groups": "x"}, "'groups'"),
        ("observe", {"groups": [{"task": "countdown", "level": 3}]}, "groups[0]"),
        ("observe", {"groups": [{"task": "nope", "level": 3, "scores": [1]}]}, "unknown task"),
        ("observe", {"groups": [{"task": "countdown", "level": 11, "scores": [1]}]}, "level"),
        ("observe", {"groups": [{"task": "countdown", "level": 3, "scores": []}]}, "scores"),
        ("observe", {"groups": [{"task": "countdown", "level": 3, "scores": ["1"]}]}, "number"),
        ("observe", {"groups": [{"task": "countdown", "level": 3.5, "scores": [1]}]}, "level"),
        ("next", {"n": 0}, "'n'"),
        ("next", {"n": 10**6}, "'n'"),
        ("next", {"n": 1, "rows": "yes"}, "booleans"),
        ("state", {"format": 1}, "state_dict"),
        ("state", {"format": 1, "settings": {"tasks": []}}, "state_dict"),
    ],
)
def test_bad_curriculum_requests_get_400_and_change_nothing(
    curriculum_server: str, path: str, body: dict[str, Any], message: str
) -> None:
    before = get(f"{curriculum_server}/curriculum/state")[1]
    status, answer = post(f"{curriculum_server}/curriculum/{path}", body)
    assert status == 400, answer
    assert message in answer["error"]
    assert get(f"{curriculum_server}/curriculum/state")[1] == before


def test_nan_scores_are_refused(curriculum_server: str) -> None:
    raw = b'{"groups": [{"task": "countdown", "level": 3, "scores": [NaN]}]}'
    status, answer = post(f"{curriculum_server}/curriculum/observe", raw, raw=True)
    assert status == 400
    assert "finite" in answer["error"]
