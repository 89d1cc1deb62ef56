"""The seam between the agent loop and any model: a provider-neutral conversation and one call.

Adapters translate these messages into their provider's wire format and back; the loop, the
judge and the built-in agents speak only this.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field


class ToolSchema(BaseModel):
    """A tool as a model sees it (from MCP tools/list)."""

    name: str
    description: str
    input_schema: dict[str, Any]


class ToolCallRequest(BaseModel):
    id: str = Field(description="the provider's id for this call, echoed in the tool result")
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    # Set when the model's arguments were not a JSON object: the call is answered with an error.
    invalid_arguments: str | None = None


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    tool_calls: list[ToolCallRequest] = Field(default_factory=list)  # assistant turns
    tool_call_id: str | None = None  # tool results
    tool_name: str | None = None  # tool results
    is_error: bool = False  # tool results


class Usage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
        )


class Completion(BaseModel):
    """One assistant turn: text, tool calls (possibly several, run in parallel), usage."""

    text: str = ""
    tool_calls: list[ToolCallRequest] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    stop_reason: str = ""


class SamplingSettings(BaseModel):
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int = 4096
    seed: int | None = None
    # Provider-specific extras passed through untouched (e.g. {"reasoning_effort": "high"}).
    extra: dict[str, Any] = Field(default_factory=dict)


# Sent as the API key to a local OpenAI- or Anthropic-compatible server that needs none: the SDKs
# refuse to build a client without one.
PLACEHOLDER_KEY = "not-needed"


def one_line(text: str, limit: int = 400) -> str:
    """A provider's error text as one bounded line for a ProviderError message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class ProviderError(Exception):
    """The provider failed after the adapter's retries (rate limit, 5xx, timeout, bad response):
    an infrastructure error, counted apart from task failures and retried on resume."""


class ChatModel(Protocol):
    """A model the loop can talk to. `name` is recorded in every result (e.g. 'openai:gpt-5.2')."""

    name: str

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion: ...

    async def aclose(self) -> None: ...
