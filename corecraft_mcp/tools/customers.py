"""Customer tools: find a customer in messy data, read their history, open and change a profile,
and explain loyalty tiers. The output models live in customer_views."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from corecraft_mcp.tools import customer_lookup as lookup
from corecraft_mcp.tools.base import (
    MAX_QUERY,
    MAX_TEXT,
    Page,
    PageSize,
    ToolInputError,
    ToolSpec,
    offset,
    page_info,
)
from corecraft_mcp.tools.customer_lookup import USState
from corecraft_mcp.tools.customer_views import (
    CreatedCustomer,
    CustomerHistory,
    CustomerMatch,
    CustomerSearchResult,
    LoyaltyTierResult,
    PossibleDuplicate,
    UpdatedCustomer,
    customer_history,
    profile_view,
    tier_result,
)
from corecraft_mcp.tools.name_search import name_shortlist
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import TierName

CustomerId = Annotated[
    str,
    Field(description="The customer's id, e.g. CUS-00042.", min_length=1, max_length=40),
]
Email = Annotated[str, Field(description="An email address.", min_length=3, max_length=254)]
Phone = Annotated[
    str, Field(description="A 10-digit US phone number, any punctuation.", max_length=30)
]
Street = Annotated[str, Field(description="Street line, e.g. '12 Oak St Apt 4'.", max_length=120)]
City = Annotated[str, Field(description="City.", max_length=80)]
PostalCode = Annotated[
    str, Field(description="US ZIP code: 5 digits or ZIP+4.", pattern=r"^\s*\d{5}(-\d{4})?\s*$")
]


async def search_customers(
    db: WorldConnection,
    name: Annotated[
        str | None,
        Field(
            description="The customer's name, or part of it, as they gave it: fuzzy, so a typo, a "
            "short form ('Jon', 'Mike') or a missing part still matches; scored by similarity.",
            max_length=MAX_QUERY,
        ),
    ] = None,
    email: Annotated[
        str | None,
        Field(
            description="An email address: exact, any case; matches the email and the second "
            "(alt) email on file.",
            max_length=254,
        ),
    ] = None,
    phone: Annotated[
        str | None,
        Field(
            description="A phone number in any format ('555-201-3344', '(555) 201-3344'): "
            "compared by digits; 4 digits match the last four.",
            max_length=30,
        ),
    ] = None,
    tier: Annotated[TierName | None, Field(description="Only customers of this tier.")] = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> CustomerSearchResult:
    """Find customers by name (fuzzy: typos, short forms and partial names match, best first
    with a similarity score), email (exact, any case, also the second email on file), phone
    (by digits, or the last four digits) and/or loyalty tier; criteria given together must all
    match. Returns a page of matches (id, name, emails, phone last four, tier, city/state,
    signup time, why it matched) with total and has_more. The same person can have more than
    one profile (a typo'd name, another email); which profile is the caller's, and whether
    the caller is who they say, is left to the agent. It changes nothing."""
    if name is None and email is None and phone is None and tier is None:
        raise ToolInputError(
            "give at least one search criterion: name (fuzzy), email (exact), phone (digits or "
            "last four) or tier (Standard, Silver, Gold, Platinum)"
        )
    lookup.check_range("page", page, 1, 10_000)
    lookup.check_range("page_size", page_size, 1, 50)
    scorer = None if name is None else _name_scorer(name)
    wanted_phone = None if phone is None else lookup.phone_query_digits(phone)
    where: list[str] = []
    params: list[Any] = []
    if email is not None:
        address = email.strip()
        if "@" not in address:
            raise ToolInputError(
                f"email '{email}' is not an email address: give the whole address "
                "(name@example.com); search by name with `name`"
            )
        where.append("(email = ? OR alt_email = ?)")
        params += [address, address]
    if tier is not None:
        where.append("tier = ?")
        params.append(lookup.valid_tier(tier))
    if scorer is not None:
        shortlist, keys = name_shortlist(scorer.tokens)
        where.append(f"rowid IN ({shortlist})")
        params += keys
    rows = await db.fetchall(
        "SELECT id, first_name, last_name, email, alt_email, phone, tier, city, state, created_at "
        f"FROM customers {'WHERE ' + ' AND '.join(where) if where else ''}",
        params,
    )
    found: list[tuple[tuple[float, str, str, str], dict[str, Any], list[str], float | None]] = []
    for row in rows:
        reasons: list[str] = []
        similarity = None
        if scorer is not None:
            similarity = scorer.score(row["first_name"], row["last_name"])
            if similarity < lookup.NAME_MATCH_THRESHOLD:
                continue
            reasons.append(f"name (similarity {similarity:.2f})")
        if wanted_phone is not None:
            reason = lookup.phone_match_reason(lookup.national_digits(row["phone"]), wanted_phone)
            if reason is None:
                continue
            reasons.append(reason)
        if email is not None:
            own = row["email"].lower() == email.strip().lower()
            reasons.append("email" if own else "alt_email (second email on file)")
        if tier is not None:
            reasons.append(f"tier {row['tier']}")
        order = (
            -(similarity or 0.0),
            row["last_name"].lower(),
            row["first_name"].lower(),
            row["id"],
        )
        found.append((order, row, reasons, similarity))
    found.sort(key=lambda f: f[0])
    start = offset(page, page_size)
    return CustomerSearchResult(
        **page_info(page, page_size, len(found)).model_dump(),
        customers=[_match(*f[1:]) for f in found[start : start + page_size]],
    )


def _name_scorer(name: str) -> lookup.NameScorer:
    if "@" in name:
        raise ToolInputError(f"name '{name}' looks like an email address: pass it as `email`")
    scorer = lookup.NameScorer(name)
    if not scorer.tokens:
        raise ToolInputError(f"name '{name}' has no letters: give a customer's name")
    if all(token.isdigit() for token in scorer.tokens):
        raise ToolInputError(f"name '{name}' looks like a number: pass a phone as `phone`")
    return scorer


def _match(row: dict[str, Any], reasons: list[str], similarity: float | None) -> CustomerMatch:
    return CustomerMatch(
        id=row["id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        alt_email=row["alt_email"],
        phone_last4=lookup.national_digits(row["phone"])[-4:],
        tier=row["tier"],
        city=row["city"],
        state=row["state"],
        created_at=row["created_at"],
        match_reason="; ".join(reasons),
        similarity=similarity,
    )


async def get_customer_history(
    db: WorldConnection,
    customer_id: CustomerId,
    max_orders: Annotated[
        int, Field(description="Most recent orders to list (1-100).", ge=1, le=100)
    ] = 20,
) -> CustomerHistory:
    """One customer's full record: profile (name, emails, phone, address, tier, lifetime spend,
    store credit, notes), their orders (newest first, up to max_orders, with how many more
    there are), support tickets with their SLA due times and message threads (internal notes
    marked), PC builds and returns/exchanges (RMAs). It reports the record; whether a caller's
    details verify their identity is left to the agent. It changes nothing."""
    lookup.check_range("max_orders", max_orders, 1, 100)
    customer = await lookup.get_customer(db, customer_id)
    return await customer_history(db, customer, max_orders)


async def create_customer(
    db: WorldConnection,
    first_name: Annotated[str, Field(description="Given name.", min_length=1, max_length=60)],
    last_name: Annotated[str, Field(description="Family name.", min_length=1, max_length=60)],
    email: Email,
    phone: Phone,
    street: Street,
    city: City,
    state: Annotated[USState, Field(description="Two-letter US state code.")],
    postal_code: PostalCode,
    notes: Annotated[
        str | None,
        Field(description="A first note on the profile (dated today).", max_length=MAX_TEXT),
    ] = None,
) -> CreatedCustomer:
    """Open a new customer profile (US addresses only) at the Standard tier with no spend or
    store credit. Refuses an email already on file as any customer's email or second email,
    naming that customer. Returns the new profile and any existing customers with the same
    phone, or the same name at the same address (possible duplicates; whether one of them is
    the caller is left to the agent)."""
    values = {
        "first_name": lookup.valid_person_name(first_name, "first_name"),
        "last_name": lookup.valid_person_name(last_name, "last_name"),
        "email": lookup.valid_email(email),
        "phone": lookup.valid_phone(phone),
        "street": lookup.valid_text(street, "street", 120),
        "city": lookup.valid_text(city, "city", 80),
        "state": lookup.valid_state(state),
        "postal_code": lookup.valid_postal_code(postal_code),
    }
    note = None if notes is None else lookup.valid_text(notes, "notes", MAX_TEXT)
    async with db.transaction():
        owner = await lookup.email_owner(db, values["email"])
        if owner is not None:
            raise ToolInputError(lookup.email_taken_message(values["email"], owner))
        duplicates = await _possible_duplicates(db, values)
        entry_tier = await db.scalar("SELECT name FROM loyalty_tiers ORDER BY rank LIMIT 1")
        customer_id = await db.next_id("customers", "CUS", 5)
        now = db.now_iso
        row = {
            "id": customer_id,
            **values,
            "alt_email": None,
            "country": "US",
            "tier": entry_tier,
            "legacy_spend_cents": 0,
            "lifetime_spend_cents": 0,
            "store_credit_cents": 0,
            "notes": "" if note is None else lookup.dated_note("", note, db.today.isoformat()),
            "created_at": now,
            "updated_at": now,
        }
        await db.execute(
            f"INSERT INTO customers ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        await db.audit(
            "create_customer", "customers", customer_id, "create",
            **{k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")},
        )  # fmt: skip
        created = await lookup.get_customer(db, customer_id)
    return CreatedCustomer(customer=profile_view(created), possible_duplicates=duplicates)


async def _possible_duplicates(db: WorldConnection, new: dict[str, str]) -> list[PossibleDuplicate]:
    rows = await db.fetchall(
        "SELECT id, first_name, last_name, phone, street, postal_code FROM customers ORDER BY id"
    )
    scorer = lookup.NameScorer(f"{new['first_name']} {new['last_name']}")
    digits = lookup.national_digits(new["phone"])
    hints: list[PossibleDuplicate] = []
    for row in rows:
        if lookup.national_digits(row["phone"]) == digits:
            why = "same phone number"
        elif (
            row["postal_code"] == new["postal_code"]
            and row["street"].lower() == new["street"].lower()
            and scorer.score(row["first_name"], row["last_name"]) >= lookup.NAME_MATCH_THRESHOLD
        ):
            why = "similar name at the same address"
        else:
            continue
        hints.append(PossibleDuplicate(id=row["id"], name=lookup.full_name(row), reason=why))
    return hints


async def update_customer(
    db: WorldConnection,
    customer_id: CustomerId,
    email: Annotated[Email | None, Field(description="New primary email.")] = None,
    alt_email: Annotated[Email | None, Field(description="New second email.")] = None,
    remove_alt_email: Annotated[
        bool, Field(description="Remove the second email on file.")
    ] = False,
    phone: Annotated[Phone | None, Field(description="New phone number.")] = None,
    street: Annotated[Street | None, Field(description="New street line.")] = None,
    city: Annotated[City | None, Field(description="New city.")] = None,
    state: Annotated[USState | None, Field(description="New two-letter state code.")] = None,
    postal_code: Annotated[PostalCode | None, Field(description="New ZIP code.")] = None,
    note: Annotated[
        str | None,
        Field(
            description="A note to add to the profile: appended with today's date; earlier "
            "notes are kept.",
            max_length=MAX_TEXT,
        ),
    ] = None,
) -> UpdatedCustomer:
    """Change a customer's contact details (email, second email, phone), address (any of
    street, city, state, postal_code; give all four for a move) and/or add a dated note, in one
    call. Only the fields given change; notes are appended, never overwritten. An email that is
    another customer's email or second email is refused, naming that customer. Returns the
    updated profile and the fields that changed. Orders keep the address they were placed
    with: use update_order for an open order's shipping address."""
    if remove_alt_email and alt_email is not None:
        raise ToolInputError("give either alt_email (to replace it) or remove_alt_email, not both")
    wanted: dict[str, str | None] = {}
    if email is not None:
        wanted["email"] = lookup.valid_email(email)
    if alt_email is not None:
        wanted["alt_email"] = lookup.valid_email(alt_email, "alt_email")
    if remove_alt_email:
        wanted["alt_email"] = None
    if phone is not None:
        wanted["phone"] = lookup.valid_phone(phone)
    if street is not None:
        wanted["street"] = lookup.valid_text(street, "street", 120)
    if city is not None:
        wanted["city"] = lookup.valid_text(city, "city", 80)
    if state is not None:
        wanted["state"] = lookup.valid_state(state)
    if postal_code is not None:
        wanted["postal_code"] = lookup.valid_postal_code(postal_code)
    note_text = None if note is None else lookup.valid_text(note, "note", MAX_TEXT)
    if not wanted and note_text is None:
        raise ToolInputError(
            "nothing to update: give at least one of email, alt_email, remove_alt_email, phone, "
            "street, city, state, postal_code or note"
        )
    async with db.transaction():
        customer = await lookup.get_customer(db, customer_id)
        changes = {
            field: (getattr(customer, field), value)
            for field, value in wanted.items()
            if _differs(field, getattr(customer, field), value)
        }
        if not changes and note_text is None:
            raise ToolInputError(
                f"nothing to update: customer {customer.id} already has "
                + ", ".join(f"{f} {v!r}" for f, v in wanted.items())
            )
        await lookup.check_new_emails(db, customer, changes)
        updates: dict[str, Any] = {field: new for field, (_, new) in changes.items()}
        if note_text is not None:
            updates["notes"] = lookup.dated_note(customer.notes, note_text, db.today.isoformat())
        updates["updated_at"] = db.now_iso
        await db.execute(
            f"UPDATE customers SET {', '.join(f'{c} = ?' for c in updates)} WHERE id = ?",
            [*updates.values(), customer.id],
        )
        await db.audit(
            "update_customer", "customers", customer.id, "update",
            changes={f: {"old": old, "new": new} for f, (old, new) in changes.items()},
            note_added=note_text,
        )  # fmt: skip
        fields = [*changes, *(["notes"] if note_text is not None else [])]
        updated = await lookup.get_customer(db, customer.id)
    return UpdatedCustomer(customer=profile_view(updated), fields_changed=fields)


def _differs(field: str, old: str | None, new: str | None) -> bool:
    if old is None or new is None:
        return old is not new
    return old.lower() != new.lower() if field.endswith("email") else old != new


async def get_loyalty_tier(
    db: WorldConnection,
    tier: Annotated[TierName | None, Field(description="A tier whose benefits to show.")] = None,
    customer_id: Annotated[
        str | None,
        Field(
            description="A customer whose tier and progress to the next tier to show.",
            max_length=40,
        ),
    ] = None,
) -> LoyaltyTierResult:
    """Loyalty tier facts from the loyalty policy: give `tier` for that tier's benefits
    (spend threshold, return window, restocking fee, free-shipping threshold, free expedited
    shipping, price-match window, support SLA targets by priority), or `customer_id` for that
    customer's tier with its benefits, their lifetime spend, and the next tier with the spend
    still needed to reach it (or that they are at the top tier). Exactly one of the two. It
    changes nothing."""
    if (tier is None) == (customer_id is None):
        raise ToolInputError(
            "give exactly one of tier (Standard, Silver, Gold, Platinum: that tier's benefits) "
            "or customer_id (that customer's tier and progress to the next)"
        )
    if tier is not None:
        return await tier_result(db, lookup.valid_tier(tier), None)
    assert customer_id is not None
    customer = await lookup.get_customer(db, customer_id)
    return await tier_result(db, lookup.valid_tier(customer.tier), customer)


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(search_customers, "read", "Search customers"),
    ToolSpec(get_customer_history, "read", "Get customer history"),
    ToolSpec(create_customer, "write", "Create a customer profile"),
    ToolSpec(update_customer, "write", "Update a customer profile"),
    ToolSpec(get_loyalty_tier, "read", "Get loyalty tier"),
)
