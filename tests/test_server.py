"""The server as MCP clients see it, through the SDK's own client, in process."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.tools.registry import TOOL_NAMES, TOOLS
from corecraft_mcp.world.episode import Episode
from tests.conftest import text_of


def connect(episode: Episode) -> Client:
    """Tests open the client themselves: an anyio task group (inside Client) must be exited by
    the task that entered it, which an async fixture's setup and teardown are not."""
    return Client(server_for_episode(episode))


async def test_lists_the_23_tools_with_schemas(episode: Episode) -> None:
    async with connect(episode) as client:
        tools = (await client.list_tools()).tools
        assert [t.name for t in tools] == list(TOOL_NAMES)
        assert len(tools) == 23
        kinds = {spec.name: spec.kind for spec in TOOLS}
        for tool in tools:
            assert len(tool.description or "") > 80, f"{tool.name}: description too thin to act on"
            assert tool.output_schema is not None, tool.name
            assert "db" not in tool.input_schema.get("properties", {}), tool.name
            for name, prop in tool.input_schema.get("properties", {}).items():
                assert prop.get("description"), f"{tool.name}.{name} has no description"
            assert tool.annotations is not None
            assert tool.annotations.read_only_hint is (kinds[tool.name] == "read"), tool.name


async def test_policies_are_resources(episode: Episode) -> None:
    async with connect(episode) as client:
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        assert "corecraft://policies" in listed
        assert "corecraft://kb" in listed
        index = json.loads(
            text_of((await client.read_resource("corecraft://policies")).contents[0])
        )
        assert len(index) == 15
        returns = (await client.read_resource("corecraft://policies/returns")).contents[0]
        assert returns.mime_type == "text/markdown"
        assert "45 days" in text_of(returns)  # the Gold return window of seed42


async def test_kb_articles_are_resources(episode: Episode) -> None:
    async with connect(episode) as client:
        index = json.loads(text_of((await client.read_resource("corecraft://kb")).contents[0]))
        assert len(index) == 80
        superseded = next(a for a in index if a["superseded_by"])
        text = text_of(
            (await client.read_resource(f"corecraft://kb/{superseded['id']}")).contents[0]
        )
        assert f"Superseded by {superseded['superseded_by']}" in text


async def test_unknown_resource_is_a_clear_error(episode: Episode) -> None:
    async with connect(episode) as client:
        with pytest.raises(Exception, match="the policies are"):
            await client.read_resource("corecraft://policies/no-such-policy")
        with pytest.raises(Exception, match="ids look like KB-1001"):
            await client.read_resource("corecraft://kb/KB-9")


async def test_support_agent_prompt(episode: Episode) -> None:
    async with connect(episode) as client:
        prompts = (await client.list_prompts()).prompts
        assert [p.name for p in prompts] == ["support_agent"]
        result = await client.get_prompt("support_agent", {})
        text = text_of(result.messages[0].content)
        assert "2026-03-16" in text
        assert "corecraft://policies/returns" in text


async def test_tool_error_is_clear_and_changes_nothing(episode: Episode) -> None:
    async with connect(episode) as client:
        result = await client.call_tool("get_order_details", {"order_id": "ORD-000000"})
        assert result.is_error
        message = text_of(result.content[0])
        assert "ORD-000000" in message
        assert "Traceback" not in message
        assert episode.diff().is_empty


async def test_wrong_argument_types_are_tool_errors(episode: Episode) -> None:
    async with connect(episode) as client:
        result = await client.call_tool("search_orders", {"page": "first"})
        assert result.is_error
        assert "page" in text_of(result.content[0])
