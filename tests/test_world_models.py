"""The typed row models match schema.sql column for column, and the frozen seed42 data fits them."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError

from corecraft_mcp.world.models import MODEL_FOR_TABLE, Order, TicketMessage
from corecraft_mcp.world.schema import CHILD_TABLES, ENTITY_TABLES, table_columns
from corecraft_mcp.world.world import World


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return [dict(row) for row in cur.execute(f"SELECT * FROM {table}")]


def test_mapping_covers_every_entity_and_child_table() -> None:
    assert set(MODEL_FOR_TABLE) == {*ENTITY_TABLES.values(), *CHILD_TABLES}


@pytest.mark.parametrize("table", sorted(MODEL_FOR_TABLE))
def test_model_fields_are_the_table_columns(world: World, table: str) -> None:
    # Same names in the same order, so a model can also be built from a positional row.
    assert list(MODEL_FOR_TABLE[table].model_fields) == table_columns(world.base, table)


@pytest.mark.parametrize("table", sorted(MODEL_FOR_TABLE))
def test_every_seed42_row_validates(world: World, table: str) -> None:
    model = MODEL_FOR_TABLE[table]
    rows = _rows(world.base, table)
    assert rows, f"{table} is empty in seed42"
    for row in rows:
        parsed = model.model_validate(row)
        # Flags come back as bools; everything else round-trips unchanged.
        assert {
            k: int(v) if isinstance(v, bool) else v for k, v in parsed.model_dump().items()
        } == row


def test_models_reject_what_the_schema_forbids(world: World) -> None:
    order = _rows(world.base, "orders")[0]
    with pytest.raises(ValidationError):
        Order.model_validate({**order, "status": "lost"})
    with pytest.raises(ValidationError):  # strict: text in an INTEGER column does not coerce
        Order.model_validate({**order, "total_cents": str(order["total_cents"])})
    with pytest.raises(ValidationError):
        Order.model_validate({**order, "unexpected_column": 1})
    message = _rows(world.base, "ticket_messages")[0]
    assert TicketMessage.model_validate({**message, "internal": 1}).internal is True
    with pytest.raises(ValidationError):  # a flag is 0 or 1, not any truthy value
        TicketMessage.model_validate({**message, "internal": 2})
