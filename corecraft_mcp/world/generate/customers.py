"""The customers stage: profiles, with duplicates, stale addresses and free-text notes planted.

Tier and lifetime spend are placeholders here: the orders stage finalises them from
`legacy_spend_cents` (spend before the order history window) plus the orders on file.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field, replace
from typing import Any

from faker import Faker

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.generate.customers_data import (
    EMAIL_DOMAINS,
    NICKNAMES,
    NOTES,
    STREET_NAMES,
    STREET_SUFFIXES,
    US_CITIES,
)
from corecraft_mcp.world.money import cents

# The tier band (Standard, Silver, Gold, Platinum) a customer's legacy spend falls in. The
# window's orders then carry many customers up a tier, so these shares sit below the final
# distribution they produce: about 55% / 25% / 14% / 6%, calibrated over several seeds with the
# order history's activity model (commerce_orders).
LEGACY_CLASS_SHARES: tuple[float, ...] = (0.74, 0.17, 0.055, 0.035)
# Where within its band legacy spend falls (fractions of the band's width).
LEGACY_BAND_FRACTION: tuple[float, float] = (0.05, 0.6)
# Signup years spread before the world's today.
OLDEST_ACCOUNT_DAYS = 8 * 365
# Of customers, the share who signed up before the order history window.
PRE_WINDOW_SHARE = 0.68


@dataclass
class Address:
    street: str
    city: str
    state: str
    postal_code: str

    def line(self) -> str:
        return f"{self.street}, {self.city}, {self.state} {self.postal_code}"

    def as_dict(self) -> dict[str, str]:
        return {
            "street": self.street,
            "city": self.city,
            "state": self.state,
            "postal_code": self.postal_code,
        }


@dataclass
class Profile:
    first_name: str
    last_name: str
    email: str
    phone: str
    address: Address
    created_at: dt.datetime
    updated_at: dt.datetime
    legacy_spend_cents: int
    alt_email: str | None = None
    notes: list[str] = field(default_factory=list)
    id: str = ""
    # planted mess to record once ids are known: (kind, detail)
    mess: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _address(rng: random.Random) -> Address:
    city, state, prefixes = rng.choice(US_CITIES)
    street = f"{rng.randint(10, 9899)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_SUFFIXES)}"
    if rng.random() < 0.25:
        street += f" {rng.choice(['Apt', 'Unit', '#'])} {rng.randint(1, 420)}"
    return Address(street, city, state, f"{rng.choice(prefixes)}{rng.randint(1, 99):02d}")


_AREA_CODES = [a for a in range(201, 990) if a % 100 != 11 and a // 10 % 10 != 9]


def _phone(rng: random.Random) -> str:
    area = rng.choice(_AREA_CODES)
    return f"({area}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"


def _email(rng: random.Random, first: str, last: str, taken: set[str], domain: str = "") -> str:
    f, la = _slug(first), _slug(last)
    patterns = (
        f"{f}.{la}",
        f"{f[0]}{la}",
        f"{f}{la}{rng.randint(1, 99)}",
        f"{f}_{la}",
        f"{la}{f[0]}{rng.randint(70, 99)}",
        f"{f}{rng.randint(100, 999)}",
    )
    local = rng.choice(patterns)
    domain = domain or rng.choice(EMAIL_DOMAINS)
    email = f"{local}@{domain}"
    while email in taken:
        email = f"{local}{rng.randint(2, 999)}@{domain}"
    taken.add(email)
    return email


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = max(0, int((end - start).total_seconds()))
    return start + dt.timedelta(seconds=rng.randint(0, seconds))


def _legacy_spend(
    ctx: GenContext, rng: random.Random, created: dt.datetime, window_start: dt.datetime
) -> int:
    """Spend before the history window: none for customers who signed up inside it."""
    if created >= window_start:
        return 0
    tiers = ctx.definition.policy.tiers
    bounds = [cents(tiers[t].min_spend) for t in TIER_ORDER]
    cls = rng.choices(range(len(TIER_ORDER)), weights=LEGACY_CLASS_SHARES)[0]
    low = bounds[cls]
    # The top class has no upper bound: spread it over as wide a band as the one below it.
    high = bounds[cls + 1] if cls + 1 < len(bounds) else low + (low - bounds[cls - 1])
    lo_frac, hi_frac = LEGACY_BAND_FRACTION
    if cls == 0:
        # Standard customers: mostly small spend, some with nothing left on file.
        return 0 if rng.random() < 0.2 else int(high * rng.uniform(0.02, hi_frac))
    return int(low + (high - low) * rng.uniform(lo_frac, hi_frac))


def _new_profile(
    ctx: GenContext, fake: Faker, rng: random.Random, taken: set[str], window_start: dt.datetime
) -> Profile:
    first, last = fake.first_name(), fake.last_name()
    oldest = ctx.now - dt.timedelta(days=OLDEST_ACCOUNT_DAYS)
    if rng.random() < PRE_WINDOW_SHARE:
        created = _between(rng, oldest, window_start)
    else:
        created = _between(rng, window_start, ctx.now - dt.timedelta(days=2))
    updated = created if rng.random() < 0.5 else _between(rng, created, ctx.now)
    profile = Profile(
        first_name=first,
        last_name=last,
        email=_email(rng, first, last, taken),
        phone=_phone(rng),
        address=_address(rng),
        created_at=created,
        updated_at=updated,
        legacy_spend_cents=_legacy_spend(ctx, rng, created, window_start),
    )
    if rng.random() < 0.15:
        profile.alt_email = _email(rng, first, last, taken, domain=fake.domain_name())
    return profile


def _typo(rng: random.Random, name: str) -> str:
    """A plausible keying error: two letters swapped, one dropped or one doubled."""
    if len(name) < 4:
        return name + name[-1]
    while True:
        i = rng.randint(1, len(name) - 2)
        kind = rng.choice(("swap", "drop", "double"))
        if kind == "swap":
            typo = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        elif kind == "drop":
            typo = name[:i] + name[i + 1 :]
        else:
            typo = name[:i] + name[i] + name[i:]
        if typo != name:  # swapping a double letter changes nothing
            return typo


def _duplicate(
    ctx: GenContext, fake: Faker, rng: random.Random, original: Profile, taken: set[str]
) -> Profile:
    """A second profile of the same person, opened later with another email."""
    first, last = original.first_name, original.last_name
    nickname = NICKNAMES.get(first) or next((k for k, v in NICKNAMES.items() if v == first), None)
    if nickname and rng.random() < 0.6:
        first, variant = nickname, "nickname"
    elif rng.random() < 0.5:
        first, variant = _typo(rng, first), "first_name_typo"
    else:
        last, variant = _typo(rng, last), "last_name_typo"
    if original.alt_email and rng.random() < 0.7:
        # The second profile was opened with the address the first one lists as alternative.
        email, email_kind = original.alt_email, "original_alt_email"
    elif rng.random() < 0.4:
        email, email_kind = _email(rng, first, last, taken, domain=fake.domain_name()), "work_email"
    else:
        email, email_kind = _email(rng, first, last, taken), "other_personal_email"
    matches = rng.choice((("phone",), ("address",), ("phone", "address")))
    created = _between(
        rng, original.created_at + dt.timedelta(days=20), ctx.now - dt.timedelta(days=20)
    )
    dup = Profile(
        first_name=first,
        last_name=last,
        email=email,
        phone=original.phone if "phone" in matches else _phone(rng),
        address=replace(original.address) if "address" in matches else _address(rng),
        created_at=created,
        updated_at=created,
        legacy_spend_cents=0,
    )
    dup.mess.append(
        (
            "duplicate_customer",
            {
                "original_name": f"{original.first_name} {original.last_name}",
                "duplicate_name": f"{first} {last}",
                "name_variant": variant,
                "email_kind": email_kind,
                "matches": list(matches),
            },
        )
    )
    return dup


def _plant_stale_address(ctx: GenContext, rng: random.Random, profile: Profile) -> None:
    """The customer moved; the profile still has the old address."""
    earliest = max(profile.created_at + dt.timedelta(days=60), ctx.now - dt.timedelta(days=240))
    moved = _between(rng, earliest, ctx.now - dt.timedelta(days=10))
    new = _address(rng)
    mentioned_in = "notes" if rng.random() < 0.6 else "ticket"
    if mentioned_in == "notes":
        noted = _between(rng, moved, ctx.now - dt.timedelta(days=1))
        profile.notes.append(
            f"{noted.date().isoformat()}: Customer mentioned moving to {new.line()}; "
            "profile address not updated yet."
        )
    profile.updated_at = min(profile.updated_at, moved)
    profile.mess.append(
        (
            "stale_address",
            {
                "old_address": profile.address.as_dict(),
                "new_address": new.as_dict(),
                "moved_on": moved.date().isoformat(),
                "mentioned_in": mentioned_in,
            },
        )
    )


def _plant_notes(rng: random.Random, profile: Profile, now: dt.datetime) -> None:
    kinds = rng.choices(("actionable", "context", "noise"), weights=(4, 4, 3), k=rng.randint(1, 3))
    written: list[dict[str, str]] = []
    for kind in kinds:
        when = _between(rng, profile.created_at, now - dt.timedelta(days=1))
        text = rng.choice(NOTES[kind]).format(date=when.date().isoformat())
        if any(w["text"] == text for w in written):
            continue
        written.append({"text": text, "usefulness": kind})
    profile.notes.extend(w["text"] for w in written)
    profile.mess.append(("free_text_note", {"notes": written}))


def generate_customers(ctx: GenContext) -> None:
    definition = ctx.definition
    rng = ctx.rng("customers")
    fake = ctx.faker("customers")
    window_start = ctx.now - dt.timedelta(days=definition.history_days)
    total = definition.sizes.customers
    n_duplicates = round(total * definition.mess.duplicate_customer)
    taken: set[str] = set()

    originals = [
        _new_profile(ctx, fake, rng, taken, window_start) for _ in range(total - n_duplicates)
    ]
    # Duplicates need room for a second signup after the first.
    candidates = [p for p in originals if p.created_at < ctx.now - dt.timedelta(days=90)]
    with_nickname = [p for p in candidates if p.first_name in NICKNAMES]
    pool = rng.sample(with_nickname, min(len(with_nickname), n_duplicates // 2))
    chosen = {id(p) for p in pool}
    pool += rng.sample([p for p in candidates if id(p) not in chosen], n_duplicates - len(pool))
    chosen = {id(p) for p in pool}
    pairs = [(orig, _duplicate(ctx, fake, rng, orig, taken)) for orig in pool]

    plain = [p for p in originals if id(p) not in chosen]
    stale_candidates = [p for p in plain if p.created_at < ctx.now - dt.timedelta(days=120)]
    for profile in rng.sample(stale_candidates, round(total * definition.mess.stale_address)):
        _plant_stale_address(ctx, rng, profile)

    everyone = originals + [dup for _, dup in pairs]
    for profile in rng.sample(everyone, round(total * definition.mess.free_text_note)):
        _plant_notes(rng, profile, ctx.now)

    for profile in everyone:
        profile.notes.sort()  # each note starts with its date
    # Ids follow signup order, as a real system assigns them.
    everyone.sort(key=lambda p: (p.created_at, p.email))
    for number, profile in enumerate(everyone, start=1):
        profile.id = f"CUS-{number:05d}"
    duplicate_of = {id(dup): orig for orig, dup in pairs}

    ctx.insert_many(
        "customers",
        [
            {
                "id": p.id,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "email": p.email,
                "alt_email": p.alt_email,
                "phone": p.phone,
                "street": p.address.street,
                "city": p.address.city,
                "state": p.address.state,
                "postal_code": p.address.postal_code,
                "country": "US",
                "tier": TIER_ORDER[0],  # finalised by the orders stage
                "legacy_spend_cents": p.legacy_spend_cents,
                "lifetime_spend_cents": p.legacy_spend_cents,
                "store_credit_cents": 0,
                "notes": "\n".join(p.notes),
                "created_at": iso_ts(p.created_at),
                "updated_at": iso_ts(p.updated_at),
            }
            for p in everyone
        ],
    )
    for profile in everyone:
        for kind, detail in profile.mess:
            if kind == "duplicate_customer":
                detail = {**detail, "original_id": duplicate_of[id(profile)].id}
            ctx.plant(kind, "customers", profile.id, **detail)
