"""Expose a tool function (first parameter: the world) as an MCP tool of the server."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp_types import ToolAnnotations
from pydantic import BaseModel, ValidationError

from corecraft_mcp.tools.arguments import (
    argument_error,
    argument_names,
    refusal_text,
    strict_model,
)
from corecraft_mcp.tools.base import ToolInputError, ToolSpec
from corecraft_mcp.world.episode import Episode

EpisodeResolver = Callable[[Context], Awaitable[Episode]]


def _mcp_function(spec: ToolSpec, resolve: EpisodeResolver) -> Callable[..., Awaitable[BaseModel]]:
    """A function with the tool's own arguments plus the MCP context, in place of the world:
    the SDK derives the input schema from its signature and the output schema from its return
    type, so the schemas are exactly the tool function's."""
    signature = inspect.signature(spec.fn, eval_str=True)
    arguments = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in list(signature.parameters.values())[1:]
    ]

    @functools.wraps(spec.fn)
    async def call(ctx: Context, **kwargs: Any) -> BaseModel:
        episode = await resolve(ctx)
        try:
            return await spec.fn(episode.db, **kwargs)
        except ToolInputError as exc:
            raise ToolError(str(exc)) from exc

    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)
    call.__signature__ = signature.replace(parameters=[context, *arguments])  # type: ignore[attr-defined]
    call.__annotations__ = {
        "ctx": Context,
        **{p.name: p.annotation for p in arguments},
        "return": signature.return_annotation,
    }
    del call.__wrapped__  # the schema must come from our signature
    return call


def annotations_for(spec: ToolSpec) -> ToolAnnotations:
    read_only = spec.kind == "read"
    return ToolAnnotations(
        title=spec.title,
        read_only_hint=read_only,
        destructive_hint=None if read_only else spec.destructive,
        idempotent_hint=read_only,
        open_world_hint=False,
    )


class StrictTool(Tool):
    """A tool that refuses arguments its input schema does not declare, and says what was wrong
    in one sentence. The SDK's own refusal is pydantic's multi-line report (model names,
    documentation links), and it ignores unknown arguments. A refused call's text is
    refusal_text's, as the ToolCaller's is, so the RL environment reads what a client reads."""

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> Any:
        # The SDK validates the arguments once, against the strict model; only its wording of a
        # refusal is replaced, here, after the fact.
        try:
            return await super().run(arguments, context, convert_result)
        except UnexpectedToolError:
            raise  # a crash (a ValidationError inside the tool is one too): the SDK's text
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                accepted = argument_names(self.fn_metadata.arg_model)
                raise ToolError(argument_error(self.name, cause, accepted)) from None
            # The SDK wraps the tool's own ToolError, which wraps the ToolInputError.
            refusal = cause.__cause__ if cause is not None else None
            if isinstance(refusal, ToolInputError):
                raise ToolError(refusal_text(self.name, str(refusal))) from refusal
            raise


def strict_tool(tool: Tool) -> StrictTool:
    arg_model = strict_model(tool.fn_metadata.arg_model)
    metadata = tool.fn_metadata.model_copy(update={"arg_model": arg_model})
    fields = {name: getattr(tool, name) for name in Tool.model_fields}
    fields.update(fn_metadata=metadata, parameters=arg_model.model_json_schema(by_alias=True))
    return StrictTool(**fields)


def build_tools(tools: tuple[ToolSpec, ...], resolve: EpisodeResolver) -> tuple[Tool, ...]:
    """The MCP tool definitions. Deriving their schemas costs the SDK more than a whole episode
    does, so they are built once and shared by every server that resolves episodes the same way."""
    return tuple(
        strict_tool(
            Tool.from_function(
                _mcp_function(spec, resolve),
                name=spec.name,
                title=spec.title,
                description=spec.description,
                annotations=annotations_for(spec),
                structured_output=True,
            )
        )
        for spec in tools
    )
