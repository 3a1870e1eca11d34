"""``synlogic serve`` under hostile payloads: each one is answered (or refused) in bounded
time, and a good request sent afterwards is answered promptly by the same, living server."""

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
from typing import Any

import pytest
import synlogic
from conftest import require, wrap

require("aiohttp")

HOST = "127.0.0.1"
MAX_BYTES = 4 << 20
HOSTILE_TIMEOUT_S = 60.0
GOOD_TIMEOUT_S = 5.0


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
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
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the server did not start within 60 s"
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        assert url.startswith(f"http://{HOST}:")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def post(url: str, data: bytes, timeout: float) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"{}")
        except json.JSONDecodeError:
            return error.code, {"raw": body[:200].decode("utf-8", "replace")}


def _good() -> tuple[bytes, float]:
    row = synlogic.generate("countdown", 1, seed=2)[0]
    prompt = "<|user|>q<|assistant|>"
    body = {
        "query": [prompt + wrap(row["answer"])],
        "prompts": [prompt],
        "labels": [row["verification"]],
    }
    return json.dumps(body).encode(), 1.0


def _huge_chain() -> bytes:
    row = synlogic.generate("string_compose", 1, seed=1)[0]
    payload = json.loads(row["verification"])
    payload["puzzle"]["s"] = "ab" * 50_000
    payload["puzzle"]["p"] = [{"f": "mirror"}, {"f": "swap_halves"}] * 20_000
    label = json.dumps(payload)
    body = {"query": ["<answer>x</answer>"], "prompts": [""], "labels": [label]}
    return json.dumps(body).encode()


def _hostile() -> dict[str, bytes]:
    deep = b'{"query": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    lone = json.dumps(
        {
            "query": ["p\ud800 <answer>\udfff</answer>"],
            "prompts": ["p"],
            "labels": [synlogic.generate("countdown", 1)[0]["verification"]],
        }
    ).encode()
    score_lone = json.dumps(
        {"verifications": [json.loads(lone)["labels"][0]], "completions": ["\udc80"]}
    ).encode()
    return {
        "huge string_compose chain": _huge_chain(),
        "huge JSON (over the size bound)": b'{"query": ["' + b"x" * (MAX_BYTES + 10) + b'"]}',
        "many items": json.dumps({"query": ["x"] * 100_000, "prompts": [], "labels": []}).encode(),
        "deep nesting": deep,
        "lone surrogates (get_reward)": lone,
        "lone surrogates (score)": score_lone,
        "invalid UTF-8": b'{"query": ["\xff\xfe"]}',
    }


@pytest.mark.parametrize("kind", list(_hostile()))
def test_hostile_payload_then_a_good_request(
    server: tuple[str, subprocess.Popen[str]], kind: str
) -> None:
    url, process = server
    body = _hostile()[kind]
    endpoint = "/score" if "(score)" in kind else "/get_reward"
    started = time.monotonic()
    try:
        status, answer = post(url + endpoint, body, HOSTILE_TIMEOUT_S)
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        # The server may close the connection on an oversized body; it must still live.
        status, answer = 0, {"error": str(error)}
    hostile_s = time.monotonic() - started
    assert hostile_s < HOSTILE_TIMEOUT_S, f"{kind}: no answer within {HOSTILE_TIMEOUT_S} s"
    assert status != 500, f"{kind}: {answer}"
    if "lone surrogates" in kind:
        assert status == 200, answer
    elif status:
        assert 400 <= status < 500 or status == 200, (status, answer)
    good, expected = _good()
    started = time.monotonic()
    status, answer = post(url + "/get_reward", good, GOOD_TIMEOUT_S)
    assert status == 200, answer
    assert answer["rewards"] == [expected]
    assert time.monotonic() - started < GOOD_TIMEOUT_S
    assert process.poll() is None, f"the server died after {kind}"
