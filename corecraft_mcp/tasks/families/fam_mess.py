"""Families built on the planted mess where two records disagree: a profile address the notes
say is out of date, and a customer with two profiles (each keeps its own tier)."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, conflict, exception, state
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.world.definition import TIER_ORDER


def _stale(records: Records) -> list[Row]:
    dupes = {m["entity_id"] for m in records.mess.get("duplicate_customer", [])}
    dupes |= {
        str(m["detail"].get("original_id")) for m in records.mess.get("duplicate_customer", [])
    }
    return [
        {"customer_id": m["entity_id"], **m["detail"]}
        for m in records.mess.get("stale_address", [])
        if m["detail"].get("mentioned_in") == "notes" and m["entity_id"] not in dupes
    ]


def build_stale(records: Records, entry: Row, rng: random.Random) -> Draft:
    cid = str(entry["customer_id"])
    customer = records.customer(cid)
    new, old = entry["new_address"], entry["old_address"]
    where = f"{new['street']}, {new['city']}, {new['state']} {new['postal_code']}"
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_customer_history", customer_id=cid),
        call(
            "update_customer",
            customer_id=cid,
            street=new["street"],
            city=new["city"],
            state=new["state"],
            postal_code=new["postal_code"],
            note="Address updated from the move the customer reported earlier (see note); confirmed by the customer's request.",
        ),
    ]
    paragraphs = [
        f"You're right: our notes have the address you gave us when you moved, but your profile still showed {old['street']}, {old['city']}.",
        f"I've updated your profile to {where}.",
    ]
    q = f"SELECT street || '|' || city || '|' || state || '|' || postal_code FROM customers WHERE id = '{cid}'"
    criteria = [
        state(
            "street-updated",
            "correctness",
            f"Updates the profile's street to {new['street']} (from the note)",
            f"SELECT street FROM customers WHERE id = '{cid}'",
            equals=new["street"],
        ),
        state(
            "whole-address",
            "correctness",
            "Updates city, state and ZIP with it",
            q,
            equals=f"{new['street']}|{new['city']}|{new['state']}|{new['postal_code']}",
        ),
        claim(
            "confirms-address",
            "completeness",
            "Confirms the new address back to the customer",
            [new["street"]],
            ["already up to date", "address is correct", "no change needed"],
        ),
        claim(
            "says-updated",
            "correctness",
            "Tells the customer the profile was updated",
            ["updated your profile", "profile now shows", "I've updated"],
            ["already up to date", "no change needed", "couldn't update"],
        ),
    ]
    misses = [
        Miss(
            "trusts the profile",
            calls[:2],
            [
                f"Your profile already shows {old['street']}, {old['city']}, so your address is already up to date."
            ],
            ["street-updated", "whole-address", "confirms-address", "says-updated"],
        ),
        Miss(
            "says it is done without updating",
            calls[:2],
            paragraphs,
            ["street-updated", "whole-address"],
        ),
    ]
    fields = {
        "first": customer["first_name"],
        "last4": str(customer["phone"])[-4:],
        "month": entry.get("moved_on", "")[:7],
        "order": "",
        "thing": "",
        "when": "",
    }
    bodies = {
        "plain": [
            "When I moved I gave one of your colleagues my new address on the phone. Can you make sure my account actually has it now?",
            "Could you check that my profile has my new address? I told you about the move a while ago.",
        ],
        "vague": [
            "pls check my address is the new one, i told someone on the phone ages ago. phone ends {last4}"
        ],
        "angry": [
            "I TOLD you I moved. Months ago. Is my account still showing the old place? Fix it before something gets shipped there."
        ],
        "non_native": [
            "I move to new house and I tell your colleague the new address by phone. Please check my account has the new one."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="stale-address",
            customer=customer,
            subject="My address",
            bodies=bodies,
            fields=fields,
            policies=["identity-verification"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[cid],
        ),
    )


STALE_ADDRESS = Family(
    "stale-address", "workflow", ("planted_mess", "multi_step"), _stale, build_stale, ("customers",)
)


def _dupes(records: Records) -> list[Row]:
    return [
        {"duplicate_id": m["entity_id"], **m["detail"]}
        for m in records.mess.get("duplicate_customer", [])
        if m["detail"].get("original_id")
    ]


def build_dupe(records: Records, entry: Row, rng: random.Random) -> Draft:
    dup = records.customer(str(entry["duplicate_id"]))
    orig = records.customer(str(entry["original_id"]))
    dup_tier, orig_tier = str(dup["tier"]), str(orig["tier"])
    spend = int(dup["lifetime_spend_cents"]) + int(orig["lifetime_spend_cents"])
    combined = records.tier(TIER_ORDER[0])
    for name in TIER_ORDER:
        if spend >= records.tier(name).min_spend_cents:
            combined = records.tier(name)
    others = [t for t in TIER_ORDER if t not in (dup_tier, orig_tier)]
    note = f"Possible duplicate profile of {orig['id']} (same person?); tiers kept separate. For the accounts team."
    calls = [
        call("search_customers", email=dup["email"]),
        call("search_customers", name=f"{dup['first_name']} {dup['last_name']}"),
        call("get_loyalty_tier", customer_id=dup["id"]),
        call("update_customer", customer_id=dup["id"], note=note),
    ]
    paragraphs = [
        f"The profile for {dup['email']} is at {dup_tier} tier. I also found a second profile in your name, and I've noted it for our accounts team.",
        "Each profile keeps its own tier: we can't add the spend of one profile to the other.",
    ]
    criteria = [
        claim(
            "own-tier",
            "correctness",
            f"Gives the tier of the profile the customer wrote from ({dup_tier})",
            [f"{dup_tier} tier", f"{dup_tier} member"],
            [f"{t} tier" for t in others] + [f"{t} member" for t in others] or ["upgraded you"],
        ),
        claim(
            "no-combining",
            "correctness",
            "Explains that spend is not combined across profiles",
            ["can't add the spend", "cannot add the spend", "own tier", "not combined"],
            [
                "combined your spend",
                "merged your profiles",
                "added the spend",
                f"qualify for {combined.name} with both",
            ],
        ),
        state(
            "duplicate-noted",
            "completeness",
            f"Notes the duplicate ({orig['id']} / {dup['id']}) on a profile for the accounts team",
            f"SELECT count(*) FROM customers WHERE (id = '{dup['id']}' AND notes LIKE '%{orig['id']}%') OR (id = '{orig['id']}' AND notes LIKE '%{dup['id']}%')",
            gte=1,
        ),
    ]
    misses = [
        Miss(
            "combines the spend",
            calls[:3],
            [
                f"The profile for {dup['email']} is at {dup_tier} tier.",
                f"I've combined your spend across both profiles, so you'd qualify for {combined.name} with both.",
            ],
            ["no-combining", "duplicate-noted"],
        ),
        Miss("answers without noting the duplicate", calls[:3], paragraphs, ["duplicate-noted"]),
    ]
    fields = {
        "first": dup["first_name"],
        "last4": str(dup["phone"])[-4:],
        "order": "",
        "thing": "",
        "when": "",
    }
    bodies = {
        "plain": [
            "What loyalty tier am I? I feel like I've spent a lot more with you than my account shows.",
            "Can you check my loyalty level? I've been buying from you for years.",
        ],
        "vague": ["what tier am i, it seems low?"],
        "angry": [
            "I've spent thousands at CoreCraft and your site says I'm only {tier}? Check properly."
        ],
        "non_native": ["Please, which loyalty level I have? I think I buy much more than it show."],
    }
    fields["tier"] = dup_tier
    return assemble(
        records,
        rng,
        Spec(
            family="duplicate-profile-tier",
            customer=dup,
            subject="Loyalty tier",
            bodies=bodies,
            fields=fields,
            policies=["loyalty-program"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(dup["id"]), str(orig["id"])],
            reconcile=[
                conflict(
                    [str(dup["id"]), str(orig["id"])],
                    "two profiles of one person, with different tiers and spend",
                )
            ],
            exceptions=[
                exception(
                    "loyalty-program", "each profile keeps its own tier; spend is never combined"
                )
            ],
        ),
    )


DUPLICATE_TIER = Family(
    "duplicate-profile-tier",
    "problem_solving",
    ("planted_mess", "policy_exception", "tempting_forbidden"),
    _dupes,
    build_dupe,
    ("customers",),
)
