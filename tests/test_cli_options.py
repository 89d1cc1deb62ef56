"""Every numeric option is range-checked where it is parsed, and files the CLI is given are
checked when opened: one line, exit 2, no traceback."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from corecraft_mcp.cli import main
from corecraft_mcp.tasks.loader import TaskFileError, load_task_file
from corecraft_mcp.world.definition import WorldDefinitionError
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["serve", "--transport", "http", "--port", "70000"], ["--port", "1 to 65_535"]),
        (["serve", "--transport", "http", "--port", "0"], ["--port"]),
        (["serve", "--max-episodes", "0"], ["--max-episodes", "1 to"]),
        (["serve", "--idle-timeout", "-1"], ["--idle-timeout", "more than 0"]),
        (["serve", "--idle-timeout", "inf"], ["--idle-timeout"]),
        (["eval", "--model", "noop", "--concurrency", "0"], ["--concurrency", "1 to 256"]),
        (["eval", "--model", "noop", "--trials", "0"], ["--trials", "1 to"]),
        (["eval", "--model", "noop", "--max-steps", "-3"], ["--max-steps"]),
        (["eval", "--model", "noop", "--episode-timeout", "0"], ["--episode-timeout"]),
        (["eval", "--model", "noop", "--temperature", "nan"], ["--temperature", "0 to 2"]),
        (["eval", "--model", "noop", "--top-p", "1.5"], ["--top-p", "0 to 1"]),
        (["eval", "--model", "noop", "--max-tokens", "0"], ["--max-tokens"]),
        (["eval", "--model", "noop", "--seed", "x"], ["--seed", "not an integer"]),
        (["eval", "--model", "noop", "--request-timeout", "0"], ["--request-timeout"]),
        (["eval", "--model", "noop", "--max-retries", "-1"], ["--max-retries"]),
        (["eval", "--model", "noop", "--judge-votes", "0"], ["--judge-votes"]),
        (["judge", "somewhere", "--judge-votes", "99"], ["--judge-votes"]),
        (
            ["eval", "--model", "noop", "--judge-temperature", "3"],
            ["--judge-temperature", "0 to 2"],
        ),
        (["judge", "somewhere", "--judge-top-p", "-0.1"], ["--judge-top-p", "0 to 1"]),
        (["judge", "somewhere", "--judge-max-tokens", "0"], ["--judge-max-tokens"]),
        (["eval", "--model", "noop", "--judge-seed", "-1"], ["--judge-seed", "0 to"]),
        (["judge", "calibrate", "--limit", "0"], ["--limit", "1 to"]),
        (["eval", "--model", "noop", "--ray-workers", "0"], ["--ray-workers", "1 to"]),
        (["judge", "calibrate", "--limit", "many"], ["--limit", "not an integer"]),
    ],
)
def test_out_of_range_options_are_one_line(
    args: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert all(w in err for w in words), err


def test_a_non_utf8_task_file_is_a_task_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "train" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_bytes(b"id: \xff\xfe bad\n")
    with pytest.raises(TaskFileError, match="not UTF-8"):
        load_task_file(bad)


def test_a_non_utf8_definition_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'name = "\xff"\n')
    assert main(["world", "build", "--definition", str(bad)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory, world: World) -> Path:
    path = tmp_path_factory.mktemp("db") / "good.db"
    conn = world.fork_to_file(path)
    conn.close()
    return path


def _written(path: Path, data: bytes | None) -> Path:
    """A file holding `data`, or a directory for None."""
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return path


def _spoiled(good: Path, tmp_path: Path, sql: str) -> Path:
    path = tmp_path / "spoiled.db"
    shutil.copy(good, path)
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda g, t: _written(t / "e.db", b""), "is empty"),
        (lambda g, t: _written(t / "j.db", b"x" * 5000), "SQLite"),
        (lambda g, t: _written(t / "d.db", None), "not a file"),
        (lambda g, t: _spoiled(g, t, "DROP TABLE orders"), "no table orders"),
        (lambda g, t: _spoiled(g, t, "ALTER TABLE customers ADD COLUMN x"), "other columns"),
        (lambda g, t: _spoiled(g, t, "UPDATE world_meta SET value='w' WHERE key='name'"), "'w'"),
        (lambda g, t: t / "no" / "such" / "dir.db", "cannot be created"),
    ],
)
async def test_bad_world_files_are_refused_at_start(
    world: World, good_file: Path, tmp_path: Path, make: object, words: str
) -> None:
    path = make(good_file, tmp_path)  # type: ignore[operator]
    with pytest.raises(WorldDefinitionError, match=words):
        await Episode.start(world, path)


async def test_a_world_file_reopens(world: World, good_file: Path) -> None:
    async with await Episode.start(world, good_file) as episode:
        assert episode.db.conn.execute("SELECT count(*) FROM customers").fetchone()[0] > 0


async def test_a_world_file_from_an_earlier_version_gains_its_name_keys(
    world: World, good_file: Path, tmp_path: Path
) -> None:
    old = _spoiled(good_file, tmp_path, "DROP TABLE customer_name_keys")
    async with await Episode.start(world, old) as episode:
        keys = episode.db.conn.execute("SELECT count(*) FROM customer_name_keys").fetchone()[0]
        assert keys == world.base.execute("SELECT count(*) FROM customer_name_keys").fetchone()[0]


def test_serve_refuses_a_corrupt_file_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    result = subprocess.run(
        [sys.executable, "-m", "corecraft_mcp.cli", "serve", "--db", str(junk)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
