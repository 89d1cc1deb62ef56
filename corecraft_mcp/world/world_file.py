"""A world kept in a file (`serve --db FILE`): checked when opened, so a corrupt, empty, foreign
or look-alike file is refused at start in one line instead of failing every call later."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corecraft_mcp.world.definition import WorldDefinitionError
from corecraft_mcp.world.name_keys import KEYS_TABLE, build_name_keys

_SCHEMA = (
    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') "
    "AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
)


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def world_file_problem(conn: sqlite3.Connection, base: sqlite3.Connection, name: str) -> str | None:
    """Why `conn` is not a usable copy of world `name` (whose base is `base`), or None."""
    check = conn.execute("PRAGMA quick_check(1)").fetchone()
    if check is None or check[0] != "ok":
        return f"the database is damaged ({check[0] if check else 'no answer'})"
    wanted = base.execute(_SCHEMA).fetchall()
    found = set(conn.execute(_SCHEMA).fetchall())
    if not found:
        return "it holds no tables"
    missing = [f"{kind} {table}" for kind, table in wanted if (kind, table) not in found]
    if missing:
        return f"it is not a CoreCraft world (no {missing[0]}, {len(missing)} missing in all)"
    for kind, table in wanted:
        if kind == "table" and _columns(conn, table) != _columns(base, table):
            return f"its table {table} has other columns than a {name} world's"
    row = conn.execute("SELECT value FROM world_meta WHERE key = 'name'").fetchone()
    if row is None or row[0] != name:
        return f"it holds world '{row[0] if row else '?'}', not '{name}'"
    return None


def _add_derived_tables(conn: sqlite3.Connection) -> None:
    """Tables derived from the world's rows that a file made by an earlier version lacks."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "customers" in tables and KEYS_TABLE not in tables:
        conn.execute(
            f"CREATE TABLE {KEYS_TABLE} (key TEXT NOT NULL, customer INTEGER NOT NULL, "
            "PRIMARY KEY (key, customer)) WITHOUT ROWID"
        )
        build_name_keys(conn)


def open_world_file(path: Path, base: sqlite3.Connection, name: str) -> sqlite3.Connection:
    """An existing world file opened for writing, or WorldDefinitionError saying what is wrong."""
    if not path.is_file():
        raise WorldDefinitionError(f"{path} is not a file: give a world file or a new path")
    if path.stat().st_size == 0:
        raise WorldDefinitionError(f"{path} is empty: remove it to start a new world there")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
        _add_derived_tables(conn)
        problem = world_file_problem(conn, base, name)
    except sqlite3.Error as exc:
        problem = f"it cannot be read as a SQLite database ({exc})"
    if problem is not None:
        if conn is not None:
            conn.close()
        raise WorldDefinitionError(
            f"{path} is refused: {problem}; give a file `serve --db` made, or a new path"
        )
    assert conn is not None
    return conn
