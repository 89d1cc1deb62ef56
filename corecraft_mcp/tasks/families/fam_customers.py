"""Customer families: progress to the next loyalty tier, worked out from lifetime spend and the
tiers' thresholds."""

from __future__ import annotations

import random
from dataclasses import dataclass

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, unchanged
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import money
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.tasks.models import Criterion
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.money import cents


@dataclass(frozen=True)
class TierGap:
    """A customer's distance to the next loyalty tier, and the amounts a careless reading gives
    instead (the threshold itself, or the gap to a later tier)."""

    tier: str
    next_tier: str
    later: tuple[str, ...]
    spend: int
    threshold: int
    gap: int
    wrong_gaps: tuple[str, ...]


def tier_gap(records: Records, customer: Row) -> TierGap:
    tier = str(customer["tier"])
    nxt = TIER_ORDER[TIER_ORDER.index(tier) + 1]
    threshold = cents(records.policy.tiers[nxt].min_spend)
    spend = int(customer["lifetime_spend_cents"])
    gap = max(threshold - spend, 0)
    later = tuple(TIER_ORDER[TIER_ORDER.index(nxt) + 1 :])
    wrong = {
        money(threshold),
        *(money(cents(records.policy.tiers[t].min_spend) - spend) for t in later),
    }
    wrong.discard(money(gap))
    return TierGap(tier, nxt, later, spend, threshold, gap, tuple(sorted(wrong)))


def gap_claims(gap: TierGap, draft: bool = False) -> list[Criterion]:
    """The two claims a reply (or a draft) on the loyalty gap makes, each with its wrong answers."""
    says, names = ("The draft says", "The draft names") if draft else ("Says", "Names")
    nxt = gap.next_tier
    return [
        claim(
            "gap",
            "correctness",
            f"{says} {money(gap.gap)} more is needed",
            [f"{money(gap.gap)} more", f"another {money(gap.gap)}"],
            [f"need {w} more" for w in gap.wrong_gaps] or ["already qualify"],
        ),
        claim(
            "next-tier",
            "correctness",
            f"{names} {nxt} as the next tier",
            [f"next tier is {nxt}", f"move up to {nxt}", f"reach {nxt}"],
            [f"next tier is {t}" for t in TIER_ORDER if t != nxt]
            + [f"move up to {t}" for t in gap.later],
        ),
    ]


def _below_top(records: Records) -> list[Row]:
    rows = records.rows("SELECT * FROM customers WHERE tier <> 'Platinum' ORDER BY id")
    return [r for r in rows if r["id"] not in records.messy_customers]


def build_progress(records: Records, customer: Row, rng: random.Random) -> Draft:
    facts = tier_gap(records, customer)
    tier, nxt, gap = facts.tier, facts.next_tier, facts.gap
    spend, threshold, wrong_gaps = facts.spend, facts.threshold, facts.wrong_gaps
    paragraphs = [
        f"You're a {tier} member with {money(spend)} of lifetime spend. The next tier is {nxt}, which starts at "
        f"{money(threshold)}, so you need {money(gap)} more to move up to {nxt}.",
    ]
    criteria = [
        *gap_claims(facts),
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
    facts = tier_gap(records, customer)
    tier, nxt, gap = facts.tier, facts.next_tier, facts.gap
    spend, threshold, wrong_gaps = facts.spend, facts.threshold, facts.wrong_gaps
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
        *gap_claims(facts, draft=True),
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
