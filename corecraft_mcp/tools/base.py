"""What every tool shares: its error, its registration record, pagination and money."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.world.connection import Row, WorldConnection

MAX_TEXT = 2000  # longest free text a tool accepts (notes, messages, resolutions)
MAX_QUERY = 200  # longest search string


class ToolInputError(Exception):
    """Bad input or an action the world's state forbids. The message goes to the agent as is: it
    says what was wrong and what is accepted. Raised before any write, or inside the write's
    transaction (which then rolls back), so a failed call changes nothing."""


ToolKind = Literal["read", "write"]
ToolFn = Callable[..., Awaitable[BaseModel]]


@dataclass(frozen=True)
class ToolSpec:
    """A tool as the server, the RL environment and the replayer register it. The function's
    first parameter is the WorldConnection; the rest are the tool's arguments."""

    fn: ToolFn
    kind: ToolKind
    title: str
    # A write that cannot be undone by another tool call (refunds, cancellations).
    destructive: bool = False

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def description(self) -> str:
        return " ".join((self.fn.__doc__ or "").split())


# Reusable argument types: every parameter carries its description into the MCP input schema.
Page = Annotated[int, Field(ge=1, le=10_000, description="Result page, starting at 1.")]
PageSize = Annotated[int, Field(ge=1, le=50, description="Results per page (1-50).")]


class PageInfo(BaseModel):
    page: int
    page_size: int
    total: int = Field(description="Matches over all pages.")
    has_more: bool


def page_info(page: int, page_size: int, total: int) -> PageInfo:
    return PageInfo(page=page, page_size=page_size, total=total, has_more=page * page_size < total)


def offset(page: int, page_size: int) -> int:
    return (page - 1) * page_size


async def require(db: WorldConnection, sql: str, params: tuple[Any, ...], missing: str) -> Row:
    """The one row a query names, or a ToolInputError with the message `missing`."""
    row = await db.fetchone(sql, params)
    if row is None:
        raise ToolInputError(missing)
    return row


def like_pattern(text: str) -> str:
    """A LIKE pattern that matches `text` literally anywhere (used with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
