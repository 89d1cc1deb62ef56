"""What every generator stage shares: the definition, seeded randomness, the clock, the database."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from corecraft_mcp.world.clock import world_now
from corecraft_mcp.world.definition import WorldDefinition


@dataclass
class GenContext:
    """State of one world build. Each stage draws from its own named random stream, so that a
    change in one stage never shifts the content another stage generates."""

    definition: WorldDefinition
    conn: sqlite3.Connection
    _faker: Faker | None = field(default=None, repr=False)

    @property
    def today(self) -> dt.date:
        return self.definition.today

    @property
    def now(self) -> dt.datetime:
        """The world's clock, never the machine's."""
        return world_now(self.today)

    def rng(self, stage: str) -> random.Random:
        return random.Random(f"{self.definition.seed}:{stage}")

    def faker(self, stage: str) -> Faker:
        fake = Faker("en_US")
        fake.seed_instance(f"{self.definition.seed}:{stage}")
        return fake

    def plant(self, kind: str, entity_type: str, entity_id: str, **detail: Any) -> None:
        """Record a planted defect (ground truth for task authors and `world stats`)."""
        self.conn.execute(
            "INSERT INTO planted_mess (kind, entity_type, entity_id, detail) VALUES (?, ?, ?, ?)",
            (kind, entity_type, entity_id, json.dumps(detail, sort_keys=True)),
        )

    def insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        self.conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows])
