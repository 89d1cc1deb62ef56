"""Which customers a name search scores: a shortlist through the world's name keys."""

from __future__ import annotations

from corecraft_mcp.tools.customer_lookup import nickname_partners
from corecraft_mcp.world.diff import CHANGES_TABLE
from corecraft_mcp.world.name_keys import KEYS_TABLE, token_keys


def name_shortlist(tokens: list[str]) -> tuple[str, list[str]]:
    """SQL for the rowids of the customers worth scoring against a name query, with its
    parameters: those sharing a name key (world/name_keys.py) with every part of the query (a
    match needs every part close), and every customer the episode has inserted or changed, whose
    keys the world's base does not hold. The keys find one typo per part; a weaker likeness a
    full scan scored just over the threshold (Lewis for Le, Casey for Chaney) is not shortlisted.
    """
    selects: list[str] = []
    params: list[str] = []
    for token in dict.fromkeys(tokens):
        keys = set(token_keys(token))
        for partner in nickname_partners(token):
            keys |= token_keys(partner)
        selects.append(
            f"SELECT customer FROM {KEYS_TABLE} WHERE key IN ({', '.join('?' * len(keys))})"
        )
        params += sorted(keys)
    sql = " INTERSECT ".join(selects)
    sql += f" UNION SELECT rid FROM {CHANGES_TABLE} WHERE tbl = 'customers'"
    return sql, params
