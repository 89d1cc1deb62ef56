"""What an episode changed: triggers record the touched rows; the diff compares them with the base.

Recording only row ids keeps every write cheap; the old values come from the immutable base
world at diff time, so a diff of a few writes costs a few lookups, not a scan of the world.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from pydantic import BaseModel, Field

from corecraft_mcp.world.schema import DATA_TABLES, table_columns

CHANGES_TABLE = "_episode_changes"


class RowChange(BaseModel):
    key: str = Field(description="the row's primary key (text id, or rowid for child tables)")
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    changed: dict[str, tuple[Any, Any]] = Field(
        default_factory=dict, description="column -> (old, new), for updated rows"
    )


class TableDiff(BaseModel):
    inserted: list[RowChange] = Field(default_factory=list)
    updated: list[RowChange] = Field(default_factory=list)
    deleted: list[RowChange] = Field(default_factory=list)


class WorldDiff(BaseModel):
    tables: dict[str, TableDiff] = Field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.tables

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            name: {
                "inserted": len(t.inserted),
                "updated": len(t.updated),
                "deleted": len(t.deleted),
            }
            for name, t in self.tables.items()
        }


def install_change_tracking(conn: sqlite3.Connection) -> None:
    statements = [
        f"CREATE TABLE IF NOT EXISTS {CHANGES_TABLE} "
        "(tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID"
    ]
    for table in DATA_TABLES:
        log = f"INSERT OR IGNORE INTO {CHANGES_TABLE} VALUES ('{table}', "
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS _track_{table}_ins AFTER INSERT ON {table} "
            f"BEGIN {log}NEW.rowid); END",
            f"CREATE TRIGGER IF NOT EXISTS _track_{table}_upd AFTER UPDATE ON {table} "
            f"BEGIN {log}OLD.rowid); {log}NEW.rowid); END",
            f"CREATE TRIGGER IF NOT EXISTS _track_{table}_del AFTER DELETE ON {table} "
            f"BEGIN {log}OLD.rowid); END",
        ]
    with conn:
        for statement in statements:
            conn.execute(statement)


def _primary_key(conn: sqlite3.Connection, table: str) -> str | None:
    for row in conn.execute(f"PRAGMA table_info({table})"):
        if row[5] == 1:
            return str(row[1])
    return None


def _row(
    conn: sqlite3.Connection, table: str, columns: list[str], rid: int
) -> dict[str, Any] | None:
    found = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE rowid = ?", (rid,)
    ).fetchone()
    return None if found is None else dict(zip(columns, found, strict=True))


def compute_diff(episode: sqlite3.Connection, base: sqlite3.Connection) -> WorldDiff:
    """The rows an episode inserted, updated (old and new values) and deleted, per table."""
    touched = episode.execute(f"SELECT tbl, rid FROM {CHANGES_TABLE} ORDER BY tbl, rid").fetchall()
    diff = WorldDiff()
    columns_of: dict[str, list[str]] = {}
    pk_of: dict[str, str | None] = {}
    for table, rid in touched:
        if table not in columns_of:
            columns_of[table] = table_columns(episode, table)
            pk_of[table] = _primary_key(episode, table)
        columns = columns_of[table]
        before = _row(base, table, columns, rid)
        after = _row(episode, table, columns, rid)
        if before == after:
            continue
        pk = pk_of[table]
        key = str((after or before or {}).get(pk, rid)) if pk else str(rid)
        table_diff = diff.tables.setdefault(table, TableDiff())
        if before is None:
            table_diff.inserted.append(RowChange(key=key, after=after))
        elif after is None:
            table_diff.deleted.append(RowChange(key=key, before=before))
        else:
            changed = {c: (before[c], after[c]) for c in columns if before[c] != after[c]}
            table_diff.updated.append(
                RowChange(key=key, before=before, after=after, changed=changed)
            )
    return diff
