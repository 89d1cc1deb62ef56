"""Built-in agents that need no model: `reference` replays a task's reference solution through
MCP (the harness's own end-to-end check), `noop` answers at once and does nothing (a floor)."""

from __future__ import annotations

from corecraft_mcp.grading.chat import (
    Completion,
    Message,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
)
from corecraft_mcp.tasks.models import Task

BUILTIN_MODELS = ("reference", "noop")


class ReferenceAgent:
    """Issues the reference calls one per turn, then the reference response."""

    name = "reference"

    def __init__(self, task: Task) -> None:
        self._task = task

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        made = sum(len(m.tool_calls) for m in messages if m.role == "assistant")
        calls = self._task.reference.calls
        if made < len(calls):
            call = calls[made]
            return Completion(
                tool_calls=[ToolCallRequest(id=f"ref-{made}", name=call.tool, arguments=call.args)]
            )
        return Completion(text=self._task.reference.response, stop_reason="end_turn")

    async def aclose(self) -> None:
        return None


class NoopAgent:
    name = "noop"

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        return Completion(text="", stop_reason="end_turn")

    async def aclose(self) -> None:
        return None
