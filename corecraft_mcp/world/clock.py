"""The world's clock and its one timestamp format.

Time in a world is the world's, never the machine's: `now` is 09:00 UTC on the world's today, so
everything generated or written by a tool, and so every grade, is the same on any day.
"""

from __future__ import annotations

import datetime as dt

# UTC ISO-8601 with a Z, second precision: every timestamp stored in a world.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
OPENING_TIME = dt.time(9, 0)


def world_now(today: dt.date) -> dt.datetime:
    """The world's present moment: its today at 09:00 UTC."""
    return dt.datetime.combine(today, OPENING_TIME, tzinfo=dt.UTC)


def iso_ts(moment: dt.datetime) -> str:
    """A moment in the world's timestamp format."""
    return moment.astimezone(dt.UTC).strftime(TIMESTAMP_FORMAT)


def parse_ts(text: str) -> dt.datetime:
    """A stored timestamp back as an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
