"""Random arguments at every tool, through the MCP client: no input crashes the server or leaks a
traceback, and a call that fails leaves the world exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.tools.registry import TOOL_NAMES
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "'; DROP TABLE orders; --",
        '" OR 1=1 --',
        "Robert'); DELETE FROM customers;--",
        'NEAR("a" "b") AND OR NOT *',
        "%_\\",
        "ORD-",
        "x" * 100_000,
        "\u0000\ud7ff\U0001f600",
        "-1",
        "1e309",
    ]
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


class Session:
    """One episode and one MCP client, driven from synchronous hypothesis tests via a portal."""

    def __init__(self, portal: BlockingPortal, episode: Episode, client: Client) -> None:
        self.portal = portal
        self.episode = episode
        self.client = client
        tools = portal.call(self.client.list_tools).tools
        self.schemas = {t.name: t.input_schema for t in tools}

    def call(self, name: str, args: dict[str, Any]) -> Any:
        return self.portal.call(self.client.call_tool, name, args)


@pytest.fixture(scope="module")
def session(world: World) -> Iterator[Session]:
    with start_blocking_portal() as portal:
        episode: Episode = portal.call(Episode.start, world)
        # The portal enters and exits the client in one task, as anyio's task groups require.
        with portal.wrap_async_context_manager(Client(server_for_episode(episode))) as client:
            yield Session(portal, episode, client)
        portal.call(episode.close)


def _real_ids(world: World) -> list[str]:
    queries = [
        "SELECT id FROM customers ORDER BY id LIMIT 3",
        "SELECT id FROM orders WHERE status = 'delivered' ORDER BY id LIMIT 3",
        "SELECT id FROM orders WHERE status = 'pending' ORDER BY id LIMIT 2",
        "SELECT id FROM products ORDER BY id LIMIT 3",
        "SELECT id FROM support_tickets ORDER BY id LIMIT 2",
        "SELECT id FROM kb_articles ORDER BY id LIMIT 2",
        "SELECT code FROM promotions ORDER BY id LIMIT 2",
        "SELECT id FROM builds ORDER BY id LIMIT 2",
        "SELECT tracking_number FROM shipping_records ORDER BY id LIMIT 1",
        "SELECT CAST(id AS TEXT) FROM order_items ORDER BY id LIMIT 2",
    ]
    return [row[0] for q in queries for row in world.base.execute(q)]


def _value_for(schema: dict[str, Any], ids: list[str]) -> st.SearchStrategy[Any]:
    """Mostly plausible values of the right shape (so calls get past validation and into the
    tools' own rules), sometimes anything at all."""
    kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    enum = schema.get("enum") or [v for s in schema.get("anyOf", []) for v in s.get("enum", [])]
    plausible: list[st.SearchStrategy[Any]] = []
    if enum:
        plausible.append(st.sampled_from(enum))
    if "string" in kinds:
        plausible += [st.sampled_from(ids), NASTY_TEXT, st.text(max_size=40)]
    if "integer" in kinds:
        plausible.append(st.integers(min_value=-(10**12), max_value=10**30) | st.integers(0, 5))
    if "number" in kinds:
        plausible.append(st.floats(allow_nan=False, allow_infinity=False) | st.floats(0, 5000))
    if "boolean" in kinds:
        plausible.append(st.booleans())
    if "array" in kinds:
        items: dict[str, Any] = schema.get("items") or next(
            (s.get("items", {}) for s in schema.get("anyOf", []) if s.get("type") == "array"), {}
        )
        plausible.append(st.lists(_value_for(items, ids), max_size=4))
    if "object" in kinds or "$ref" in schema:
        plausible.append(
            st.dictionaries(st.sampled_from(["product_id", "quantity", "x"]), ANY_JSON)
        )
    plausible.append(ANY_JSON)
    return st.one_of(plausible)


@st.composite
def _arguments(draw: st.DrawFn, schema: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    defs = schema.get("$defs", {})
    args: dict[str, Any] = {}
    for name, prop in properties.items():
        if "$ref" in prop:
            prop = {**defs.get(prop["$ref"].rsplit("/", 1)[-1], {}), **prop}
        if draw(st.integers(0, 3)) > 0:
            args[name] = draw(_value_for(prop, ids))
    if draw(st.integers(0, 9)) == 0:
        args[draw(st.sampled_from(["unexpected", "db", "__class__"]))] = draw(ANY_JSON)
    return args


def _crash_free(name: str, result: Any) -> None:
    text = " ".join(getattr(block, "text", "") for block in result.content)
    assert "Traceback" not in text, f"{name} leaked a traceback: {text[:500]}"
    if result.is_error:
        # The SDK answers an unexpected exception with this bare line and nothing else.
        assert text.strip() != f"Error executing tool {name}", f"{name} crashed (see server log)"


@pytest.mark.parametrize("tool", TOOL_NAMES)
def test_random_arguments_never_crash_or_half_write(
    tool: str, session: Session, world: World
) -> None:
    ids = _real_ids(world)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(args=_arguments(session.schemas[tool], ids))
    def check(args: dict[str, Any]) -> None:
        before = session.episode.diff()
        result = session.call(tool, args)
        _crash_free(tool, result)
        if result.is_error:
            assert session.episode.diff() == before, f"{tool} failed but changed the world: {args}"

    check()
