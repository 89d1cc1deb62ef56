"""The async connection the tools work over: one episode's database, clock and policy."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import anyio

from corecraft_mcp.world.clock import iso_ts, world_now
from corecraft_mcp.world.definition import Policy

Row = dict[str, Any]


class WorldConnection:
    """An episode's world as the tools see it.

    The clock is the world's (world.clock), never the machine's, so every timestamp a tool
    writes, and so every grade, is the same on any day.

    Queries run on the calling thread: the world is an in-memory database, so a query takes
    microseconds, less than a hop to a worker thread and back (measured: a read tool made of ten
    queries went from 2.5 ms through aiosqlite to 0.13 ms). The methods stay async so that the
    tools need not change if a world ever lives in a slower store.
    """

    def __init__(self, conn: sqlite3.Connection, policy: Policy, today: dt.date) -> None:
        self.conn = conn
        self.policy = policy
        self.today = today
        self.now = world_now(today)
        # Parallel tool calls in one episode must not interleave their transactions.
        self.write_lock = anyio.Lock()

    @classmethod
    async def open(
        cls, conn: sqlite3.Connection, policy: Policy, today: dt.date
    ) -> WorldConnection:
        """Wrap a connection (a fork); transactions are explicit."""
        conn.isolation_level = None
        conn.row_factory = sqlite3.Row
        return cls(conn, policy, today)

    @property
    def now_iso(self) -> str:
        return iso_ts(self.now)

    async def close(self) -> None:
        self.conn.close()

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return None if row is None else dict(row)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a write inside `transaction()`; returns the new row's rowid."""
        return self.conn.execute(sql, tuple(params)).lastrowid or 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """All of a write tool's changes, or none of them."""
        async with self.write_lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    async def audit(
        self, tool: str, entity_type: str, entity_id: str, action: str, **details: Any
    ) -> None:
        """Append to the audit trail (call inside the write's transaction)."""
        await self.execute(
            "INSERT INTO audit_log (at, tool, entity_type, entity_id, action, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.now_iso,
                tool,
                entity_type,
                entity_id,
                action,
                json.dumps(details, sort_keys=True),
            ),
        )

    async def next_id(self, table: str, prefix: str, width: int) -> str:
        """The next human-facing id in a table whose ids are PREFIX-NNNN. Ordered by the number
        so that an index on it (schema.sql) answers from its end, whatever the table's size
        (`+id` keeps the planner from walking the id index for the LIKE instead)."""
        start = len(prefix) + 2
        number = f"CAST(substr(id, {start}) AS INTEGER)"
        highest = await self.scalar(
            f"SELECT {number} FROM {table} WHERE +id LIKE ? ORDER BY {number} DESC LIMIT 1",
            (f"{prefix}-%",),
        )
        return f"{prefix}-{(highest or 0) + 1:0{width}d}"
