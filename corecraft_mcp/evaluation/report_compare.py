"""The tables that set two runs side by side: headlines, categories, and every task's passes.

Differences read as B minus A: a positive number means the second run did better (fewer for
errors and cost, where the sign is still B - A and the reader judges the direction).
"""

from __future__ import annotations

from corecraft_mcp.evaluation.metrics import Group, Rate, Summary
from corecraft_mcp.evaluation.report_data import (
    Column,
    Run,
    Table,
    cost_text,
    duration,
    pct,
    points,
    rate_text,
    short_hash,
    signed,
)
from corecraft_mcp.evaluation.report_tables import by_task, header_rows, ordered_difficulties

MISSING = "–"


def labels(a: Run, b: Run) -> tuple[str, str]:
    """Column names for the two runs: their folder names, or full paths when those clash."""
    if a.label != b.label:
        return f"A: {a.label}", f"B: {b.label}"
    return f"A: {a.path}", f"B: {b.path}"


def compare_header_table(a: Run, b: Run) -> Table:
    label_a, label_b = labels(a, b)
    rows_a = header_rows(a.summary, a.config, a.path)
    rows_b = header_rows(b.summary, b.config, b.path)
    table = Table(
        title="Runs compared",
        columns=[Column(""), Column(label_a), Column(label_b)],
        rows=[
            [name, value_a, value_b]
            for (name, value_a), (_, value_b) in zip(rows_a, rows_b, strict=True)
        ],
    )
    if a.config.world_hash != b.config.world_hash:
        table.note = (
            f"the runs used different worlds ({short_hash(a.config.world_hash)} and "
            f"{short_hash(b.config.world_hash)}): the same task may have a different answer"
        )
    return table


def _rate_row(name: str, rate_a: Rate | None, rate_b: Rate | None) -> list[str]:
    if rate_a is None or rate_b is None:  # awaiting a judge: no difference to state
        return [name, _rate_or_awaiting(rate_a), _rate_or_awaiting(rate_b), MISSING]
    return [name, rate_text(rate_a), rate_text(rate_b), points(rate_b.rate - rate_a.rate)]


def _rate_or_awaiting(rate: Rate | None) -> str:
    return "awaiting judge" if rate is None else rate_text(rate)


def _count_delta(count_a: int, count_b: int) -> str:
    return f"{count_b - count_a:+,}" if count_b != count_a else "0"


def _count_row(name: str, count_a: int, count_b: int) -> list[str]:
    return [name, f"{count_a:,}", f"{count_b:,}", _count_delta(count_a, count_b)]


def compare_headline_table(a: Run, b: Run) -> Table:
    label_a, label_b = labels(a, b)
    sa, sb = a.summary, b.summary
    rows = [
        _rate_row("pass rate", sa.pass_rate, sb.pass_rate),
        _rate_row(
            "deterministic pass rate", sa.deterministic_pass_rate, sb.deterministic_pass_rate
        ),
    ]
    # pass@k needs k trials of a task in both runs to mean the same thing.
    for name, values_a, values_b in (
        ("pass@", sa.pass_at_k, sb.pass_at_k),
        ("pass^", sa.pass_hat_k, sb.pass_hat_k),
    ):
        for k in sorted(set(values_a) & set(values_b)):
            if name == "pass^" and k == 1:
                continue
            rows.append(
                [
                    f"{name}{k}",
                    pct(values_a[k]),
                    pct(values_b[k]),
                    points(values_b[k] - values_a[k]),
                ]
            )
    rows += [
        [
            "mean reward",
            f"{sa.mean_reward:.3f}",
            f"{sb.mean_reward:.3f}",
            signed(sb.mean_reward - sa.mean_reward),
        ],
        _count_row("completed episodes", sa.completed, sb.completed),
        _count_row("infra errors", sa.infra_errors, sb.infra_errors),
        _count_row("ungraded criteria", sa.ungraded_criteria, sb.ungraded_criteria),
        [
            "tool calls per episode",
            f"{sa.mean_tool_calls:.1f}",
            f"{sb.mean_tool_calls:.1f}",
            signed(sb.mean_tool_calls - sa.mean_tool_calls, 1),
        ],
        _count_row("input tokens", sa.usage.input_tokens, sb.usage.input_tokens),
        _count_row("output tokens", sa.usage.output_tokens, sb.usage.output_tokens),
        _cost_row(sa, sb),
        [
            "wall time (sum)",
            duration(sa.episode_wall_s),
            duration(sb.episode_wall_s),
            "",
        ],
    ]
    return Table(
        title="Headlines",
        columns=[
            Column("metric"),
            Column(label_a, "right"),
            Column(label_b, "right"),
            Column("B - A", "right"),
        ],
        rows=rows,
    )


def _cost_row(sa: Summary, sb: Summary) -> list[str]:
    both = sa.cost_usd is not None and sb.cost_usd is not None
    delta = f"{(sb.cost_usd or 0) - (sa.cost_usd or 0):+,.2f}" if both else ""
    return ["cost", cost_text(sa.cost_usd), cost_text(sb.cost_usd), delta]


def compare_groups_table(
    title: str,
    label: str,
    groups_a: dict[str, Group],
    groups_b: dict[str, Group],
    run_labels: tuple[str, str],
    order: list[str],
) -> Table:
    # Pass rates compare only where both are known; else the deterministic ones, said so.
    awaiting = any(g.awaiting_judge for g in [*groups_a.values(), *groups_b.values()])

    def rate(group: Group) -> Rate:
        return group.deterministic_pass_rate if awaiting else group.known_rate

    table = Table(
        title=title,
        columns=[
            Column(label),
            Column(run_labels[0], "right"),
            Column(run_labels[1], "right"),
            Column("B - A", "right"),
        ],
    )
    for name in order:
        ga, gb = groups_a.get(name), groups_b.get(name)
        delta = points(rate(gb).rate - rate(ga).rate) if ga and gb else MISSING
        table.rows.append(
            [
                name,
                rate_text(rate(ga)) if ga else MISSING,
                rate_text(rate(gb)) if gb else MISSING,
                delta,
            ]
        )
    if awaiting:
        table.note = "deterministic pass rates: episodes await a judge"
    return table


def compare_tasks_table(a: Run, b: Run) -> Table:
    """Every task of either run with its passes in each; the biggest changes first."""
    label_a, label_b = labels(a, b)
    tasks_a, tasks_b = by_task(a.episodes), by_task(b.episodes)
    entries: list[tuple[float, str, list[str]]] = []
    for task_id in sorted(set(tasks_a) | set(tasks_b)):
        ta, tb = tasks_a.get(task_id, []), tasks_b.get(task_id, [])
        pa, pb = sum(e.passed for e in ta), sum(e.passed for e in tb)
        if ta and tb:
            change = pb / len(tb) - pa / len(ta)
            # Pass counts subtract only over the same number of trials; otherwise compare rates.
            delta = _count_delta(pa, pb) if len(ta) == len(tb) else points(change)
        else:
            change, delta = 0.0, MISSING
        row = [
            task_id,
            f"{pa}/{len(ta)}" if ta else MISSING,
            f"{pb}/{len(tb)}" if tb else MISSING,
            delta,
        ]
        entries.append((-abs(change), task_id, row))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    table = Table(
        title="Per task (passed / trials)",
        columns=[
            Column("task"),
            Column(label_a, "right"),
            Column(label_b, "right"),
            Column("B - A", "right"),
        ],
        rows=[row for _, _, row in entries],
    )
    changed = sum(1 for change, _, _ in entries if change)
    table.note = f"{changed} of {len(entries)} tasks changed"
    return table


def compare_tables(a: Run, b: Run) -> list[Table]:
    run_labels = labels(a, b)
    sa, sb = a.summary, b.summary
    categories = sorted(set(sa.by_category) | set(sb.by_category))
    difficulties = ordered_difficulties({**sa.by_difficulty, **sb.by_difficulty})
    return [
        compare_header_table(a, b),
        compare_headline_table(a, b),
        compare_groups_table(
            "By category",
            "category",
            sa.by_category,
            sb.by_category,
            run_labels,
            categories,
        ),
        compare_groups_table(
            "By difficulty",
            "difficulty",
            sa.by_difficulty,
            sb.by_difficulty,
            run_labels,
            difficulties,
        ),
        compare_tasks_table(a, b),
    ]
