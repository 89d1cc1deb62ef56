"""`tasks stats`: how the task set spreads over splits, categories, difficulty, tools, policies."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from corecraft_mcp.tasks.models import Task


class Coverage(BaseModel):
    tasks: int
    by_split: dict[str, int]
    by_category: dict[str, int]
    by_difficulty: dict[str, int]
    by_criterion_kind: dict[str, int]
    tool_uses: dict[str, int]
    unused_tools: list[str]
    policy_uses: dict[str, int]
    unused_policies: list[str]


def coverage(tasks: list[Task], tool_names: list[str], policy_slugs: list[str]) -> Coverage:
    tools = Counter(call.tool for t in tasks for call in t.reference.calls)
    policies = Counter(slug for t in tasks for slug in t.policies)
    return Coverage(
        tasks=len(tasks),
        by_split=dict(Counter(t.split for t in tasks)),
        by_category=dict(Counter(t.category for t in tasks)),
        by_difficulty=dict(Counter(t.difficulty for t in tasks)),
        by_criterion_kind=dict(Counter(c.kind for t in tasks for c in t.rubric)),
        tool_uses={name: tools[name] for name in tool_names},
        unused_tools=[name for name in tool_names if not tools[name]],
        policy_uses={slug: policies[slug] for slug in policy_slugs},
        unused_policies=[slug for slug in policy_slugs if not policies[slug]],
    )


def render_coverage(cov: Coverage) -> str:
    def block(title: str, counts: dict[str, int]) -> list[str]:
        width = max((len(k) for k in counts), default=0) + 2
        return [title, *(f"  {k:<{width}}{v:>5}" for k, v in counts.items()), ""]

    lines = [f"{cov.tasks} tasks", ""]
    lines += block("split", cov.by_split)
    lines += block("category", cov.by_category)
    lines += block("difficulty", cov.by_difficulty)
    lines += block("criterion kind", cov.by_criterion_kind)
    lines += block("tool (calls in reference solutions)", cov.tool_uses)
    lines += block("policy (tasks citing it)", cov.policy_uses)
    if cov.unused_tools:
        lines.append(f"tools no task uses: {', '.join(cov.unused_tools)}")
    if cov.unused_policies:
        lines.append(f"policies no task cites: {', '.join(cov.unused_policies)}")
    return "\n".join(lines)
