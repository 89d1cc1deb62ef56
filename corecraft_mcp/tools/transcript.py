"""What an agent did in an episode: its tool calls and its final response."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class CallRecord(BaseModel):
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    ok: bool
    result: Any = None
    error: str | None = None


class Transcript(BaseModel):
    calls: list[CallRecord] = Field(default_factory=list)
    response: str = ""
    # The whole conversation as the model saw it (evaluation runs fill this; replays leave it).
    messages: list[dict[str, Any]] = Field(default_factory=list)
