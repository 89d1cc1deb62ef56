"""`openai:NAME`: the Chat Completions API, for OpenAI and any OpenAI-compatible server (vLLM,
SGLang, Ollama, OpenRouter) reached through `base_url`.

Wire format (checked against the openai SDK's types): tools are `{"type": "function",
"function": {name, description, parameters}}` with the MCP input schema as `parameters`; the
assistant's calls come back in `message.tool_calls` (several at once: parallel tool calls) with
`arguments` as a JSON string; each result goes back as its own `{"role": "tool", "tool_call_id"}`
message. Retries (429, 408, 409, 5xx, timeouts, connection errors, honouring Retry-After) are the
SDK's own; what still fails becomes a one-line ProviderError.

Output limit: OpenAI's own API gets `max_completion_tokens`, because `max_tokens` is deprecated
there and rejected by the reasoning models (o-series, GPT-5.x, GPT-6.x). Any other base_url gets
`max_tokens`, the field every OpenAI-compatible server accepts (Ollama and older vLLM/SGLang builds
do not know `max_completion_tokens`). A setting in `SamplingSettings.extra` goes out in the body
as given and wins over ours.

Tools with reasoning on Chat Completions: OpenAI's GPT-5.6 and GPT-6 families refuse function tools
on this endpoint unless `reasoning_effort` is "none" (pass it in `extra`); some (gpt-6-astra,
gpt-6.1-sol, gpt-6.2-*) have no "none" and take tools only on the Responses API, which this adapter
does not speak (use `openai-responses:NAME`). The error then says so.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

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
    import openai
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "openai:MODEL needs the OpenAI SDK: pip install 'corecraft-mcp[models]'"
    ) from missing

if TYPE_CHECKING:  # the wire types, for checking only: older SDKs lack some of these names
    from openai.types.chat import (
        ChatCompletion,
        ChatCompletionAssistantMessageParam,
        ChatCompletionFunctionToolParam,
        ChatCompletionMessageFunctionToolCallParam,
        ChatCompletionMessageParam,
    )
    from openai.types.shared_params import FunctionDefinition

# Sent as the key to servers that need none (a local vLLM or Ollama): the SDK refuses to start
# without one.
_OPENAI_HOSTS = ("api.openai.com", ".openai.azure.com")
_TOOLS_NEED_RESPONSES = "function tools with reasoning_effort are not supported"


def is_openai_endpoint(base_url: str | None) -> bool:
    """True for OpenAI's own API (the default, or an explicit api.openai.com / Azure URL)."""
    if base_url is None:
        return True
    host = urlparse(base_url).hostname or ""
    return any(host == h or (h.startswith(".") and host.endswith(h)) for h in _OPENAI_HOSTS)


def to_openai_tools(tools: list[ToolSchema]) -> list[ChatCompletionFunctionToolParam]:
    out: list[ChatCompletionFunctionToolParam] = []
    for t in tools:
        function: FunctionDefinition = {"name": t.name, "parameters": t.input_schema}
        if t.description:  # optional in the API; some servers reject an empty one
            function["description"] = t.description
        out.append({"type": "function", "function": function})
    return out


def arguments_text(call: ToolCallRequest) -> str:
    # A call whose arguments were not JSON is echoed as the model wrote it, so the model sees its
    # own mistake next to the error it was answered with.
    if call.invalid_arguments is not None:
        return call.invalid_arguments
    return json.dumps(call.arguments, ensure_ascii=False)


def tool_result_text(message: Message) -> str:
    # Neither OpenAI API has an is_error flag: say it in the text unless the text already does.
    if message.is_error and not message.content.lower().startswith("error"):
        return f"Error: {message.content}"
    return message.content


def to_openai_messages(messages: list[Message]) -> list[ChatCompletionMessageParam]:
    out: list[ChatCompletionMessageParam] = []
    for m in messages:
        if m.role == "system":
            out.append({"role": "system", "content": m.content})
        elif m.role == "user":
            out.append({"role": "user", "content": m.content})
        elif m.role == "assistant":
            assistant: ChatCompletionAssistantMessageParam = {
                "role": "assistant",
                # null, not "", next to tool calls: what OpenAI itself returns for such a turn
                "content": m.content if m.content or not m.tool_calls else None,
            }
            if m.tool_calls:
                calls: list[ChatCompletionMessageFunctionToolCallParam] = [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": arguments_text(c)},
                    }
                    for c in m.tool_calls
                ]
                assistant["tool_calls"] = calls
            out.append(assistant)
        else:
            if m.tool_call_id is None:
                raise ValueError("a tool message needs the tool_call_id it answers")
            out.append(
                {"role": "tool", "tool_call_id": m.tool_call_id, "content": tool_result_text(m)}
            )
    return out


def parse_arguments(raw: object) -> tuple[dict[str, Any], str | None]:
    """(arguments, invalid_arguments): the parsed JSON object, or {} and the raw text."""
    if isinstance(raw, dict):  # some compatible servers send an object, not a string
        return raw, None
    text = raw if isinstance(raw, str) else json.dumps(raw)
    if not text.strip():  # a call without arguments; several local servers send ""
        return {}, None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}, text
    if not isinstance(value, dict):
        return {}, text
    return value, None


def _error_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if isinstance(error, str):
            return error
    return exc.message


class OpenAIChatModel:
    """One model behind a Chat Completions endpoint."""

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 5,
    ) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if self.base_url is None:
                raise ProviderError(
                    f"{self.name}: OPENAI_API_KEY is not set: export it, or give --base-url "
                    "for an OpenAI-compatible server that needs no key"
                )
            key = PLACEHOLDER_KEY
        self._api_key = key
        # Named in a 401, so the message says which key to fix (None: a placeholder was sent).
        self._key_source = (
            "the api key given" if api_key else "OPENAI_API_KEY" if key != PLACEHOLDER_KEY else None
        )
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.official = is_openai_endpoint(self.base_url)
        self._client: openai.AsyncOpenAI | None = None
        # Ids for the rare server that sends tool calls without one: unique within this model.
        self._ids = itertools.count(1)

    def _sdk(self) -> openai.AsyncOpenAI:
        # Created on first use, so a model built only to validate settings holds no connections.
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout_s,
                max_retries=self.max_retries,
            )
        return self._client

    def request_options(
        self, tools: list[ToolSchema], settings: SamplingSettings
    ) -> dict[str, Any]:
        """The keyword arguments of chat.completions.create besides model and messages."""
        options: dict[str, Any] = {
            "max_completion_tokens" if self.official else "max_tokens": settings.max_tokens
        }
        if tools:
            # parallel_tool_calls is left at its default (on): some reasoning models refuse the
            # parameter itself, even set to true.
            options["tools"] = to_openai_tools(tools)
        if settings.temperature is not None:
            options["temperature"] = settings.temperature
        if settings.top_p is not None:
            options["top_p"] = settings.top_p
        if settings.seed is not None:
            options["seed"] = settings.seed
        if settings.extra:
            options["extra_body"] = dict(settings.extra)
        return options

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        try:
            response = await self._sdk().chat.completions.create(
                model=self.model,
                messages=to_openai_messages(messages),
                **self.request_options(tools, settings),
            )
        except openai.OpenAIError as exc:
            raise self.provider_error(exc) from exc
        return self.parse(response)

    def provider_error(self, exc: openai.OpenAIError) -> ProviderError:
        """The SDK's failure (after its retries) as one line that says what to fix."""
        if isinstance(exc, openai.APIStatusError):
            return ProviderError(self._describe(exc))
        if isinstance(exc, openai.APITimeoutError):
            return no_answer(self.name, self.timeout_s, self.max_retries)
        if isinstance(exc, openai.APIConnectionError):
            return unreachable(self.name, self.base_url or "api.openai.com", self.max_retries, exc)
        # An unreadable response, or a client-side refusal.
        return ProviderError(f"{self.name}: {one_line(str(exc))}")

    def parse(self, response: ChatCompletion) -> Completion:
        if not response.choices:
            raise ProviderError(f"{self.name}: the response has no choices")
        choice = response.choices[0]
        calls: list[ToolCallRequest] = []
        for call in choice.message.tool_calls or []:
            # Custom (free-text) tool calls have no `function`; they are never offered. Checked
            # by shape, not by `type`, which some compatible servers leave out (as they do ids).
            function = getattr(call, "function", None)
            if function is None:
                continue
            arguments, invalid = parse_arguments(function.arguments)
            calls.append(
                ToolCallRequest(
                    id=call.id or f"call_{next(self._ids)}",
                    name=function.name,
                    arguments=arguments,
                    invalid_arguments=invalid,
                )
            )
        usage = response.usage
        return Completion(
            text=choice.message.content or "",
            tool_calls=calls,
            usage=Usage(
                input_tokens=(usage.prompt_tokens or 0) if usage else 0,
                output_tokens=(usage.completion_tokens or 0) if usage else 0,
            ),
            stop_reason=choice.finish_reason or "",
        )

    def _describe(self, exc: openai.APIStatusError) -> str:
        status = exc.status_code
        detail = one_line(_error_detail(exc))
        common = status_message(
            self.name,
            self.model,
            status,
            detail,
            where=self.base_url or "the OpenAI API",
            key_source=self._key_source,
            key_env="OPENAI_API_KEY",
            max_retries=self.max_retries,
            retry_label="rate limited" if status == 429 else "server error",
            check="the model name and --base-url",
        )
        if common is not None:
            return common
        hint = ""
        if _TOOLS_NEED_RESPONSES in detail.lower():
            hint = (
                " (this model takes tools on Chat Completions only with reasoning_effort "
                '"none": pass {"reasoning_effort": "none"} as a sampling extra, or use the '
                f"Responses API: --model openai-responses:{self.model})"
            )
        return f"{self.name}: request rejected ({status}): {detail}{hint}"

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
