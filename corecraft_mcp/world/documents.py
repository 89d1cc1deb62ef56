"""The company's policies and knowledge-base articles as readers see them: one rendering.

The server publishes these texts as MCP resources, the system prompt indexes them and the judge
grades against them, so the judge reads exactly what the agent could read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyDocument:
    slug: str
    id: str
    title: str
    version: str
    summary: str
    markdown: str


@dataclass(frozen=True)
class KbDocument:
    id: str
    title: str
    category: str
    superseded_by: str | None
    markdown: str


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row  # on this cursor only: the base connection is shared
    return cursor.execute(sql, params).fetchall()


def _policy_markdown(row: sqlite3.Row) -> str:
    return (
        f"# {row['title']}\n\n"
        f"Policy {row['id']}, version {row['version']}, effective {row['effective_date']}.\n\n"
        f"{row['body'].strip()}\n"
    )


def _kb_markdown(row: sqlite3.Row) -> str:
    header = (
        f"# {row['title']}\n\nArticle {row['id']} ({row['category']}), updated {row['updated_at']}."
    )
    if row["superseded_by"]:
        header += (
            f"\n\n> Superseded by {row['superseded_by']} ({row['newer_title']}): this article is "
            "out of date; follow the newer one."
        )
    return f"{header}\n\n{row['body'].strip()}\n"


def policy_documents(conn: sqlite3.Connection) -> list[PolicyDocument]:
    """The current policies, by slug."""
    rows = _rows(
        conn,
        "SELECT id, slug, title, version, effective_date, summary, body FROM company_policies "
        "WHERE status = 'current' ORDER BY slug",
    )
    return [
        PolicyDocument(
            slug=r["slug"],
            id=r["id"],
            title=r["title"],
            version=r["version"],
            summary=r["summary"],
            markdown=_policy_markdown(r),
        )
        for r in rows
    ]


def kb_documents(conn: sqlite3.Connection) -> list[KbDocument]:
    """Every knowledge-base article, superseded ones included (marked so), by id."""
    rows = _rows(
        conn,
        "SELECT a.id, a.title, a.category, a.body, a.updated_at, a.superseded_by, "
        "n.title AS newer_title FROM kb_articles a LEFT JOIN kb_articles n "
        "ON n.id = a.superseded_by ORDER BY a.id",
    )
    return [
        KbDocument(
            id=r["id"],
            title=r["title"],
            category=r["category"],
            superseded_by=r["superseded_by"],
            markdown=_kb_markdown(r),
        )
        for r in rows
    ]


def policy_texts(conn: sqlite3.Connection, slugs: list[str]) -> dict[str, str]:
    """The named current policies' texts, slug -> markdown (unknown slugs are left out)."""
    wanted = set(slugs)
    return {d.slug: d.markdown for d in policy_documents(conn) if d.slug in wanted}
