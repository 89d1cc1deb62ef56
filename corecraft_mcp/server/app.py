"""The CoreCraft MCP server: 23 tools, policies and knowledge base, the support-agent prompt."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from mcp.server.mcpserver import Context, MCPServer

from corecraft_mcp.server.content import build_library, register_library
from corecraft_mcp.server.protocol import CorecraftMCPServer
from corecraft_mcp.server.tooling import EpisodeResolver, build_tools
from corecraft_mcp.tools.registry import TOOLS
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

INSTRUCTIONS = (
    "CoreCraft customer support: look up customers, orders, shipments, products, promotions and "
    "the knowledge base, and act on them (returns, exchanges, order changes, tickets) under the "
    "company policies published as corecraft://policies resources. Start from the support_agent "
    "prompt."
)

Lifespan = Callable[[MCPServer[Any]], AbstractAsyncContextManager[Any]]


async def episode_of_this_server(ctx: Context) -> Episode:
    """A server made for one episode carries it as its lifespan state."""
    episode = ctx.request_context.lifespan_context
    assert isinstance(episode, Episode), "this server was not made for an episode"
    return episode


class ServerFactory:
    """Makes MCP servers for one world. The tool definitions and documents are built once here;
    a server for an episode then costs a few milliseconds."""

    def __init__(self, world: World, resolve: EpisodeResolver = episode_of_this_server) -> None:
        self.world = world
        self._tools = build_tools(TOOLS, resolve)
        self._library = build_library(world)
        # The library's lookup templates and prompt, built once: deriving them from their
        # functions costs 1.6 ms a server, most of a new episode's server.
        # WARNING as for every server: the SDK sets up the root logger at the first server's level.
        donor = CorecraftMCPServer(name="corecraft", log_level="WARNING")
        register_library(donor, self._library)
        self._templates = dict(donor._resource_manager._templates)
        self._prompts = donor._prompt_manager.list_prompts()

    def build(self, lifespan: Lifespan | None = None) -> MCPServer:
        server = CorecraftMCPServer(
            name="corecraft",
            title="CoreCraft support",
            instructions=INSTRUCTIONS,
            version="0.1.0",
            log_level="WARNING",
            tools=list(self._tools),
            resources=list(self._library.resources),
            lifespan=lifespan,
        )
        # The SDK adds templates only from functions (what costs): the built ones are shared.
        server._resource_manager._templates.update(self._templates)
        for prompt in self._prompts:
            server.add_prompt(prompt)
        return server

    def for_episode(self, episode: Episode) -> MCPServer:
        """A server whose every call goes to one episode: stdio (one process, one episode) and
        in-process clients."""

        @asynccontextmanager
        async def hold(server: MCPServer[Any]) -> AsyncIterator[Episode]:
            yield episode

        return self.build(hold)


def build_server(world: World, resolve: EpisodeResolver) -> MCPServer:
    return ServerFactory(world, resolve).build()


def server_for_episode(episode: Episode) -> MCPServer:
    """One-off convenience; to serve many episodes of a world, keep a ServerFactory."""
    return ServerFactory(episode.world).for_episode(episode)
