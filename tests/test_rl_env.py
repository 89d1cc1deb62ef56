"""CoreCraftEnv: reset forks, step calls the tools as an MCP client would, finish grades as the
evaluator does; and the dataset export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from corecraft_mcp.cli import main
from corecraft_mcp.grading.replay import replay
from corecraft_mcp.grading.scoring import grade_deterministic
from corecraft_mcp.rl import CoreCraftEnv, EpisodeStateError
from corecraft_mcp.rl.dataset import COLUMNS, task_rows
from corecraft_mcp.server import server_for_episode
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.diff import compute_diff
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World
from tests.conftest import text_of

TASKS = load_tasks()


async def test_reference_earns_what_the_replayer_grades(world: World) -> None:
    env = CoreCraftEnv(world)
    for task in TASKS[::7]:
        obs = await env.reset(task.id)
        assert obs.messages == [
            {"role": "system", "content": support_agent_prompt(world)},
            {"role": "user", "content": task.instruction},
        ]
        assert len(obs.tools) == 23
        for call in task.reference.calls:
            result = await env.step(call.tool, call.args)
            assert not result.is_error, result.text
            assert json.loads(result.text) == result.structured
        outcome = await env.finish(task.reference.response)
        expected = (await replay(world, task, task.reference, ToolCaller())).grade
        assert outcome.grade == expected
        assert outcome.reward == expected.reward
        assert outcome.deterministic_reward == 1.0
        assert [v.criterion_id for v in outcome.verdicts] == [c.id for c in task.rubric]


async def test_each_reset_is_a_fresh_world(world: World) -> None:
    env = CoreCraftEnv(world)
    task = next(t for t in TASKS if any(c.tool.startswith("update_") for c in t.reference.calls))
    await env.reset(task.id)
    for call in task.reference.calls:
        await env.step(call.tool, call.args)
    changed = await env.finish(task.reference.response)
    await env.reset(task.id)
    untouched = await env.finish("")
    assert untouched.deterministic_reward < changed.deterministic_reward
    fresh = world.fork()
    expected = grade_deterministic(task, fresh, compute_diff(fresh, world.base), Transcript())
    assert untouched.grade == expected


async def test_bad_input_is_an_error_result_not_an_exception(world: World) -> None:
    env = CoreCraftEnv(world)
    await env.reset(TASKS[0].id)
    unknown = await env.step("refund_everything", {})
    assert unknown.is_error and "unknown tool 'refund_everything'" in unknown.text
    invalid = await env.step("get_order_details", {"order_id": 5})
    assert invalid.is_error and "order_id" in invalid.text
    not_object = await env.step("get_order_details", ["ORD-100001"])  # type: ignore[arg-type]
    assert not_object.is_error and "JSON object" in not_object.text
    refused = await env.step("get_order_details", {"order_id": "ORD-1"})
    assert refused.is_error and "not found" in refused.text
    assert len(env.calls) == 4 and not any(c.ok for c in env.calls)


# A bad argument name, a bad value, a refused write, and a good call: what each path reads.
SAME_AS_MCP: list[tuple[str, dict[str, Any]]] = [
    ("get_order_details", {"order_id": "ORD-100001", "verbose": True}),
    ("get_order_details", {"order_id": 5}),
    ("update_order", {"order_id": "ORD-100001", "action": "cancel", "reason": "Changed my mind."}),
    ("get_order_details", {"order_id": "ORD-100001"}),
]


async def test_step_reads_exactly_what_an_mcp_client_reads(world: World) -> None:
    env = CoreCraftEnv(world)
    for tool, args in SAME_AS_MCP:
        await env.reset(TASKS[0].id)
        step = await env.step(tool, args)
        episode = await Episode.start(world)
        async with episode, Client(server_for_episode(episode)) as client:
            over_mcp = await client.call_tool(tool, args)
        assert step.is_error is (args is not SAME_AS_MCP[-1][1]), step.text
        assert (step.is_error, step.text) == (over_mcp.is_error, text_of(over_mcp.content[0]))
    assert step.structured == over_mcp.structured_content
    # An unknown tool is a protocol error over MCP, an error result here: the same words.
    name = "refund_" * 30
    await env.reset(TASKS[0].id)
    unknown = await env.step(name, {})
    episode = await Episode.start(world)
    async with episode, Client(server_for_episode(episode)) as client:
        with pytest.raises(MCPError) as refused:
            await client.call_tool(name, {})
    assert unknown.is_error and unknown.text == str(refused.value)
    await env.close()


async def test_calls_out_of_order_say_what_to_do(world: World) -> None:
    env = CoreCraftEnv(world)
    with pytest.raises(EpisodeStateError, match="call reset"):
        await env.step("get_order_details", {"order_id": "ORD-100001"})
    with pytest.raises(KeyError, match="no task 'nope'"):
        await env.reset("nope")
    await env.reset(TASKS[0].id)
    await env.finish("")
    with pytest.raises(EpisodeStateError):
        await env.finish("again")


def test_export_jsonl_and_parquet(tmp_path: Path) -> None:
    jsonl, parquet = tmp_path / "train.jsonl", tmp_path / "all.parquet"
    assert (
        main(["tasks", "export", "--format", "jsonl", "--split", "train", "--out", str(jsonl)]) == 0
    )
    rows = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert rows == task_rows("train")
    assert {r["split"] for r in rows} == {"train"}
    assert all(tuple(r) == COLUMNS for r in rows)
    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["tasks", "export", "--format", "parquet", "--out", str(parquet)]) == 0
    table = pq.read_table(parquet).to_pylist()
    assert [r["task_id"] for r in table] == [t.id for t in TASKS]
    assert table[0]["prompt"][1]["content"] == TASKS[0].instruction


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["tasks", "export", "--format", "csv", "--out", str(tmp_path / "x")])


def test_many_episodes_in_one_env_share_one_world() -> None:
    async def run() -> None:
        env = CoreCraftEnv()
        other = CoreCraftEnv()
        assert env.world is other.world
        for task in TASKS[:20]:
            await env.reset(task.id)
            await env.step("get_loyalty_tier", {"tier": "Gold"})
        await env.close()

    anyio.run(run)
