"""`eval` through every way of reaching the world (in process, a stdio server command, an HTTP
server), and against a model provider on loopback that rate-limits, fails, and recovers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from corecraft_mcp.cli import main
from corecraft_mcp.evaluation.results import ResultsFolder
from corecraft_mcp.server.http import create_http_app
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.world.world import World
from tests.conftest import Post, Reply, json_server

if TYPE_CHECKING:
    from tests.conftest import ServeOnLoopback

TASKS = [t.id for t in load_tasks()][:3]
pytestmark = pytest.mark.skipif(not TASKS, reason="no tasks in rubrics/")


def _eval(out: Path, *extra: str) -> int:
    args = ["eval", "--out", str(out), "--concurrency", "2"]
    for task_id in TASKS:
        args += ["--task", task_id]
    return main([*args, *extra])


def _deterministic_passes(out: Path) -> list[bool]:
    return [
        bool(r.grade and r.grade.deterministic_passed) for r in ResultsFolder(out).read_episodes()
    ]


def test_reference_through_a_stdio_server_command(tmp_path: Path) -> None:
    command = f"{sys.executable} -m corecraft_mcp.cli serve --world seed42"
    assert _eval(tmp_path, "--model", "reference", "--server-cmd", command) == 0
    assert _deterministic_passes(tmp_path) == [True] * len(TASKS)


@pytest.fixture
def http_world(
    world: World, world_task_ids: frozenset[str], serve_on_loopback: ServeOnLoopback
) -> Iterator[str]:
    with serve_on_loopback(create_http_app(world, task_ids=world_task_ids, token="t0ken")) as url:
        yield url


def test_reference_through_an_http_server(tmp_path: Path, http_world: str) -> None:
    args = ["--model", "reference", "--server-url", http_world, "--server-token", "t0ken"]
    assert _eval(tmp_path, *args) == 0
    assert _deterministic_passes(tmp_path) == [True] * len(TASKS)


@dataclass
class Script:
    mode: str = "ok"  # "ok", "rate_limit_once", "down"
    rate_limited: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)


def fake_openai_answer(script: Script, post: Post) -> Reply:
    """Chat Completions on loopback. It answers from the conversation it is sent, so concurrent
    episodes need no shared script: first a tool call, then (after the tool result) a reply."""
    body = post.body
    script.requests.append(body)
    instruction = body["messages"][1]["content"]
    if script.mode == "down":
        return Reply(500, {"error": {"message": "upstream down", "type": "server_error"}})
    if script.mode == "rate_limit_once" and instruction not in script.rate_limited:
        script.rate_limited.add(instruction)
        limited = {"error": {"message": "slow down", "type": "rate_limit"}}
        return Reply(429, limited, {"retry-after": "0"})
    last = body["messages"][-1]
    if last["role"] == "user":
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "search_customers", "arguments": '{"tier": "Gold"}'},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": "I looked into it; nothing to change."}
        finish = "stop"
    return Reply(
        200,
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 50, "total_tokens": 1050},
        },
    )


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def fake_openai(script: Script) -> Iterator[str]:
    with json_server(lambda post: fake_openai_answer(script, post)) as url:
        yield f"{url}/v1"


def test_a_rate_limited_provider_is_retried(
    tmp_path: Path, fake_openai: str, script: Script
) -> None:
    script.mode = "rate_limit_once"
    assert (
        _eval(
            tmp_path,
            "--model",
            "openai:fake-model",
            "--base-url",
            fake_openai,
            "--max-retries",
            "2",
        )
        == 0
    )
    results = ResultsFolder(tmp_path).read_episodes()
    assert [r.status for r in results] == ["completed"] * len(TASKS)
    for result in results:
        assert [c.tool for c in result.transcript.calls] == ["search_customers"]
        assert result.transcript.response == "I looked into it; nothing to change."
        assert result.usage.input_tokens == 2000
    first = script.requests[0]
    assert first["messages"][0]["role"] == "system"
    assert {t["function"]["name"] for t in first["tools"]} >= {"process_return", "search_customers"}


def test_a_failing_provider_is_an_infra_error_then_resumes(
    tmp_path: Path, fake_openai: str, script: Script
) -> None:
    args = ["--model", "openai:fake-model", "--base-url", fake_openai, "--max-retries", "0"]
    script.mode = "down"
    assert _eval(tmp_path, *args) == 1  # infrastructure errors: a non-zero exit
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["infra_errors"] == len(TASKS)
    assert summary["completed"] == 0
    script.mode = "ok"
    assert _eval(tmp_path, *args) == 0
    results = ResultsFolder(tmp_path).read_episodes()
    assert [r.status for r in results] == ["completed"] * len(TASKS)
    lines = (tmp_path / "episodes.jsonl").read_text().splitlines()
    assert len(lines) == 2 * len(TASKS)  # the failures stay on file; the retries supersede them
