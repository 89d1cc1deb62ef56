"""The command line: bad input is one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corecraft_mcp.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(w in lines[-1] for w in words), result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["world", "build", "--seed", "abc"], ["abc", "not an integer"]),
        (["world", "build", "--seed", "-5"], ["out of range"]),
        (["world", "build", "--definition", "nowhere"], ["unknown world", "seed42"]),
        (["world", "stats", "--world", "atlantis"], ["unknown world"]),
        (["tasks", "show", "no-such-task"], ["no task"]),
        (["eval", "--model", "mystery:model", "--task", "ret-*"], ["mystery"]),
        (["serve", "--transport", "http", "--db", "x.db"], ["--db is for the stdio transport"]),
        (["report", "/no/such/run"], ["error"]),
    ],
)
def test_bad_input_is_one_line(args: list[str], words: list[str]) -> None:
    _one_clear_line(_run(*args), *words)


def test_a_bad_definition_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nseed = 1\ntoday = "not a date"\n')
    _one_clear_line(_run("world", "build", "--definition", str(bad)), str(bad))


def test_a_tampered_frozen_world(tmp_path: Path) -> None:
    for suffix in (".toml", ".json.gz", ".sha256"):
        shutil.copy(REPO / "worlds" / f"seed42{suffix}", tmp_path / f"seed42{suffix}")
    data = tmp_path / "seed42.json.gz"
    data.write_bytes(gzip.compress(gzip.decompress(data.read_bytes()).replace(b"Gold", b"Gild", 1)))
    _one_clear_line(
        _run("world", "stats", "--world", str(tmp_path / "seed42.toml")), "recorded hash"
    )


def test_world_stats_json() -> None:
    result = _run("world", "stats", "--world", "seed42", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["total_entities"] >= 2500
    assert len(stats["entities"]) == 14
    assert stats["planted_mess"]["duplicate_customer"] > 0


def test_world_build_writes_a_database(tmp_path: Path) -> None:
    out = tmp_path / "w7.db"
    result = _run("world", "build", "--seed", "7", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "world seed7" in result.stdout
    assert "world build seed7 [9/9] invariants" in result.stderr  # progress, off a terminal
    assert out.stat().st_size > 1_000_000
    again = _run("world", "build", "--seed", "7", "--out", str(out))
    _one_clear_line(again, "exists")


def test_a_reader_that_stops_early_gets_no_error_line() -> None:
    # `corecraft-mcp tasks list | head -1`: the reader is gone before the command writes.
    with subprocess.Popen(
        [sys.executable, "-m", "corecraft_mcp.cli", "tasks", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as command:
        assert command.stdout is not None and command.stderr is not None
        command.stdout.close()
        err = command.stderr.read()
        assert command.wait(timeout=120) == 1
    assert err == ""
