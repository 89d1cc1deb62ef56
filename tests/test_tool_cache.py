"""Eval sessions share one tool listing and compiled output-schema validators."""

from __future__ import annotations

import pytest

from corecraft_mcp.evaluation.backends import InProcessBackend
from corecraft_mcp.evaluation.tool_cache import SchemaValidators
from corecraft_mcp.tools.registry import TOOL_NAMES
from corecraft_mcp.world.world import World


def test_validators_are_compiled_once_per_schema() -> None:
    validators = SchemaValidators()
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    same = {"properties": {"a": {"type": "integer"}}, "type": "object"}
    assert validators.get(schema) is validators.get(same)
    assert validators.get({"type": "string"}) is not validators.get(schema)
    with pytest.raises(RuntimeError, match="invalid output schema"):
        validators.get({"type": 5})


async def test_sessions_share_the_listing_and_validators(world: World) -> None:
    backend = InProcessBackend(world)
    order_id = world.base.execute("SELECT min(id) FROM orders").fetchone()[0]
    seen = []
    for _ in range(2):
        async with backend.episode("any") as handle:
            assert [t.name for t in handle.tools] == list(TOOL_NAMES)
            result = await handle.client.call_tool("get_order_details", {"order_id": order_id})
            assert not result.is_error and result.structured_content is not None
            seen.append(handle.client.session._tool_output_validators["get_order_details"])
            await handle.finish()
    assert seen[0] is seen[1]


async def test_results_are_still_validated(world: World) -> None:
    """Sharing compiled validators must not switch validation off: a result that breaks its
    tool's schema is still refused by the client."""
    backend = InProcessBackend(world)
    async with backend.episode("any") as handle:
        session = handle.client.session
        strict = backend.tools.validators.get(
            {"type": "object", "required": ["nope"], "properties": {"nope": {"type": "string"}}}
        )
        session._tool_output_validators["get_loyalty_tier"] = strict
        customer = world.base.execute("SELECT min(id) FROM customers").fetchone()[0]
        with pytest.raises(RuntimeError, match="Invalid structured content"):
            await handle.client.call_tool("get_loyalty_tier", {"customer_id": customer})
        await handle.finish()
