"""Canonical serialisation of a world: its content hash and the frozen files in the repository.

The canonical form is JSON of every data table (columns, rows in rowid order), so the hash is the
same on any SQLite version and the frozen file never depends on SQLite's page layout.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from corecraft_mcp.world.schema import DATA_TABLES, create_schema, rebuild_fts, table_columns

FORMAT_VERSION = 1


class FrozenWorldError(ValueError):
    """A frozen world file that is missing, unreadable, or does not match its recorded hash."""


def canonical_dump(conn: sqlite3.Connection) -> bytes:
    tables: dict[str, Any] = {}
    for table in DATA_TABLES:
        columns = table_columns(conn, table)
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        tables[table] = {"columns": columns, "rows": rows}
    document = {"format": FORMAT_VERSION, "tables": tables}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def hash_bytes(dump: bytes) -> str:
    return hashlib.sha256(dump).hexdigest()


def content_hash(conn: sqlite3.Connection) -> str:
    return hash_bytes(canonical_dump(conn))


def frozen_paths(directory: Path, name: str) -> tuple[Path, Path]:
    return directory / f"{name}.json.gz", directory / f"{name}.sha256"


def freeze(conn: sqlite3.Connection, directory: Path, name: str) -> str:
    """Write the frozen files of a world; returns its content hash."""
    dump = canonical_dump(conn)
    digest = hash_bytes(dump)
    data_path, hash_path = frozen_paths(directory, name)
    # mtime=0 keeps the compressed file byte-identical across rebuilds of the same content.
    data_path.write_bytes(gzip.compress(dump, compresslevel=9, mtime=0))
    hash_path.write_text(digest + "\n", encoding="utf-8")
    return digest


def load_dump(dump: bytes) -> sqlite3.Connection:
    """A new in-memory database holding a canonical dump."""
    try:
        document = json.loads(dump)
    except ValueError as exc:
        raise FrozenWorldError(f"not a world dump: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_VERSION:
        raise FrozenWorldError(
            f"unsupported world dump format (this version reads {FORMAT_VERSION})"
        )
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    create_schema(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    with conn:
        for table in DATA_TABLES:
            body = document["tables"][table]
            columns = body["columns"]
            if columns != table_columns(conn, table):
                raise FrozenWorldError(f"table {table}: columns differ from this version's schema")
            marks = ", ".join("?" for _ in columns)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                body["rows"],
            )
        rebuild_fts(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def read_frozen(directory: Path, name: str) -> tuple[bytes, str]:
    """The verified canonical dump of a frozen world, and its hash."""
    data_path, hash_path = frozen_paths(directory, name)
    try:
        recorded = hash_path.read_text(encoding="utf-8").strip()
        dump = gzip.decompress(data_path.read_bytes())
    except FileNotFoundError as exc:
        raise FrozenWorldError(f"frozen world '{name}' is missing {exc.filename}") from exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise FrozenWorldError(f"frozen world '{name}' is unreadable: {exc}") from exc
    actual = hash_bytes(dump)
    if actual != recorded:
        raise FrozenWorldError(
            f"frozen world '{name}' does not match its recorded hash "
            f"({actual[:12]} != {recorded[:12]}): the file is corrupt or was edited; "
            "restore it from the repository or rebuild it with `corecraft-mcp world freeze`"
        )
    return dump, actual


def atomic_write(path: Path, text: str) -> None:
    """Write via a uniquely named temporary file and rename, so that concurrent judges writing
    the same entry, or a killed run, never leave a torn file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
