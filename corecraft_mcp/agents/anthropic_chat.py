"""`anthropic:NAME`: the Messages API with tool use.

Wire format (checked against the anthropic SDK 2.x types, API version 2026-10-21): the system
prompt is the top-level `system`; tools are `{name, description, input_schema}`; the assistant's
calls are `tool_use` blocks (several per turn); their results go back in the next user message as
`tool_result` blocks (`tool_use_id`, `content`, `is_error`), all results of one turn in ONE user
message and before any text, as the API requires. `max_tokens` is mandatory.

Sampling: API version 2026-10-21 rejects `temperature`, `top_p` and `top_k` (400, even at their
defaults) and the SDK no longer has them, so they are not sent; a warning says so once. An
Anthropic-compatible server that still takes them can get them through `SamplingSettings.extra`,
which goes out in the body as given (as do `thinking`, `output_config` and the like). There is no
seed.

Thinking: models that think before calling tools (always, on the Fable and Opus 5.x lines) require
that turn's thinking blocks, signatures intact, to be sent back with the tool calls. The
provider-neutral Message has no room for them, so this adapter keeps each such turn's content by
its first tool_use id and replays it verbatim.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any, cast

from corecraft_mcp.agents.kept_turns import KeptTurns
from corecraft_mcp.agents.provider_errors import no_answer, status_message, unreachable
from corecraft_mcp.grading.chat import (
    PLACEHOLDER_KEY,
    Completion,
    Message,
    ProviderError,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
    Usage,
    one_line,
)

try:
    import anthropic
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "anthropic:MODEL needs the Anthropic SDK: pip install 'corecraft-mcp[models]'"
    ) from missing

if TYPE_CHECKING:
    from anthropic.types import Message as AnthropicMessage
    from anthropic.types import MessageParam

Block = dict[str, Any]


def to_anthropic_tools(tools: list[ToolSchema]) -> list[Block]:
    out: list[Block] = []
    for t in tools:
        tool: Block = {"name": t.name, "input_schema": t.input_schema}
        if t.description:  # optional in the API
            tool["description"] = t.description
        out.append(tool)
    return out


def _tool_use(call: ToolCallRequest) -> Block:
    return {"type": "tool_use", "id": call.id, "name": call.name, "input": call.arguments}


def _tool_result(message: Message) -> Block:
    if message.tool_call_id is None:
        raise ValueError("a tool message needs the tool_call_id it answers")
    block: Block = {
        "type": "tool_result",
        "tool_use_id": message.tool_call_id,
        "is_error": message.is_error,
    }
    if message.content:  # an empty text block is rejected; no content is allowed
        block["content"] = message.content
    return block


def to_anthropic_messages(
    messages: list[Message], kept_turns: dict[str, list[Block]] | None = None
) -> tuple[str, list[Block]]:
    """(system, messages). Consecutive turns of one role are merged into one message, so the
    results of one assistant turn form one user message, with tool_result blocks first."""
    kept = kept_turns or {}
    system: list[str] = []
    out: list[Block] = []

    def append(role: str, blocks: list[Block]) -> None:
        if not blocks:
            return
        if out and out[-1]["role"] == role:
            merged: list[Block] = out[-1]["content"]
            if role == "user" and blocks[0]["type"] == "tool_result":
                # results answer the previous assistant turn: they go before any text
                at = sum(1 for b in merged if b["type"] == "tool_result")
                merged[at:at] = blocks
            else:
                merged.extend(blocks)
        else:
            out.append({"role": role, "content": list(blocks)})

    for m in messages:
        if m.role == "system":
            if m.content:
                system.append(m.content)
        elif m.role == "user":
            # whitespace-only text blocks are rejected, so such a turn adds nothing
            append("user", [{"type": "text", "text": m.content}] if m.content.strip() else [])
        elif m.role == "tool":
            append("user", [_tool_result(m)])
        else:
            replay = kept.get(m.tool_calls[0].id) if m.tool_calls else None
            # only the very turn that was kept: same calls, same order, so every result pairs up
            if replay is not None and [b["id"] for b in replay if b["type"] == "tool_use"] == [
                c.id for c in m.tool_calls
            ]:
                append("assistant", [dict(b) for b in replay])
                continue
            blocks: list[Block] = [{"type": "text", "text": m.content}] if m.content.strip() else []
            append("assistant", blocks + [_tool_use(c) for c in m.tool_calls])
    return "\n\n".join(system), out


def _block_param(block: Any) -> Block | None:
    """A response content block as it must be sent back, or None for kinds never sent back."""
    kind = getattr(block, "type", None)
    if kind == "text":
        return {"type": "text", "text": block.text}
    if kind == "thinking":
        return {"type": "thinking", "thinking": block.thinking, "signature": block.signature}
    if kind == "redacted_thinking":
        return {"type": "redacted_thinking", "data": block.data}
    if kind == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    return None


class AnthropicChatModel:
    """One Claude model behind the Messages API."""

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 5,
    ) -> None:
        self.name = f"anthropic:{model}"
        self.model = model
        self.base_url = base_url or os.environ.get("ANTHROPIC_BASE_URL") or None
        env_credential = os.environ.get("ANTHROPIC_API_KEY") or os.environ.get(
            "ANTHROPIC_AUTH_TOKEN"
        )
        # Without a key the SDK still tries its profiles; a local server gets a placeholder.
        self._api_key = api_key or (
            PLACEHOLDER_KEY if self.base_url and not env_credential else None
        )
        # Named in a 401, so the message says which key to fix (None: a placeholder was sent).
        self._key_source = (
            "the api key given"
            if api_key
            else None
            if self._api_key == PLACEHOLDER_KEY
            else "ANTHROPIC_API_KEY"
        )
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self._client: anthropic.AsyncAnthropic | None = None
        self._kept = KeptTurns()

    def _sdk(self) -> anthropic.AsyncAnthropic:
        # Created on first use, so a model built only to validate settings holds no connections.
        if self._client is None:
            self._client = anthropic.AsyncAnthropic(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout_s,
                max_retries=self.max_retries,
            )
        return self._client

    def request_options(
        self, tools: list[ToolSchema], settings: SamplingSettings
    ) -> dict[str, Any]:
        """The keyword arguments of messages.create besides model, system and messages."""
        if settings.temperature is not None or settings.top_p is not None:
            # A warning, not a log line: Python shows it once per model, not once per episode.
            warnings.warn(
                f"{self.name}: temperature/top_p are not sent: the Messages API (2026-10-21) "
                "takes no sampling parameters",
                UserWarning,
                stacklevel=2,
            )
        options: dict[str, Any] = {
            "max_tokens": settings.max_tokens,
            # Given per request, so the SDK does not refuse a large max_tokens without streaming.
            "timeout": self.timeout_s,
        }
        if tools:
            options["tools"] = to_anthropic_tools(tools)
        if settings.extra:
            options["extra_body"] = dict(settings.extra)
        return options

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        system, wire = to_anthropic_messages(messages, self._kept)
        options = self.request_options(tools, settings)
        if system:
            options["system"] = system
        try:
            response = await self._sdk().messages.create(
                # built as plain dicts (thinking replays are copied verbatim); same wire shape
                model=self.model,
                messages=cast("list[MessageParam]", wire),
                **options,
            )
        except anthropic.APIStatusError as exc:
            raise ProviderError(self._describe(exc)) from exc
        except anthropic.APITimeoutError as exc:
            raise no_answer(self.name, self.timeout_s, self.max_retries) from exc
        except anthropic.APIConnectionError as exc:
            where = self.base_url or "api.anthropic.com"
            raise unreachable(self.name, where, self.max_retries, exc) from exc
        except anthropic.AnthropicError as exc:
            raise ProviderError(f"{self.name}: {one_line(str(exc))}") from exc
        except TypeError as exc:
            # The SDK's way of saying it found no credentials at all, or of choking on a
            # malformed reply from a server: either way the provider failed, not the agent.
            if "authentication" in str(exc).lower():
                raise ProviderError(
                    f"{self.name}: ANTHROPIC_API_KEY is not set: export it (or give an api key)"
                ) from exc
            raise ProviderError(f"{self.name}: malformed response: {one_line(str(exc))}") from exc
        return self.parse(response)

    def parse(self, response: AnthropicMessage) -> Completion:
        texts: list[str] = []
        calls: list[ToolCallRequest] = []
        thought = False
        for block in response.content:
            if block.type == "text":
                texts.append(block.text)
            elif block.type == "tool_use":
                arguments = block.input if isinstance(block.input, dict) else {}
                invalid = None if isinstance(block.input, dict) else repr(block.input)
                calls.append(
                    ToolCallRequest(
                        id=block.id,
                        name=block.name,
                        arguments=dict(arguments),
                        invalid_arguments=invalid,
                    )
                )
            elif block.type in ("thinking", "redacted_thinking"):
                thought = True
        if thought and calls:
            self._keep(calls[0].id, response)
        usage = response.usage
        # Cached prompt tokens are reported apart from input_tokens: count every prompt token,
        # as OpenAI's prompt_tokens does, so the two providers' usage compares.
        prompt = (
            usage.input_tokens
            + (usage.cache_creation_input_tokens or 0)
            + (usage.cache_read_input_tokens or 0)
        )
        return Completion(
            text="".join(texts),
            tool_calls=calls,
            usage=Usage(input_tokens=prompt, output_tokens=usage.output_tokens),
            stop_reason=response.stop_reason or "",
        )

    def _keep(self, first_call_id: str, response: AnthropicMessage) -> None:
        blocks = [p for p in (_block_param(b) for b in response.content) if p is not None]
        self._kept.keep(first_call_id, blocks)

    def _describe(self, exc: anthropic.APIStatusError) -> str:
        status = exc.status_code
        # api_message and type parse the error body; SDKs before 2.0 lack them
        kind = getattr(exc, "type", None) or "error"
        detail = one_line(getattr(exc, "api_message", None) or exc.message)
        if status == 402:
            return f"{self.name}: billing problem on the account (402): {detail}"
        common = status_message(
            self.name,
            self.model,
            status,
            detail,
            where=self.base_url or "the Anthropic API",
            key_source=self._key_source,
            key_env="ANTHROPIC_API_KEY",
            max_retries=self.max_retries,
            retry_label="rate limited"
            if status == 429
            else "overloaded"
            if status == 529
            else kind,
        )
        if common is not None:
            return common
        return f"{self.name}: request rejected ({status} {kind}): {detail}"

    async def aclose(self) -> None:
        self._kept.clear()
        if self._client is not None:
            await self._client.close()
            self._client = None
