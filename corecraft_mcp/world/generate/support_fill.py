"""The template fields of one ticket, from its customer, order, item, shipment and return rows."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

from corecraft_mcp.world.definition import Policy
from corecraft_mcp.world.generate.support_facts import Facts, Order, opened_at
from corecraft_mcp.world.generate.support_fill_policy import (
    day_text,
    fee_line,
    late_line,
    money,
    plural,
    price_match_line,
    promo_line,
    warranty_text,
)
from corecraft_mcp.world.generate.support_fill_product import (
    compat_answer,
    spec_line,
    stock_line,
    successor_line,
)
from corecraft_mcp.world.generate.support_needs import Case
from corecraft_mcp.world.generate.support_scenario import Scenario
from corecraft_mcp.world.models import Customer, OrderReturn, Product, PurchasedItem
from corecraft_mcp.world.money import cents

DEFECTS: dict[str, tuple[str, ...]] = {
    "gpu": (
        "artifacting and then crashing in every game",
        "not being detected at all",
        "spinning its fans at full speed with no display",
    ),
    "psu": ("not powering on at all", "clicking and shutting the PC off under load"),
    "motherboard": ("not posting, stuck on Q-code 00", "not detecting any USB devices"),
    "memory": ("throwing errors in MemTest86", "causing blue screens even at stock speed"),
    "ssd": ("dropping out of the BIOS", "not detected in any M.2 slot"),
    "hdd": ("clicking and not spinning up", "showing SMART errors"),
    "cpu": ("not booting on a known-good board", "crashing at stock settings"),
    "monitor": ("showing a column of dead pixels", "flickering and going black"),
    "peripheral": ("double-clicking on every click", "dropping its connection constantly"),
    "liquid_cooler": ("rattling loudly from the pump", "letting the CPU hit 100 C at idle"),
    "air_cooler": ("grinding loudly from the fan",),
    "case": ("not powering the front USB ports",),
    "prebuilt": ("shutting down under load", "not turning on after a week"),
}
_FIELD = re.compile(r"\{([a-z_0-9]+)\}")
OUTLETS = ("PC Rig Weekly", "ByteBench", "The Silicon Ledger", "FrameTime News")
CONDITION_WORDS = {"new": "new", "open_box": "open-box", "refurbished": "refurbished"}
UNLISTED_COMPETITORS = ("eBay", "AliExpress", "Facebook Marketplace")

# Every field a template may use. build_fields starts from a neutral value for each (a
# scenario's need guarantees the rows its own templates talk about), so no template can fail.
FIELDS: frozenset[str] = frozenset(
    (
        # the ticket and the people
        "ticket",
        "agent",
        "team",
        "sla_first",
        "due",
        "cited",
        "first",
        "last",
        "name",
        "tier",
        "email",
        "other_email",
        "new_email",
        "phone_last4",
        "new_address",
        "old_address",
        "anon_first",
        "anon_name",
        "anon_email",
        "anon_city",
        "followers",
        "handle",
        "outlet",
        "cards_tried",
        # the product in question and the policy numbers
        "product",
        "brand",
        "price",
        "serial",
        "defect",
        "condition_word",
        "window_days",
        "fee_pct",
        "pm_days",
        "doa_days",
        "refund_days",
        "claims_months",
        "threshold",
        "codes_per_order",
        "spec_line",
        "stock_line",
        "successor_line",
        "wrong_product",
        "alt_product",
        "part_a",
        "part_b",
        "compat_question",
        "compat_line",
        "compat_verdict",
        # the order, its shipment and its return
        "order",
        "placed_on",
        "days_since_order",
        "total",
        "refund_value",
        "unshipped",
        "discount",
        "items",
        "last4",
        "pay_method",
        "ship_address",
        "ship_state",
        "shipping_paid",
        "service",
        "purchase_age",
        "promo",
        "promo_line",
        "build",
        "carrier",
        "tracking",
        "exception",
        "shipped_on",
        "promised_on",
        "late_line",
        "days_late",
        "delivered_on",
        "days_since_delivery",
        "fee_line",
        "warranty_line",
        "warranty_status",
        "competitor",
        "competitor_price",
        "price_diff",
        "pm_line",
        "rma",
        "refund",
        "return_on",
        "restock_fee",
        "rma_status",
        "rma_status_line",
        "ret_fee_pct",
        "ret_fee_line",
        "refund_kind",
        "return_reason_text",
        "days_since_return",
        "rma_next_line",
        "exchange_product",
        "price_diff_line",
    )
)
DEFAULTS: dict[str, str] = {key: "" for key in FIELDS} | {
    "pay_method": "original payment method",
    "build": "your custom build",
}


@dataclass
class FillEnv:
    """What field computation needs from the world, shared by every ticket."""

    policy: Policy
    facts: Facts
    rng: random.Random
    fake: Faker
    now: dt.datetime
    by_category: dict[str, list[Product]]
    _fields: dict[str, frozenset[str]] = field(default_factory=dict)

    def fields_of(self, scenario: Scenario) -> frozenset[str]:
        """The fields a scenario's own texts use."""
        if scenario.key not in self._fields:
            texts = (
                *scenario.subjects,
                *scenario.openers,
                *scenario.replies,
                *scenario.closings,
                *scenario.resolutions,
                *scenario.asks,
                *scenario.answers,
                *scenario.notes,
            )
            self._fields[scenario.key] = frozenset(
                name for text in texts for name in _FIELD.findall(text)
            )
        return self._fields[scenario.key]


@dataclass(frozen=True)
class Subject:
    """What a ticket is about."""

    customer: Customer | None
    case: Case | None
    item: PurchasedItem | None
    product: Product | None


def _human_day(day: dt.date, at: dt.datetime) -> str:
    return f"{day:%B} {day.day}" if day.year == at.year else day_text(day)


def _age(start: dt.datetime, at: dt.datetime) -> str:
    months = (at.year - start.year) * 12 + at.month - start.month - (at.day < start.day)
    if months < 1:
        return plural(max(1, (at - start).days), "day")
    return plural(months, "month") if months < 24 else plural(months // 12, "year")


def _pay_method(order: Order) -> str:
    if order.payment_method == "card" and order.card_last4:
        return f"card ending {order.card_last4}"
    return {
        "paypal": "PayPal account",
        "store_credit": "store credit balance",
        "financing": "financing account",
    }.get(order.payment_method or "", "original payment method")


def _return_fields(
    env: FillEnv, order: Order, ret: OrderReturn, item: PurchasedItem | None, at: dt.datetime
) -> dict[str, str]:
    product = item.product.name if item else "item"
    refund = money(ret.refund_cents)
    days = env.policy.returns.refund_business_days
    credit = ret.kind == "store_credit" or order.payment_method == "store_credit"
    how = "as store credit" if credit else f"to your {_pay_method(order)}"
    # what the agent says when creating the return, and where it stands today
    if ret.kind == "exchange":
        next_line = f"We'll ship the replacement as soon as the {product} reaches our warehouse."
    elif credit:
        next_line = f"{refund} goes onto your account as store credit as soon as it's approved."
    else:
        next_line = (
            f"A prepaid label is on its way to your email; once the {product} reaches "
            f"our warehouse, {refund} goes back {how} within {days} business days."
        )
    if ret.kind == "exchange":
        status_line = f"We'll ship the replacement as soon as the {product} reaches our warehouse."
    elif ret.status == "rejected":
        status_line = "The return was rejected at inspection; the item is being sent back to you."
    elif credit:
        status_line = f"{refund} has been added to your account as store credit."
    elif ret.status in ("requested", "approved"):
        status_line = (
            f"A prepaid label is in your email; once the {product} reaches our "
            f"warehouse, {refund} goes back {how} within {days} business days."
        )
    elif ret.status == "received":
        status_line = (
            f"We've received the {product}, and the {refund} refund goes back {how} "
            f"within {days} business days."
        )
    else:
        status_line = (
            f"The {refund} refund has been issued {how}; your bank may take "
            f"{days} business days to show it."
        )
    fee = ret.restocking_fee_cents
    line_cents = (item.unit_price_cents * ret.quantity) if item else 0
    diff = ret.price_difference_cents
    exchange = env.facts.products.get(ret.exchange_product_id or "")
    return {
        "rma": ret.id,
        "refund": refund,
        "return_on": _human_day(opened_at(ret).date(), at),
        "restock_fee": money(fee),
        "rma_status": ret.status,
        "rma_status_line": status_line,
        "ret_fee_pct": str(round(fee * 100 / line_cents)) if line_cents else "0",
        "ret_fee_line": (
            f"A {money(fee)} restocking fee applies because it was opened and isn't defective."
            if fee
            else "No restocking fee applies."
        ),
        "rma_next_line": next_line,
        "refund_kind": "as store credit"
        if credit
        else ("exchange" if ret.kind == "exchange" else f"refunded to {_pay_method(order)}"),
        "return_reason_text": f"Reason: {ret.reason.strip().rstrip('.')}.",
        "days_since_return": str(max(1, (at - opened_at(ret)).days)),
        "exchange_product": exchange.name if exchange else "replacement model",
        "price_diff_line": (
            f"The {money(diff)} price difference was charged to you."
            if diff > 0
            else f"The {money(-diff)} price difference was refunded to you."
            if diff < 0
            else "Same price, so nothing to pay."
        ),
    }


def _invented_fields(
    env: FillEnv, needed: frozenset[str], cust: Customer | None, first: str, last: str
) -> dict[str, str]:
    """Details the world has no row for (a new email or address the customer gives), invented
    only when the scenario's texts use them: Faker is the slow part of the stage."""
    fake, rng = env.fake, env.rng
    makers: dict[str, Callable[[], str]] = {
        "other_email": lambda: (
            cust.alt_email
            if cust and cust.alt_email
            else f"{first.lower()}{rng.randint(2, 99)}@{fake.free_email_domain()}"
        ),
        "new_email": lambda: f"{first.lower()}.{last.lower()}@{fake.free_email_domain()}",
        "new_address": lambda: (
            f"{fake.street_address()}, {fake.city()}, "
            f"{fake.state_abbr(include_territories=False)} "
            f"{fake.zipcode()}"
        ),
        "anon_email": fake.free_email,
        "anon_city": fake.city,
    }
    return {key: make() for key, make in makers.items() if key in needed}


def build_fields(
    env: FillEnv,
    *,
    ticket_id: str,
    created: dt.datetime,
    scenario: Scenario,
    subject: Subject,
    agent: str,
    team: str,
    sla_first: int,
) -> dict[str, str]:
    """Every field any template may use (see support_scenario), valued for this ticket."""
    rng, fake, policy, facts = env.rng, env.fake, env.policy, env.facts
    cust = subject.customer
    order = subject.case.order if subject.case else None
    item = subject.item
    product = item.product if item else subject.product or rng.choice(env.by_category["gpu"])
    tier = facts.tiers[cust.tier if cust else "Standard"]
    first = cust.first_name if cust else fake.first_name()
    last = cust.last_name if cust else fake.last_name()
    handle_word = rng.choice(("Builds", "TechTalk", "PCLab", "Rigs"))
    f: dict[str, str] = dict(DEFAULTS)
    f.update(_invented_fields(env, env.fields_of(scenario), cust, first, last))
    f.update(
        {
            "ticket": ticket_id,
            "agent": agent,
            "team": team,
            "sla_first": str(sla_first),
            "first": first,
            "last": last,
            "name": f"{first} {last}",
            "tier": tier.name,
            "email": cust.email if cust else "",
            "phone_last4": cust.phone[-4:] if cust else "",
            "old_address": (
                f"{cust.street}, {cust.city}, {cust.state} {cust.postal_code}" if cust else ""
            ),
            "anon_first": first,
            "anon_name": f"{first} {last}",
            "followers": f"{rng.randint(12, 480)}k",
            "handle": f"@{last}{handle_word}",
            "outlet": rng.choice(OUTLETS),
            "cards_tried": str(rng.randint(3, 6)),
            "product": product.name,
            "brand": product.brand,
            "price": money(product.price_cents),
            "serial": f"{product.brand[:2].upper()}{rng.randint(10**9, 10**10 - 1)}",
            "defect": rng.choice(DEFECTS.get(product.category, ("not working properly",))),
            "condition_word": CONDITION_WORDS[item.condition] if item else "new",
            "window_days": str(tier.return_window_days),
            "fee_pct": str(tier.restocking_fee_pct),
            "pm_days": str(tier.price_match_days),
            "doa_days": str(policy.returns.doa_report_days),
            "refund_days": policy.returns.refund_business_days,
            "claims_months": str(policy.warranty.corecraft_handles_claims_months),
            "threshold": money(cents(policy.escalation.refund_supervisor_over)),
            "codes_per_order": str(policy.promotions.codes_per_order),
            "spec_line": spec_line(product),
            "stock_line": stock_line(facts, product),
            "successor_line": successor_line(facts, product),
            "items": product.name,
        }
    )
    others = [p for p in env.by_category.get(product.category, []) if p.id != product.id]
    alt = rng.choice(others) if others else product
    f["wrong_product"] = f["alt_product"] = alt.name
    if scenario.category == "compatibility":
        part_a, part_b, (question, answer, verdict) = compat_answer(
            rng, facts, env.by_category, item.product if item else None, order
        )
        f.update(
            {
                "part_a": part_a.name,
                "part_b": part_b.name,
                "compat_question": question,
                "compat_line": answer,
                "compat_verdict": verdict,
            }
        )
    if order is not None:
        f.update(_order_fields(env, order, item, created, scenario))
    if subject.case is not None and subject.case.ret is not None:
        f.update(_return_fields(env, order or subject.case.order, subject.case.ret, item, created))
    return f


def _order_fields(
    env: FillEnv, order: Order, item: PurchasedItem | None, at: dt.datetime, scenario: Scenario
) -> dict[str, str]:
    rng, policy, facts = env.rng, env.policy, env.facts
    names = [i.product.name for i in order.items if i.product.category != "service"]
    f = {
        "order": order.id,
        "placed_on": _human_day(order.placed_at.date(), at),
        "days_since_order": str(max(1, (at - order.placed_at).days)),
        "total": money(order.total_cents),
        # What a full return gives back: the items as paid; the policy keeps shipping.
        "refund_value": money(order.subtotal_cents - order.discount_cents),
        "discount": money(order.discount_cents),
        "items": ", ".join(names[:3]) + (" and more" if len(names) > 3 else ""),
        "last4": order.card_last4 or "",
        "pay_method": _pay_method(order),
        "ship_address": order.ship_address,
        "ship_state": order.ship_state,
        "shipping_paid": money(order.shipping_cents),
        "service": order.shipping_method,
        "purchase_age": _age(order.placed_at, at),
        "promo": order.promotion_code or "",
    }
    build_ids = [i.build_id for i in order.items if i.build_id]
    if build_ids:
        f["build"] = facts.builds.get(build_ids[0], ("your custom build", False))[0]
    ship = order.shipment
    # Set only while nothing has left: templates name a carrier or say it is still packing.
    f["unshipped"] = "" if ship is not None and ship.carrier else "; it hasn't left us yet"
    if ship is not None:
        f.update(
            {
                "carrier": ship.carrier,
                "tracking": ship.tracking,
                "exception": ship.exception or ship.status.replace("_", " "),
            }
        )
        if ship.shipped_at:
            f["shipped_on"] = _human_day(ship.shipped_at.date(), at)
        if ship.promised:
            f["promised_on"] = _human_day(ship.promised, at)
            f["late_line"], late = late_line(policy, order, at)
            f["days_late"] = str(late)
        if ship.delivered_at:
            f["delivered_on"] = _human_day(ship.delivered_at.date(), at)
            f["days_since_delivery"] = str(max(0, (at - ship.delivered_at).days))
    if item is not None:
        tier = facts.tiers[facts.customers[order.customer_id].tier]
        f["fee_line"] = fee_line(tier, item, facts)
        f["warranty_line"], f["warranty_status"] = warranty_text(policy, order, item, at)
        f["price"] = money(item.unit_price_cents)
        listed = rng.random() < 0.85 or scenario.key == "price_match_late"
        competitor = rng.choice(policy.price_match.competitors if listed else UNLISTED_COMPETITORS)
        cut = item.unit_price_cents * rng.randint(5, 14) // 100
        competitor_cents = max(99, (item.unit_price_cents - cut) // 100 * 100 - 1)
        promo = next((p for p in facts.promotions if p.code == order.promotion_code), None)
        f.update(
            {
                "competitor": competitor,
                "competitor_price": money(competitor_cents),
                "price_diff": money(item.unit_price_cents - competitor_cents),
                "pm_line": price_match_line(
                    policy, order, item, competitor, competitor_cents, promo
                ),
            }
        )
    if scenario.need == "promo_window":
        day = order.placed_at.date().isoformat()
        active = [p for p in facts.promotions if p.starts_on <= day <= p.ends_on]
        expired = [p for p in facts.promotions if p.ends_on < day]
        pool = expired if expired and (not active or rng.random() < 0.25) else active
        if pool:
            promo = rng.choice(pool)
            f["promo"] = promo.code
            f["promo_line"] = promo_line(policy, facts, order, promo, at)
    return f
