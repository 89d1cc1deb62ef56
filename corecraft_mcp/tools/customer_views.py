"""What the customer tools return: the output models, and the reads that fill the larger ones
(a customer's history, a loyalty tier with its benefits and a customer's progress)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import PageInfo
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import Priority, TierName
from corecraft_mcp.world.models_commerce import Customer
from corecraft_mcp.world.money import dollars


def _usd(cents: int) -> float:
    return dollars(cents) or 0.0


class CustomerMatch(BaseModel):
    id: str = Field(description="The customer id (CUS-NNNNN).")
    first_name: str
    last_name: str
    email: str
    alt_email: str | None = Field(description="A second email on file, if any.")
    phone_last4: str = Field(description="Last four digits of the phone on file.")
    tier: TierName
    city: str
    state: str
    created_at: str = Field(description="When the profile was opened.")
    match_reason: str = Field(description="Which criteria matched, and how.")
    similarity: float | None = Field(
        description="Name similarity 0-1 (1 = exact) when searching by name."
    )


class CustomerSearchResult(PageInfo):
    customers: list[CustomerMatch] = Field(
        description="Best name match first, then by last and first name."
    )


class CustomerProfile(BaseModel):
    id: str
    first_name: str
    last_name: str
    email: str
    alt_email: str | None
    phone: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str
    tier: TierName
    lifetime_spend_usd: float = Field(description="All-time spend; decides the loyalty tier.")
    store_credit_usd: float = Field(description="Store credit available to spend.")
    notes: str = Field(description="Agents' notes, one dated line each, oldest first.")
    created_at: str
    updated_at: str


class HistoryOrder(BaseModel):
    order_id: str
    placed_at: str
    status: str
    total_usd: float
    item_count: int = Field(description="Units over all lines.")


class TicketMessage(BaseModel):
    author: str = Field(description="customer, agent or system.")
    internal: bool = Field(description="An internal note, never shown to the customer.")
    created_at: str
    body: str


class HistoryTicket(BaseModel):
    ticket_id: str
    subject: str
    status: str
    priority: str
    category: str
    assigned_team: str
    order_id: str | None
    created_at: str
    first_response_due: str
    resolution_due: str
    first_response_at: str | None
    resolved_at: str | None
    messages: list[TicketMessage] = Field(description="The thread, oldest first.")


class HistoryBuild(BaseModel):
    build_id: str
    name: str
    kind: str = Field(description="custom or prebuilt.")
    status: str
    assembled: bool
    order_id: str | None


class HistoryReturn(BaseModel):
    rma_id: str
    order_id: str
    product_id: str
    product_name: str
    quantity: int
    kind: str = Field(description="refund, store_credit or exchange.")
    status: str
    refund_usd: float
    restocking_fee_usd: float
    created_at: str


class CustomerHistory(BaseModel):
    customer: CustomerProfile
    order_count: int = Field(description="All orders on file.")
    orders: list[HistoryOrder] = Field(description="Newest first, up to max_orders.")
    orders_not_shown: int = Field(description="Older orders beyond max_orders.")
    tickets: list[HistoryTicket] = Field(description="Newest first.")
    builds: list[HistoryBuild]
    returns: list[HistoryReturn] = Field(description="Returns and exchanges, newest first.")


class PossibleDuplicate(BaseModel):
    id: str
    name: str
    reason: str


class CreatedCustomer(BaseModel):
    customer: CustomerProfile
    possible_duplicates: list[PossibleDuplicate] = Field(
        description="Existing profiles that may be the same person: check before using the new one."
    )


class UpdatedCustomer(BaseModel):
    customer: CustomerProfile
    fields_changed: list[str] = Field(description="Profile fields this call changed.")


class SlaTarget(BaseModel):
    priority: Priority
    first_response_hours: int
    resolution_hours: int


class TierBenefits(BaseModel):
    name: TierName
    rank: int = Field(description="0 = entry tier; higher is better.")
    min_lifetime_spend_usd: float = Field(description="Lifetime spend that reaches this tier.")
    return_window_days: int = Field(description="Days from delivery to return an item.")
    restocking_fee_pct: int = Field(
        description="Fee on opened, non-defective returns (0 = waived)."
    )
    free_standard_shipping_over_usd: float = Field(
        description="Standard shipping is free on orders over this (0 = always free)."
    )
    free_expedited_shipping: bool
    price_match_days: int = Field(description="Days after purchase a price match is allowed.")
    summary: str = Field(description="The benefits in one sentence, as the policy states them.")
    sla_targets: list[SlaTarget] = Field(description="Support response targets by priority.")
    next_tier: TierName | None = Field(description="The tier above, if any.")
    next_tier_min_spend_usd: float | None


class CustomerTierProgress(BaseModel):
    customer_id: str
    name: str
    tier: TierName
    lifetime_spend_usd: float
    at_top_tier: bool
    next_tier: TierName | None
    spend_to_next_tier_usd: float | None = Field(
        description="Lifetime spend still needed to reach the next tier (None at the top)."
    )
    tier_by_spend: TierName = Field(
        description="The tier whose spend threshold the lifetime spend reaches (normally the "
        "same as tier)."
    )


class LoyaltyTierResult(BaseModel):
    tier: TierBenefits
    customer: CustomerTierProgress | None = Field(
        description="Present when asked about a customer."
    )


def profile_view(row: Customer) -> CustomerProfile:
    return CustomerProfile(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        alt_email=row.alt_email,
        phone=row.phone,
        street=row.street,
        city=row.city,
        state=row.state,
        postal_code=row.postal_code,
        country=row.country,
        tier=row.tier,
        lifetime_spend_usd=_usd(row.lifetime_spend_cents),
        store_credit_usd=_usd(row.store_credit_cents),
        notes=row.notes,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def customer_history(
    db: WorldConnection, customer: Customer, max_orders: int
) -> CustomerHistory:
    cid = customer.id
    order_count = int(await db.scalar("SELECT count(*) FROM orders WHERE customer_id = ?", (cid,)))
    orders = await db.fetchall(
        "SELECT o.id, o.placed_at, o.status, o.total_cents, "
        "(SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.order_id = o.id) AS items "
        "FROM orders o WHERE o.customer_id = ? ORDER BY o.placed_at DESC, o.id DESC LIMIT ?",
        (cid, max_orders),
    )
    tickets = await db.fetchall(
        "SELECT id, subject, status, priority, category, assigned_team, order_id, created_at, "
        "first_response_due, resolution_due, first_response_at, resolved_at "
        "FROM support_tickets WHERE customer_id = ? ORDER BY created_at DESC, id DESC",
        (cid,),
    )
    # No other tool reads a ticket's thread: an agent needs it to pick up a case.
    threads: dict[str, list[TicketMessage]] = {t["id"]: [] for t in tickets}
    for m in await db.fetchall(
        "SELECT m.ticket_id, m.author, m.internal, m.created_at, m.body FROM ticket_messages m "
        "JOIN support_tickets t ON t.id = m.ticket_id WHERE t.customer_id = ? "
        "ORDER BY m.created_at, m.id",
        (cid,),
    ):
        threads[m["ticket_id"]].append(
            TicketMessage(
                author=m["author"],
                internal=bool(m["internal"]),
                created_at=m["created_at"],
                body=m["body"],
            )
        )
    builds = await db.fetchall(
        "SELECT id, name, kind, status, assembled, order_id FROM builds "
        "WHERE customer_id = ? ORDER BY created_at DESC, id DESC",
        (cid,),
    )
    returns = await db.fetchall(
        "SELECT r.id, r.order_id, i.product_id, p.name AS product_name, r.quantity, r.kind, "
        "r.status, r.refund_cents, r.restocking_fee_cents, r.created_at "
        "FROM order_returns r JOIN orders o ON o.id = r.order_id "
        "JOIN order_items i ON i.id = r.order_item_id JOIN products p ON p.id = i.product_id "
        "WHERE o.customer_id = ? ORDER BY r.created_at DESC, r.id DESC",
        (cid,),
    )
    return CustomerHistory(
        customer=profile_view(customer),
        order_count=order_count,
        orders=[
            HistoryOrder(
                order_id=o["id"],
                placed_at=o["placed_at"],
                status=o["status"],
                total_usd=_usd(o["total_cents"]),
                item_count=o["items"],
            )
            for o in orders
        ],
        orders_not_shown=order_count - len(orders),
        tickets=[
            HistoryTicket(
                ticket_id=t["id"],
                messages=threads[t["id"]],
                **{k: v for k, v in t.items() if k != "id"},
            )
            for t in tickets
        ],
        builds=[
            HistoryBuild(
                build_id=b["id"],
                name=b["name"],
                kind=b["kind"],
                status=b["status"],
                assembled=bool(b["assembled"]),
                order_id=b["order_id"],
            )
            for b in builds
        ],
        returns=[
            HistoryReturn(
                rma_id=r["id"],
                order_id=r["order_id"],
                product_id=r["product_id"],
                product_name=r["product_name"],
                quantity=r["quantity"],
                kind=r["kind"],
                status=r["status"],
                refund_usd=_usd(r["refund_cents"]),
                restocking_fee_usd=_usd(r["restocking_fee_cents"]),
                created_at=r["created_at"],
            )
            for r in returns
        ],
    )


async def tier_result(
    db: WorldConnection, tier: TierName, customer: Customer | None
) -> LoyaltyTierResult:
    """A tier's benefits from the loyalty_tiers and slas tables (the policy as written in the
    world), and, for a customer, where their lifetime spend puts them."""
    ladder = await db.fetchall("SELECT * FROM loyalty_tiers ORDER BY rank")
    index = next(i for i, t in enumerate(ladder) if t["name"] == tier)
    row = ladder[index]
    above = ladder[index + 1] if index + 1 < len(ladder) else None
    slas = await db.fetchall(
        "SELECT priority, first_response_hours, resolution_hours FROM slas WHERE tier = ? "
        "ORDER BY first_response_hours",
        (tier,),
    )
    benefits = TierBenefits(
        name=row["name"],
        rank=row["rank"],
        min_lifetime_spend_usd=_usd(row["min_lifetime_spend_cents"]),
        return_window_days=row["return_window_days"],
        restocking_fee_pct=row["restocking_fee_pct"],
        free_standard_shipping_over_usd=_usd(row["free_standard_shipping_over_cents"]),
        free_expedited_shipping=bool(row["free_expedited_shipping"]),
        price_match_days=row["price_match_days"],
        summary=row["benefits"],
        sla_targets=[SlaTarget(**s) for s in slas],
        next_tier=None if above is None else above["name"],
        next_tier_min_spend_usd=None if above is None else _usd(above["min_lifetime_spend_cents"]),
    )
    if customer is None:
        return LoyaltyTierResult(tier=benefits, customer=None)
    spend = int(customer.lifetime_spend_cents)
    by_spend = [t["name"] for t in ladder if spend >= t["min_lifetime_spend_cents"]]
    progress = CustomerTierProgress(
        customer_id=customer.id,
        name=f"{customer.first_name} {customer.last_name}",
        tier=tier,
        lifetime_spend_usd=_usd(spend),
        at_top_tier=above is None,
        next_tier=benefits.next_tier,
        spend_to_next_tier_usd=(
            None if above is None else _usd(max(0, above["min_lifetime_spend_cents"] - spend))
        ),
        tier_by_spend=by_spend[-1] if by_spend else ladder[0]["name"],
    )
    return LoyaltyTierResult(tier=benefits, customer=progress)
