"""The OpenAI and Anthropic adapters against real local HTTP servers that speak each provider's
wire protocol: a scripted two-turn conversation with parallel tool calls, retries, failures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from corecraft_mcp.agents.anthropic_chat import AnthropicChatModel, to_anthropic_messages
from corecraft_mcp.agents.openai_chat import OpenAIChatModel, is_openai_endpoint
from corecraft_mcp.agents.registry import make_model
from corecraft_mcp.grading.chat import (
    Message,
    ProviderError,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
)
from tests.conftest import Post, Reply, json_server

# ---------------------------------------------------------------------------------------------
# A scripted provider: answers POSTs in order (the last reply repeats) and records each request.


class ScriptedProvider:
    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.seen: list[Post] = []
        self._stack = ExitStack()
        self.url = self._stack.enter_context(json_server(self._answer))

    def _answer(self, post: Post) -> Reply:
        self.seen.append(post)
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def provider() -> Iterator[Any]:
    started: list[ScriptedProvider] = []

    def start(*replies: Reply) -> ScriptedProvider:
        server = ScriptedProvider(list(replies))
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


TOOLS = [
    ToolSchema(
        name="get_order",
        description="Look up an order.",
        input_schema={
            "type": "object",
            "properties": {"order_id": {"type": "string"}},
            "required": ["order_id"],
        },
    ),
    ToolSchema(
        name="get_customer",
        description="Look up a customer.",
        input_schema={"type": "object", "properties": {"email": {"type": "string"}}},
    ),
]
OPENING = [
    Message(role="system", content="You are CoreCraft support."),
    Message(role="user", content="Where is order ORD-1001 for ana@example.com?"),
]
SETTINGS = SamplingSettings(temperature=0.2, top_p=0.9, max_tokens=512, seed=7)


def _continue(opening: list[Message], calls: list[ToolCallRequest]) -> list[Message]:
    """The conversation after the two calls ran: one result, one error."""
    return [
        *opening,
        Message(role="assistant", content="Let me check.", tool_calls=calls),
        Message(
            role="tool",
            content='{"status":"shipped"}',
            tool_call_id=calls[0].id,
            tool_name=calls[0].name,
        ),
        Message(
            role="tool",
            content="no customer with that email",
            tool_call_id=calls[1].id,
            tool_name=calls[1].name,
            is_error=True,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# OpenAI Chat Completions


def _chat(message: dict[str, Any], finish: str, prompt: int, completion: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1773669900,
        "model": "gpt-test",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def _openai_call(call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _openai(url: str, **kwargs: Any) -> OpenAIChatModel:
    options: dict[str, Any] = {"api_key": "sk-test", "timeout_s": 10.0, "max_retries": 2}
    options.update(kwargs)
    return OpenAIChatModel("gpt-test", base_url=f"{url}/v1", **options)


OPENAI_TOOL_TURN = _chat(
    {
        "role": "assistant",
        "content": "Let me check.",
        "tool_calls": [
            _openai_call("call_a", "get_order", '{"order_id": "ORD-1001"}'),
            _openai_call("call_b", "get_customer", '{"email": "ana@example.com"}'),
        ],
    },
    "tool_calls",
    120,
    30,
)
OPENAI_FINAL = _chat({"role": "assistant", "content": "It has shipped."}, "stop", 200, 12)


async def test_openai_conversation_with_parallel_tool_calls(provider: Any) -> None:
    server = provider(Reply(200, OPENAI_TOOL_TURN), Reply(200, OPENAI_FINAL))
    model = _openai(server.url)
    settings = SETTINGS.model_copy(update={"extra": {"reasoning_effort": "none"}})
    try:
        first = await model.complete(OPENING, TOOLS, settings)
        assert first.text == "Let me check."
        assert [(c.id, c.name, c.arguments) for c in first.tool_calls] == [
            ("call_a", "get_order", {"order_id": "ORD-1001"}),
            ("call_b", "get_customer", {"email": "ana@example.com"}),
        ]
        assert all(c.invalid_arguments is None for c in first.tool_calls)
        assert (first.usage.input_tokens, first.usage.output_tokens) == (120, 30)
        assert first.stop_reason == "tool_calls"

        final = await model.complete(_continue(OPENING, first.tool_calls), TOOLS, settings)
        assert final.text == "It has shipped." and final.tool_calls == []
        assert final.usage.input_tokens == 200 and final.stop_reason == "stop"
    finally:
        await model.aclose()

    one, two = server.seen
    assert one.path == "/v1/chat/completions"
    assert one.headers["authorization"] == "Bearer sk-test"
    body = one.body
    assert body["model"] == "gpt-test"
    assert body["messages"] == [
        {"role": "system", "content": "You are CoreCraft support."},
        {"role": "user", "content": "Where is order ORD-1001 for ana@example.com?"},
    ]
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": t.name,
                "description": t.description,
                "parameters": t.input_schema,
            },
        }
        for t in TOOLS
    ]
    assert "parallel_tool_calls" not in body  # the default (parallel), never sent
    assert (body["temperature"], body["top_p"], body["seed"]) == (0.2, 0.9, 7)
    # a compatible server (not api.openai.com) gets the field every server knows
    assert body["max_tokens"] == 512 and "max_completion_tokens" not in body
    assert body["reasoning_effort"] == "none"  # the extra, passed through

    assert two.body["messages"][2:] == [
        {
            "role": "assistant",
            "content": "Let me check.",
            "tool_calls": [
                _openai_call("call_a", "get_order", '{"order_id": "ORD-1001"}'),
                _openai_call("call_b", "get_customer", '{"email": "ana@example.com"}'),
            ],
        },
        {"role": "tool", "tool_call_id": "call_a", "content": '{"status":"shipped"}'},
        {"role": "tool", "tool_call_id": "call_b", "content": "Error: no customer with that email"},
    ]


def test_openai_official_endpoint_uses_max_completion_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    model = OpenAIChatModel("gpt-6-sol", api_key="sk-test")
    options = model.request_options([], SamplingSettings(max_tokens=300))
    assert options == {"max_completion_tokens": 300}  # no sampling unless asked, no empty tools
    assert is_openai_endpoint(None) and is_openai_endpoint("https://api.openai.com/v1")
    assert is_openai_endpoint("https://mine.openai.azure.com/openai/v1")
    assert not is_openai_endpoint("http://localhost:8000/v1")
    assert not is_openai_endpoint("https://openrouter.ai/api/v1")


async def test_openai_invalid_json_arguments_are_flagged_and_echoed(provider: Any) -> None:
    broken = _chat(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                _openai_call("call_x", "get_order", '{"order_id": "ORD-1'),
                _openai_call("call_y", "get_customer", "[1, 2]"),
                _openai_call("call_z", "get_customer", ""),
            ],
        },
        "tool_calls",
        10,
        5,
    )
    server = provider(Reply(200, broken), Reply(200, OPENAI_FINAL))
    model = _openai(server.url)
    try:
        turn = await model.complete(OPENING, TOOLS, SamplingSettings())
        x, y, z = turn.tool_calls
        assert (x.arguments, x.invalid_arguments) == ({}, '{"order_id": "ORD-1')
        assert (y.arguments, y.invalid_arguments) == ({}, "[1, 2]")  # JSON, but not an object
        assert (z.arguments, z.invalid_arguments) == ({}, None)  # no arguments at all
        history = [
            *OPENING,
            Message(role="assistant", tool_calls=turn.tool_calls),
            *(
                Message(role="tool", content="bad arguments", tool_call_id=c.id, is_error=True)
                for c in turn.tool_calls
            ),
        ]
        await model.complete(history, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    echoed = server.seen[1].body["messages"][2]
    assert echoed["content"] is None
    assert [c["function"]["arguments"] for c in echoed["tool_calls"]] == [
        '{"order_id": "ORD-1',
        "[1, 2]",
        "{}",
    ]


async def test_openai_rate_limit_then_success(provider: Any) -> None:
    limited = {"error": {"message": "Rate limit reached", "type": "requests"}}
    server = provider(
        Reply(429, limited, {"Retry-After": "0"}),
        Reply(200, OPENAI_FINAL),
    )
    model = _openai(server.url, max_retries=2)
    try:
        result = await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert result.text == "It has shipped."
    assert len(server.seen) == 2
    assert server.seen[0].body == server.seen[1].body  # the same request, retried


async def test_openai_server_errors_end_in_provider_error(provider: Any) -> None:
    server = provider(Reply(500, {"error": {"message": "The server had an error"}}))
    model = _openai(server.url, max_retries=1)
    try:
        with pytest.raises(ProviderError) as raised:
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert len(server.seen) == 2  # the first try and one retry
    message = str(raised.value)
    assert "500" in message and "The server had an error" in message and "\n" not in message


async def test_openai_rejected_key_says_what_to_fix(
    provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    server = provider(Reply(401, {"error": {"message": "Incorrect API key provided"}}))
    model = _openai(server.url, api_key=None)
    try:
        with pytest.raises(ProviderError, match=r"OPENAI_API_KEY was rejected.*401"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert len(server.seen) == 1  # never retried
    assert server.seen[0].headers["authorization"] == "Bearer sk-wrong"


async def test_openai_tools_with_reasoning_refusal_gets_a_hint(provider: Any) -> None:
    text = (
        "Function tools with reasoning_effort are not supported for gpt-5.6-sol in "
        "/v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort "
        "to 'none'."
    )
    server = provider(Reply(400, {"error": {"message": text, "param": "reasoning_effort"}}))
    model = _openai(server.url)
    try:
        with pytest.raises(ProviderError, match=r"rejected \(400\).*sampling extra"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()


def test_openai_key_required_only_for_openai_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ProviderError, match="OPENAI_API_KEY is not set"):
        OpenAIChatModel("gpt-6-sol")
    local = OpenAIChatModel("qwen3:8b", base_url="http://127.0.0.1:11434/v1")
    assert local.name == "openai:qwen3:8b"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    assert OpenAIChatModel("served").base_url == "http://127.0.0.1:8000/v1"


async def test_openai_local_server_without_key_gets_a_placeholder(
    provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    server = provider(Reply(200, OPENAI_FINAL))
    model = _openai(server.url, api_key=None)
    try:
        await model.complete(OPENING, [], SamplingSettings())
    finally:
        await model.aclose()
    assert server.seen[0].headers["authorization"] == "Bearer not-needed"
    assert "tools" not in server.seen[0].body


async def test_openai_lenient_servers_tool_calls_are_read(provider: Any) -> None:
    # Some compatible servers leave out the call's type and id, or send arguments as an object.
    loose = _chat(
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"function": {"name": "get_order", "arguments": {"order_id": "ORD-7"}}},
                {
                    "id": None,
                    "function": {"name": "get_order", "arguments": '{"order_id":"ORD-8"}'},
                },
            ],
        },
        "tool_calls",
        1,
        1,
    )
    server = provider(Reply(200, loose))
    model = _openai(server.url)
    try:
        turn = await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert [c.arguments for c in turn.tool_calls] == [{"order_id": "ORD-7"}, {"order_id": "ORD-8"}]
    ids = [c.id for c in turn.tool_calls]
    assert all(ids) and len(set(ids)) == 2


async def test_openai_server_wanting_a_key_says_so(
    provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    server = provider(Reply(401, {"error": {"message": "Unauthorized"}}))
    model = _openai(server.url, api_key=None)
    try:
        with pytest.raises(ProviderError, match=r"wants an API key \(401\): set OPENAI_API_KEY"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()


# ---------------------------------------------------------------------------------------------
# Anthropic Messages


def _anthropic_reply(
    content: list[dict[str, Any]], stop: str, usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }


THINKING = {"type": "thinking", "thinking": "Order first, then the customer.", "signature": "sig=="}
ANTHROPIC_TOOL_TURN = _anthropic_reply(
    [
        THINKING,
        {"type": "text", "text": "Let me check."},
        {
            "type": "tool_use",
            "id": "toolu_a",
            "name": "get_order",
            "input": {"order_id": "ORD-1001"},
        },
        {
            "type": "tool_use",
            "id": "toolu_b",
            "name": "get_customer",
            "input": {"email": "ana@example.com"},
        },
    ],
    "tool_use",
    {"input_tokens": 100, "output_tokens": 40, "cache_read_input_tokens": 20},
)
ANTHROPIC_FINAL = _anthropic_reply(
    [{"type": "text", "text": "It has shipped."}],
    "end_turn",
    {"input_tokens": 180, "output_tokens": 9},
)


def _anthropic(url: str, **kwargs: Any) -> AnthropicChatModel:
    options: dict[str, Any] = {"api_key": "sk-ant-test", "timeout_s": 10.0, "max_retries": 2}
    options.update(kwargs)
    return AnthropicChatModel("claude-test", base_url=url, **options)


async def test_anthropic_conversation_with_parallel_tool_use(provider: Any) -> None:
    server = provider(Reply(200, ANTHROPIC_TOOL_TURN), Reply(200, ANTHROPIC_FINAL))
    model = _anthropic(server.url)
    settings = SETTINGS.model_copy(update={"extra": {"output_config": {"effort": "low"}}})
    # the API takes no sampling parameters: dropped, with a warning
    with pytest.warns(UserWarning, match="temperature/top_p are not sent"):
        try:
            first = await model.complete(OPENING, TOOLS, settings)
            assert first.text == "Let me check."
            assert [(c.id, c.name, c.arguments) for c in first.tool_calls] == [
                ("toolu_a", "get_order", {"order_id": "ORD-1001"}),
                ("toolu_b", "get_customer", {"email": "ana@example.com"}),
            ]
            # cached prompt tokens count as prompt tokens
            assert (first.usage.input_tokens, first.usage.output_tokens) == (120, 40)
            assert first.stop_reason == "tool_use"

            follow_up = [
                *_continue(OPENING, first.tool_calls),
                Message(role="user", content="Please hurry."),
            ]
            final = await model.complete(follow_up, TOOLS, settings)
            assert final.text == "It has shipped." and final.tool_calls == []
            assert (final.usage.input_tokens, final.usage.output_tokens) == (180, 9)
        finally:
            await model.aclose()

    one, two = server.seen
    assert one.path == "/v1/messages"
    assert one.headers["authorization"] == "Bearer sk-ant-test"
    assert one.headers["anthropic-version"]
    body = one.body
    assert body["model"] == "claude-test" and body["max_tokens"] == 512
    assert body["system"] == "You are CoreCraft support."
    assert body["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "Where is order ORD-1001 for ana@example.com?"}],
        }
    ]
    assert body["tools"] == [
        {"name": t.name, "description": t.description, "input_schema": t.input_schema}
        for t in TOOLS
    ]
    assert not {"temperature", "top_p", "top_k", "seed"} & body.keys()
    assert body["output_config"] == {"effort": "low"}  # the extra, passed through

    assert two.body["messages"][1:] == [
        # the tool-use turn replayed verbatim, thinking and signature included
        {"role": "assistant", "content": ANTHROPIC_TOOL_TURN["content"]},
        # both results in ONE user message, before the user's text
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_a",
                    "is_error": False,
                    "content": '{"status":"shipped"}',
                },
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_b",
                    "is_error": True,
                    "content": "no customer with that email",
                },
                {"type": "text", "text": "Please hurry."},
            ],
        },
    ]


def test_anthropic_history_without_kept_thinking_is_rebuilt() -> None:
    calls = [
        ToolCallRequest(id="toolu_1", name="get_order", arguments={"order_id": "ORD-1"}),
        ToolCallRequest(id="toolu_2", name="get_order", arguments={"order_id": "ORD-2"}),
    ]
    system, wire = to_anthropic_messages(_continue(OPENING, calls))
    assert system == "You are CoreCraft support."
    assert [m["role"] for m in wire] == ["user", "assistant", "user"]
    assert wire[1]["content"] == [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "toolu_1", "name": "get_order", "input": {"order_id": "ORD-1"}},
        {"type": "tool_use", "id": "toolu_2", "name": "get_order", "input": {"order_id": "ORD-2"}},
    ]
    assert [b["tool_use_id"] for b in wire[2]["content"]] == ["toolu_1", "toolu_2"]

    # a kept turn is replayed only for the very calls it holds
    kept_use = {"type": "tool_use", "id": "toolu_1", "name": "get_order", "input": {}}
    kept: dict[str, list[dict[str, Any]]] = {"toolu_1": [THINKING, kept_use]}
    _, wire = to_anthropic_messages(_continue(OPENING, calls), kept)
    assert [b["type"] for b in wire[1]["content"]] == ["text", "tool_use", "tool_use"]
    one_call = [
        *OPENING,
        Message(role="assistant", tool_calls=calls[:1]),
        Message(role="tool", content="ok", tool_call_id="toolu_1"),
    ]
    _, wire = to_anthropic_messages(one_call, kept)
    assert wire[1]["content"] == [THINKING, kept_use]


async def test_anthropic_rate_limit_then_success(provider: Any) -> None:
    limited = {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}
    server = provider(Reply(429, limited, {"Retry-After": "0"}), Reply(200, ANTHROPIC_FINAL))
    model = _anthropic(server.url)
    try:
        result = await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert result.text == "It has shipped."
    assert len(server.seen) == 2


async def test_anthropic_server_errors_end_in_provider_error(provider: Any) -> None:
    failing = {"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}
    server = provider(Reply(500, failing))
    model = _anthropic(server.url, max_retries=1)
    try:
        with pytest.raises(ProviderError) as raised:
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert len(server.seen) == 2
    message = str(raised.value)
    assert "500" in message and "Internal server error" in message and "\n" not in message


async def test_anthropic_rejected_key_says_what_to_fix(
    provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-wrong")
    rejected = {
        "type": "error",
        "error": {"type": "authentication_error", "message": "invalid x-api-key"},
    }
    server = provider(Reply(401, rejected))
    model = _anthropic(server.url, api_key=None)
    try:
        with pytest.raises(ProviderError, match=r"ANTHROPIC_API_KEY was rejected.*401"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert len(server.seen) == 1
    assert server.seen[0].headers["authorization"] == "Bearer sk-ant-wrong"


# ---------------------------------------------------------------------------------------------
# The registry


def test_make_model_builds_adapters_by_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    gpt = make_model("openai:gpt-6-sol", base_url=None, api_key=None, timeout_s=30, max_retries=3)
    assert isinstance(gpt, OpenAIChatModel) and gpt.name == "openai:gpt-6-sol"
    assert (gpt.timeout_s, gpt.max_retries) == (30, 3)
    local = make_model("openai:qwen3:8b", base_url="http://127.0.0.1:11434/v1")
    assert isinstance(local, OpenAIChatModel) and local.model == "qwen3:8b"
    claude = make_model("anthropic:claude-sonnet-5-5", api_key="sk-ant")
    assert isinstance(claude, AnthropicChatModel) and claude.name == "anthropic:claude-sonnet-5-5"


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("reference", "built-in agent"),
        ("noop", "built-in agent"),
        ("gemini:pro", "unknown model"),
        ("gpt-6-sol", "unknown model"),
        ("openai:", "unknown model"),
    ],
)
def test_make_model_rejects_what_it_does_not_build(spec: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        make_model(spec)
