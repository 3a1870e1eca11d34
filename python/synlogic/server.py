"""A reward server: ``synlogic serve --host 127.0.0.1 --port 5000`` (needs the ``serve``
extra: ``pip install 'synlogic[serve]'``, which brings aiohttp).

Endpoints (JSON in, JSON out):

* ``POST /get_reward`` (also ``/``) — OpenRLHF's remote reward model protocol
  (``--reward.remote_url http://host:port/get_reward``): ``{"query": [...], "prompts": [...],
  "labels": [...]}`` in, ``{"rewards": [...], "scores": [...], "extra_logs": {...}}`` out.
  ``labels`` are the rows' verification payloads; each prompt is stripped from its query.
* ``POST /score`` — plain batch scoring: ``{"verifications": [...], "completions": [...],
  "tag": "answer", "partial": false}`` in, ``{"scores": [...], "correct": [...],
  "reasons": [...]}`` out.
* ``GET /health`` — ``{"status": "ok", "tasks": [...]}``.

With a curriculum (``make_app(curriculum=...)``, ``synlogic serve --curriculum FILE``), any
trainer that speaks HTTP shares one controller (see ``docs/curriculum.md``):

* ``POST /curriculum/observe`` — ``{"groups": [{"task": ..., "level": ..., "scores":
  [...]}, ...]}`` in (one group per prompt: its completions' scores), ``{"observed": n,
  "levels": {...}}`` out. Nothing is recorded unless every group is valid.
* ``POST /curriculum/next`` — ``{"n": 8, "rows": true, "system_prompt": null, "chat":
  true}`` in, ``{"items": [{"task", "level", "seed", "index"}, ...], "rows": [...]}`` out
  (``rows``: the generated rows, with ``verification`` for ``/get_reward``'s labels).
* ``GET /curriculum/report`` — levels, weights, pass rates per task and level,
  zero-variance shares. ``GET /curriculum/state`` returns the state dict, ``POST
  /curriculum/state`` loads one (checked first).

The controller's decisions follow the order in which the server receives the requests.

Requests larger than ``max_request_bytes`` get 413; malformed JSON or fields get 400 with a
message; malformed payloads get 422. Scoring runs in a thread pool while the Rust verifier
releases the GIL, so concurrent requests are scored in parallel.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from synlogic import _core
from synlogic.curriculum import Curriculum
from synlogic.exceptions import InvalidArgumentError, PayloadError, SynlogicError
from synlogic.rewards import SynlogicReward, openrlhf_rewards

__all__ = ["make_app", "serve"]

DEFAULT_MAX_REQUEST_BYTES = 64 << 20
MAX_ITEMS = 1 << 16


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _string_list(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if not isinstance(value, list):
        raise _BadRequest(400, f"field {key!r} must be a list of strings")
    if len(value) > MAX_ITEMS:
        raise _BadRequest(413, f"field {key!r} has {len(value)} items; the limit is {MAX_ITEMS}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _BadRequest(400, f"{key}[{i}] must be a string, got {type(item).__name__}")
    return value


def _score_openrlhf(body: dict[str, Any], reward: SynlogicReward) -> dict[str, Any]:
    queries = _string_list(body, "query")
    prompts = _string_list(body, "prompts")
    labels = _string_list(body, "labels")
    if not (len(queries) == len(prompts) == len(labels)):
        raise _BadRequest(
            400,
            f"query, prompts and labels differ in length: {len(queries)}, {len(prompts)}, "
            f"{len(labels)}",
        )
    return openrlhf_rewards(queries, prompts, labels, reward=reward)


def _score_plain(body: dict[str, Any]) -> dict[str, Any]:
    verifications = _string_list(body, "verifications")
    completions = _string_list(body, "completions")
    if len(verifications) != len(completions):
        raise _BadRequest(
            400,
            f"verifications has {len(verifications)} items but completions has {len(completions)}",
        )
    tag = body.get("tag", "answer")
    if tag is not None and not isinstance(tag, str):
        raise _BadRequest(400, "field 'tag' must be a string or null")
    partial = body.get("partial", False)
    if not isinstance(partial, bool):
        raise _BadRequest(400, "field 'partial' must be a boolean")
    from synlogic._api import _tag

    # Lossy: a completion holding lone surrogates (valid JSON escapes) is scored, not a 500.
    scores, correct, reasons = _core.verify_texts(verifications, completions, _tag(tag), partial)
    return {"scores": scores, "correct": correct, "reasons": reasons}


MAX_NEXT_ITEMS = 4096


class _CurriculumEndpoints:
    """The ``/curriculum/*`` handlers' work: one curriculum, one request at a time."""

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self.lock = threading.Lock()

    def observe(self, body: dict[str, Any]) -> dict[str, Any]:
        groups = body.get("groups")
        if not isinstance(groups, list):
            raise _BadRequest(400, "field 'groups' must be a list of {task, level, scores}")
        if len(groups) > MAX_ITEMS:
            raise _BadRequest(413, f"{len(groups)} groups; the limit is {MAX_ITEMS}")
        parsed = []
        for i, group in enumerate(groups):
            if not isinstance(group, dict) or set(group) != {"task", "level", "scores"}:
                raise _BadRequest(400, f"groups[{i}] must be an object with task, level, scores")
            parsed.append((group["task"], group["level"], group["scores"]))
        with self.lock:
            self.curriculum.observe_batch(parsed)
            return {"observed": len(parsed), "levels": self.curriculum.levels()}

    def next(self, body: dict[str, Any]) -> dict[str, Any]:
        n = body.get("n", 1)
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NEXT_ITEMS:
            raise _BadRequest(400, f"field 'n' must be an int between 1 and {MAX_NEXT_ITEMS}")
        want_rows = body.get("rows", True)
        chat = body.get("chat", True)
        if not isinstance(want_rows, bool) or not isinstance(chat, bool):
            raise _BadRequest(400, "fields 'rows' and 'chat' must be booleans")
        system_prompt = body.get("system_prompt")
        if system_prompt is not None and not isinstance(system_prompt, str):
            raise _BadRequest(400, "field 'system_prompt' must be a string or null")
        with self.lock:
            if not want_rows:
                return {"items": [dataclasses.asdict(d) for d in self.curriculum.draw(n)]}
            rows = self.curriculum.rows(n, system_prompt=system_prompt, chat=chat)
        items = [{key: row[key] for key in ("task", "level", "seed", "index")} for row in rows]
        return {"items": items, "rows": rows}

    def report(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            return self.curriculum.report()

    def state(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            return self.curriculum.state_dict()

    def load(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.curriculum.load_state_dict(body)
            return {"status": "ok", "levels": self.curriculum.levels()}


def _parse(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object (in the worker pool: a large body does not stall
    the event loop)."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _BadRequest(400, f"malformed JSON: {exc}") from None
    except RecursionError:
        raise _BadRequest(400, "malformed JSON: nested too deeply") from None
    if not isinstance(body, dict):
        raise _BadRequest(400, "the request body must be a JSON object")
    return body


def make_app(
    *,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    reward: SynlogicReward | None = None,
    workers: int | None = None,
    options: Mapping[str, Any] | None = None,
    curriculum: Curriculum | None = None,
) -> Any:
    """The aiohttp application (see the module doc for the endpoints; the
    ``/curriculum/*`` ones answer 404 without a ``curriculum``).

    The reward is ``reward``, or one built from reward ``options`` (synlogic's option names,
    see :mod:`synlogic.rewards`), default correctness; it is checked here, at start-up, for
    what OpenRLHF's protocol supplies (no token ids, one sample per request).
    """
    from aiohttp import web

    if reward is not None and options is not None:
        raise InvalidArgumentError("give reward or options, not both")
    reward = reward or SynlogicReward(options=options or {}, name="synlogic")
    reward.spec.check_path("the reward server", False, False)
    pool = ThreadPoolExecutor(max_workers=workers or 4, thread_name_prefix="synlogic-serve")

    def error(status: int, message: str) -> web.Response:
        return web.json_response({"error": message}, status=status)

    async def handle(request: web.Request, scorer: Any) -> web.Response:
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return error(413, f"request body exceeds {max_request_bytes} bytes")
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(pool, lambda: scorer(_parse(raw)))
        except _BadRequest as exc:
            return error(exc.status, str(exc))
        except PayloadError as exc:
            return error(422, str(exc))
        except (InvalidArgumentError, SynlogicError) as exc:
            return error(400, str(exc))
        except Exception as exc:  # never die on bad input
            return error(500, f"internal error: {type(exc).__name__}: {exc}")
        return web.json_response(result)

    async def get_reward(request: web.Request) -> web.Response:
        return await handle(request, lambda body: _score_openrlhf(body, reward))

    async def score(request: web.Request) -> web.Response:
        return await handle(request, _score_plain)

    endpoints = _CurriculumEndpoints(curriculum) if curriculum is not None else None

    def curriculum_route(method: str) -> Any:
        async def route(request: web.Request) -> web.Response:
            if endpoints is None:
                return error(
                    404, "this server runs without a curriculum (start it with --curriculum)"
                )
            if request.method == "GET":
                loop = asyncio.get_running_loop()
                result = await loop.run_in_executor(pool, getattr(endpoints, method), {})
                return web.json_response(result)
            return await handle(request, getattr(endpoints, method))

        return route

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "tasks": list(_core.list_tasks())})

    async def close_pool(app: web.Application) -> None:
        pool.shutdown(wait=False)

    app = web.Application(client_max_size=max_request_bytes)
    app.router.add_post("/get_reward", get_reward)
    app.router.add_post("/", get_reward)
    app.router.add_post("/score", score)
    app.router.add_get("/health", health)
    app.router.add_post("/curriculum/observe", curriculum_route("observe"))
    app.router.add_post("/curriculum/next", curriculum_route("next"))
    app.router.add_get("/curriculum/report", curriculum_route("report"))
    app.router.add_get("/curriculum/state", curriculum_route("state"))
    app.router.add_post("/curriculum/state", curriculum_route("load"))
    app.on_cleanup.append(close_pool)
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 5000,
    *,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    reward: SynlogicReward | None = None,
    workers: int | None = None,
    options: Mapping[str, Any] | None = None,
    curriculum: Curriculum | None = None,
) -> None:
    """Runs the server until interrupted. With ``port=0`` the OS picks a free port; the
    line ``synlogic reward server listening on http://HOST:PORT`` is printed either way."""
    from aiohttp import web

    app = make_app(
        max_request_bytes=max_request_bytes,
        reward=reward,
        workers=workers,
        options=options,
        curriculum=curriculum,
    )

    async def run() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        addresses = runner.addresses
        bound = addresses[0][1] if addresses else port
        print(f"synlogic reward server listening on http://{host}:{bound}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        print("synlogic reward server stopped", file=sys.stderr)
