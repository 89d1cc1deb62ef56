"""Counts a user wants to see about a world: entities per type, planted mess per kind."""

from __future__ import annotations

import sqlite3

from pydantic import BaseModel

from corecraft_mcp.world.schema import CHILD_TABLES, ENTITY_TABLES


class WorldStats(BaseModel):
    name: str
    today: str
    content_hash: str
    entities: dict[str, int]
    total_entities: int
    child_rows: dict[str, int]
    planted_mess: dict[str, int]


def world_stats(conn: sqlite3.Connection, name: str, today: str, digest: str) -> WorldStats:
    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    entities = {label: count(table) for label, table in ENTITY_TABLES.items()}
    mess = dict(
        conn.execute(
            "SELECT kind, count(*) FROM planted_mess GROUP BY kind ORDER BY kind"
        ).fetchall()
    )
    return WorldStats(
        name=name,
        today=today,
        content_hash=digest,
        entities=entities,
        total_entities=sum(entities.values()),
        child_rows={table: count(table) for table in CHILD_TABLES},
        planted_mess=mess,
    )


def render_stats(stats: WorldStats) -> str:
    width = max(len(k) for k in [*stats.entities, *stats.child_rows, *stats.planted_mess]) + 2
    lines = [
        f"world {stats.name}  today {stats.today}  hash {stats.content_hash[:16]}",
        "",
        "entities",
    ]
    lines += [f"  {label:<{width}}{n:>7,}" for label, n in stats.entities.items()]
    lines += [f"  {'total':<{width}}{stats.total_entities:>7,}", "", "child rows"]
    lines += [f"  {table:<{width}}{n:>7,}" for table, n in stats.child_rows.items()]
    lines += ["", "planted mess"]
    lines += [f"  {kind:<{width}}{n:>7,}" for kind, n in stats.planted_mess.items()]
    return "\n".join(lines)
