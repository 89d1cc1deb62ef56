"""The MCP server: tools, resources and prompt over stdio or streamable HTTP."""

from corecraft_mcp.server.app import build_server, server_for_episode, single_episode

__all__ = ["build_server", "server_for_episode", "single_episode"]
