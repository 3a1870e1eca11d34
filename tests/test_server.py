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
MAX_BYTES = 200_000


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
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
