"""Call tools by name with untrusted arguments, outside MCP (the replayer, the RL environment):
the same argument validation an MCP client gets, and the outcome as a call record."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, validate_call

from corecraft_mcp.tools.arguments import argument_error, refusal_text, unknown_tool_text
from corecraft_mcp.tools.base import ToolInputError, ToolSpec
from corecraft_mcp.tools.registry import TOOLS
from corecraft_mcp.tools.transcript import CallRecord
from corecraft_mcp.world.connection import WorldConnection

_CONFIG = ConfigDict(arbitrary_types_allowed=True, extra="forbid")


def _encodable(value: Any) -> bool:
    """False for text no JSON transport could carry (a lone surrogate): MCP clients can never
    send it, and SQLite cannot store it, so it is refused here once for every tool."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, Mapping):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_encodable(v) for v in value)
    return True


class ToolCaller:
    def __init__(self, tools: tuple[ToolSpec, ...] = TOOLS) -> None:
        self._tools: dict[str, Callable[..., Awaitable[BaseModel]]] = {
            spec.name: validate_call(config=_CONFIG)(spec.fn) for spec in tools
        }
        self._arguments = {
            spec.name: list(inspect.signature(spec.fn).parameters)[1:] for spec in tools
        }

    @property
    def names(self) -> list[str]:
        return list(self._tools)

    async def call(self, db: WorldConnection, name: str, args: Mapping[str, Any]) -> CallRecord:
        """Never raises for bad input: the error is in the record, as an agent would see it."""
        record_args = dict(args)
        fn = self._tools.get(name)
        if fn is None:
            return CallRecord(
                tool=name, args=record_args, ok=False, error=unknown_tool_text(name, self._tools)
            )
        if not _encodable(record_args):
            return CallRecord(
                tool=name,
                args={},
                ok=False,
                error=f"invalid arguments for {name}: text must be valid UTF-8",
            )
        if "db" in args:
            return CallRecord(
                tool=name,
                args=record_args,
                ok=False,
                error=f"invalid arguments for {name}: unknown argument 'db' "
                f"(its arguments are {', '.join(self._arguments[name])})",
            )
        try:
            result = await fn(db, **record_args)
        except ValidationError as exc:
            return CallRecord(
                tool=name,
                args=record_args,
                ok=False,
                error=argument_error(name, exc, self._arguments[name]),
            )
        except ToolInputError as exc:
            return CallRecord(
                tool=name, args=record_args, ok=False, error=refusal_text(name, str(exc))
            )
        return CallRecord(
            tool=name, args=record_args, ok=True, result=result.model_dump(mode="json")
        )
