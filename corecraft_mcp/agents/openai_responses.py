"""`openai-responses:NAME`: OpenAI's Responses API, where the newest OpenAI models take function
tools together with reasoning (Chat Completions refuses tools with reasoning for some of them).

Wire format (checked against the openai SDK's `responses` types): the system prompt goes in
`instructions`; tools are flat `{"type": "function", name, description, parameters, strict}`;
the conversation is a list of input items: `{"role": "user"|"assistant", "content"}` messages,
`{"type": "function_call", call_id, name, arguments}` for the model's calls and
`{"type": "function_call_output", call_id, output}` for their results. The answer's `output` is a
list of items: `message` (its `output_text` parts), `function_call` (several per turn: parallel
calls) and `reasoning`.

Reasoning between turns, statelessly: every request has `store: false`, so nothing is kept on
OpenAI's side, and asks for `include: ["reasoning.encrypted_content"]`. A reasoning model that
calls tools needs that turn's reasoning items back, encrypted content intact and in their place
before the calls, on the next request; the provider-neutral Message has no room for them, so the
adapter keeps each such turn's output items by its first call id and replays them verbatim
(exactly as the Anthropic adapter does with thinking blocks).

Errors and retries are the Chat Completions adapter's: the SDK retries 408/409/429/5xx, timeouts
and dropped connections, and what still fails is a one-line ProviderError. The Responses API has
no seed; a seed is not sent and a warning says so once.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, cast

from corecraft_mcp.agents.kept_turns import KeptTurns
from corecraft_mcp.agents.openai_chat import (
    OpenAIChatModel,
    arguments_text,
    parse_arguments,
    tool_result_text,
)
from corecraft_mcp.grading.chat import (
    Completion,
    Message,
    ProviderError,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
    Usage,
)

try:
    import openai
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "openai-responses:MODEL needs the OpenAI SDK: pip install 'corecraft-mcp[models]'"
    ) from missing

if TYPE_CHECKING:
    from openai.types.responses import Response, ResponseInputItemParam

Item = dict[str, Any]

ENCRYPTED_REASONING = "reasoning.encrypted_content"


def to_response_tools(tools: list[ToolSchema]) -> list[Item]:
    out: list[Item] = []
    for t in tools:
        # strict false: MCP input schemas are not written for strict mode (which wants every
        # property required and additionalProperties false).
        tool: Item = {"type": "function", "name": t.name, "parameters": t.input_schema}
        tool["strict"] = False
        if t.description:
            tool["description"] = t.description
        out.append(tool)
    return out


def to_response_input(
    messages: list[Message], kept: dict[str, list[Item]] | None = None
) -> tuple[str, list[Item]]:
    """(instructions, input items). An assistant turn whose output items were kept is replayed
    from them verbatim, reasoning included."""
    kept = kept or {}
    instructions: list[str] = []
    items: list[Item] = []
    for m in messages:
        if m.role == "system":
            instructions.append(m.content)
        elif m.role == "user":
            items.append({"role": "user", "content": m.content})
        elif m.role == "assistant":
            replay = kept.get(m.tool_calls[0].id) if m.tool_calls else None
            if replay is not None:
                items.extend(replay)
                continue
            if m.content:
                items.append({"role": "assistant", "content": m.content})
            items.extend(
                {
                    "type": "function_call",
                    "call_id": c.id,
                    "name": c.name,
                    "arguments": arguments_text(c),
                }
                for c in m.tool_calls
            )
        else:
            if m.tool_call_id is None:
                raise ValueError("a tool message needs the tool_call_id it answers")
            items.append(
                {
                    "type": "function_call_output",
                    "call_id": m.tool_call_id,
                    "output": tool_result_text(m),
                }
            )
    return "\n\n".join(instructions), items


class OpenAIResponsesModel(OpenAIChatModel):
    """One model behind a Responses endpoint (OpenAI's, or a compatible server's via base_url)."""

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 5,
    ) -> None:
        super().__init__(
            model, base_url=base_url, api_key=api_key, timeout_s=timeout_s, max_retries=max_retries
        )
        self.name = f"openai-responses:{model}"
        self._kept = KeptTurns()

    def request_options(
        self, tools: list[ToolSchema], settings: SamplingSettings
    ) -> dict[str, Any]:
        """The keyword arguments of responses.create besides model, instructions and input."""
        options: dict[str, Any] = {
            "max_output_tokens": settings.max_tokens,
            "store": False,
            "include": [ENCRYPTED_REASONING],
        }
        if tools:
            options["tools"] = to_response_tools(tools)
        if settings.temperature is not None:
            options["temperature"] = settings.temperature
        if settings.top_p is not None:
            options["top_p"] = settings.top_p
        if settings.seed is not None:
            warnings.warn(
                f"{self.name}: the seed is not sent: the Responses API takes none",
                UserWarning,
                stacklevel=2,
            )
        if settings.extra:  # e.g. {"reasoning": {"effort": "high"}}; wins over ours
            options["extra_body"] = dict(settings.extra)
        return options

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        instructions, items = to_response_input(messages, self._kept)
        options = self.request_options(tools, settings)
        if instructions:
            options["instructions"] = instructions
        try:
            response = await self._sdk().responses.create(
                model=self.model,
                # built as plain dicts (replays are copied verbatim); the same wire shape
                input=cast("list[ResponseInputItemParam]", items),
                **options,
            )
        except openai.OpenAIError as exc:
            raise self.provider_error(exc) from exc
        return self.parse_response(response)

    def parse_response(self, response: Response) -> Completion:
        if response.status == "failed":
            detail = response.error.message if response.error else "no reason given"
            raise ProviderError(f"{self.name}: the response failed: {detail}")
        texts: list[str] = []
        calls: list[ToolCallRequest] = []
        reasoned = False
        for item in response.output:
            if item.type == "message":
                texts.extend(p.text for p in item.content if p.type == "output_text")
            elif item.type == "function_call":
                arguments, invalid = parse_arguments(item.arguments)
                calls.append(
                    ToolCallRequest(
                        id=item.call_id,
                        name=item.name,
                        arguments=arguments,
                        invalid_arguments=invalid,
                    )
                )
            elif item.type == "reasoning":
                reasoned = True
        if reasoned and calls:
            self._keep(calls[0].id, response)
        usage = response.usage
        stop: str = response.status or ""
        if response.incomplete_details is not None and response.incomplete_details.reason:
            stop = response.incomplete_details.reason
        return Completion(
            text="".join(texts),
            tool_calls=calls,
            usage=Usage(
                input_tokens=usage.input_tokens if usage else 0,
                output_tokens=usage.output_tokens if usage else 0,
            ),
            stop_reason=stop,
        )

    def _keep(self, first_call_id: str, response: Response) -> None:
        # Output items go back as input items of the same shape; ids and encrypted content intact.
        self._kept.keep(
            first_call_id,
            [item.model_dump(mode="json", exclude_none=True) for item in response.output],
        )
