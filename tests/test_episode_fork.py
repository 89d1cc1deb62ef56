"""Per-episode forks are isolated, and the diff reports exactly what an episode changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World


def _first_customer(world: World) -> tuple[str, str]:
    row = world.base.execute("SELECT id, notes FROM customers ORDER BY id LIMIT 1").fetchone()
    return row[0], row[1]


def test_a_write_in_one_fork_is_invisible_elsewhere(world: World) -> None:
    customer_id, notes = _first_customer(world)
    one, two = world.fork(), world.fork()
    with one:
        one.execute("UPDATE customers SET notes = 'changed' WHERE id = ?", (customer_id,))
    assert (
        one.execute("SELECT notes FROM customers WHERE id = ?", (customer_id,)).fetchone()[0]
        == "changed"
    )
    assert (
        two.execute("SELECT notes FROM customers WHERE id = ?", (customer_id,)).fetchone()[0]
        == notes
    )
    assert (
        world.base.execute("SELECT notes FROM customers WHERE id = ?", (customer_id,)).fetchone()[0]
        == notes
    )
    assert (
        world.fork()
        .execute("SELECT notes FROM customers WHERE id = ?", (customer_id,))
        .fetchone()[0]
        == notes
    )


def test_the_base_is_read_only(world: World) -> None:
    customer_id, _ = _first_customer(world)
    with pytest.raises(Exception, match=r"readonly|read-only|query_only"):
        world.base.execute("UPDATE customers SET notes = 'x' WHERE id = ?", (customer_id,))


async def test_diff_reports_inserts_updates_and_deletes(world: World) -> None:
    customer_id, notes = _first_customer(world)
    async with await Episode.start(world) as episode:
        assert episode.diff().is_empty
        async with episode.db.transaction():
            await episode.db.execute(
                "UPDATE customers SET notes = 'vip' WHERE id = ?", (customer_id,)
            )
            await episode.db.audit("test", "customers", customer_id, "note", note="vip")
            await episode.db.execute(
                "DELETE FROM ticket_messages WHERE id = (SELECT min(id) FROM ticket_messages)"
            )
        diff = episode.diff()
    assert diff.counts() == {
        "customers": {"inserted": 0, "updated": 1, "deleted": 0},
        "audit_log": {"inserted": 1, "updated": 0, "deleted": 0},
        "ticket_messages": {"inserted": 0, "updated": 0, "deleted": 1},
    }
    update = diff.tables["customers"].updated[0]
    assert update.key == customer_id
    assert update.changed == {"notes": (notes, "vip")}
    assert diff.tables["audit_log"].inserted[0].after is not None


async def test_a_change_undone_is_no_change(world: World) -> None:
    customer_id, notes = _first_customer(world)
    async with await Episode.start(world) as episode:
        async with episode.db.transaction():
            await episode.db.execute(
                "UPDATE customers SET notes = 'x' WHERE id = ?", (customer_id,)
            )
            await episode.db.execute(
                "UPDATE customers SET notes = ? WHERE id = ?", (notes, customer_id)
            )
        assert episode.diff().is_empty


async def test_a_failed_transaction_leaves_no_trace(world: World) -> None:
    customer_id, _ = _first_customer(world)
    async with await Episode.start(world) as episode:
        with pytest.raises(RuntimeError):
            async with episode.db.transaction():
                await episode.db.execute(
                    "UPDATE customers SET notes = 'x' WHERE id = ?", (customer_id,)
                )
                raise RuntimeError("tool failed half way")
        assert episode.diff().is_empty


async def test_episode_in_a_file_survives_a_restart(world: World, tmp_path: Path) -> None:
    customer_id, _ = _first_customer(world)
    path = tmp_path / "episode.db"
    async with await Episode.start(world, path) as episode, episode.db.transaction():
        await episode.db.execute("UPDATE customers SET notes = 'kept' WHERE id = ?", (customer_id,))
    async with await Episode.start(world, path) as episode:
        assert (
            await episode.db.scalar("SELECT notes FROM customers WHERE id = ?", (customer_id,))
            == "kept"
        )
        assert episode.diff().counts() == {"customers": {"inserted": 0, "updated": 1, "deleted": 0}}
