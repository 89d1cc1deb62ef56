"""An episode: one task attempt on its own isolated copy of a world."""

from __future__ import annotations

from pathlib import Path

from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.diff import WorldDiff, compute_diff
from corecraft_mcp.world.world import World


class Episode:
    """`db` is the episode's one handle on its world: the tools work through it, and the grader
    reads `db.conn`, the SQLite connection under it."""

    def __init__(self, world: World, db: WorldConnection) -> None:
        self.world = world
        self.db = db

    @classmethod
    async def start(cls, world: World, db_file: Path | None = None) -> Episode:
        conn = world.fork() if db_file is None else world.fork_to_file(db_file)
        return cls(world, await WorldConnection.open(conn, world.policy, world.today))

    def diff(self) -> WorldDiff:
        """The episode's changes; call when no tool call is in flight (e.g. after it ends)."""
        return compute_diff(self.db.conn, self.world.base)

    async def current_diff(self) -> WorldDiff:
        """The episode's changes while it may still be in use: waits out a write in flight."""
        async with self.db.write_lock:
            return self.diff()

    async def close(self) -> None:
        await self.db.close()

    async def __aenter__(self) -> Episode:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
