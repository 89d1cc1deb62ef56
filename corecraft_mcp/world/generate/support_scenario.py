"""What a support-ticket scenario is: the situation it needs and the texts its thread is made of.

Texts are ``str.format`` templates over the fields that ``support_fill`` computes from the real
customer, order, shipment and return rows (``{order}``, ``{product}``, ``{tracking}``, ...), so a
thread always talks about data that exists in the world. Sentences that state a policy outcome
(``{fee_line}``, ``{warranty_line}``, ``{late_line}``) are computed in code from the policy, never
written into a template, so changing a policy number changes every thread consistently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from corecraft_mcp.world.definition import Priority
from corecraft_mcp.world.models_commerce import Channel, Team
from corecraft_mcp.world.models_commerce import TicketCategory as Category

CATEGORIES: tuple[Category, ...] = get_args(Category)

# The situation a scenario needs, each with a time window for the ticket (see support_needs).
Need = Literal[
    "none",  # a known customer, no order
    "anonymous",  # an unknown sender: no customer, no order
    "stale_address",  # a customer whose profile address is outdated (planted by customers)
    "duplicate",  # a customer with a planted duplicate profile
    "unshipped",  # the order is placed and not yet shipped
    "cancelled",  # the order was cancelled; the ticket is from before the cancellation
    "in_transit",  # shipped, not yet delivered
    "late_transit",  # past the promised date and still not delivered
    "late_delivered",  # delivered later than the late-delivery policy allows
    "slightly_late",  # delivered after the promised date, but within the policy's grace
    "exception",  # the shipment has a carrier exception or was returned to sender
    "just_delivered",  # the first days after delivery
    "delivered",  # the weeks after delivery
    "doa_window",  # within the dead-on-arrival reporting period, no return on file
    "return_window",  # within the customer's return window, no return on file
    "outside_window",  # after the return window closed, no return on file
    "return_open",  # just before a refund/store-credit return that exists
    "return_doa",  # just before a dead-on-arrival return that exists
    "return_exchange",  # just before an exchange that exists
    "refund_wait",  # a week or two after a return was opened
    "return_fee",  # after a return that charged a restocking fee
    "warranty_early",  # while CoreCraft still handles warranty claims itself
    "warranty_late",  # after that: the manufacturer handles claims
    "price_match",  # within the tier's price-match window
    "price_match_late",  # after it
    "promo_window",  # within the price-adjustment window, no code on the order
    "promo_applied",  # an order that has a promotion code
    "recent_order",  # the weeks after any order
]

# Where a ticket is in its life: not yet answered / being worked / escalated / finished.
Group = Literal["new", "working", "escalated", "done"]
ALL_GROUPS: frozenset[Group] = frozenset({"new", "working", "escalated", "done"})
# Scenarios whose finished thread would claim an action the world does not record stay unfinished.
UNFINISHED: frozenset[Group] = frozenset({"new", "working", "escalated"})

# Order predicates a scenario may require (implemented in support_needs).
OrderFilter = Literal[
    "big_refund",
    "final_sale_item",
    "assembled_build",
    "has_promo",
    "no_promo",
    "missing_payment",
    "card_payment",
    "condition_used",
    "multi_item",
]
# For tickets without an order: which catalogue product the customer asks about.
ProductPick = Literal["any", "discontinued", "low_stock"]
EscalationKind = Literal["billing", "fraud", "legal_press"]


@dataclass(frozen=True)
class Scenario:
    """One kind of support case, with several phrasings of each message of its thread."""

    key: str
    category: Category
    need: Need
    subjects: tuple[str, ...]
    # the customer's first message, in several voices (terse, angry, detailed, non-native ...)
    openers: tuple[str, ...]
    # the agent's first substantive reply; `asks` request information from the customer
    replies: tuple[str, ...]
    closings: tuple[str, ...]
    resolutions: tuple[str, ...]
    asks: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    weight: int = 1
    groups: frozenset[Group] = ALL_GROUPS
    escalate: EscalationKind | None = None
    team: Team = "support"
    # set by the situation, as the SLA policy says, not by how forcefully the customer writes
    priority: Priority = "normal"
    channels: tuple[tuple[Channel, int], ...] = (
        ("email", 5),
        ("chat", 3),
        ("web_form", 3),
        ("phone", 1),
    )
    # the order must have an item of one of these categories (the product in question)
    item_categories: tuple[str, ...] = ()
    filters: tuple[OrderFilter, ...] = ()
    product_pick: ProductPick = "any"
