"""How often the same sentence recurs across support tickets: a measure of how templated the
threads, internal notes and resolutions read.

A sentence is a run of text ended by `.`, `!` or `?` or a line break, compared case- and
whitespace-insensitively; sentences shorter than `min_words` (greetings, "Thanks!") are left out,
as are system messages (auto-replies and SLA warnings are meant to repeat).
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_WORDS = 5


@dataclass(frozen=True)
class Repeat:
    sentence: str
    sources: str  # where it appears: customer, agent, note, resolution (comma-separated)
    tickets: int


def _sentences(text: str, min_words: int) -> set[str]:
    found = set()
    for piece in _SPLIT.split(text):
        sentence = " ".join(piece.split()).lower()
        if len(sentence.split()) >= min_words:
            found.add(sentence)
    return found


def sentence_spread(conn: sqlite3.Connection, min_words: int = MIN_WORDS) -> list[Repeat]:
    """Every sentence with the number of tickets it appears in, most widespread first."""
    where: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        "SELECT ticket_id, CASE WHEN internal THEN 'note' ELSE author END, body"
        " FROM ticket_messages WHERE author <> 'system'"
        " UNION ALL SELECT id, 'resolution', resolution FROM support_tickets"
        " WHERE resolution IS NOT NULL"
    )
    for ticket, source, body in rows:
        for sentence in _sentences(body, min_words):
            where[sentence].add(ticket)
            sources[sentence].add(source)
    spread = [Repeat(s, ",".join(sorted(sources[s])), len(t)) for s, t in where.items()]
    return sorted(spread, key=lambda r: (-r.tickets, r.sentence))


def repeated_sentences(
    conn: sqlite3.Connection, more_than: int, min_words: int = MIN_WORDS
) -> list[Repeat]:
    """The sentences found in more than `more_than` tickets."""
    return [r for r in sentence_spread(conn, min_words) if r.tickets > more_than]
