"""The agent loop: a model works a task through MCP until it answers or runs out of steps."""

from __future__ import annotations

import json
from typing import Any

import anyio
from mcp import Client
from pydantic import BaseModel

from corecraft_mcp.grading.chat import (
    ChatModel,
    Message,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
    Usage,
)
from corecraft_mcp.tools.transcript import CallRecord, Transcript


class LoopOutcome(BaseModel):
    transcript: Transcript
    steps: int
    hit_step_limit: bool
    usage: Usage


async def list_tool_schemas(client: Client) -> list[ToolSchema]:
    return [
        ToolSchema(name=t.name, description=t.description or "", input_schema=t.input_schema)
        for t in (await client.list_tools()).tools
    ]


def _result_text(result: Any) -> str:
    if result.structured_content is not None:
        return json.dumps(result.structured_content, separators=(",", ":"), ensure_ascii=False)
    return "\n".join(getattr(block, "text", "") for block in result.content)


async def _run_call(client: Client, call: ToolCallRequest) -> tuple[CallRecord, Message]:
    """Run one requested call; every failure becomes an error result the model can read."""
    if call.invalid_arguments is not None:
        text = f"arguments were not a JSON object: {call.invalid_arguments[:200]}"
        record = CallRecord(tool=call.name, args={}, ok=False, error=text)
    else:
        try:
            result = await client.call_tool(call.name, call.arguments)
        except Exception as exc:  # a protocol-level refusal (unknown tool...) is the model's error
            text = str(exc) or type(exc).__name__
            record = CallRecord(tool=call.name, args=call.arguments, ok=False, error=text)
        else:
            text = _result_text(result)
            payload = result.structured_content if result.structured_content is not None else text
            record = CallRecord(
                tool=call.name,
                args=call.arguments,
                ok=not result.is_error,
                result=None if result.is_error else payload,
                error=text if result.is_error else None,
            )
    message = Message(
        role="tool", content=text, tool_call_id=call.id, tool_name=call.name, is_error=not record.ok
    )
    return record, message


async def _run_calls(
    client: Client, requested: list[ToolCallRequest]
) -> list[tuple[CallRecord, Message]]:
    """Calls requested together run concurrently; results keep the order requested."""
    outcomes: dict[int, tuple[CallRecord, Message]] = {}

    async def run_one(index: int, call: ToolCallRequest) -> None:
        outcomes[index] = await _run_call(client, call)

    async with anyio.create_task_group() as group:
        for index, call in enumerate(requested):
            group.start_soon(run_one, index, call)
    return [outcomes[i] for i in range(len(requested))]


async def run_agent(
    client: Client,
    model: ChatModel,
    system_prompt: str,
    instruction: str,
    settings: SamplingSettings,
    max_steps: int,
    tools: list[ToolSchema] | None = None,
) -> LoopOutcome:
    """One episode's conversation. A step is one model turn; its tool calls (possibly several,
    requested together) run concurrently and their results go back in the order requested."""
    if tools is None:
        tools = await list_tool_schemas(client)
    messages = [
        Message(role="system", content=system_prompt),
        Message(role="user", content=instruction),
    ]
    calls: list[CallRecord] = []
    usage = Usage()
    response = ""
    for step in range(1, max_steps + 1):
        completion = await model.complete(messages, tools, settings)
        usage = usage + completion.usage
        messages.append(
            Message(role="assistant", content=completion.text, tool_calls=completion.tool_calls)
        )
        if not completion.tool_calls:
            response = completion.text
            return LoopOutcome(
                transcript=_transcript(calls, response, messages),
                steps=step,
                hit_step_limit=False,
                usage=usage,
            )
        for record, message in await _run_calls(client, completion.tool_calls):
            calls.append(record)
            messages.append(message)
        response = completion.text
    return LoopOutcome(
        transcript=_transcript(calls, response, messages),
        steps=max_steps,
        hit_step_limit=True,
        usage=usage,
    )


def _transcript(calls: list[CallRecord], response: str, messages: list[Message]) -> Transcript:
    return Transcript(
        calls=calls,
        response=response,
        messages=[m.model_dump(mode="json", exclude_defaults=True) for m in messages],
    )
