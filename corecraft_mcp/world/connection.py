"""The async connection the tools work over: one episode's database, clock and policy."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
import anyio

from corecraft_mcp.world.definition import Policy

Row = dict[str, Any]


class WorldConnection:
    """An episode's world as the tools see it.

    The clock is the world's, never the machine's: `now` is 09:00 UTC on the world's today, so
    every timestamp a tool writes, and so every grade, is the same on any day.
    """

    def __init__(self, db: aiosqlite.Connection, policy: Policy, today: dt.date) -> None:
        self.db = db
        self.policy = policy
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC)
        # Parallel tool calls in one episode must not interleave their transactions.
        self.write_lock = anyio.Lock()

    @classmethod
    async def open(
        cls, conn: sqlite3.Connection, policy: Policy, today: dt.date
    ) -> WorldConnection:
        """Wrap a synchronous connection (a fork) for async use; transactions are explicit."""
        conn.isolation_level = None
        db = aiosqlite.Connection(lambda: conn, iter_chunk_size=64)
        await db
        db.row_factory = sqlite3.Row
        return cls(db, policy, today)

    @property
    def now_iso(self) -> str:
        return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")

    async def close(self) -> None:
        await self.db.close()

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        async with self.db.execute(sql, tuple(params)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else dict(row)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        async with self.db.execute(sql, tuple(params)) as cursor:
            rows = await cursor.fetchall()
        return [dict(r) for r in rows]

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        async with self.db.execute(sql, tuple(params)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a write inside `transaction()`; returns the new row's rowid."""
        async with self.db.execute(sql, tuple(params)) as cursor:
            return cursor.lastrowid or 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """All of a write tool's changes, or none of them."""
        async with self.write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

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
        """The next human-facing id in a table whose ids are PREFIX-NNNN."""
        start = len(prefix) + 2
        highest = await self.scalar(
            f"SELECT max(CAST(substr(id, {start}) AS INTEGER)) FROM {table} WHERE id LIKE ?",
            (f"{prefix}-%",),
        )
        return f"{prefix}-{(highest or 0) + 1:0{width}d}"
