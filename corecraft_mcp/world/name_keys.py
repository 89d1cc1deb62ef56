"""Keys for shortlisting customers by name: a search scores only the customers that share a key
with every part of the query, instead of scoring every customer.

Each name part gets keys such that a typo anywhere in a part still leaves one in common: its
first three letters and those of each way to drop one of them (a letter changed, dropped, added
or swapped near the start: "Suan", "Csaey", "Kohn"; short forms: "Chris" for Christopher), and
its Soundex code (typos further in: "Smth"). Short forms with other letters ("Bob" for Robert) are looked up
under their formal names by the caller.

The keys are built once per world into its base image (customer_name_keys); customers an episode
inserts or changes are found through the episode's change log instead, so the keys never need
maintaining by the tools."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

KEYS_TABLE = "customer_name_keys"

_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def name_tokens(text: str) -> list[str]:
    """Lower-case ASCII name parts: accents dropped, apostrophes joined (O'Brien -> obrien),
    hyphens and other punctuation split (Smith-Jones -> smith, jones)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'", "")
    return re.findall(r"[a-z0-9]+", folded)


def soundex(token: str) -> str:
    """American Soundex: the first letter and three digits for the consonant sounds after it."""
    if not token:
        return ""
    digits = [token[0].upper()]
    previous = _SOUNDEX_CODES.get(token[0], "")
    for ch in token[1:]:
        code = _SOUNDEX_CODES.get(ch, "")
        if code and code != previous:
            digits.append(code)
        if ch not in "hw":  # h and w do not separate equal codes; vowels do
            previous = code
    return ("".join(digits) + "000")[:4]


def token_keys(token: str) -> set[str]:
    """The first three letters of the part and of each way to drop one of its first three
    letters (two parts one typo apart near their start share one: a letter changed, dropped,
    added or swapped), and its Soundex code (typos further in)."""
    keys = {f"p:{token[:3]}", f"s:{soundex(token)}"}
    for i in range(min(3, len(token))):
        keys.add(f"p:{(token[:i] + token[i + 1 :])[:3]}")
    return keys


def build_name_keys(conn: sqlite3.Connection) -> None:
    """(Re)build the keys of every customer in `conn` (a world being loaded or built)."""
    rows = conn.execute("SELECT rowid, first_name, last_name FROM customers").fetchall()
    keyed = {
        (key, rowid)
        for rowid, first, last in rows
        for token in name_tokens(f"{first} {last}")
        for key in token_keys(token)
    }
    with conn:
        conn.execute(f"DELETE FROM {KEYS_TABLE}")
        conn.executemany(f"INSERT INTO {KEYS_TABLE} (key, customer) VALUES (?, ?)", sorted(keyed))
