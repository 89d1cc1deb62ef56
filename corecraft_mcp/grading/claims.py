"""Find what a reply states: a phrase, in any ordinary wording, asserted rather than negated.

`mentions`, `not_mentions` and `claim` checks all read a reply through `stated`. A phrase is
stated when its normalised words appear as whole words (so "30" is not found in "300" or
"$1.30"), with or without the spaces or hyphens between them ("frame rate", "framerate"), in
singular or plural, and not negated within its clause ("not eligible" does not state
"eligible"). A claim check then passes only when one of the right phrasings is stated and none
of the plausible wrong ones is: a reply that hedges across candidates fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corecraft_mcp.grading.normalise import normalise

_NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "without", "none", "nothing"})
# Words a negation reaches over: "is not yet eligible", "no longer eligible"; not further,
# so "no restocking fee instead of 10%" still states "instead of 10%".
_NEGATION_REACH = 2
# Sentence punctuation ends a clause, except the point or comma inside a number.
_CLAUSE_END = re.compile(
    r"(?<!\d)[.,]|[.,](?!\d)|[;:!?\n]|\b(?:but|however|although|though|whereas)\b"
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2}-\d{2})$")
_ANSWERED_NO = re.compile(r"\s?:\s?(?:false|no|none|null|0)\b")
_ID_PREFIX = re.compile(r"^[A-Z]{2,4}-$")
_BARE_VALUE = re.compile(r"^[\d.,\s-]*(?:percent|w|mm)?$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _token_pattern(token: str) -> str:
    date = _ISO_DATE.match(token)
    if date:
        # A date with its year also matches the reply's yearless "March 14".
        return f"(?:{date[1]}-)?{re.escape(date[2])}"
    if token.isalpha() and len(token) > 3:
        stem = token[:-1] if token.endswith("s") else token
        return f"{re.escape(stem)}(?:e?s)?"
    return re.escape(token)


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """The regex a phrase is found by, or None when nothing of it survives normalising.
    An id prefix ("TKT-", "RMA-") is found as any id of that kind ("TKT-00412")."""
    words = [w.strip(",;:!?").rstrip(".") for w in normalise(phrase).split()]
    words = [w for w in words if w]
    if not words:
        return None
    # A comma or colon between a phrase's words does not change it ("Gold, lifetime spend").
    body = r"[,:]?\s?".join(_token_pattern(w) for w in words)
    if _ID_PREFIX.match(phrase.strip()):
        body += r"\s?\d+"
    return re.compile(rf"(?<![a-z0-9-])(?<![0-9][.,]){body}(?![a-z0-9])(?![.,][0-9])")


def _negated(text: str, start: int) -> bool:
    before = text[:start]
    clause = _CLAUSE_END.split(before)[-1]
    return any(w in _NEGATORS for w in clause.split()[-_NEGATION_REACH:])


def affirmed(phrase: str, normalised_text: str) -> list[Span]:
    """Where a normalised reply states the phrase (negated occurrences left out)."""
    pattern = phrase_pattern(phrase)
    if pattern is None:
        return []
    starts_negated = phrase_pattern_negates(phrase)
    return [
        Span(m.start(), m.end())
        for m in pattern.finditer(normalised_text)
        if not _answered_no(normalised_text, m.end())
        and (starts_negated or not _negated(normalised_text, m.start()))
    ]


def _answered_no(text: str, end: int) -> bool:
    """'final sale: no', or a pasted record's 'final_sale: false', denies the phrase."""
    return bool(_ANSWERED_NO.match(text, end))


def phrase_pattern_negates(phrase: str) -> bool:
    """A phrase that is itself a negation ("not eligible") is found as written."""
    words = normalise(phrase).split()
    return bool(words) and words[0] in _NEGATORS


def stated(phrase: str, normalised_text: str) -> bool:
    return bool(affirmed(phrase, normalised_text))


@dataclass(frozen=True)
class ClaimReading:
    right: list[str]
    wrong: list[str]

    @property
    def satisfied(self) -> bool:
        return bool(self.right) and not self.wrong


def read_claim(right: list[str], wrong: list[str], response: str) -> ClaimReading:
    """Which right and which wrong phrasings the reply states. A wrong phrase found only inside
    a stated right one ("850 W" inside "850 W or more") is part of the right claim, not beside it."""
    text = normalise(response)
    right_spans = {phrase: affirmed(phrase, text) for phrase in right}
    covered = [s for spans in right_spans.values() for s in spans]
    found_wrong = [
        phrase
        for phrase in wrong
        if any(
            not any(c.start <= s.start and s.end <= c.end for c in covered)
            for s in affirmed(phrase, text)
        )
    ]
    return ClaimReading(right=[p for p, s in right_spans.items() if s], wrong=found_wrong)


def is_short_fact(phrase: str) -> bool:
    """'30', '10%', 'Gold': found in almost any reply, so they grade nothing alone."""
    if _ID_PREFIX.match(phrase.strip()) or (phrase.isupper() and phrase.isalpha()):
        return False  # an id of a kind, or an acronym (GPT, USPS), is specific
    words = normalise(phrase).split()
    if len(words) == 2 and words[1] == "percent":
        words = words[:1]
    if len(words) != 1:
        return False
    word = words[0]
    return (word.isdigit() and len(word) <= 2) or (word.isalpha() and len(word) <= 4)


def is_bare_value(phrase: str) -> bool:
    """A number, amount or percentage alone."""
    return bool(_BARE_VALUE.match(normalise(phrase))) or is_short_fact(phrase)


def misuse(check: object, instruction: str = "") -> list[str]:
    """What is wrong with a check's phrases (empty when nothing is): the task author's errors
    that the task model cannot see without the normaliser. A bare value the customer wrote in
    the instruction is one a correct refusal quotes back ("we can not refund the $40"), so
    `not_mentions` of it fails right answers."""
    asked = normalise(instruction)
    from corecraft_mcp.tasks.models import ClaimCheck, MentionsCheck, NotMentionsCheck

    problems: list[str] = []
    if isinstance(check, MentionsCheck):
        for fact in check.facts():
            problems += _empty(fact)
            if all(is_short_fact(p) for p in fact):
                problems.append(
                    f"mentions {fact if len(fact) > 1 else fact[0]!r}: a bare short fact is "
                    "found in almost any reply; give it its context ('30 days', 'Gold tier') "
                    "or grade it with a claim check"
                )
    elif isinstance(check, NotMentionsCheck):
        for phrase in check.not_mentions:
            problems += _empty([phrase])
            if is_short_fact(phrase) or (is_bare_value(phrase) and stated(phrase, asked)):
                problems.append(
                    f"not_mentions {phrase!r}: a bare value the customer wrote is also quoted "
                    "by a correct reply (a refusal that names it); use a claim check whose "
                    "wrong alternatives state the wrong thing in context"
                )
    elif isinstance(check, ClaimCheck):
        problems += _empty([*check.right, *check.wrong])
        same = {normalise(p) for p in check.right} & {normalise(p) for p in check.wrong}
        if same:
            problems.append(f"claim: phrases read the same in claim and wrong: {sorted(same)}")
        short = [p for p in check.right if is_short_fact(p)]
        if short and len(short) == len(check.right):
            problems.append(
                f"claim {check.right}: only bare short phrasings; state the claim with its "
                "context so a reply cannot match it by accident"
            )
    return problems


def _empty(phrases: list[str]) -> list[str]:
    return [
        f"phrase {p!r} has no words left after normalising"
        for p in phrases
        if phrase_pattern(p) is None
    ]
