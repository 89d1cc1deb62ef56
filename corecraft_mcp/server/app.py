"""The CoreCraft MCP server: 23 tools, policies and knowledge base, the support-agent prompt."""

from __future__ import annotations

from mcp.server.mcpserver import Context, MCPServer

from corecraft_mcp.server.content import register_prompt, register_resources
from corecraft_mcp.server.tooling import EpisodeResolver, register_tools
from corecraft_mcp.tools.registry import TOOLS
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

INSTRUCTIONS = (
    "CoreCraft customer support: look up customers, orders, shipments, products, promotions and "
    "the knowledge base, and act on them (returns, exchanges, order changes, tickets) under the "
    "company policies published as corecraft://policies resources. Start from the support_agent "
    "prompt."
)


def build_server(world: World, resolve: EpisodeResolver) -> MCPServer:
    server = MCPServer(
        name="corecraft",
        title="CoreCraft support",
        instructions=INSTRUCTIONS,
        version="0.1.0",
        log_level="WARNING",
    )
    register_tools(server, TOOLS, resolve)
    register_resources(server, world)
    register_prompt(server, world)
    return server


def single_episode(episode: Episode) -> EpisodeResolver:
    """Every call goes to one episode: stdio (one process = one episode) and in-process use."""

    async def resolve(ctx: Context) -> Episode:
        return episode

    return resolve


def server_for_episode(episode: Episode) -> MCPServer:
    return build_server(episode.world, single_episode(episode))
