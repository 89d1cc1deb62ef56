"""Ticket families: logging a damaged or dead item at the priority the SLA policy sets and
quoting its first-response target, and a team lead's request to answer a customer on their
ticket (communication) with a date worked out from the records."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, state, unchanged
from corecraft_mcp.tasks.families.common import clean_delivered_lines, distinct, order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.fam_warranty import add_months
from corecraft_mcp.tasks.families.phrasing import iso, spoken_date
from corecraft_mcp.tasks.families.records import Records, Row, as_tier, day
from corecraft_mcp.world.definition import PRIORITY_ORDER, TIER_ORDER

_LEADS = [
    ("maria.lopez@corecraft.example", "Maria"),
    ("dev.patel@corecraft.example", "Dev"),
    ("sam.okafor@corecraft.example", "Sam"),
]


def _last_ticket(records: Records) -> str:
    return str(records.row("SELECT max(id) AS m FROM support_tickets")["m"])


def build_damaged(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    oid = str(order["id"])
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    tier = as_tier(str(customer["tier"]))
    hours = records.policy.sla.hours(tier, "high")[0]
    others = [records.policy.sla.hours(tier, p)[0] for p in PRIORITY_ORDER if p != "high"]
    others += [records.policy.sla.hours(t, "high")[0] for t in TIER_ORDER if t != tier]
    ticket = records.next_id("support_tickets", "TKT", 5)
    last = _last_ticket(records)
    problem = rng.choice(
        [
            "arrived with a cracked corner and won't power on",
            "is dead out of the box - no lights, nothing",
            "arrived damaged, the box was crushed and it rattles",
        ]
    )
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_order_details", order_id=oid),
        call(
            "create_ticket",
            subject=f"Damaged/dead item on {oid}",
            message=f"The {product['name']} {problem}.",
            channel="email",
            category="return",
            customer_id=customer["id"],
            order_id=oid,
            priority="high",
        ),
    ]
    paragraphs = [
        f"I'm sorry the {product['name']} {problem}. I've logged it as ticket {ticket} at high priority, as we do for damaged and dead-on-arrival items.",
        f"As a {tier} member you'll get a first response within {hours} hours. We'll go through a few quick checks and then arrange the replacement or refund.",
    ]
    wrong = distinct(
        [f"within {h} hours" for h in others if h != hours], avoid=" ".join(paragraphs)
    )
    new = f"SELECT count(*) FROM support_tickets WHERE id > '{last}' AND order_id = '{oid}'"
    criteria = [
        state(
            "ticket-high",
            "correctness",
            f"Opens a ticket on {oid} at high priority (damaged or DOA item)",
            f"{new} AND priority = 'high'",
            gte=1,
        ),
        state(
            "ticket-linked",
            "completeness",
            "The new ticket names the customer and a fitting category (return, exchange, warranty or shipping)",
            f"{new} AND customer_id = '{customer['id']}' AND category IN ('return', 'exchange', 'warranty', 'shipping')",
            gte=1,
        ),
        claim(
            "first-response",
            "correctness",
            f"Quotes the {tier} high-priority first-response target of {hours} hours",
            [f"within {hours} hours", f"{hours} hours"],
            wrong or ["within 1 week"],
        ),
        unchanged("no-rma-yet", "Opens no return before the basic checks", ["order_returns"]),
    ]
    normal = records.policy.sla.hours(tier, "normal")[0]
    misses = [
        Miss(
            "logs it at normal priority",
            [
                *calls[:2],
                call(
                    "create_ticket",
                    subject=f"Damaged item {oid}",
                    message=problem,
                    channel="email",
                    category="return",
                    customer_id=customer["id"],
                    order_id=oid,
                    priority="normal",
                ),
            ],
            [f"I've logged ticket {ticket}; you'll hear from us within {normal} hours."],
            ["ticket-high", "first-response"],
        ),
        Miss(
            "answers without logging anything",
            calls[:2],
            [paragraphs[1]],
            ["ticket-high", "ticket-linked"],
        ),
    ]
    fields = order_fields(records, order, product, rng) | {"problem": problem}
    bodies = {
        "plain": [
            "{thing} from order {order} {problem}. Please log this and tell me when I'll hear back.",
            "Order {order}: {thing} {problem}. What happens now, and how soon will someone get back to me?",
        ],
        "vague": [
            "{thing} {problem}. ordered {when}. phone ends {last4}. when will someone look at this"
        ],
        "angry": [
            "Unbelievable. {thing} from order {order} {problem}. I want this logged NOW and I want to know when you'll actually respond."
        ],
        "non_native": [
            "Hello, {thing} from order {order} {problem}. Please register my problem and say me when you answer."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="damaged-item-ticket",
            customer=customer,
            subject=f"Problem with {oid}",
            bodies=bodies,
            fields=fields,
            policies=["support-sla", "returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[oid, str(customer["id"]), str(product["id"])],
        ),
    )


DAMAGED_TICKET = Family(
    "damaged-item-ticket",
    "workflow",
    ("multi_step", "computed_verdict"),
    lambda r: clean_delivered_lines(r),
    build_damaged,
    ("tickets", "returns"),
)


Fact = tuple[dt.date, list[dt.date], str, str]  # the date, wrong dates, the explanation, the topic


def _return_fact(records: Records, order: Row, line: Row, customer: Row) -> Fact | None:
    delivery = records.delivery(str(order["id"]))
    if delivery is None:
        return None
    tier = str(customer["tier"])
    window = records.window_days(tier)
    deadline = delivery.on + dt.timedelta(days=window)
    if deadline < records.today:
        return None
    wrong = [
        delivery.on + dt.timedelta(days=records.window_days(t)) for t in TIER_ORDER if t != tier
    ]
    wrong.append(day(str(order["placed_at"])) + dt.timedelta(days=window))
    why = f"a {window}-day {tier} return window from delivery on {iso(delivery.on)}"
    return deadline, wrong, why, "the last day to return"


def _exchange_fact(records: Records, order: Row, line: Row, customer: Row) -> Fact | None:
    """Exchanges follow the return window (the returns policy), so the date is the same."""
    fact = _return_fact(records, order, line, customer)
    if fact is None:
        return None
    date, wrong, why, _ = fact
    return (
        date,
        wrong,
        why.replace("return window", "window for returns and exchanges"),
        ("the last day to exchange"),
    )


def _warranty_fact(records: Records, order: Row, line: Row, customer: Row) -> Fact | None:
    if line["condition"] != "new":
        return None
    product = records.product(str(line["product_id"]))
    months = int(
        records.row(
            "SELECT duration_months FROM warranty_policies WHERE condition = 'new' AND category = ?"
            " ORDER BY premium_only = ? DESC, premium_only, id LIMIT 1",
            (product["category"], int(product["premium_line"])),
        )["duration_months"]
    )
    purchase = day(str(order["placed_at"]))
    end = add_months(purchase, months)
    delivery = records.delivery(str(order["id"]))
    wrong = [add_months(purchase, m) for m in (12, 24, 36) if m != months]
    if delivery is not None:
        wrong.append(add_months(delivery.on, months))
    return (
        end,
        wrong,
        f"a {months}-month warranty from the purchase date {iso(purchase)}",
        "the warranty end date",
    )


# What a customer's first message on a ticket must say for a reply with a date to answer it:
# the request itself, not just a ticket on the same order (an exchange request or a "can I
# still return this?" is not a question about the warranty's end).
_ASKS = {
    "the last day to return": (
        ("return", "send this back", "send it back", "give it back"),
        (
            "wrong",
            "dead",
            "doa",
            "not working",
            "exchange",
            "change my",
            "warrant",
            "instead of",
            "box contains",
        ),
    ),
    "the last day to exchange": (
        ("exchange", "change my", "swap"),
        ("wrong", "dead", "doa", "not working", "box contains", "instead of", "warrant"),
    ),
    "the warranty end date": (
        ("warranty",),
        ("return", "exchange", "wrong", "dead on arrival", "doa"),
    ),
}


_ABOUT = {
    "the last day to return": "returning",
    "the last day to exchange": "exchanging",
    "the warranty end date": "the warranty on",
}


def _asks(body: str, topic: str) -> bool:
    wanted, unwanted = _ASKS[topic]
    text = body.lower()
    return any(w in text for w in wanted) and not any(u in text for u in unwanted)


def _ticket_lines(records: Records, topic: str) -> list[tuple[str, Row]]:
    """Open tickets whose customer asks about `topic`, each with the order line it names (the
    product in the message, on the ticket's order)."""
    tickets = records.rows(
        "SELECT t.id, t.order_id, (SELECT m.body FROM ticket_messages m WHERE m.ticket_id = t.id"
        " AND m.author = 'customer' ORDER BY m.id LIMIT 1) AS body FROM support_tickets t"
        " JOIN orders o ON o.id = t.order_id WHERE t.status IN ('open', 'in_progress')"
        " AND o.status = 'delivered' AND t.customer_id = o.customer_id ORDER BY t.id"
    )
    lines: dict[str, list[Row]] = {}
    for line in clean_delivered_lines(records):
        lines.setdefault(str(line["order_id"]), []).append(line)
    messy = {m["entity_id"] for m in records.mess.get("ticket_wrong_order_number", [])}
    found = []
    for t in tickets:
        body = str(t["body"] or "")
        if t["id"] in messy or not _asks(body, topic):
            continue
        named = [
            line
            for line in lines.get(str(t["order_id"]), [])
            if str(records.product(str(line["product_id"]))["name"]) in body
        ]
        if len(named) == 1:
            found.append((str(t["id"]), named[0]))
    return found


def _comm_builder(
    name: str, fact_of: Callable[[Records, Row, Row, Row], Fact | None]
) -> Callable[[Records, tuple[str, Row], random.Random], Draft]:
    def build(records: Records, entry: tuple[str, Row], rng: random.Random) -> Draft:
        ticket_id, line = entry
        order = records.order(str(line["order_id"]))
        oid = str(order["id"])
        customer = records.customer(str(order["customer_id"]))
        product = records.product(str(line["product_id"]))
        fact = fact_of(records, order, line, customer)
        assert fact is not None
        date, wrong_dates, why, topic = fact
        message = f"Hi {customer['first_name']}, {topic} for your {product['name']} (order {oid}) is {iso(date)}: {why}. Let us know if you need anything else."
        calls = [
            call("get_order_details", order_id=oid),
            call("get_customer_history", customer_id=customer["id"]),
            call(
                "update_ticket_status",
                ticket_id=ticket_id,
                status="pending_customer",
                reply=message,
            ),
        ]
        paragraphs = [
            f"Done: I replied on {ticket_id} that {topic} for the {product['name']} is {iso(date)} ({why}), and set the ticket to pending_customer."
        ]
        likes = " OR ".join(
            f"m.body LIKE '%{v}%'" for v in (iso(date), spoken_date(date), f"{date.day} {date:%B}")
        )
        wrong = distinct([iso(d) for d in wrong_dates if d != date], avoid=paragraphs[0] + message)
        criteria = [
            state(
                "replied-with-date",
                "correctness",
                f"Replies to the customer on {ticket_id} (not an internal note) with {iso(date)}",
                f"SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = '{ticket_id}' AND m.author = 'agent' AND m.internal = 0 AND ({likes}) AND m.created_at >= '{records.today.isoformat()}'",
                gte=1,
            ),
            state(
                "pending-customer",
                "completeness",
                f"Sets {ticket_id} to pending_customer",
                f"SELECT status FROM support_tickets WHERE id = '{ticket_id}'",
                equals="pending_customer",
            ),
            claim(
                "date-reported",
                "correctness",
                f"Tells the team lead the date sent: {iso(date)}",
                [iso(date)],
                wrong or [iso(date + dt.timedelta(days=1))],
            ),
            unchanged(
                "order-untouched",
                "Changes nothing on the order",
                [f"orders:{oid}", "order_returns"],
            ),
            claim(
                "reports-back",
                "completeness",
                "Reports back that the customer was answered on the ticket",
                [f"replied on {ticket_id}", "I replied", "I've replied"],
                ["left an internal note", "could not reply", "couldn't reply"],
            ),
        ]
        bad = (wrong or [iso(date + dt.timedelta(days=1))])[0]
        misses = [
            Miss(
                "writes an internal note instead of a reply",
                [
                    *calls[:2],
                    call(
                        "update_ticket_status",
                        ticket_id=ticket_id,
                        status="pending_customer",
                        internal_note=message,
                    ),
                ],
                paragraphs,
                ["replied-with-date"],
            ),
            Miss(
                "sends the wrong date",
                [
                    *calls[:2],
                    call(
                        "update_ticket_status",
                        ticket_id=ticket_id,
                        status="pending_customer",
                        reply=message.replace(iso(date), bad),
                    ),
                ],
                [f"Done: I replied on {ticket_id} that {topic} is {bad}."],
                ["replied-with-date", "date-reported"],
            ),
        ]
        lead = rng.choice(_LEADS)
        fields = {
            "ticket": ticket_id,
            "order": oid,
            "name": f"{customer['first_name']} {customer['last_name']}",
            "thing": product_words_plain(product),
            "topic": topic,
            "about": _ABOUT[topic],
        }
        bodies = {
            "plain": [
                "Can you pick up {ticket}? {name} wrote in about {about} {thing} on {order}. Reply to them on the ticket with {topic}, the exact date, put it in pending_customer, and tell me what you sent.",
                "{ticket} ({name}, order {order}) is a question about {about} {thing}. Please answer them on the ticket with {topic} and set it to pending_customer; let me know the date you gave.",
            ],
            "vague": [
                "{ticket} - customer asking about {about} their order. reply on the ticket with {topic} (pending_customer after) and tell me the date"
            ],
            "angry": [
                "{ticket} has been sitting there far too long. {name} asked about {about} {thing} and nobody answered. Reply on the ticket today with {topic}, set pending_customer, and report back."
            ],
            "non_native": [
                "Please you answer the customer on {ticket}: they write about {about} {thing} in order {order}. Give them {topic} on the ticket, after put ticket pending_customer and tell me the date."
            ],
        }
        return assemble(
            records,
            rng,
            Spec(
                family=name,
                customer=customer,
                subject=f"Please handle {ticket_id}",
                bodies=bodies,
                fields=fields,
                policies=["warranty-claims" if "warranty" in topic else "returns", "support-sla"],
                criteria=criteria,
                calls=calls,
                paragraphs=paragraphs,
                misses=misses,
                entities=[ticket_id, oid, str(customer["id"]), str(product["id"])],
                sender=lead,
            ),
        )

    return build


def product_words_plain(product: Row) -> str:
    return f"the {product['brand']} {product['category'].replace('_', ' ')}"


def _comm_finder(
    fact_of: Callable[[Records, Row, Row, Row], Fact | None], topic: str
) -> Callable[[Records], list[tuple[str, Row]]]:
    def find(records: Records) -> list[tuple[str, Row]]:
        found = []
        for ticket_id, line in _ticket_lines(records, topic):
            order = records.order(str(line["order_id"]))
            if (
                fact_of(records, order, line, records.customer(str(order["customer_id"])))
                is not None
            ):
                found.append((ticket_id, line))
        return found

    return find


REPLY_RETURN = Family(
    "ticket-reply-return-date",
    "communication",
    ("multi_step", "computed_verdict"),
    _comm_finder(_return_fact, "the last day to return"),
    _comm_builder("ticket-reply-return-date", _return_fact),
    ("tickets", "returns"),
)
REPLY_WARRANTY = Family(
    "ticket-reply-warranty-date",
    "communication",
    ("multi_step", "computed_verdict"),
    _comm_finder(_warranty_fact, "the warranty end date"),
    _comm_builder("ticket-reply-warranty-date", _warranty_fact),
    ("tickets", "warranty"),
)
REPLY_EXCHANGE = Family(
    "ticket-reply-exchange-date",
    "communication",
    ("multi_step", "computed_verdict"),
    _comm_finder(_exchange_fact, "the last day to exchange"),
    _comm_builder("ticket-reply-exchange-date", _exchange_fact),
    ("tickets", "returns"),
)
