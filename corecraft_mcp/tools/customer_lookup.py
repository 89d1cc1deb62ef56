"""Finding and checking customers: fuzzy name scores, phone and email normalisation, address
validation and the customer lookups the customer tools share."""

from __future__ import annotations

import re
from itertools import permutations
from typing import Literal, get_args

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.text import plain_text
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.definition import TIER_ORDER, TierName
from corecraft_mcp.world.models_commerce import Customer
from corecraft_mcp.world.name_keys import name_tokens

USState = Literal[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip
US_STATES: frozenset[str] = frozenset(get_args(USState))

# A name scores at least this (0-1) to count as a match: passes one typo or a short form in each
# part of a name ("Jon Smth" -> John Smith), not a different name ("John Doe" -> John Smith).
NAME_MATCH_THRESHOLD = 0.84

# Short forms people give for their names, as (formal name, its short forms).
_NICKNAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("alexander", ("alex", "al", "sasha")),
    ("alexandra", ("alex", "sandra", "lexi")),
    ("andrew", ("andy", "drew")),
    ("anthony", ("tony",)),
    ("barbara", ("barb", "babs")),
    ("benjamin", ("ben", "benny")),
    ("catherine", ("cathy", "cat", "kate")),
    ("charles", ("charlie", "chuck", "chas")),
    ("christina", ("chris", "tina")),
    ("christine", ("chris", "tina")),
    ("christopher", ("chris", "topher")),
    ("daniel", ("dan", "danny")),
    ("david", ("dave", "davey")),
    ("deborah", ("deb", "debbie")),
    ("dorothy", ("dot", "dottie")),
    ("edward", ("ed", "eddie", "ted", "ned")),
    ("elizabeth", ("liz", "beth", "betsy", "eliza", "lizzie", "betty")),
    ("gregory", ("greg",)),
    ("james", ("jim", "jimmy", "jamie")),
    ("jennifer", ("jen", "jenny")),
    ("jessica", ("jess", "jessie")),
    ("jonathan", ("jon", "john", "johnny")),
    ("john", ("jack", "johnny", "jon")),
    ("joseph", ("joe", "joey")),
    ("joshua", ("josh",)),
    ("katherine", ("kathy", "kate", "katie")),
    ("kathleen", ("kathy", "kate")),
    ("kenneth", ("ken", "kenny")),
    ("margaret", ("maggie", "meg", "peggy", "marge")),
    ("matthew", ("matt",)),
    ("michael", ("mike", "mikey", "mick")),
    ("nicholas", ("nick", "nicky")),
    ("patricia", ("pat", "patty", "trish")),
    ("patrick", ("pat", "paddy")),
    ("rebecca", ("becky", "becca")),
    ("richard", ("rick", "rich", "dick", "richie")),
    ("robert", ("bob", "rob", "bobby", "robbie", "bert")),
    ("ronald", ("ron", "ronnie")),
    ("samantha", ("sam", "sammy")),
    ("samuel", ("sam", "sammy")),
    ("stephanie", ("steph",)),
    ("stephen", ("steve",)),
    ("steven", ("steve",)),
    ("susan", ("sue", "susie")),
    ("theodore", ("ted", "teddy", "theo")),
    ("thomas", ("tom", "tommy")),
    ("timothy", ("tim", "timmy")),
    ("victoria", ("vicky", "tori")),
    ("william", ("bill", "will", "billy", "liam", "willy")),
    ("zachary", ("zach", "zack")), ("jeffrey", ("jeff",)), ("kimberly", ("kim",)),
    ("cynthia", ("cindy",)), ("abigail", ("abby", "abbie")), ("melissa", ("mel", "missy")),
    ("pamela", ("pam",)), ("jacqueline", ("jackie",)), ("lawrence", ("larry",)),
    ("raymond", ("ray",)), ("donald", ("don", "donny")), ("gerald", ("gerry", "jerry")),
    ("douglas", ("doug",)), ("frederick", ("fred", "freddie")), ("leonard", ("leo", "len")),
    ("vincent", ("vince", "vinny")), ("nathaniel", ("nate", "nathan")),
    ("nathan", ("nate",)), ("phillip", ("phil",)), ("philip", ("phil",)),
    ("valerie", ("val",)), ("jacob", ("jake",)), ("eugene", ("gene",)),
)  # fmt: skip
_NICKNAME_PAIRS: frozenset[tuple[str, str]] = frozenset(
    pair
    for formal, shorts in _NICKNAMES
    for short in shorts
    for pair in ((formal, short), (short, formal))
)

_PARTNERS: dict[str, frozenset[str]] = {
    name: frozenset(b for a, b in _NICKNAME_PAIRS if a == name) for name, _ in _NICKNAME_PAIRS
}


def nickname_partners(token: str) -> frozenset[str]:
    """The formal names of a short form, and the short forms of a formal name."""
    return _PARTNERS.get(token, frozenset())


_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")
_PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ .'-]+[^\W\d_]+)*\.?$")


# ---- fuzzy names ---------------------------------------------------------------------------


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity (0-1): forgiving of transposed and dropped letters in short
    strings, and rewards a shared start, which is how people mistype names."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    b_used = [False] * len(b)
    a_matched: list[str] = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_used[j] and b[j] == ch:
                b_used[j] = True
                a_matched.append(ch)
                break
    matches = len(a_matched)
    if not matches:
        return 0.0
    b_matched = [ch for ch, used in zip(b, b_used, strict=True) if used]
    transpositions = sum(x != y for x, y in zip(a_matched, b_matched, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def token_similarity(query: str, candidate: str, first_name: bool) -> float:
    if query == candidate:
        return 1.0
    if first_name and (query, candidate) in _NICKNAME_PAIRS:
        return 0.95
    score = jaro_winkler(query, candidate)
    shorter, longer = sorted((query, candidate), key=len)
    if first_name and len(shorter) >= 3 and longer.startswith(shorter):
        # a short form: "Jon" for Jonathan, "Chris" for Christopher (Johnson is not John)
        score = max(score, 0.9)
    return score


class NameScorer:
    """Scores customers' names against one query. Token scores are cached, because names
    repeat: a world of any size has only a few thousand distinct name parts."""

    def __init__(self, query: str) -> None:
        self.tokens = name_tokens(query)
        self.joined = "".join(self.tokens)
        self._cache: dict[tuple[int, str, bool], float] = {}

    def _similarity(self, index: int, candidate: str, first_name: bool) -> float:
        key = (index, candidate, first_name)
        score = self._cache.get(key)
        if score is None:
            score = self._cache[key] = token_similarity(self.tokens[index], candidate, first_name)
        return score

    def _parts(self, candidates: list[tuple[str, bool]]) -> list[float]:
        """Each query part's score under the best pairing of query parts with distinct name
        parts (so "John Jones" cannot match Johnson twice); unpaired query parts score 0."""
        grid = [
            [self._similarity(i, cand, first) for cand, first in candidates]
            for i in range(len(self.tokens))
        ]
        n, m = len(grid), len(candidates)
        if n > 4 or m > 4:  # long inputs: best part each, not a combinatorial search
            return [max(row) for row in grid]
        best: list[float] = []
        if n <= m:
            for cols in permutations(range(m), n):
                parts = [grid[i][j] for i, j in enumerate(cols)]
                best = max(best, parts, key=_strength) if best else parts
        else:
            for rows in permutations(range(n), m):
                parts = [0.0] * n
                for j, i in enumerate(rows):
                    parts[i] = grid[i][j]
                best = max(best, parts, key=_strength) if best else parts
        return best

    def score(self, first_name: str, last_name: str) -> float:
        """0-1: how well the query matches this name, part by part in any order, or run
        together ("JohnSmith"). A match needs every part of the query to be close."""
        first, last = name_tokens(first_name), name_tokens(last_name)
        candidates = [(t, True) for t in first] + [(t, False) for t in last]
        if not self.tokens or not candidates:
            return 0.0
        parts = self._parts(candidates)
        by_part = _strength(parts) if min(parts) >= 0.7 else 0.0
        run_together = 0.0
        if len(self.tokens) != len(candidates):
            run_together = max(
                jaro_winkler(self.joined, "".join(first + last)),
                jaro_winkler(self.joined, "".join(last + first)),
            )
        return round(max(by_part, run_together), 3)


def _strength(parts: list[float]) -> float:
    """The mean part score pulled toward the weakest part: one exact part ("John") must not
    carry a wrong one ("Jackson" for "Johnson")."""
    return (sum(parts) / len(parts) + min(parts)) / 2


# ---- phones, emails, addresses ---------------------------------------------------------------


def national_digits(phone: str) -> str:
    """A stored US phone number as its 10 digits (extensions, +1 and 001 prefixes dropped)."""
    main = re.split(r"(?i)x|ext", phone, maxsplit=1)[0]
    digits = "".join(ch for ch in main if ch.isdigit())
    if len(digits) > 10 and digits.startswith("001"):
        digits = digits[3:]
    elif len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def phone_query_digits(phone: str) -> str:
    """The digits a phone search compares: 10 (a full number), 7 (without the area code) or
    4 (the last four)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) not in (4, 7, 10):
        raise ToolInputError(
            f"phone '{phone}' has {len(digits)} digits: give a 10-digit US number in any format "
            "('555-201-3344', '(555) 201-3344'), or just its last four digits ('3344')"
        )
    return digits


def phone_match_reason(digits: str, wanted: str) -> str | None:
    """Why a stored phone's digits match the digits searched for, or None."""
    if len(wanted) == 10:
        return "phone" if digits == wanted else None
    if len(wanted) == 7:
        return "phone (without area code)" if digits.endswith(wanted) else None
    return "phone last four" if digits[-4:] == wanted else None


def valid_phone(phone: str) -> str:
    """A new phone number, checked and written the way the world writes them."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise ToolInputError(
            f"phone '{phone}' is not a valid US number: give 10 digits, area code first, "
            "e.g. '(555) 201-3344' (area code and exchange cannot start with 0 or 1)"
        )
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def valid_email(email: str, field: str = "email") -> str:
    cleaned = email.strip()
    if not _EMAIL.match(cleaned) or ".." in cleaned or len(cleaned) > 254:
        raise ToolInputError(
            f"{field} '{email}' is not a valid email address: give one like name@example.com"
        )
    return cleaned.lower()


def valid_state(state: str) -> str:
    code = state.strip().upper()
    if code not in US_STATES:
        raise ToolInputError(
            f"state '{state}' is not a US state code: give the two-letter USPS code "
            "(e.g. CA, NY, TX; DC and PR are accepted)"
        )
    return code


def valid_postal_code(postal_code: str) -> str:
    code = postal_code.strip()
    if not _ZIP.match(code) or code.startswith("00000"):
        raise ToolInputError(
            f"postal_code '{postal_code}' is not a US ZIP code: give 5 digits ('94107') "
            "or ZIP+4 ('94107-1234'); 00000 is no ZIP code"
        )
    return code


def valid_person_name(name: str, field: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 60 or not _PERSON_NAME.match(cleaned):
        raise ToolInputError(
            f"{field} '{name}' is not a usable name: give 1-60 characters of letters, with "
            "spaces, hyphens, apostrophes or periods between them (no digits)"
        )
    return cleaned


def valid_text(text: str, field: str, longest: int) -> str:
    return plain_text(text, field, longest)


def check_range(field: str, value: int, lowest: int, highest: int) -> None:
    if not lowest <= value <= highest:
        raise ToolInputError(f"{field} must be between {lowest} and {highest}, not {value}")


def valid_tier(tier: str) -> TierName:
    for name in TIER_ORDER:
        if tier.strip().lower() == name.lower():
            return name
    raise ToolInputError(f"unknown tier '{tier}': give one of {', '.join(TIER_ORDER)}")


# ---- lookups -------------------------------------------------------------------------------


async def example_customer_id(db: WorldConnection) -> str:
    return str(await db.scalar("SELECT min(id) FROM customers") or "CUS-00001")


async def get_customer(db: WorldConnection, customer_id: str) -> Customer:
    """The customer with this id, or an error saying how to find one."""
    wanted = customer_id.strip().upper()
    row = await db.fetchone("SELECT * FROM customers WHERE id = ?", (wanted,)) if wanted else None
    if row is None:
        example = await example_customer_id(db)
        raise ToolInputError(
            f"customer '{customer_id}' not found: give a customer id like {example}; "
            "use search_customers to find one by name, email or phone"
        )
    return Customer.model_validate(row)


async def email_owner(db: WorldConnection, email: str, other_than: str | None = None) -> Row | None:
    """The customer (other than `other_than`) who has `email` as their email or second email."""
    return await db.fetchone(
        "SELECT id, first_name, last_name FROM customers "
        "WHERE (email = ? OR alt_email = ?) AND id IS NOT ? ORDER BY id LIMIT 1",
        (email, email, other_than),
    )


def email_taken_message(email: str, owner: Row) -> str:
    return (
        f"email {email} is already on file for customer {owner['id']} "
        f"({owner['first_name']} {owner['last_name']}): one email belongs to one profile"
    )


def dated_note(existing: str, note: str, today: str) -> str:
    """Notes are a log, one dated line each ("2026-03-16: ..."), as the world writes them: a
    new note goes under the old ones and never replaces them."""
    entry = f"{today}: {note}"
    return f"{existing.rstrip()}\n{entry}" if existing.strip() else entry


def full_name(row: Row) -> str:
    return f"{row['first_name']} {row['last_name']}"


async def check_new_emails(
    db: WorldConnection, customer: Customer, changes: dict[str, tuple[str | None, str | None]]
) -> None:
    """A customer's emails after `changes` (field -> (old, new)): two different addresses,
    neither of them another customer's email or second email."""
    email = str(changes.get("email", (None, customer.email))[1])
    alt = changes.get("alt_email", (None, customer.alt_email))[1]
    if alt is not None and alt.lower() == email.lower():
        raise ToolInputError(
            f"{alt} would be both the email and the second email of {customer.id}: give a "
            "different alt_email, or remove_alt_email"
        )
    for field in ("email", "alt_email"):
        new = changes.get(field, (None, None))[1]
        if new is None:
            continue
        owner = await email_owner(db, new, other_than=customer.id)
        if owner is not None:
            raise ToolInputError(email_taken_message(new, owner))
