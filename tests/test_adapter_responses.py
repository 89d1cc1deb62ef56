"""`openai-responses:NAME` against a local HTTP server speaking the Responses API wire protocol:
parallel function calls, reasoning items carried between turns statelessly, usage, cost,
retries and failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from corecraft_mcp.agents.openai_responses import OpenAIResponsesModel, to_response_input
from corecraft_mcp.agents.registry import make_model
from corecraft_mcp.evaluation.pricing import DEFAULT_TABLE
from corecraft_mcp.grading.chat import (
    Message,
    ProviderError,
    SamplingSettings,
    ToolCallRequest,
    Usage,
)
from tests.conftest import Reply
from tests.test_adapters import OPENING, SETTINGS, TOOLS, ScriptedProvider, _continue


@pytest.fixture
def server() -> Iterator[Any]:
    started: list[ScriptedProvider] = []

    def start(*replies: Reply) -> ScriptedProvider:
        started.append(ScriptedProvider(list(replies)))
        return started[-1]

    yield start
    for s in started:
        s.close()


def _response(
    output: list[dict[str, Any]],
    prompt: int,
    completion: int,
    status: str = "completed",
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1773669900,
        "status": status,
        "model": "gpt-test",
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "usage": {
            "input_tokens": prompt,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": completion,
            "output_tokens_details": {"reasoning_tokens": completion // 2},
            "total_tokens": prompt + completion,
        },
    }
    body.update(extra)
    return body


REASONING = {
    "type": "reasoning",
    "id": "rs_1",
    "summary": [{"type": "summary_text", "text": "Look up the order and the customer."}],
    "encrypted_content": "gAAAAABencrypted-reasoning==",
}
SAYS = {
    "type": "message",
    "id": "msg_1",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Let me check.", "annotations": []}],
}


def _call(item_id: str, call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
        "status": "completed",
    }


CALLS = [
    _call("fc_1", "call_a", "get_order", '{"order_id": "ORD-1001"}'),
    _call("fc_2", "call_b", "get_customer", '{"email": "ana@example.com"}'),
]
TOOL_TURN = _response([REASONING, SAYS, *CALLS], 120, 30)
FINAL = _response(
    [
        {
            "type": "message",
            "id": "msg_2",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "It has shipped.", "annotations": []}],
        }
    ],
    200,
    12,
)


def _model(url: str, **kwargs: Any) -> OpenAIResponsesModel:
    options: dict[str, Any] = {"api_key": "sk-test", "timeout_s": 10.0, "max_retries": 2}
    options.update(kwargs)
    return OpenAIResponsesModel("gpt-test", base_url=f"{url}/v1", **options)


async def test_conversation_carries_reasoning_between_turns(server: Any) -> None:
    provider = server(Reply(200, TOOL_TURN), Reply(200, FINAL))
    model = _model(provider.url)
    settings = SETTINGS.model_copy(update={"extra": {"reasoning": {"effort": "high"}}})
    try:
        with pytest.warns(UserWarning, match="seed is not sent"):
            first = await model.complete(OPENING, TOOLS, settings)
        assert first.text == "Let me check."
        assert [(c.id, c.name, c.arguments) for c in first.tool_calls] == [
            ("call_a", "get_order", {"order_id": "ORD-1001"}),
            ("call_b", "get_customer", {"email": "ana@example.com"}),
        ]
        assert (first.usage.input_tokens, first.usage.output_tokens) == (120, 30)
        assert first.stop_reason == "completed"
        with pytest.warns(UserWarning):
            final = await model.complete(_continue(OPENING, first.tool_calls), TOOLS, settings)
        assert final.text == "It has shipped." and final.tool_calls == []
        assert final.usage.input_tokens == 200
    finally:
        await model.aclose()

    one, two = provider.seen
    assert one.path == "/v1/responses"
    assert one.headers["authorization"] == "Bearer sk-test"
    body = one.body
    assert body["model"] == "gpt-test"
    assert body["instructions"] == "You are CoreCraft support."
    assert body["input"] == [
        {"role": "user", "content": "Where is order ORD-1001 for ana@example.com?"}
    ]
    assert body["tools"] == [
        {
            "type": "function",
            "name": t.name,
            "description": t.description,
            "parameters": t.input_schema,
            "strict": False,
        }
        for t in TOOLS
    ]
    # Stateless: nothing stored at OpenAI, the reasoning comes back encrypted instead.
    assert body["store"] is False and body["include"] == ["reasoning.encrypted_content"]
    assert "previous_response_id" not in body and "seed" not in body
    assert (body["temperature"], body["top_p"], body["max_output_tokens"]) == (0.2, 0.9, 512)
    assert body["reasoning"] == {"effort": "high"}  # the extra, passed through

    # The second request replays the whole first turn verbatim: reasoning (encrypted content
    # intact) before the message and the calls, then each call's output.
    assert two.body["input"][1:] == [
        REASONING,
        SAYS,
        *CALLS,
        {"type": "function_call_output", "call_id": "call_a", "output": '{"status":"shipped"}'},
        {
            "type": "function_call_output",
            "call_id": "call_b",
            "output": "Error: no customer with that email",
        },
    ]


def test_history_without_kept_reasoning_is_rebuilt() -> None:
    calls = [
        ToolCallRequest(id="call_a", name="get_order", arguments={"order_id": "ORD-1001"}),
        ToolCallRequest(id="call_b", name="get_customer", invalid_arguments="{not json"),
    ]
    instructions, items = to_response_input(
        [*OPENING, Message(role="system", content="Be brief."), *_continue(OPENING, calls)[2:3]]
    )
    assert instructions == "You are CoreCraft support.\n\nBe brief."
    assert items[1:] == [
        {"role": "assistant", "content": "Let me check."},
        {
            "type": "function_call",
            "call_id": "call_a",
            "name": "get_order",
            "arguments": '{"order_id": "ORD-1001"}',
        },
        # invalid arguments are echoed as the model wrote them
        {
            "type": "function_call",
            "call_id": "call_b",
            "name": "get_customer",
            "arguments": "{not json",
        },
    ]
    with pytest.raises(ValueError, match="tool_call_id"):
        to_response_input([Message(role="tool", content="x")])


async def test_invalid_arguments_and_truncation(server: Any) -> None:
    reply = _response(
        [_call("fc_1", "call_a", "get_order", '{"order_id": ')],
        50,
        5,
        status="incomplete",
        incomplete_details={"reason": "max_output_tokens"},
    )
    provider = server(Reply(200, reply))
    model = _model(provider.url)
    try:
        result = await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    (call,) = result.tool_calls
    assert call.arguments == {} and call.invalid_arguments == '{"order_id": '
    assert result.stop_reason == "max_output_tokens"


async def test_rate_limit_then_success(server: Any) -> None:
    limited = {"error": {"message": "Rate limit reached", "type": "requests"}}
    provider = server(Reply(429, limited, {"Retry-After": "0"}), Reply(200, FINAL))
    model = _model(provider.url)
    try:
        result = await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert result.text == "It has shipped."
    assert len(provider.seen) == 2 and provider.seen[0].body == provider.seen[1].body


async def test_failures_end_in_one_line_provider_errors(server: Any) -> None:
    provider = server(Reply(500, {"error": {"message": "The server had an error"}}))
    model = _model(provider.url, max_retries=1)
    try:
        with pytest.raises(ProviderError, match=r"500.*The server had an error"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()
    assert len(provider.seen) == 2  # the first try and one retry

    failed = _response(
        [], 10, 0, status="failed", error={"code": "server_error", "message": "boom"}
    )
    provider = server(Reply(200, failed))
    model = _model(provider.url)
    try:
        with pytest.raises(ProviderError, match="the response failed: boom"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()


async def test_unreachable_server_says_where(server: Any) -> None:
    provider = server(Reply(200, FINAL))
    url = provider.url
    provider.close()
    model = _model(url, max_retries=0)
    try:
        with pytest.raises(ProviderError, match="cannot reach"):
            await model.complete(OPENING, TOOLS, SamplingSettings())
    finally:
        await model.aclose()


def test_spec_builds_the_adapter_and_prices_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    model = make_model("openai-responses:gpt-6-sol", base_url="http://127.0.0.1:9/v1")
    assert isinstance(model, OpenAIResponsesModel) and model.name == "openai-responses:gpt-6-sol"
    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    # The same model costs the same on either OpenAI API.
    assert DEFAULT_TABLE.cost_usd(model.name, usage) == DEFAULT_TABLE.cost_usd(
        "openai:gpt-6-sol", usage
    )
    with pytest.raises(ValueError, match="openai-responses:NAME"):
        make_model("openai-response:gpt-6-sol")
