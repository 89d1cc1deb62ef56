"""Stage 3: the knowledge base, rendered from the templates under world/content/kb/.

Front matter per article: title, category, tags, optionally `policy` (the company policy whose
numbers it states, which dates it after that policy took effect) and, on an older version of
another article, `superseded_by` (the newer article's file name). The older versions chosen are
the planted 'superseded_kb_article' mess: the newer one is dated after the older one's last
update, and an older one that states a superseded policy's rules is dated before its successor.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.generate.content_templates import Template, load_templates, render
from corecraft_mcp.world.generate.content_values import template_values
from corecraft_mcp.world.generate.context import GenContext

KB_CATEGORIES: frozenset[str] = frozenset(
    {
        "troubleshooting",
        "how_to",
        "compatibility",
        "returns_warranty",
        "shipping",
        "policy_faq",
        "account",
    }
)
FIRST_KB_NUMBER = 1001
# Articles are dated over the two years before the world's today.
_SPAN_DAYS = 730


def generate_kb_articles(ctx: GenContext) -> None:
    definition = ctx.definition
    total = definition.sizes.kb_articles
    n_old = round(total * definition.mess.superseded_kb_article)
    current, older = _load_pool()
    if n_old > len(older) or total - n_old > len(current):
        raise ValueError(
            f"world '{definition.name}' asks for {total} KB articles with {n_old} superseded; "
            f"the templates hold {len(current)} current and {len(older)} older versions"
        )
    rng = ctx.rng("kb")
    chosen_old = sorted(rng.sample(older, n_old), key=lambda t: t.name)
    required = {t.field("superseded_by") for t in chosen_old}
    optional = [t.name for t in current if t.name not in required]
    keep = required | set(rng.sample(optional, total - n_old - len(required)))
    chosen = [t for t in current if t.name in keep] + chosen_old

    dates = _article_dates(ctx, rng, chosen, _policy_dates(ctx))
    order = sorted(chosen, key=lambda t: (dates[t.name][0], t.name))
    ids = {t.name: f"KB-{FIRST_KB_NUMBER + i}" for i, t in enumerate(order)}

    values = template_values(definition)
    rows: list[dict[str, Any]] = []
    for template in order:
        source = f"kb/{template.name}.md"
        newer = template.meta.get("superseded_by")
        rows.append(
            {
                "id": ids[template.name],
                "slug": template.name,
                "title": render(template.field("title"), values, source),
                "category": template.field("category"),
                "tags": template.field("tags"),
                "body": render(template.body, values, source),
                "created_at": dates[template.name][0],
                "updated_at": dates[template.name][1],
                "superseded_by": ids[newer] if newer else None,
            }
        )
    # Articles that others point at go in first, so the rows satisfy their references as inserted.
    rows.sort(key=lambda r: r["superseded_by"] is not None)
    ctx.insert_many("kb_articles", rows)
    for row in rows:
        if row["superseded_by"]:
            ctx.plant(
                "superseded_kb_article",
                "kb_articles",
                row["id"],
                superseded_by=row["superseded_by"],
            )


def _load_pool() -> tuple[list[Template], list[Template]]:
    """The KB templates: (current articles, older versions), each sorted by file name."""
    templates = load_templates("kb")
    by_name = {t.name: t for t in templates}
    targets: set[str] = set()
    for t in templates:
        if t.field("category") not in KB_CATEGORIES:
            raise ValueError(f"kb/{t.name}.md: unknown category '{t.field('category')}'")
        target = t.meta.get("superseded_by")
        if target is None:
            continue
        if target not in by_name or target in targets or "superseded_by" in by_name[target].meta:
            raise ValueError(f"kb/{t.name}.md: superseded_by must name a distinct current article")
        targets.add(target)
    current = [t for t in templates if "superseded_by" not in t.meta]
    older = [t for t in templates if "superseded_by" in t.meta]
    return current, older


def _policy_dates(ctx: GenContext) -> dict[str, tuple[dt.date, dt.date | None]]:
    """Per policy slug: the current version's effective date, and the superseded one's if any."""
    current: dict[str, dt.date] = {}
    older: dict[str, dt.date] = {}
    for slug, status, effective in ctx.conn.execute(
        "SELECT slug, status, effective_date FROM company_policies"
    ):
        day = dt.date.fromisoformat(effective)
        (current if status == "current" else older)[slug] = day
    return {slug: (day, older.get(slug)) for slug, day in current.items()}


def _article_dates(
    ctx: GenContext,
    rng: random.Random,
    chosen: list[Template],
    policies: dict[str, tuple[dt.date, dt.date | None]],
) -> dict[str, tuple[str, str]]:
    """(created_at, updated_at) per article name, all within the two years before today."""
    start = ctx.today - dt.timedelta(days=_SPAN_DAYS)
    end = ctx.today - dt.timedelta(days=1)

    def day_between(lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=rng.randint(0, max((hi - lo).days, 0)))

    def stamp(day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)))
        return iso_ts(moment.replace(tzinfo=dt.UTC))

    def span(
        lo: dt.date, hi: dt.date, updated_from: dt.date, updated_to: dt.date
    ) -> tuple[str, str]:
        created = day_between(lo, hi)
        created_at = stamp(created)
        updated_at = stamp(day_between(max(created, updated_from), updated_to))
        return created_at, max(created_at, updated_at)

    def effective(template: Template) -> tuple[dt.date, dt.date | None]:
        slug = template.meta.get("policy")
        if slug is None:
            return start, None
        if slug not in policies:
            raise ValueError(f"kb/{template.name}.md: unknown policy '{slug}'")
        return policies[slug]

    dates: dict[str, tuple[str, str]] = {}
    olds = {t.field("superseded_by"): t for t in chosen if "superseded_by" in t.meta}
    for template in chosen:
        if "superseded_by" in template.meta:
            continue
        old = olds.get(template.name)
        if old is None:
            dates[template.name] = span(start, end, effective(template)[0], end)
            continue
        # The older version gave way to this one on `split`: when its policy changed if it states
        # a policy's rules, otherwise on some day of the span.
        split, old_since = effective(old)
        if "policy" not in old.meta:
            split = day_between(start + dt.timedelta(days=240), end - dt.timedelta(days=30))
        split = max(split, start + dt.timedelta(days=90))
        lo = max(start, old_since) if old_since else start
        dates[old.name] = span(lo, split - dt.timedelta(days=60), lo, split - dt.timedelta(days=1))
        dates[template.name] = span(split, min(split + dt.timedelta(days=45), end), split, end)
    return dates
