"""Error codes as the MCP specification gives them, where the SDK answers otherwise.

The SDK (mcp 2.x) answers an unknown resource with -32602 (or -32603 when the resource's own
handler refuses the id), an unknown prompt with -32603 (internal error) and an unknown tool with a
tool result marked isError. The specification (2025-11-25) answers an unknown resource with
-32002 (resource not found) and an unknown prompt or tool with -32602 (invalid params): the
caller's mistake, not the server's. Protocol versions after 2025-11-25 retire -32002 in favour of
-32602, so the code follows the version the session negotiated."""

from __future__ import annotations

from typing import Any

from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, UnexpectedResourceError
from mcp.shared.exceptions import MCPError
from mcp_types import (
    CallToolRequestParams,
    CallToolResult,
    GetPromptRequestParams,
    GetPromptResult,
    InputRequiredResult,
    ReadResourceRequestParams,
    ReadResourceResult,
)
from mcp_types.jsonrpc import INVALID_PARAMS

from corecraft_mcp.tools.arguments import unknown_tool_text

RESOURCE_NOT_FOUND = -32002
LAST_VERSION_WITH_RESOURCE_NOT_FOUND = "2025-11-25"


def resource_not_found_code(protocol_version: str) -> int:
    # Versions are dates, so they compare as strings.
    if protocol_version and protocol_version > LAST_VERSION_WITH_RESOURCE_NOT_FOUND:
        return INVALID_PARAMS
    return RESOURCE_NOT_FOUND


class CorecraftMCPServer(MCPServer[Any]):
    async def _handle_read_resource(
        self, ctx: ServerRequestContext[Any], params: ReadResourceRequestParams
    ) -> ReadResourceResult | InputRequiredResult:
        try:
            return await super()._handle_read_resource(ctx, params)
        except MCPError as err:
            cause = err.__context__
            # Our resource handlers refuse an id they do not know with ResourceError; the SDK
            # raises its ResourceNotFoundError (a ResourceError) for a URI nothing matches.
            if isinstance(cause, ResourceError) and not isinstance(cause, UnexpectedResourceError):
                code = resource_not_found_code(ctx.protocol_version)
                raise MCPError(code, err.error.message, {"uri": str(params.uri)}) from None
            raise

    async def _handle_get_prompt(
        self, ctx: ServerRequestContext[Any], params: GetPromptRequestParams
    ) -> GetPromptResult | InputRequiredResult:
        if self._prompt_manager.get_prompt(params.name) is None:
            known = ", ".join(p.name for p in self._prompt_manager.list_prompts())
            raise MCPError(
                INVALID_PARAMS, f"unknown prompt '{params.name[:80]}': the prompts are {known}"
            )
        return await super()._handle_get_prompt(ctx, params)

    async def _handle_call_tool(
        self, ctx: ServerRequestContext[Any], params: CallToolRequestParams
    ) -> CallToolResult | InputRequiredResult:
        if self._tool_manager.get_tool(params.name) is None:
            known = (t.name for t in self._tool_manager.list_tools())
            raise MCPError(INVALID_PARAMS, unknown_tool_text(params.name, known))
        return await super()._handle_call_tool(ctx, params)
