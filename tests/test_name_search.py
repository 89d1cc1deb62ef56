"""Name searches score a shortlist drawn from the world's name keys: a one-typo query still finds
its customer, and customers the episode inserted or renamed are always considered."""

from __future__ import annotations

import random

from corecraft_mcp.tools.customer_lookup import NAME_MATCH_THRESHOLD, NameScorer
from corecraft_mcp.tools.customers import create_customer, search_customers
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.name_keys import soundex, token_keys


def _one_typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(["change", "drop", "add", "swap"])
    if kind == "change":
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]
    if kind == "drop" and len(word) > 3:
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i:]


def test_soundex() -> None:
    assert soundex("robert") == soundex("rupert") == "R163"
    assert soundex("tymczak") == "T522"
    assert soundex("pfister") == "P236"


def test_a_typo_near_the_start_keeps_a_key() -> None:
    for typo, name in [("suan", "susan"), ("csaey", "casey"), ("kohn", "john"), ("jhon", "john")]:
        assert token_keys(typo) & token_keys(name), (typo, name)


async def test_one_typo_per_part_still_finds_the_customer(db: WorldConnection) -> None:
    rng = random.Random(7)
    rows = db.conn.execute(
        "SELECT id, first_name, last_name FROM customers ORDER BY id LIMIT 60"
    ).fetchall()
    for customer_id, first, last in rows:
        query = f"{_one_typo(rng, first)} {_one_typo(rng, last)}"
        found = await search_customers(db, name=query, page_size=50)
        exact = await search_customers(db, name=f"{first} {last}", page_size=50)
        assert customer_id in [c.id for c in exact.customers]
        # The typo'd query finds the customer whenever the scorer itself would accept it.
        if NameScorer(query).score(first, last) >= NAME_MATCH_THRESHOLD:
            assert customer_id in [c.id for c in found.customers], (query, first, last)


async def test_customers_new_or_renamed_in_the_episode_are_found(db: WorldConnection) -> None:
    created = await create_customer(
        db,
        first_name="Zebulon",
        last_name="Quackenbush",
        email="zq@example.com",
        phone="555-201-9988",
        street="1 Elm St",
        city="Reno",
        state="NV",
        postal_code="89501",
    )
    found = await search_customers(db, name="Zebulon Quackenbsh")
    assert [c.id for c in found.customers] == [created.customer.id]
    victim = db.conn.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    db.conn.execute(
        "UPDATE customers SET first_name = 'Ignatius', last_name = 'Worthington' WHERE id = ?",
        (victim,),
    )
    renamed = await search_customers(db, name="Ignatius Worthington")
    assert victim in [c.id for c in renamed.customers]


async def test_nicknames_are_shortlisted(db: WorldConnection) -> None:
    row = db.conn.execute(
        "SELECT id, last_name FROM customers WHERE first_name = 'Robert' ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        row = db.conn.execute("SELECT id, last_name FROM customers LIMIT 1").fetchone()
        db.conn.execute("UPDATE customers SET first_name = 'Robert' WHERE id = ?", (row[0],))
    found = await search_customers(db, name=f"Bob {row[1]}")
    assert row[0] in [c.id for c in found.customers]
