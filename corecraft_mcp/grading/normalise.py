"""One canonical wording for replies and for the phrases a rubric looks for.

A right answer must not fail on its wording: "final-sale" and "final sale", "10%" and "ten
percent", "$1,219.99" and "1219.99 dollars", "March 14, 2026" and "2026-03-14" all read the same
after `normalise`. Replies and rubric phrases go through the same function, so a phrase matches
whatever ordinary wording of it a reply uses.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)

_CONTRACTIONS = [
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(\w+)'re\b", r"\1 are"),
    (r"\b(\w+)'ve\b", r"\1 have"),
    (r"\b(\w+)'ll\b", r"\1 will"),
    (r"\b(i)'m\b", r"\1 am"),
    (r"\b(it|that|there|here|what|he|she)'s\b", r"\1 is"),
]


def _iso(year: int | None, month: int, day: int) -> str:
    if not 1 <= day <= 31:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _dates(text: str) -> str:
    """Dates in common formats become ISO (yyyy-mm-dd), or mm-dd where the year is not given."""

    def month_first(m: re.Match[str]) -> str:
        year = int(m["year"]) if m["year"] else None
        return _iso(year, _MONTHS[m["month"]], int(m["day"])) or m[0]

    def day_first(m: re.Match[str]) -> str:
        year = int(m["year"]) if m["year"] else None
        return _iso(year, _MONTHS[m["month"]], int(m["day"])) or m[0]

    def numeric(m: re.Match[str]) -> str:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        year = year + 2000 if year < 100 else year
        # CoreCraft writes US dates (month first); a first number over 12 can only be a day.
        month, day = (b, a) if a > 12 else (a, b)
        if not 1 <= month <= 12:
            return m[0]
        return _iso(year, month, day) or m[0]

    text = re.sub(rf"\b{_WEEKDAY}\b,?\s+(?=(?:{_MONTH}|\d))", "", text)
    text = re.sub(
        rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<year>\d{{4}})\b)?",
        month_first,
        text,
    )
    text = re.sub(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b\.?"
        rf"(?:,?\s+(?P<year>\d{{4}})\b)?",
        day_first,
        text,
    )
    return re.sub(
        r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])", numeric, text
    )


def _number_words(text: str) -> str:
    """Number words up to 999 become digits ("thirty-five" -> "35", "two hundred" -> "200");
    only tens with units and hundreds combine, so "one and two" stays two numbers."""
    tens = "|".join(_TENS)
    units = "|".join(_UNITS)
    text = re.sub(
        rf"\b({tens})[\s-]+({units})\b",
        lambda m: str(_TENS[m[1]] + _UNITS[m[2]]) if _UNITS[m[2]] < 10 else m[0],
        text,
    )
    text = re.sub(rf"\b({tens})\b", lambda m: str(_TENS[m[1]]), text)
    text = re.sub(rf"\b({units})\b", lambda m: str(_UNITS[m[1]]), text)
    text = re.sub(
        r"\b([1-9])[\s-]+hundred(?:[\s-]+and)?[\s-]+(\d{1,2})\b",
        lambda m: str(int(m[1]) * 100 + int(m[2])),
        text,
    )
    return re.sub(r"\b([1-9])[\s-]+hundred\b", lambda m: str(int(m[1]) * 100), text)


def normalise(text: str) -> str:
    """Lower case; one spelling of contractions, numbers, money, percent, units and dates;
    hyphens and runs of spacing as one space. Sentence punctuation stays: it bounds claims."""
    text = text.lower()
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    for pattern, repl in _CONTRACTIONS:
        text = re.sub(pattern, repl, text)
    text = _dates(text)
    text = _number_words(text)
    # Money: "$1,219.99", "USD 1219.99", "1219.99 dollars" and "1,219.99" are one amount;
    # whole amounts lose ".00" so "$40" and "40.00" agree.
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"\$\s*|\busd\s*", "", text)
    text = re.sub(r"(?<=\d)\s*(?:us\s+)?dollars?\b", "", text)
    text = re.sub(r"(?<=\d)\.00(?!\d)", "", text)
    text = re.sub(r"(?<=\d)\s*(?:%|per\s?cent\b|pct\b)", " percent", text)
    text = re.sub(r"(?<=\d)\s*(?:watts?\b|w\b)", " w", text)
    text = re.sub(r"(?<=\d)\s*(?:millimet(?:er|re)s?\b|mm\b)", " mm", text)
    # Hyphens between words or digits, and slashes between words, read as spaces; a minus or a
    # hyphen inside an ISO date stays.
    text = re.sub(r"(?<![\d])-|-(?![\d])|(?<=[a-z])-(?=\d)", " ", text)
    text = re.sub(r"(?<=[a-z])/(?=[a-z])", " ", text)
    text = re.sub(r"[\"'`*_()\[\]{}<>|~#]", " ", text)
    return re.sub(r"\s+", " ", text).strip()
