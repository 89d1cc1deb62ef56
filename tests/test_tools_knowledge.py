"""search_knowledgebase and get_knowledgebase_article against the seed42 world."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ConfigDict, ValidationError, validate_call

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.fts import MAX_TERMS, FtsQuery
from corecraft_mcp.tools.knowledge import (
    SUPERSEDED_RANK_FACTOR,
    TOOLS,
    KbCategory,
    get_knowledgebase_article,
    search_knowledgebase,
)
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.generate.content_kb import KB_CATEGORIES

# Text that is FTS5 syntax, SQL, or nothing searchable: each must come back as a normal answer.
HOSTILE_QUERIES = [
    '"',
    '""',
    "AND OR (",
    "NOT",
    "NEAR(a b)",
    "title:",
    "body: *",
    "*",
    "^start",
    "'; DROP TABLE kb_articles; --",
    "x' OR '1'='1",
    "a\\b%_c",
    "\x00\x01",
    "(((",
    "gpu -driver +fan",
    "é" * 3 + " 日本語",
    "w" * 200,
]


async def superseded_pair(db: WorldConnection) -> tuple[Row, Row]:
    """An out-of-date article and the one that replaces it."""
    row = await db.fetchone(
        "SELECT a.id, a.slug, a.title, n.id AS new_id, n.title AS new_title "
        "FROM kb_articles a JOIN kb_articles n ON n.id = a.superseded_by ORDER BY a.id LIMIT 1"
    )
    assert row is not None, "seed42 plants superseded KB articles"
    return row, {"id": row["new_id"], "title": row["new_title"]}


def test_fts_query_quotes_words_and_drops_stopwords() -> None:
    query = FtsQuery.parse('My PC won\'t turn on: "NEAR" AND (pc) OR x_z*')
    assert query.terms == ("pc", "turn", "near", "x", "z")
    assert query.expression("all_terms") == '"pc" "turn" "near" "x" "z"'
    assert query.expression("any_term") == '"pc" OR "turn" OR "near" OR "x" OR "z"'
    assert query.modes() == ("all_terms", "any_term")
    assert FtsQuery.parse("on the").terms == ("on", "the"), "only stopwords: keep them"
    assert FtsQuery.parse("gpu").modes() == ("all_terms",)
    assert FtsQuery.parse("\"'()*^:-").empty
    assert len(FtsQuery.parse(" ".join(f"w{i}" for i in range(100))).terms) == MAX_TERMS


def test_tool_names() -> None:
    assert [spec.name for spec in TOOLS] == ["search_knowledgebase", "get_knowledgebase_article"]
    assert all(spec.kind == "read" for spec in TOOLS)


async def test_search_finds_article_by_its_title(db: WorldConnection) -> None:
    article = await db.fetchone(
        "SELECT id, title FROM kb_articles WHERE superseded_by IS NULL ORDER BY id LIMIT 1"
    )
    assert article is not None
    result = await search_knowledgebase(db, query=article["title"], page_size=5)
    assert result.match_mode == "all_terms"
    assert result.total >= 1
    assert article["id"] in [hit.id for hit in result.results[:3]]


async def test_title_weighs_more_than_body(db: WorldConnection) -> None:
    """Of articles matching one word, those with it in the title come before those with it only
    in the body (other things equal, which a rare title word makes likely)."""
    row = await db.fetchone(
        "SELECT a.title FROM kb_articles a WHERE a.superseded_by IS NULL ORDER BY length(a.title) "
        "DESC LIMIT 1"
    )
    assert row is not None
    word = max(row["title"].split(), key=len).strip(".,:;()?!'\"").lower()
    result = await search_knowledgebase(db, query=word, page_size=50)
    top = result.results[0]
    # the title holds the word or a form of it (the index stems: 'updating' finds 'update')
    assert word[:5] in top.title.lower(), f"an article with '{word}' in its title ranks first"


async def test_hits_carry_snippet_and_supersession(db: WorldConnection) -> None:
    old, new = await superseded_pair(db)
    result = await search_knowledgebase(db, query=old["title"], page_size=50)
    hits = {hit.id: hit for hit in result.results}
    assert old["id"] in hits
    hit = hits[old["id"]]
    assert hit.superseded_by is not None
    assert (hit.superseded_by.id, hit.superseded_by.title) == (new["id"], new["title"])
    assert all(h.snippet for h in result.results)
    assert any("**" in h.snippet for h in result.results), "snippets mark the matched words"
    for h in result.results:
        stored = await db.scalar("SELECT superseded_by FROM kb_articles WHERE id = ?", (h.id,))
        assert (h.superseded_by.id if h.superseded_by else None) == stored


async def test_ranking_demotes_superseded_articles(db: WorldConnection) -> None:
    """The documented order: bm25 (title 10, tags 4, body 1), scaled by SUPERSEDED_RANK_FACTOR
    for superseded articles; a current article beats a superseded one of equal relevance."""
    old, _ = await superseded_pair(db)
    query = old["title"]
    result = await search_knowledgebase(db, query=query, page_size=50)
    raw = await db.fetchall(
        "SELECT a.id, bm25(kb_fts, 10.0, 4.0, 1.0) AS score, a.superseded_by IS NOT NULL AS old "
        "FROM kb_fts JOIN kb_articles a ON a.rowid = kb_fts.rowid WHERE kb_fts MATCH ?",
        (FtsQuery.parse(query).expression("all_terms"),),
    )
    expected = sorted(
        raw, key=lambda r: (r["score"] * (SUPERSEDED_RANK_FACTOR if r["old"] else 1.0), r["id"])
    )
    assert [h.id for h in result.results] == [r["id"] for r in expected][:50]
    assert SUPERSEDED_RANK_FACTOR < 1  # bm25 is negative: a smaller factor ranks lower


async def test_exclude_superseded(db: WorldConnection) -> None:
    old, _ = await superseded_pair(db)
    result = await search_knowledgebase(
        db, query=old["title"], include_superseded=False, page_size=50
    )
    assert result.results
    assert all(hit.superseded_by is None for hit in result.results)
    browse = await search_knowledgebase(db, include_superseded=False, page_size=50)
    current = await db.scalar("SELECT count(*) FROM kb_articles WHERE superseded_by IS NULL")
    assert browse.total == current


async def test_any_term_fallback(db: WorldConnection) -> None:
    article = await db.fetchone("SELECT id, title FROM kb_articles ORDER BY id LIMIT 1")
    assert article is not None
    query = f"{article['title']} zzqxunmatchedword"
    result = await search_knowledgebase(db, query=query)
    assert result.match_mode == "any_term"
    assert result.total >= 1


async def test_no_match(db: WorldConnection) -> None:
    result = await search_knowledgebase(db, query="zzqxunmatchedword")
    assert (result.total, result.results, result.has_more) == (0, [], False)
    assert result.note


async def test_browse_and_pagination(db: WorldConnection) -> None:
    total = await db.scalar("SELECT count(*) FROM kb_articles")
    first = await search_knowledgebase(db, page=1, page_size=7)
    second = await search_knowledgebase(db, page=2, page_size=7)
    assert first.total == second.total == total
    assert first.has_more and len(first.results) == 7
    assert not {h.id for h in first.results} & {h.id for h in second.results}
    everything = []
    for page in range(1, total // 50 + 2):
        everything += (await search_knowledgebase(db, page=page, page_size=50)).results
    assert len({h.id for h in everything}) == total
    flags = [h.superseded_by is not None for h in everything]
    assert flags == sorted(flags), "browsing lists current articles before superseded ones"
    past_end = await search_knowledgebase(db, page=total + 1, page_size=50)
    assert past_end.results == [] and not past_end.has_more


async def test_category_filter(db: WorldConnection) -> None:
    category = await db.scalar("SELECT category FROM kb_articles ORDER BY id LIMIT 1")
    count = await db.scalar("SELECT count(*) FROM kb_articles WHERE category = ?", (category,))
    result = await search_knowledgebase(db, category=category, page_size=50)
    assert result.total == count
    assert {h.category for h in result.results} == {category}
    words = await search_knowledgebase(db, query="the", category=category, page_size=50)
    assert words.results and all(h.category == category for h in words.results)


def test_categories_are_the_generators() -> None:
    assert set(get_args(KbCategory)) == KB_CATEGORIES


async def test_unknown_category_is_rejected(db: WorldConnection, episode: Episode) -> None:
    validated = validate_call(config=ConfigDict(arbitrary_types_allowed=True))(search_knowledgebase)
    with pytest.raises(ValidationError):
        await validated(db, category="no-such-category")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        await validated(db, query="x" * 201)
    assert episode.diff().is_empty


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
async def test_hostile_queries_never_fail(
    db: WorldConnection, episode: Episode, query: str
) -> None:
    result = await search_knowledgebase(db, query=query)
    assert result.total >= 0
    assert len(result.results) <= 10
    assert episode.diff().is_empty
    assert await db.scalar("SELECT count(*) FROM kb_articles") > 0


async def test_query_without_words(db: WorldConnection) -> None:
    result = await search_knowledgebase(db, query='"(*)"')
    assert result.total == 0 and result.note and "no words" in result.note
    blank = await search_knowledgebase(db, query="   ")
    assert blank.total == await db.scalar("SELECT count(*) FROM kb_articles")


async def test_get_article_by_id_or_slug(db: WorldConnection) -> None:
    row = await db.fetchone("SELECT * FROM kb_articles WHERE superseded_by IS NULL LIMIT 1")
    assert row is not None
    by_id = await get_knowledgebase_article(db, row["id"].lower())
    by_slug = await get_knowledgebase_article(db, f"  {row['slug']} ")
    assert by_id == by_slug
    assert (by_id.id, by_id.title, by_id.body) == (row["id"], row["title"], row["body"])
    assert by_id.superseded_by is None and by_id.current_version is None
    assert by_id.notice is None


async def test_get_superseded_article(db: WorldConnection) -> None:
    old, new = await superseded_pair(db)
    article = await get_knowledgebase_article(db, old["id"])
    assert article.superseded_by is not None
    assert (article.superseded_by.id, article.superseded_by.title) == (new["id"], new["title"])
    assert article.current_version is not None
    newest = await get_knowledgebase_article(db, article.current_version.id)
    assert newest.superseded_by is None, "current_version is the end of the chain"
    assert article.notice is not None and article.current_version.id in article.notice
    newer = await get_knowledgebase_article(db, new["id"])
    assert old["id"] in [ref.id for ref in newer.supersedes]


@pytest.mark.parametrize("key", ["KB-999999", "", " ", "'; DROP TABLE kb_articles; --", "x" * 200])
async def test_get_unknown_article(db: WorldConnection, episode: Episode, key: str) -> None:
    with pytest.raises(ToolInputError, match="not found"):
        await get_knowledgebase_article(db, key)
    assert episode.diff().is_empty


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(
    query=st.one_of(st.none(), st.text(max_size=80), st.sampled_from(HOSTILE_QUERIES)),
    category=st.one_of(st.none(), st.sampled_from(get_args(KbCategory))),
    include_superseded=st.booleans(),
    page=st.integers(1, 20),
)
async def test_search_never_fails_on_valid_arguments(
    db: WorldConnection,
    query: str | None,
    category: KbCategory | None,
    include_superseded: bool,
    page: int,
) -> None:
    result = await search_knowledgebase(
        db,
        query=query,
        category=category,
        include_superseded=include_superseded,
        page=page,
        page_size=5,
    )
    assert result.has_more == (page * 5 < result.total)
    assert all(category in (None, hit.category) for hit in result.results)
    assert include_superseded or all(hit.superseded_by is None for hit in result.results)
