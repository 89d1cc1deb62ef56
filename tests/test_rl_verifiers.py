"""verifiers driving load_environment() as prime-rl and `vf-eval` do: `env.evaluate` against an
OpenAI-compatible server (a scripted one on loopback), one fork per rollout, our grader as the
rubric."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import anyio
import pytest

vf = pytest.importorskip("verifiers")
openai = pytest.importorskip("openai")

from corecraft_mcp.rl.env import CoreCraftEnv  # noqa: E402
from corecraft_mcp.rl.verifiers_env import load_environment  # noqa: E402
from corecraft_mcp.tasks.loader import load_tasks  # noqa: E402
from tests.conftest import Post, Reply, json_server  # noqa: E402

TASK = "acct-unverified-new-email-0006"


def _reply(message: dict[str, Any], finish: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class ScriptedModel:
    """Plays the task's reference solution: its calls one turn each, then its response; the
    calls of a `bad` conversation get one wrong argument first (an error the model reads)."""

    def __init__(self, calls: list[dict[str, Any]], response: str) -> None:
        self.calls, self.response = calls, response
        self.requests: list[dict[str, Any]] = []
        self._stack = ExitStack()
        self.url = self._stack.enter_context(json_server(self._reply)) + "/v1"

    def _reply(self, post: Post) -> Reply:
        self.requests.append(post.body)
        return Reply(200, self.answer(post.body["messages"]))

    def close(self) -> None:
        self._stack.close()

    def answer(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        done = sum(1 for m in messages if m["role"] == "tool")
        if done < len(self.calls):
            call = self.calls[done]
            tool_call = {
                "id": f"call_{done}",
                "type": "function",
                "function": {"name": call["tool"], "arguments": json.dumps(call["args"])},
            }
            return _reply(
                {"role": "assistant", "content": None, "tool_calls": [tool_call]}, "tool_calls"
            )
        return _reply({"role": "assistant", "content": self.response}, "stop")


@pytest.fixture
def scripted() -> Iterator[Any]:
    servers: list[ScriptedModel] = []

    def start(calls: list[dict[str, Any]], response: str) -> ScriptedModel:
        servers.append(ScriptedModel(calls, response))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _expected(task_id: str, calls: list[dict[str, Any]], response: str) -> float:
    async def run() -> float:
        env = CoreCraftEnv()
        await env.reset(task_id)
        for call in calls:
            await env.step(call["tool"], call["args"])
        return (await env.finish(response)).deterministic_reward

    return anyio.run(run)


def test_evaluate_grades_each_rollout_on_its_own_fork(scripted: Any) -> None:
    task = next(t for t in load_tasks(split="train") if t.id == TASK)
    # The reference, with one refused call in front (the model sees the tool's error).
    calls = [{"tool": "search_customers", "args": {"page": 0}}]
    calls += [{"tool": c.tool, "args": c.args} for c in task.reference.calls]
    model = scripted(calls, task.reference.response)
    env = load_environment()
    dataset = env.get_dataset().filter(lambda row: row["info"]["task_id"] == TASK)
    client = openai.AsyncOpenAI(base_url=model.url, api_key="not-needed")

    results = anyio.run(
        lambda: env.generate(
            [{**row, "example_id": i} for i, row in enumerate([dataset[0]] * 3)],
            client=client,
            model="scripted",
        )
    )

    outputs = results["outputs"]
    assert len(outputs) == 3
    expected = _expected(TASK, calls, task.reference.response)
    assert expected == 1.0
    for out in outputs:
        assert out["reward"] == pytest.approx(expected)
        assert out["metrics"]["passed"] == 0.0  # judged criteria are ungraded without a judge
        assert out["metrics"]["deterministic_reward"] == pytest.approx(expected)
        refused = next(m for m in out["completion"] if m["role"] == "tool")
        assert "invalid arguments for search_customers" in refused["content"]
    # The model saw the server's schemas, without the hidden episode argument.
    tools = {t["function"]["name"]: t for t in model.requests[0]["tools"]}
    assert len(tools) == 23
    assert "episode" not in tools["search_customers"]["function"]["parameters"]["properties"]


def test_a_rollout_that_does_nothing_scores_less(scripted: Any) -> None:
    model = scripted([], "Sorry, I cannot help.")
    env = load_environment()
    dataset = env.get_dataset().filter(lambda row: row["info"]["task_id"] == TASK)
    client = openai.AsyncOpenAI(base_url=model.url, api_key="not-needed")
    results = anyio.run(
        lambda: env.generate([{**dataset[0], "example_id": 0}], client=client, model="scripted")
    )
    [out] = results["outputs"]
    assert out["reward"] == pytest.approx(_expected(TASK, [], "Sorry, I cannot help."))
    assert out["reward"] < 1.0
