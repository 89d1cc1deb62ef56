"""The customer tools against the seed42 world: fuzzy, email, phone and tier search (including the
planted duplicate profiles), a customer's history, creating and updating profiles (with their
audit rows, and every refused call leaving the world as it was) and loyalty tiers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.customer_lookup import (
    NAME_MATCH_THRESHOLD,
    NameScorer,
    national_digits,
)
from corecraft_mcp.tools.customers import (
    TOOLS,
    create_customer,
    get_customer_history,
    get_loyalty_tier,
    search_customers,
    update_customer,
)
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.episode import Episode
from tests.conftest import arrange, refused

NEW_CUSTOMER: dict[str, Any] = {
    "first_name": "Priya",
    "last_name": "Raghunathan",
    "email": "Priya.Raghunathan@Example.org",
    "phone": "+1 415.555.0199",
    "street": "88 Harbor View Dr",
    "city": "Oakland",
    "state": "CA",
    "postal_code": "94612",
}


async def one(db: WorldConnection, sql: str, params: tuple[Any, ...] = ()) -> Row:
    row = await db.fetchone(sql, params)
    assert row is not None, f"seed42 has a row for: {sql}"
    return row


async def audit_rows(db: WorldConnection, tool: str) -> list[Row]:
    return await db.fetchall("SELECT * FROM audit_log WHERE tool = ? ORDER BY id", (tool,))


def test_tools_in_design_order() -> None:
    assert [t.name for t in TOOLS] == [
        "search_customers",
        "get_customer_history",
        "create_customer",
        "update_customer",
        "get_loyalty_tier",
    ]
    assert [t.kind for t in TOOLS] == ["read", "read", "write", "write", "read"]


# ---- search_customers -------------------------------------------------------------------------


def test_name_scorer_tolerates_typos_and_short_forms_not_other_names() -> None:
    scorer = NameScorer("Jon Smth")
    assert scorer.score("John", "Smith") >= NAME_MATCH_THRESHOLD
    assert scorer.score("Jonathan", "Smith") >= NAME_MATCH_THRESHOLD
    assert scorer.score("John", "Doe") < NAME_MATCH_THRESHOLD
    assert NameScorer("Mike Jones").score("Michael", "Jones") >= NAME_MATCH_THRESHOLD
    assert NameScorer("Smith John").score("John", "Smith") == 1.0
    # one part of the query cannot match the same part of the name twice
    assert NameScorer("John Jones").score("Rachel", "Johnson") < NAME_MATCH_THRESHOLD
    assert NameScorer("Michael Johnson").score("Michael", "Jackson") < NAME_MATCH_THRESHOLD


async def test_search_needs_a_criterion(db: WorldConnection) -> None:
    with pytest.raises(ToolInputError) as caught:
        await search_customers(db)
    for accepted in ("name", "email", "phone", "tier"):
        assert accepted in str(caught.value)


async def test_fuzzy_name_finds_a_mistyped_customer(db: WorldConnection) -> None:
    target = await one(
        db,
        "SELECT * FROM customers WHERE length(first_name) >= 5 AND length(last_name) >= 6 "
        "ORDER BY id LIMIT 1",
    )
    first, last = target["first_name"], target["last_name"]
    mistyped = f"{first[:-1]} {last[:3]}{last[4:]}".lower()  # short first name, a dropped letter
    result = await search_customers(db, name=mistyped, page_size=50)
    match = next(c for c in result.customers if c.id == target["id"])
    assert match.similarity is not None
    assert NAME_MATCH_THRESHOLD <= match.similarity < 1.0
    assert "name" in match.match_reason
    scores = [c.similarity or 0.0 for c in result.customers]
    assert scores == sorted(scores, reverse=True)
    exact = await search_customers(db, name=f"{first} {last}")
    assert exact.customers[0].similarity == 1.0
    assert exact.customers[0].last_name == last


async def test_both_duplicate_profiles_come_up_for_the_persons_name(db: WorldConnection) -> None:
    planted = await db.fetchall(
        "SELECT entity_id, detail FROM planted_mess WHERE kind = 'duplicate_customer'"
    )
    assert planted, "seed42 plants duplicate customers"
    for row in planted:
        detail = json.loads(row["detail"])
        for asked in (detail["original_name"], detail["duplicate_name"]):
            result = await search_customers(db, name=asked, page_size=50)
            found = {c.id for c in result.customers}
            assert {row["entity_id"], detail["original_id"]} <= found, (asked, detail)


async def test_email_search_is_exact_any_case_and_covers_alt_email(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers ORDER BY id LIMIT 1")
    result = await search_customers(db, email=f"  {target['email'].upper()} ")
    assert [c.id for c in result.customers] == [target["id"]]
    assert result.customers[0].match_reason == "email"
    with_alt = await one(db, "SELECT * FROM customers WHERE alt_email IS NOT NULL LIMIT 1")
    result = await search_customers(db, email=with_alt["alt_email"].upper())
    assert with_alt["id"] in {c.id for c in result.customers}
    assert all("alt_email" in c.match_reason or c.match_reason == "email" for c in result.customers)
    partial = target["email"].split("@")[0]
    assert (await search_customers(db, email=f"{partial}@")).total == 0
    with pytest.raises(ToolInputError, match="whole address"):
        await search_customers(db, email=partial)


async def test_phone_search_compares_digits_and_last_four(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers ORDER BY id DESC LIMIT 1")
    digits = national_digits(target["phone"])
    assert len(digits) == 10
    for asked in (
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        f"+1 {digits[:3]}.{digits[3:6]}.{digits[6:]}",
    ):
        result = await search_customers(db, phone=asked)
        assert target["id"] in {c.id for c in result.customers}
        assert all(c.match_reason == "phone" for c in result.customers)
    phones = await db.fetchall("SELECT phone FROM customers")
    expected = sum(national_digits(p["phone"])[-4:] == digits[-4:] for p in phones)
    last_four = await search_customers(db, phone=digits[-4:], page_size=50)
    assert last_four.total == expected
    assert target["id"] in {c.id for c in last_four.customers}
    assert all(c.phone_last4 == digits[-4:] for c in last_four.customers)
    with pytest.raises(ToolInputError, match="10-digit"):
        await search_customers(db, phone="12345")


async def test_tier_search_paginates_over_every_match(db: WorldConnection) -> None:
    tier = await db.scalar("SELECT tier FROM customers GROUP BY tier ORDER BY count(*) LIMIT 1")
    expected = await db.scalar("SELECT count(*) FROM customers WHERE tier = ?", (tier,))
    seen: list[str] = []
    page = 1
    while True:
        result = await search_customers(db, tier=tier, page=page, page_size=7)
        assert result.total == expected
        assert all(c.tier == tier for c in result.customers)
        seen += [c.id for c in result.customers]
        assert result.has_more == (len(seen) < expected)
        if not result.has_more:
            break
        page += 1
    assert len(seen) == len(set(seen)) == expected
    beyond = await search_customers(db, tier=tier, page=page + 5, page_size=7)
    assert beyond.customers == [] and not beyond.has_more


async def test_criteria_combine_and_odd_names_are_safe(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers ORDER BY id LIMIT 1 OFFSET 10")
    name = f"{target['first_name']} {target['last_name']}"
    other_tier = next(t for t in TIER_ORDER if t != target["tier"])
    assert (await search_customers(db, name=name, tier=other_tier, page_size=50)).total == sum(
        1
        for c in (await search_customers(db, name=name, page_size=50)).customers
        if c.tier == other_tier
    )
    both = await search_customers(db, name=name, email=target["email"])
    assert [c.id for c in both.customers] == [target["id"]]
    assert "name" in both.customers[0].match_reason and "email" in both.customers[0].match_reason
    assert (await search_customers(db, name="Robert'); DELETE FROM customers;--")).total >= 0
    assert await db.scalar("SELECT count(*) FROM customers") >= 600
    for bad in ("%_\\", "   ", target["email"], "5552013344"):
        with pytest.raises(ToolInputError):
            await search_customers(db, name=bad)


# ---- get_customer_history ---------------------------------------------------------------------


async def test_history_lists_profile_orders_tickets_builds_and_returns(db: WorldConnection) -> None:
    busiest = await one(
        db,
        "SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
        "GROUP BY c.id ORDER BY count(o.id) DESC, c.id LIMIT 1",
    )
    cid = busiest["id"]
    history = await get_customer_history(db, cid.lower())
    row = await one(db, "SELECT * FROM customers WHERE id = ?", (cid,))
    assert history.customer.id == cid
    assert history.customer.email == row["email"] and history.customer.notes == row["notes"]
    assert history.customer.lifetime_spend_usd == row["lifetime_spend_cents"] / 100
    count = await db.scalar("SELECT count(*) FROM orders WHERE customer_id = ?", (cid,))
    assert history.order_count == count
    assert len(history.orders) == min(count, 20)
    assert history.orders_not_shown == count - len(history.orders)
    placed = [o.placed_at for o in history.orders]
    assert placed == sorted(placed, reverse=True)
    for order in history.orders:
        units = await db.scalar(
            "SELECT coalesce(sum(quantity), 0) FROM order_items WHERE order_id = ?",
            (order.order_id,),
        )
        assert order.item_count == units
    tickets = await db.scalar("SELECT count(*) FROM support_tickets WHERE customer_id = ?", (cid,))
    assert len(history.tickets) == tickets
    builds = await db.scalar("SELECT count(*) FROM builds WHERE customer_id = ?", (cid,))
    assert len(history.builds) == builds
    rmas = await db.scalar(
        "SELECT count(*) FROM order_returns r JOIN orders o ON o.id = r.order_id "
        "WHERE o.customer_id = ?",
        (cid,),
    )
    assert len(history.returns) == rmas
    if count >= 2:
        capped = await get_customer_history(db, cid, max_orders=1)
        assert len(capped.orders) == 1 and capped.orders_not_shown == count - 1
        assert capped.orders[0] == history.orders[0]


async def test_history_of_a_customer_with_tickets_and_builds(db: WorldConnection) -> None:
    with_ticket = await one(
        db, "SELECT customer_id FROM support_tickets WHERE customer_id IS NOT NULL LIMIT 1"
    )
    history = await get_customer_history(db, with_ticket["customer_id"])
    assert history.tickets and all(t.ticket_id.startswith("TKT-") for t in history.tickets)
    built = await db.fetchone("SELECT customer_id FROM builds WHERE customer_id IS NOT NULL")
    if built is not None:
        history = await get_customer_history(db, built["customer_id"])
        assert history.builds


async def test_history_of_an_unknown_customer_says_how_to_find_one(db: WorldConnection) -> None:
    for bad in ("CUS-99999", "", "'; DROP TABLE customers; --"):
        with pytest.raises(ToolInputError, match="search_customers"):
            await get_customer_history(db, bad)


# ---- create_customer --------------------------------------------------------------------------


async def test_create_customer_opens_a_standard_profile(
    db: WorldConnection, episode: Episode
) -> None:
    highest = await db.scalar("SELECT max(id) FROM customers")
    created = await create_customer(db, **NEW_CUSTOMER, notes="Walk-in at the Oakland pop-up.")
    profile = created.customer
    assert profile.id > highest and profile.id.startswith("CUS-")
    assert profile.email == "priya.raghunathan@example.org"
    assert profile.phone == "(415) 555-0199"
    assert profile.tier == TIER_ORDER[0]
    assert profile.lifetime_spend_usd == 0 and profile.store_credit_usd == 0
    assert profile.notes == f"{db.today.isoformat()}: Walk-in at the Oakland pop-up."
    assert profile.created_at == profile.updated_at == db.now_iso
    assert created.possible_duplicates == []
    diff = episode.diff().counts()
    assert diff == {
        "customers": {"inserted": 1, "updated": 0, "deleted": 0},
        "audit_log": {"inserted": 1, "updated": 0, "deleted": 0},
    }
    (audit,) = await audit_rows(db, "create_customer")
    assert (audit["entity_type"], audit["entity_id"], audit["action"]) == (
        "customers",
        profile.id,
        "create",
    )
    assert json.loads(audit["details"])["email"] == profile.email
    found = await search_customers(db, email=NEW_CUSTOMER["email"])
    assert [c.id for c in found.customers] == [profile.id]


async def test_create_flags_a_profile_with_the_same_phone(db: WorldConnection) -> None:
    existing = await one(db, "SELECT * FROM customers ORDER BY id LIMIT 1")
    created = await create_customer(db, **{**NEW_CUSTOMER, "phone": existing["phone"]})
    assert existing["id"] in {d.id for d in created.possible_duplicates}


async def test_create_refuses_an_email_on_file(db: WorldConnection, episode: Episode) -> None:
    owner = await one(db, "SELECT * FROM customers ORDER BY id LIMIT 1")
    message = await refused(
        episode, create_customer(db, **{**NEW_CUSTOMER, "email": owner["email"].upper()})
    )
    assert owner["id"] in message
    alt_owner = await one(db, "SELECT * FROM customers WHERE alt_email IS NOT NULL LIMIT 1")
    message = await refused(
        episode, create_customer(db, **{**NEW_CUSTOMER, "email": alt_owner["alt_email"]})
    )
    assert alt_owner["id"] in message


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("email", "priya at example.org", "email"),
        ("email", "priya@example", "email"),
        ("phone", "555-0199", "phone"),
        ("phone", "(015) 555-0199", "phone"),
        ("state", "ZZ", "state"),
        ("postal_code", "9461", "postal_code"),
        ("first_name", "R2D2", "first_name"),
        ("street", "   ", "street"),
    ],
)
async def test_create_validates_its_fields(
    db: WorldConnection, episode: Episode, field: str, value: str, says: str
) -> None:
    message = await refused(episode, create_customer(db, **{**NEW_CUSTOMER, field: value}))
    assert says in message


# ---- update_customer --------------------------------------------------------------------------


async def test_update_contact_details_records_old_and_new(
    db: WorldConnection, episode: Episode
) -> None:
    target = await one(db, "SELECT * FROM customers WHERE alt_email IS NULL ORDER BY id LIMIT 1")
    updated = await update_customer(
        db, target["id"], email="New.Address@Example.com", phone="212 555 0143"
    )
    assert sorted(updated.fields_changed) == ["email", "phone"]
    assert updated.customer.email == "new.address@example.com"
    assert updated.customer.phone == "(212) 555-0143"
    assert updated.customer.updated_at == db.now_iso
    assert updated.customer.street == target["street"]
    (audit,) = await audit_rows(db, "update_customer")
    assert audit["entity_id"] == target["id"] and audit["action"] == "update"
    changes = json.loads(audit["details"])["changes"]
    assert changes["email"] == {"old": target["email"], "new": "new.address@example.com"}
    assert changes["phone"] == {"old": target["phone"], "new": "(212) 555-0143"}
    diff = episode.diff()
    assert set(diff.tables) == {"customers", "audit_log"}
    assert set(diff.tables["customers"].updated[0].changed) == {"email", "phone", "updated_at"}


async def test_notes_are_appended_with_the_date_never_overwritten(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers WHERE notes <> '' ORDER BY id LIMIT 1")
    updated = await update_customer(db, target["id"], note="Asked for UPS on future orders.")
    assert updated.fields_changed == ["notes"]
    assert updated.customer.notes == (
        f"{target['notes']}\n{db.today.isoformat()}: Asked for UPS on future orders."
    )
    again = await update_customer(db, target["id"], note="Second note.")
    assert again.customer.notes.startswith(updated.customer.notes + "\n")


async def test_address_changes_together_or_one_field(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers WHERE state <> 'TX' ORDER BY id LIMIT 1")
    moved = await update_customer(
        db, target["id"], street="500 Congress Ave", city="Austin", state="TX", postal_code="78701"
    )
    assert sorted(moved.fields_changed) == ["city", "postal_code", "state", "street"]
    assert (moved.customer.city, moved.customer.state) == ("Austin", "TX")
    zip_only = await update_customer(db, target["id"], postal_code="78702-1234")
    assert zip_only.fields_changed == ["postal_code"]
    assert zip_only.customer.street == "500 Congress Ave"


async def test_alt_email_set_and_removed(db: WorldConnection) -> None:
    target = await one(db, "SELECT * FROM customers WHERE alt_email IS NULL ORDER BY id LIMIT 1")
    added = await update_customer(db, target["id"], alt_email="second.box@example.net")
    assert added.customer.alt_email == "second.box@example.net"
    found = await search_customers(db, email="SECOND.BOX@example.net")
    assert [c.id for c in found.customers] == [target["id"]]
    removed = await update_customer(db, target["id"], remove_alt_email=True)
    assert removed.customer.alt_email is None and removed.fields_changed == ["alt_email"]


async def test_update_refuses_another_customers_email(
    db: WorldConnection, episode: Episode
) -> None:
    target, other = await db.fetchall(
        "SELECT * FROM customers WHERE alt_email IS NULL ORDER BY id LIMIT 2"
    )
    message = await refused(episode, update_customer(db, target["id"], email=other["email"]))
    assert other["id"] in message
    alt_owner = await one(db, "SELECT * FROM customers WHERE alt_email IS NOT NULL LIMIT 1")
    message = await refused(
        episode, update_customer(db, target["id"], alt_email=alt_owner["alt_email"].upper())
    )
    assert alt_owner["id"] in message
    # a customer's own second email may become their primary one, if the second changes too
    own = await one(db, "SELECT * FROM customers WHERE alt_email IS NOT NULL ORDER BY id LIMIT 1")
    await refused(episode, update_customer(db, own["id"], email=own["alt_email"]))
    swapped = await update_customer(db, own["id"], email=own["alt_email"], alt_email=own["email"])
    assert swapped.customer.email == own["alt_email"].lower()


async def test_update_refusals_change_nothing(db: WorldConnection, episode: Episode) -> None:
    target = await one(db, "SELECT * FROM customers ORDER BY id LIMIT 1")
    assert "at least one" in await refused(episode, update_customer(db, target["id"]))
    same = await refused(episode, update_customer(db, target["id"], city=target["city"]))
    assert "already" in same
    assert "search_customers" in await refused(
        episode, update_customer(db, "CUS-99999", note="hello")
    )
    await refused(episode, update_customer(db, target["id"], state="XX"))  # type: ignore[arg-type]
    await refused(episode, update_customer(db, target["id"], note="   "))
    await refused(
        episode,
        update_customer(db, target["id"], alt_email="a@example.com", remove_alt_email=True),
    )
    assert await audit_rows(db, "update_customer") == []


# ---- get_loyalty_tier -------------------------------------------------------------------------


async def test_tier_benefits_come_from_the_policy_tables(db: WorldConnection) -> None:
    for index, name in enumerate(TIER_ORDER):
        result = await get_loyalty_tier(db, tier=name)
        benefits, policy = result.tier, db.policy.tiers[name]
        assert result.customer is None
        assert benefits.name == name and benefits.rank == index
        assert benefits.min_lifetime_spend_usd == policy.min_spend
        assert benefits.return_window_days == policy.return_window_days
        assert benefits.restocking_fee_pct == policy.restocking_fee_pct
        assert benefits.free_standard_shipping_over_usd == policy.free_standard_over
        assert benefits.free_expedited_shipping == policy.free_expedited
        assert benefits.price_match_days == policy.price_match_days
        targets = {
            s.priority: (s.first_response_hours, s.resolution_hours) for s in benefits.sla_targets
        }
        assert targets == {
            p: db.policy.sla.hours(name, p) for p in db.policy.sla.priority_multiplier
        }
        if index + 1 < len(TIER_ORDER):
            above = TIER_ORDER[index + 1]
            assert benefits.next_tier == above
            assert benefits.next_tier_min_spend_usd == db.policy.tiers[above].min_spend
        else:
            assert benefits.next_tier is None and benefits.next_tier_min_spend_usd is None


async def test_customer_progress_to_the_next_tier(db: WorldConnection) -> None:
    target = await one(
        db, "SELECT * FROM customers WHERE tier = ? ORDER BY id LIMIT 1", (TIER_ORDER[0],)
    )
    result = await get_loyalty_tier(db, customer_id=target["id"])
    progress = result.customer
    assert progress is not None and result.tier.name == TIER_ORDER[0]
    spend = target["lifetime_spend_cents"]
    threshold = round(db.policy.tiers[TIER_ORDER[1]].min_spend * 100)
    assert progress.next_tier == TIER_ORDER[1] and not progress.at_top_tier
    assert progress.spend_to_next_tier_usd == max(0, threshold - spend) / 100
    assert progress.lifetime_spend_usd == spend / 100


async def test_top_tier_customer_has_nothing_left_to_reach(db: WorldConnection) -> None:
    top = TIER_ORDER[-1]
    target = await one(db, "SELECT * FROM customers ORDER BY lifetime_spend_cents DESC LIMIT 1")
    spend = max(target["lifetime_spend_cents"], round(db.policy.tiers[top].min_spend * 100))
    await arrange(
        db,
        "UPDATE customers SET tier = ?, lifetime_spend_cents = ? WHERE id = ?",
        (top, spend, target["id"]),
    )
    progress = (await get_loyalty_tier(db, customer_id=target["id"])).customer
    assert progress is not None
    assert progress.at_top_tier and progress.next_tier is None
    assert progress.spend_to_next_tier_usd is None and progress.tier_by_spend == top


async def test_loyalty_tier_needs_exactly_one_argument(
    db: WorldConnection, episode: Episode
) -> None:
    target = await one(db, "SELECT id FROM customers LIMIT 1")
    for kwargs in ({}, {"tier": "Gold", "customer_id": target["id"]}):
        assert "exactly one" in await refused(episode, get_loyalty_tier(db, **kwargs))
    assert "search_customers" in await refused(episode, get_loyalty_tier(db, customer_id="nobody"))
    assert "Platinum" in await refused(episode, get_loyalty_tier(db, tier="Diamond"))  # type: ignore[arg-type]


async def test_history_shows_each_ticket_thread_and_due_times(db: WorldConnection) -> None:
    """No other tool reads a ticket, so the history must carry the thread an agent picks up."""
    ticket = await db.fetchone(
        "SELECT t.id, t.customer_id, t.resolution_due, count(m.id) AS n, "
        "sum(m.internal) AS notes FROM support_tickets t JOIN ticket_messages m "
        "ON m.ticket_id = t.id WHERE t.customer_id IS NOT NULL GROUP BY t.id "
        "HAVING notes > 0 ORDER BY t.id LIMIT 1"
    )
    assert ticket is not None
    history = await get_customer_history(db, ticket["customer_id"])
    shown = next(t for t in history.tickets if t.ticket_id == ticket["id"])
    assert len(shown.messages) == ticket["n"]
    assert sum(m.internal for m in shown.messages) == ticket["notes"]
    assert shown.resolution_due == ticket["resolution_due"]
    assert [m.created_at for m in shown.messages] == sorted(m.created_at for m in shown.messages)
