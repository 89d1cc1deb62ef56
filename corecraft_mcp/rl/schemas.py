"""The tools as a model sees them, derived once per process from the MCP server's definitions."""

from __future__ import annotations

import functools
from typing import Any

from mcp.server.mcpserver import Context

from corecraft_mcp.server.tooling import build_tools
from corecraft_mcp.tools.registry import TOOLS
from corecraft_mcp.world.episode import Episode


async def _no_episode(ctx: Context) -> Episode:
    raise RuntimeError("schema-only tool definitions are never called")


@functools.cache
def _tool_schemas() -> tuple[dict[str, Any], ...]:
    # Deriving the schemas costs more than an episode, and they never change: built once.
    return tuple(
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description or "",
                "parameters": tool.parameters,
            },
        }
        for tool in build_tools(TOOLS, _no_episode)
    )


def tool_schemas() -> list[dict[str, Any]]:
    """The 23 tools in OpenAI function-calling form, with the input schemas the MCP server
    publishes in tools/list (so a model trained here sees what it will see when evaluated)."""
    return [{"type": "function", "function": dict(s["function"])} for s in _tool_schemas()]
