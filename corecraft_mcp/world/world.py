"""A loaded world: its definition, its immutable base image, and forks of it for episodes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from corecraft_mcp.world.definition import (
    Policy,
    WorldDefinition,
    WorldDefinitionError,
    load_definition,
)
from corecraft_mcp.world.diff import install_change_tracking
from corecraft_mcp.world.name_keys import build_name_keys
from corecraft_mcp.world.store import FrozenWorldError, content_hash, load_dump, read_frozen
from corecraft_mcp.world.world_file import open_world_file

DEFINITION_META_KEY = "definition"


@dataclass(frozen=True)
class World:
    """An immutable world. Forks are cheap: each is the base image deserialised into a new
    in-memory database (a memory copy, well under a millisecond for seed42)."""

    definition: WorldDefinition
    content_hash: str
    image: bytes = field(repr=False)
    base: sqlite3.Connection = field(repr=False, compare=False)

    @classmethod
    def from_connection(
        cls, conn: sqlite3.Connection, definition: WorldDefinition, digest: str | None = None
    ) -> World:
        digest = digest or content_hash(conn)
        build_name_keys(conn)
        # Installed once in the base image, so every fork starts tracking at no extra cost.
        install_change_tracking(conn)
        image = conn.serialize()
        base = _connection_from_image(image)
        base.execute("PRAGMA query_only = ON")
        return cls(definition=definition, content_hash=digest, image=image, base=base)

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def policy(self) -> Policy:
        return self.definition.policy

    @property
    def today(self) -> dt.date:
        return self.definition.today

    def fork(self) -> sqlite3.Connection:
        """A fresh, isolated, writable copy of the world that records what changes in it."""
        return _connection_from_image(self.image)

    def fork_to_file(self, path: Path) -> sqlite3.Connection:
        """Open a world kept in a file (for manual exploration across restarts): created from
        the base on first use, reopened as it was after that."""
        if path.exists():
            conn = open_world_file(path, self.base, self.name)
        else:
            try:
                conn = sqlite3.connect(path, check_same_thread=False)
                self.base.backup(conn)
            except sqlite3.Error as exc:
                raise WorldDefinitionError(f"{path} cannot be created: {exc}") from None
        conn.execute("PRAGMA foreign_keys = ON")
        return conn


def _connection_from_image(image: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.deserialize(image)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _worlds_dir() -> Path:
    return Path(str(resources.files("corecraft_mcp.worlds")))


def embed_definition(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    """Store the definition in the world itself, so a frozen file is self-describing."""
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO world_meta (key, value) VALUES (?, ?)",
            (DEFINITION_META_KEY, definition.model_dump_json()),
        )


def build(definition: WorldDefinition, on_stage: Callable[[str], None] | None = None) -> World:
    from corecraft_mcp.world.generate import build_world

    conn = build_world(definition, on_stage)
    embed_definition(conn, definition)
    return World.from_connection(conn, definition)


def build_stage_count() -> int:
    """How many stages `build` reports to its `on_stage` (for a progress bar's total)."""
    from corecraft_mcp.world.generate import STAGES

    return len(STAGES)


def open_world(name_or_path: str) -> World:
    """The world a user names: a bundled frozen world (``seed42``), or a definition file, which is
    generated (a definition with a frozen file beside it loads the frozen content)."""
    definition = load_definition(name_or_path)
    path = Path(name_or_path)
    directory = path.parent if path.suffix == ".toml" else _worlds_dir()
    if not (directory / f"{definition.name}.sha256").exists():
        return build(definition)
    dump, digest = read_frozen(directory, definition.name)
    conn = load_dump(dump)
    row = conn.execute(
        "SELECT value FROM world_meta WHERE key = ?", (DEFINITION_META_KEY,)
    ).fetchone()
    if row is None or json.loads(row[0]) != json.loads(definition.model_dump_json()):
        raise FrozenWorldError(
            f"frozen world '{definition.name}' was built from a different definition than "
            f"{definition.name}.toml: rebuild it with `corecraft-mcp world freeze {name_or_path}`"
        )
    return World.from_connection(conn, definition, digest)
