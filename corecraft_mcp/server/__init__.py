"""The MCP server: tools, resources and prompt over stdio or streamable HTTP."""

from corecraft_mcp.server.app import ServerFactory, build_server, server_for_episode

__all__ = ["ServerFactory", "build_server", "server_for_episode"]
