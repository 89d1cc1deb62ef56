"""Account and knowledge families: opening a profile for a new customer, and a customer
following a help article that has been replaced (planted mess)."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, conflict, state, unchanged
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.records import Records, Row

_FIRST = [
    "Avery",
    "Jordan",
    "Priya",
    "Mateo",
    "Hana",
    "Tobias",
    "Lena",
    "Kwame",
    "Sofia",
    "Ravi",
    "Ines",
    "Malik",
]
_LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Castillo",
    "Novak",
    "Brennan",
    "Haddad",
    "Iyer",
    "Kowalski",
]
_STREETS = [
    "12 Orchard Way",
    "905 Pinecrest Ave",
    "3318 Lakeshore Blvd Apt 2",
    "47 Foundry Ln",
    "2210 Mesa Verde Dr",
]


def _newcomers(records: Records) -> list[Row]:
    places = records.rows(
        "SELECT DISTINCT city, state, postal_code FROM customers ORDER BY city, postal_code"
    )
    taken = {
        str(r["e"]).lower()
        for r in records.rows(
            "SELECT email AS e FROM customers UNION SELECT alt_email FROM customers WHERE alt_email IS NOT NULL"
        )
    }
    rng = random.Random(f"signup:{records.world.definition.seed}")
    found = []
    for first in _FIRST:
        for last in _LAST:
            email = f"{first}.{last}{rng.randrange(10, 99)}@example.net".lower()
            if email in taken:
                continue
            place = rng.choice(places)
            found.append(
                {
                    "first": first,
                    "last": last,
                    "email": email,
                    "phone": f"555-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
                    "street": rng.choice(_STREETS),
                    **place,
                }
            )
    return found


def build_signup(records: Records, person: Row, rng: random.Random) -> Draft:
    new_id = records.next_id("customers", "CUS", 5)
    address = f"{person['street']}, {person['city']}, {person['state']} {person['postal_code']}"
    calls = [
        call("search_customers", email=person["email"]),
        call(
            "create_customer",
            first_name=person["first"],
            last_name=person["last"],
            email=person["email"],
            phone=person["phone"],
            street=person["street"],
            city=person["city"],
            state=person["state"],
            postal_code=person["postal_code"],
        ),
    ]
    paragraphs = [
        f"Welcome to CoreCraft! I've created your profile, {new_id}, with the email {person['email']} and the address {address}.",
        "You start at our Standard loyalty tier.",
    ]
    row = f"SELECT first_name || ' ' || last_name || '|' || postal_code || '|' || street FROM customers WHERE email = '{person['email']}'"
    criteria = [
        state(
            "profile-created",
            "correctness",
            f"Creates a profile for {person['first']} {person['last']} with {person['email']}",
            f"SELECT count(*) FROM customers WHERE email = '{person['email']}'",
            equals=1,
        ),
        state(
            "details-right",
            "correctness",
            "Records the name, street and ZIP as given",
            row,
            equals=f"{person['first']} {person['last']}|{person['postal_code']}|{person['street']}",
        ),
        claim(
            "gives-id",
            "completeness",
            f"Gives the new customer number ({new_id})",
            [new_id],
            ["already have an account", "already exists", "couldn't create"],
        ),
    ]
    misses = [
        Miss(
            "promises a profile without creating it",
            calls[:1],
            paragraphs,
            ["profile-created", "details-right"],
        ),
        Miss(
            "thinks they already have one",
            calls[:1],
            [f"It looks like you already have an account with {person['email']}."],
            ["profile-created", "details-right", "gives-id"],
        ),
    ]
    fields = {**person, "order": "", "thing": "", "when": "", "last4": str(person["phone"])[-4:]}
    bodies = {
        "plain": [
            "I'd like to set up an account with you before my first order. I'm {first} {last}, phone {phone}, address {street}, {city}, {state} {postal_code}.",
            "Could you open a customer account for me? {first} {last}, {street}, {city}, {state} {postal_code}; phone {phone}.",
        ],
        "vague": [
            "need an account. {first} {last}. {street} {city} {state} {postal_code}. ph {phone}"
        ],
        "angry": [
            "Your sign-up page crashed three times. Just make me an account: {first} {last}, {street}, {city}, {state} {postal_code}, {phone}."
        ],
        "non_native": [
            "Hello, I want make an account in your shop. My name is {first} {last}, my address {street}, {city}, {state} {postal_code}, telephone {phone}."
        ],
    }
    customer = {
        "first_name": person["first"],
        "last_name": person["last"],
        "email": person["email"],
        "id": new_id,
        "phone": person["phone"],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="new-customer-profile",
            customer=customer,
            subject="New account",
            bodies=bodies,
            fields=fields,
            policies=["identity-verification"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[person["email"]],
        ),
    )


NEW_PROFILE = Family(
    "new-customer-profile", "workflow", ("multi_step",), _newcomers, build_signup, ("customers",)
)


def _old_articles(records: Records) -> list[tuple[str, str]]:
    customers = [
        c["id"]
        for c in records.rows("SELECT id FROM customers ORDER BY id")
        if c["id"] not in records.messy_customers
    ]
    rng = random.Random(f"kb:{records.world.definition.seed}")
    old = [m["entity_id"] for m in records.mess.get("superseded_kb_article", [])]
    return [(a, c) for a in old for c in rng.sample(customers, min(8, len(customers)))]


def build_old_article(records: Records, entry: tuple[str, str], rng: random.Random) -> Draft:
    article_id, customer_id = entry
    customer = records.customer(customer_id)
    old = records.row("SELECT * FROM kb_articles WHERE id = ?", (article_id,))
    new = records.row("SELECT * FROM kb_articles WHERE id = ?", (old["superseded_by"],))
    calls = [
        call("search_knowledgebase", query=str(old["title"])),
        call("get_knowledgebase_article", article=article_id),
        call("get_knowledgebase_article", article=str(new["id"])),
    ]
    paragraphs = [
        f'The article "{old["title"]}" is out of date: it has been replaced, and you shouldn\'t go by it any more.',
        f'The current guidance is in "{new["title"]}" ({new["id"]}).',
    ]
    criteria = [
        claim(
            "outdated",
            "correctness",
            "Tells the customer the article they found is out of date",
            ["is out of date", "has been replaced", "no longer current"],
            ["still current", "still up to date", "still correct", "still applies"],
        ),
        claim(
            "points-to-current",
            "completeness",
            f"Points to the current article, {new['id']} ({new['title']})",
            [str(new["id"]), str(new["title"])],
            [f"follow {old['id']}", f"stick with {old['title']}"],
        ),
        unchanged("nothing-written", "Writes nothing", ["customers", "support_tickets"]),
    ]
    misses = [
        Miss(
            "trusts the old article",
            calls[:2],
            [f'Yes, "{old["title"]}" is still current, so you can follow it.'],
            ["outdated", "points-to-current"],
        )
    ]
    fields = {
        "title": old["title"],
        "first": customer["first_name"],
        "order": "",
        "thing": "",
        "when": "",
        "last4": str(customer["phone"])[-4:],
    }
    bodies = {
        "plain": [
            'I found your help article "{title}". Is it still the right thing to follow?',
            'Before I act on it: is your page "{title}" still up to date?',
        ],
        "vague": ["that help page, {title}, is it still right?"],
        "angry": [
            'Your help article "{title}" told me one thing and your staff told me another. Which is it?'
        ],
        "non_native": ['I read your article "{title}". Please, it is still correct today?'],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="superseded-kb-article",
            customer=customer,
            subject="Help article question",
            bodies=bodies,
            fields=fields,
            policies=[],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[article_id, str(new["id"]), customer_id],
            reconcile=[
                conflict(
                    [article_id, str(new["id"])],
                    f"{article_id} is superseded by {new['id']}: the two articles disagree",
                )
            ],
        ),
    )


KB_SUPERSEDED = Family(
    "superseded-kb-article",
    "information_retrieval",
    ("planted_mess",),
    _old_articles,
    build_old_article,
    ("knowledge",),
)
