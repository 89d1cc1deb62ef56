"""Knowledge-base tools: ranked full-text search over the articles, and one article in full.

Superseded articles stay searchable (a customer may quote one) but are marked on every hit with the
article that replaces them, and rank lower: their relevance score is scaled by
SUPERSEDED_RANK_FACTOR, so for the same relevance a current article always comes first.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import (
    MAX_QUERY,
    Page,
    PageInfo,
    PageSize,
    ToolInputError,
    ToolSpec,
    offset,
    page_info,
)
from corecraft_mcp.tools.fts import FtsQuery, MatchMode
from corecraft_mcp.world.connection import Row, WorldConnection

# The knowledge base's categories (the generator's KB_CATEGORIES; a test keeps the two equal).
KbCategory = Literal[
    "troubleshooting", "how_to", "compatibility", "returns_warranty", "shipping", "policy_faq",
    "account",
]  # fmt: skip

# bm25 column weights of kb_fts (title, tags, body): a word in the title says far more about what
# an article is for than the same word somewhere in its body.
_BM25 = "bm25(kb_fts, 10.0, 4.0, 1.0)"
# bm25 scores are negative (lower is better); halving a superseded article's score puts it below
# a current article of equal relevance without hiding it when it is by far the best match.
SUPERSEDED_RANK_FACTOR = 0.5
_SNIPPET_TOKENS = 24
# snippet() marks matches with control characters no article contains; the body's own markdown
# emphasis is dropped before they become **bold**, so the two can never run together.
_MARK_START, _MARK_END = "\x02", "\x03"
_BROWSE_SNIPPET_CHARS = 200
# Supersession chains are short; the bound only guards against a cycle in bad data.
_MAX_CHAIN = 20


class KbArticleRef(BaseModel):
    id: str
    slug: str
    title: str


class KbSearchHit(BaseModel):
    id: str
    slug: str
    title: str
    category: str
    snippet: str = Field(description="Where the query matches in the body (matches in **bold**).")
    updated_at: str
    superseded_by: KbArticleRef | None = Field(
        description="The newer article that replaces this one; null while this one is current."
    )


class KbSearchResult(PageInfo):
    match_mode: MatchMode | None = Field(
        description="all_terms: every word of the query matched; any_term: no article had every "
        "word, so articles with any of them are ranked; null: no query (browsing)."
    )
    note: str | None = None
    results: list[KbSearchHit]


class KbArticle(BaseModel):
    id: str
    slug: str
    title: str
    category: str
    tags: list[str]
    body: str = Field(description="The article in markdown.")
    created_at: str
    updated_at: str
    superseded_by: KbArticleRef | None = Field(
        description="The newer article that replaces this one; null while this one is current."
    )
    current_version: KbArticleRef | None = Field(
        description="When superseded: the newest article of the chain, the one to follow."
    )
    supersedes: list[KbArticleRef] = Field(description="Older articles this one replaced.")
    notice: str | None = Field(description="Set when the article is out of date.")


def _ref(row: Row, prefix: str = "") -> KbArticleRef:
    return KbArticleRef(
        id=row[f"{prefix}id"], slug=row[f"{prefix}slug"], title=row[f"{prefix}title"]
    )


def _successor(row: Row) -> KbArticleRef | None:
    return None if row["new_id"] is None else _ref(row, "new_")


_SELECT = (
    "SELECT a.id, a.slug, a.title, a.category, a.updated_at, "
    "n.id AS new_id, n.slug AS new_slug, n.title AS new_title"
)
_JOIN_SUCCESSOR = "LEFT JOIN kb_articles n ON n.id = a.superseded_by"


def _filter(category: str | None, include_superseded: bool) -> tuple[str, list[object]]:
    """The WHERE conditions (after the text match) and their parameters."""
    conditions = ["1"]
    params: list[object] = []
    if category is not None:
        conditions.append("a.category = ?")
        params.append(category)
    if not include_superseded:
        conditions.append("a.superseded_by IS NULL")
    return " AND ".join(conditions), params


async def search_knowledgebase(
    db: WorldConnection,
    query: Annotated[
        str | None,
        Field(
            description="Words to look for in titles, tags and bodies, e.g. 'GPU artifacts "
            "driver' or the customer's own question. Leave out to browse.",
            max_length=MAX_QUERY,
        ),
    ] = None,
    category: Annotated[
        KbCategory | None, Field(description="Only articles of this category.")
    ] = None,
    include_superseded: Annotated[
        bool,
        Field(description="Also return out-of-date articles (marked with superseded_by)."),
    ] = True,
    page: Page = 1,
    page_size: PageSize = 10,
) -> KbSearchResult:
    """Search the knowledge base (troubleshooting and how-to articles) by relevance: titles count
    more than bodies; if no article has every word of the query, articles with any of them are
    ranked instead (match_mode says which). Each hit has a snippet of where it matches and
    `superseded_by` when a newer article replaces it: superseded articles rank below current ones
    of equal relevance; follow the newer article. Without a query, lists articles (current ones
    first, most recently updated first). Use get_knowledgebase_article to read one in full.
    Searches articles only, not company policies."""
    where, where_params = _filter(category, include_superseded)
    if query is None or not query.strip():
        return await _browse(db, where, where_params, page, page_size)
    fts = FtsQuery.parse(query)
    if fts.empty:
        return KbSearchResult(
            **page_info(page, page_size, 0).model_dump(),
            match_mode=None,
            note=f"the query {query!r} has no words to search for: use plain words",
            results=[],
        )
    matched = f"FROM kb_fts JOIN kb_articles a ON a.rowid = kb_fts.rowid {_JOIN_SUCCESSOR} "
    matched += f"WHERE kb_fts MATCH ? AND {where}"
    mode: MatchMode = "all_terms"
    total = 0
    for mode in fts.modes():
        match_params = [fts.expression(mode), *where_params]
        total = int(await db.scalar(f"SELECT count(*) {matched}", match_params))
        if total:
            break
    rows = await db.fetchall(
        f"{_SELECT}, snippet(kb_fts, 2, char(2), char(3), '…', {_SNIPPET_TOKENS}) AS snippet, "
        f"{_BM25} * (CASE WHEN a.superseded_by IS NULL THEN 1.0 ELSE ? END) AS score "
        f"{matched} ORDER BY score, a.id LIMIT ? OFFSET ?",
        [SUPERSEDED_RANK_FACTOR, *match_params, page_size, offset(page, page_size)],
    )
    return KbSearchResult(
        **page_info(page, page_size, total).model_dump(),
        match_mode=mode,
        note=None if total else "no article matches: try other words or another category",
        results=[_hit(row, _highlight(row["snippet"])) for row in rows],
    )


async def _browse(
    db: WorldConnection, where: str, params: list[object], page: int, page_size: int
) -> KbSearchResult:
    """Articles without a query: current ones first, most recently updated first."""
    total = int(await db.scalar(f"SELECT count(*) FROM kb_articles a WHERE {where}", params))
    rows = await db.fetchall(
        f"{_SELECT}, substr(a.body, 1, {_BROWSE_SNIPPET_CHARS + 40}) AS snippet "
        f"FROM kb_articles a {_JOIN_SUCCESSOR} WHERE {where} "
        "ORDER BY a.superseded_by IS NOT NULL, a.updated_at DESC, a.id LIMIT ? OFFSET ?",
        [*params, page_size, offset(page, page_size)],
    )
    return KbSearchResult(
        **page_info(page, page_size, total).model_dump(),
        match_mode=None,
        results=[_hit(row, _shorten(row["snippet"])) for row in rows],
    )


def _highlight(snippet: str) -> str:
    plain = " ".join(snippet.replace("**", "").replace("__", "").split())
    return plain.replace(_MARK_START, "**").replace(_MARK_END, "**")


def _shorten(text: str) -> str:
    flat = " ".join(text.replace("**", "").split())
    if len(flat) <= _BROWSE_SNIPPET_CHARS:
        return flat
    return flat[:_BROWSE_SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"


def _hit(row: Row, snippet: str) -> KbSearchHit:
    return KbSearchHit(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        category=row["category"],
        snippet=snippet,
        updated_at=row["updated_at"],
        superseded_by=_successor(row),
    )


async def get_knowledgebase_article(
    db: WorldConnection,
    article: Annotated[
        str,
        Field(
            description="The article's id or slug, as search_knowledgebase returns them.",
            min_length=1,
            max_length=200,
        ),
    ],
) -> KbArticle:
    """Read one knowledge-base article in full (markdown body, tags, dates). When a newer article
    replaces it, `superseded_by` names that article, `current_version` the newest one, and
    `notice` says to use it instead: do not give customers steps from a superseded article. Find
    articles with search_knowledgebase."""
    key = article.strip()
    row = await db.fetchone(
        f"{_SELECT}, a.tags, a.body, a.created_at FROM kb_articles a {_JOIN_SUCCESSOR} "
        "WHERE a.id = ? COLLATE NOCASE OR a.slug = ? COLLATE NOCASE "
        "ORDER BY a.id = ? COLLATE NOCASE DESC LIMIT 1",
        (key, key, key),
    )
    if row is None:
        raise ToolInputError(
            f"knowledge-base article '{article}' not found: give an article id or slug as "
            "search_knowledgebase returns them; use search_knowledgebase to find one"
        )
    successor = _successor(row)
    current = await _newest(db, row["id"]) if successor else None
    older = await db.fetchall(
        "SELECT id, slug, title FROM kb_articles WHERE superseded_by = ? ORDER BY id", (row["id"],)
    )
    notice = None
    if current is not None:
        notice = (
            f"Out of date: this article is superseded by {current.id} '{current.title}'. "
            f"Use {current.id} instead (get_knowledgebase_article('{current.id}'))."
        )
    return KbArticle(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        category=row["category"],
        tags=[t.strip() for t in row["tags"].split(",") if t.strip()],
        body=row["body"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        superseded_by=successor,
        current_version=current,
        supersedes=[_ref(r) for r in older],
        notice=notice,
    )


async def _newest(db: WorldConnection, article_id: str) -> KbArticleRef | None:
    """The end of the supersession chain that starts at `article_id`."""
    rows = await db.fetchall(
        "WITH RECURSIVE chain(id, depth) AS ("
        " SELECT superseded_by, 1 FROM kb_articles WHERE id = ? AND superseded_by IS NOT NULL"
        " UNION ALL"
        " SELECT a.superseded_by, c.depth + 1 FROM chain c JOIN kb_articles a ON a.id = c.id"
        " WHERE a.superseded_by IS NOT NULL AND c.depth < ?) "
        "SELECT a.id, a.slug, a.title FROM chain c JOIN kb_articles a ON a.id = c.id "
        "ORDER BY c.depth DESC LIMIT 1",
        (article_id, _MAX_CHAIN),
    )
    return _ref(rows[0]) if rows else None


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(search_knowledgebase, "read", "Search the knowledge base"),
    ToolSpec(get_knowledgebase_article, "read", "Read a knowledge-base article"),
)
