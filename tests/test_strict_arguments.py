"""Arguments are refused strictly and in one sentence, over MCP and through the ToolCaller alike;
free text and postal codes carry something usable."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.customer_lookup import valid_postal_code
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.support import create_ticket
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.episode import Episode
from tests.conftest import text_of

RETURN = {
    "order_id": "ORD-00001",
    "order_item_id": 1,
    "kind": "refund",
    "reason": "It does not fit.",
    "opened": False,
    "restocking_fee_usd": 0,
}


def assert_one_clean_sentence(text: str) -> None:
    assert "\n" not in text
    assert "Arguments" not in text  # the SDK's generated model names
    assert "pydantic" not in text and "http" not in text
    assert len(text) < 600


async def test_every_input_schema_refuses_unknown_properties(episode: Episode) -> None:
    async with Client(server_for_episode(episode)) as client:
        for tool in (await client.list_tools()).tools:
            assert tool.input_schema.get("additionalProperties") is False, tool.name


async def test_unknown_argument_is_refused_over_mcp_and_changes_nothing(episode: Episode) -> None:
    before = await episode.current_diff()
    async with Client(server_for_episode(episode)) as client:
        result = await client.call_tool("process_return", {**RETURN, "qty": 2})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.startswith("invalid arguments for process_return: unknown argument 'qty'")
    assert "quantity" in text  # what is accepted
    assert_one_clean_sentence(text)
    assert (await episode.current_diff()).counts() == before.counts()


async def test_bad_values_read_as_one_sentence_without_echoing_input(episode: Episode) -> None:
    huge = "x" * 50_000
    async with Client(server_for_episode(episode)) as client:
        result = await client.call_tool(
            "process_return", {**RETURN, "order_item_id": huge, "kind": "nope", huge: 1}
        )
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error
    assert_one_clean_sentence(text)
    assert "order_item_id" in text and "'refund' or 'store_credit'" in text


async def test_tool_caller_refuses_alike(db: WorldConnection) -> None:
    caller = ToolCaller()
    record = await caller.call(db, "process_return", {**RETURN, "qty": 2})
    assert not record.ok and record.error is not None
    assert record.error.startswith("invalid arguments for process_return: unknown argument 'qty'")
    assert_one_clean_sentence(record.error)
    record = await caller.call(db, "process_return", {**RETURN, "db": 1})
    assert not record.ok and "unknown argument 'db'" in (record.error or "")


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "hi\x1b[31m", "   ", "\u200b\u00a0", "\t\n"])
async def test_free_text_refuses_control_and_invisible_text(db: WorldConnection, text: str) -> None:
    with pytest.raises(ToolInputError, match=r"^message "):
        await create_ticket(
            db, subject="Order question", message=text, channel="email", category="order_status"
        )
    exchange = {"order_id": "ORD-00001", "order_item_id": 1, "new_product_id": "X"}
    caller = ToolCaller()
    for tool, args in [
        ("process_return", {**RETURN, "reason": text}),
        ("process_exchange", {**exchange, "reason": text}),
    ]:
        record = await caller.call(db, tool, args)
        assert not record.ok and "reason" in (record.error or ""), (tool, record.error)


async def test_ticket_updates_refuse_control_characters(db: WorldConnection) -> None:
    record = await ToolCaller().call(
        db, "update_ticket_status", {"ticket_id": "TKT-00001", "internal_note": "ok\x07"}
    )
    assert not record.ok and "internal_note contains a control character" in (record.error or "")


def test_line_breaks_and_tabs_stay_allowed() -> None:
    from corecraft_mcp.tools.text import plain_text

    assert plain_text("  line one\n\tline two  ", "note") == "line one\n\tline two"


@pytest.mark.parametrize("code", ["00000", "00000-1234"])
def test_postal_code_00000_is_refused(code: str) -> None:
    with pytest.raises(ToolInputError, match="00000 is no ZIP code"):
        valid_postal_code(code)
    assert valid_postal_code("00501") == "00501"


async def test_a_call_over_mcp_validates_its_arguments_once(
    episode: Episode, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, object]] = []
    validate = FuncMetadata.validate_arguments

    def counted(self: FuncMetadata, arguments: dict[str, object]) -> object:
        seen.append(arguments)
        return validate(self, arguments)

    monkeypatch.setattr(FuncMetadata, "validate_arguments", counted)
    async with Client(server_for_episode(episode)) as client:
        good = await client.call_tool("get_loyalty_tier", {"customer_id": "CUS-00216"})
        bad = await client.call_tool("get_loyalty_tier", {"customer": "CUS-00216"})
    assert not good.is_error and bad.is_error
    assert len(seen) == 2  # one per call
    assert text_of(bad.content[0]).startswith("invalid arguments for get_loyalty_tier")
