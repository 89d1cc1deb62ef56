"""The deterministic checks, each evaluated on the final world, its diff and the transcript."""

from __future__ import annotations

import sqlite3
from typing import Any

from pydantic import BaseModel

from corecraft_mcp.grading.claims import read_claim, stated
from corecraft_mcp.grading.normalise import normalise as normalise_wording
from corecraft_mcp.tasks.models import (
    CalledCheck,
    Check,
    ClaimCheck,
    MentionsCheck,
    NotCalledCheck,
    NotMentionsCheck,
    StateCheck,
    UnchangedCheck,
)
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.diff import WorldDiff


class CheckError(Exception):
    """A check that cannot be evaluated (bad SQL): a task bug, reported, never a silent fail."""


class Outcome(BaseModel):
    satisfied: bool
    evidence: str


def normalise(text: str) -> str:
    """The one wording `mentions`, `not_mentions` and `claim` read replies in."""
    return normalise_wording(text)


def query_final_world(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    conn.execute("PRAGMA query_only = ON")
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error as exc:
        raise CheckError(f"state query failed: {exc}: {sql}") from exc
    finally:
        conn.execute("PRAGMA query_only = OFF")


def _state(check: StateCheck, conn: sqlite3.Connection) -> Outcome:
    rows = query_final_world(conn, check.state)
    if check.rows is not None:
        actual = [list(r) for r in rows]
        return Outcome(satisfied=actual == check.rows, evidence=f"rows {actual}")
    value = rows[0][0] if rows else None
    if check.in_ is not None:
        ok = value in check.in_
    elif check.gte is not None or check.lte is not None:
        ok = isinstance(value, int | float) and (
            (check.gte is None or value >= check.gte) and (check.lte is None or value <= check.lte)
        )
    else:
        ok = value == check.equals
    return Outcome(satisfied=ok, evidence=f"query gave {value!r}")


def _unchanged(check: UnchangedCheck, diff: WorldDiff) -> Outcome:
    touched: list[str] = []
    for target in check.unchanged:
        table, _, key = target.partition(":")
        changes = diff.tables.get(table)
        if changes is None:
            continue
        rows = [*changes.inserted, *changes.updated, *changes.deleted]
        keys = [r.key for r in rows if not key or r.key == key]
        touched += [f"{table}:{k}" for k in keys]
    if touched:
        return Outcome(satisfied=False, evidence=f"changed: {', '.join(touched[:10])}")
    return Outcome(satisfied=True, evidence=f"no change to {', '.join(check.unchanged)}")


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip().lower() == actual.strip().lower()
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) < 1e-9
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and _same(v, actual[k]) for k, v in expected.items())
    return bool(expected == actual)


def _matching(calls: list[CallRecord], tool: str, subset: dict[str, Any]) -> list[CallRecord]:
    return [
        c
        for c in calls
        if c.tool == tool and all(k in c.args and _same(v, c.args[k]) for k, v in subset.items())
    ]


def _called(check: CalledCheck, transcript: Transcript) -> Outcome:
    found = [c for c in _matching(transcript.calls, check.called, check.with_) if c.ok]
    if found:
        return Outcome(satisfied=True, evidence=f"{check.called}({found[0].args})")
    attempts = _matching(transcript.calls, check.called, check.with_)
    detail = f"; {len(attempts)} failed attempt(s)" if attempts else ""
    return Outcome(satisfied=False, evidence=f"no successful {check.called}{detail}")


def _not_called(check: NotCalledCheck, transcript: Transcript) -> Outcome:
    found = _matching(transcript.calls, check.not_called, check.with_)
    if found:
        return Outcome(satisfied=False, evidence=f"called {check.not_called}({found[0].args})")
    return Outcome(satisfied=True, evidence=f"{check.not_called} not called")


def _mentions(check: MentionsCheck, response: str) -> Outcome:
    text = normalise(response)
    facts = check.facts()
    present = [f[0] for f in facts if any(stated(p, text) for p in f)]
    missing = [f if len(f) > 1 else f[0] for f in facts if not any(stated(p, text) for p in f)]
    evidence = f"missing {missing}" if missing else f"mentions {present}"
    return Outcome(satisfied=not missing, evidence=evidence)


def _not_mentions(check: NotMentionsCheck, response: str) -> Outcome:
    text = normalise(response)
    present = [p for p in check.not_mentions if stated(p, text)]
    evidence = f"mentions {present}" if present else f"none of {check.not_mentions}"
    return Outcome(satisfied=not present, evidence=evidence)


def _claim(check: ClaimCheck, response: str) -> Outcome:
    reading = read_claim(check.right, check.wrong, response)
    if reading.wrong:
        said = f" beside {reading.right[0]!r}" if reading.right else ""
        return Outcome(satisfied=False, evidence=f"states wrong {reading.wrong}{said}")
    if not reading.right:
        return Outcome(satisfied=False, evidence=f"states none of {check.right}")
    return Outcome(satisfied=True, evidence=f"states {reading.right[0]!r}, no wrong alternative")


def evaluate(
    check: Check, conn: sqlite3.Connection, diff: WorldDiff, transcript: Transcript
) -> Outcome:
    match check:
        case StateCheck():
            return _state(check, conn)
        case UnchangedCheck():
            return _unchanged(check, diff)
        case CalledCheck():
            return _called(check, transcript)
        case NotCalledCheck():
            return _not_called(check, transcript)
        case MentionsCheck():
            return _mentions(check, transcript.response)
        case NotMentionsCheck():
            return _not_mentions(check, transcript.response)
        case ClaimCheck():
            return _claim(check, transcript.response)
