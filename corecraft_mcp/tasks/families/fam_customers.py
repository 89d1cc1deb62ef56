"""Customer families: progress to the next loyalty tier, worked out from lifetime spend and the
tiers' thresholds."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, unchanged
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import money
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.money import cents


def _below_top(records: Records) -> list[Row]:
    rows = records.rows("SELECT * FROM customers WHERE tier <> 'Platinum' ORDER BY id")
    return [r for r in rows if r["id"] not in records.messy_customers]


def build_progress(records: Records, customer: Row, rng: random.Random) -> Draft:
    tier = str(customer["tier"])
    nxt = TIER_ORDER[TIER_ORDER.index(tier) + 1]
    threshold = cents(records.policy.tiers[nxt].min_spend)
    spend = int(customer["lifetime_spend_cents"])
    gap = max(threshold - spend, 0)
    later = [t for t in TIER_ORDER[TIER_ORDER.index(nxt) + 1 :]]
    wrong_gaps = {
        money(threshold),
        *(money(cents(records.policy.tiers[t].min_spend) - spend) for t in later),
    }
    wrong_gaps.discard(money(gap))
    paragraphs = [
        f"You're a {tier} member with {money(spend)} of lifetime spend. The next tier is {nxt}, which starts at "
        f"{money(threshold)}, so you need {money(gap)} more to move up to {nxt}.",
    ]
    criteria = [
        claim(
            "gap",
            "correctness",
            f"Says {money(gap)} more is needed",
            [f"{money(gap)} more", f"another {money(gap)}"],
            sorted(f"need {w} more" for w in wrong_gaps) or ["already qualify"],
        ),
        claim(
            "next-tier",
            "correctness",
            f"Names {nxt} as the next tier",
            [f"next tier is {nxt}", f"move up to {nxt}", f"reach {nxt}"],
            [f"next tier is {t}" for t in TIER_ORDER if t != nxt]
            + [f"move up to {t}" for t in later],
        ),
        unchanged(
            "profile-untouched",
            "Changes nothing on the profile (no tier change by hand)",
            [f"customers:{customer['id']}"],
        ),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_loyalty_tier", customer_id=customer["id"]),
    ]
    bad = sorted(wrong_gaps)[0] if wrong_gaps else money(gap + 100)
    misses = [
        Miss(
            "quotes the threshold, not the gap",
            calls,
            [f"The next tier is {nxt}; you'd need {bad} more."],
            ["gap"],
        )
    ]
    fields = {
        "first": customer["first_name"],
        "tier": tier,
        "order": "",
        "thing": "",
        "when": "",
        "last4": str(customer["phone"])[-4:],
    }
    bodies = {
        "plain": [
            "How far am I from the next loyalty tier? I'm {tier} right now, I think.",
            "What would it take for me to move up a loyalty level?",
        ],
        "vague": ["how close am i to the next level thing? phone ends {last4}"],
        "angry": [
            "I've spent a fortune with you. Why am I still only {tier}? What's it going to take?"
        ],
        "non_native": [
            "Please tell me how much more I must buy for next level of loyalty. Now I am {tier}."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="loyalty-progress",
            customer=customer,
            subject="Loyalty tier question",
            bodies=bodies,
            fields=fields,
            policies=["loyalty-program"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(customer["id"])],
        ),
    )


LOYALTY_PROGRESS = Family(
    "loyalty-progress",
    "information_retrieval",
    ("computed_verdict",),
    _below_top,
    build_progress,
    ("customers",),
)


_LEADS = [("ana.reyes@corecraft.example", "Ana"), ("tom.berg@corecraft.example", "Tom")]


def build_draft(records: Records, customer: Row, rng: random.Random) -> Draft:
    """A team lead asks for a draft reply on the loyalty gap: written, not sent."""
    tier = str(customer["tier"])
    nxt = TIER_ORDER[TIER_ORDER.index(tier) + 1]
    threshold = cents(records.policy.tiers[nxt].min_spend)
    spend = int(customer["lifetime_spend_cents"])
    gap = max(threshold - spend, 0)
    later = list(TIER_ORDER[TIER_ORDER.index(nxt) + 1 :])
    wrong_gaps = {
        money(threshold),
        *(money(cents(records.policy.tiers[t].min_spend) - spend) for t in later),
    }
    wrong_gaps.discard(money(gap))
    name = f"{customer['first_name']} {customer['last_name']}"
    draft = (
        f"Hi {customer['first_name']}, thanks for asking! You're a {tier} member with "
        f"{money(spend)} of lifetime spend. The next tier is {nxt}, which starts at "
        f"{money(threshold)}, so you need {money(gap)} more to move up to {nxt}."
    )
    paragraphs = [
        f"Here's a draft for {name}; I haven't sent anything or changed the account:",
        draft,
    ]
    criteria = [
        claim(
            "gap",
            "correctness",
            f"The draft says {money(gap)} more is needed",
            [f"{money(gap)} more", f"another {money(gap)}"],
            sorted(f"need {w} more" for w in wrong_gaps) or ["already qualify"],
        ),
        claim(
            "next-tier",
            "correctness",
            f"The draft names {nxt} as the next tier",
            [f"next tier is {nxt}", f"move up to {nxt}", f"reach {nxt}"],
            [f"next tier is {t}" for t in TIER_ORDER if t != nxt],
        ),
        unchanged(
            "nothing-sent",
            "Sends nothing and changes nothing (a draft was asked for)",
            ["support_tickets", "ticket_messages", f"customers:{customer['id']}"],
        ),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_loyalty_tier", customer_id=customer["id"]),
    ]
    bad = sorted(wrong_gaps)[0] if wrong_gaps else money(gap + 100)
    misses = [
        Miss(
            "drafts the threshold, not the gap",
            calls,
            [f"Hi {customer['first_name']}, the next tier is {nxt}; you'd need {bad} more."],
            ["gap"],
        )
    ]
    lead = rng.choice(_LEADS)
    fields = {
        "name": name,
        "email": customer["email"],
        "tier": tier,
        "order": "",
        "thing": "",
        "when": "",
        "last4": "",
    }
    bodies = {
        "plain": [
            "{name} ({email}) asked how far they are from the next loyalty tier. Could you draft the reply for me? Don't send it or change anything.",
            "Please write me a reply I can send to {name} ({email}) about what it takes to reach the next loyalty tier. Just the draft.",
        ],
        "vague": ["draft something for {email} re: next tier. don't send"],
        "angry": [
            "{name} ({email}) is upset they're still {tier}. I need a draft reply from you with the exact numbers - I'll send it myself."
        ],
        "non_native": [
            "Please you prepare a reply for the customer {name} ({email}): how much more they must spend for next loyalty level. Only draft, no sending."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="loyalty-reply-draft",
            customer=customer,
            subject=f"Draft for {name}",
            bodies=bodies,
            fields=fields,
            policies=["loyalty-program"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(customer["id"])],
            sender=lead,
        ),
    )


LOYALTY_DRAFT = Family(
    "loyalty-reply-draft",
    "communication",
    ("computed_verdict", "tempting_forbidden"),
    _below_top,
    build_draft,
    ("customers",),
)
