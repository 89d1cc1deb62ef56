"""The report's tables for one run: header, headline, breakdowns and the failing tasks."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from corecraft_mcp.evaluation.metrics import Group, Summary
from corecraft_mcp.evaluation.report_data import (
    Column,
    Run,
    Table,
    ci_text,
    cost_text,
    duration,
    pct,
    rate_text,
    short_hash,
)
from corecraft_mcp.evaluation.results import EpisodeResult, RunConfig

# Difficulty reads best in its natural order; the metrics sort names alphabetically.
DIFFICULTY_ORDER = ("easy", "medium", "hard")


def header_rows(
    summary: Summary, config: RunConfig | None = None, path: Path | None = None
) -> list[tuple[str, str]]:
    """Who ran what: from the summary alone, with the folder's path and config when known."""
    judge = summary.judge_model or "none (judged criteria ungraded)"
    if summary.judge_model and config is not None and config.judge_votes > 1:
        judge += f" ({config.judge_votes}-vote majority)"
    world = short_hash(summary.world_hash)
    rows = [("results", str(path))] if path is not None else []
    rows += [
        ("model", summary.model),
        ("judge", judge),
        ("world", f"{config.world} ({world})" if config is not None else world),
        (
            "tasks x trials",
            f"{summary.tasks} x {summary.trials} = {summary.tasks * summary.trials} episodes",
        ),
    ]
    if config is not None:
        rows.append(("max steps", str(config.max_steps)))
    return rows


def header_table(title: str, rows: list[tuple[str, str]]) -> Table:
    return Table(title=title, columns=[Column(""), Column("")], rows=[list(r) for r in rows])


def _episodes_text(summary: Summary) -> str:
    text = f"{summary.completed} completed of {summary.episodes}"
    if summary.missing:
        text += f" ({summary.missing} not run yet)"
    return text


def pass_rate_text(summary: Summary | Group) -> str:
    """The pass rate, or while episodes await a judge, what is known of it."""
    if summary.pass_rate is not None:
        return f"{rate_text(summary.pass_rate)}, 95% CI {ci_text(summary.pass_rate)}"
    bounds = summary.pass_rate_bounds
    return (
        f"unknown: {summary.awaiting_judge} episode(s) await a judge; between "
        f"{pct(bounds.lower.rate)} and {pct(bounds.upper.rate)}"
    )


def headline_rows(summary: Summary) -> list[tuple[str, str]]:
    rows = [
        (
            "deterministic pass rate",
            f"{rate_text(summary.deterministic_pass_rate)}, "
            f"95% CI {ci_text(summary.deterministic_pass_rate)}",
        ),
        ("pass rate", pass_rate_text(summary)),
    ]
    # Known first: without a judge the deterministic result is the headline.
    if summary.pass_rate is not None:
        rows.reverse()
    else:
        rows.append(("awaiting judge", f"{summary.awaiting_judge} episode(s)"))
    rows += [(f"pass@{k}", pct(v)) for k, v in sorted(summary.pass_at_k.items())]
    rows += [(f"pass^{k}", pct(v)) for k, v in sorted(summary.pass_hat_k.items()) if k > 1]
    reward = f"{summary.mean_reward:.3f}"
    if summary.ungraded_criteria:
        reward = f"at least {reward} (ungraded criteria earn nothing yet)"
    rows += [
        ("mean reward", reward),
        ("episodes", _episodes_text(summary)),
        ("infra errors", str(summary.infra_errors)),
        ("ungraded criteria", str(summary.ungraded_criteria)),
        ("judge errors", str(summary.judge_errors)),
        (
            "tool calls",
            f"{summary.tool_calls:,} ({summary.mean_tool_calls:.1f} per episode, "
            f"{summary.hit_step_limit} hit the step limit)",
        ),
        (
            "tokens",
            f"{summary.usage.input_tokens:,} in / {summary.usage.output_tokens:,} out",
        ),
        ("cost", cost_text(summary.cost_usd)),
        ("wall time", f"{duration(summary.episode_wall_s)} (sum over episodes)"),
    ]
    return rows


def headline_table(summary: Summary) -> Table:
    return Table(
        title="Headline",
        columns=[Column("metric"), Column("value")],
        rows=[list(row) for row in headline_rows(summary)],
    )


def ordered_difficulties(groups: dict[str, Group]) -> list[str]:
    known = [d for d in DIFFICULTY_ORDER if d in groups]
    return known + sorted(set(groups) - set(known))


def group_table(title: str, label: str, groups: dict[str, Group], order: list[str]) -> Table:
    awaiting = any(groups[name].awaiting_judge for name in order)
    if not awaiting:
        columns = [Column("pass rate", "right"), Column("95% CI", "right")]
    else:
        columns = [
            Column("deterministic pass", "right"),
            Column("95% CI", "right"),
            Column("awaiting judge", "right"),
        ]
    table = Table(
        title=title,
        columns=[
            Column(label),
            Column("completed", "right"),
            *columns,
            Column("mean reward", "right"),
        ],
    )
    for name in order:
        group = groups[name]
        rate = group.deterministic_pass_rate if awaiting else group.known_rate
        cells = [rate_text(rate), ci_text(rate)]
        if awaiting:
            cells.append(str(group.awaiting_judge))
        table.rows.append([name, str(group.episodes), *cells, f"{group.mean_reward:.3f}"])
    if awaiting:
        table.note = "pass rates await a judge: the deterministic criteria's are shown"
    return table


def criterion_kind_table(summary: Summary) -> Table:
    table = Table(
        title="By criterion kind",
        columns=[
            Column("kind"),
            Column("criteria", "right"),
            Column("satisfied", "right"),
            Column("rate of graded", "right"),
            Column("ungraded", "right"),
        ],
    )
    for kind, stats in summary.by_criterion_kind.items():
        table.rows.append(
            [
                kind,
                str(stats.criteria),
                str(stats.satisfied),
                pct(stats.rate) if stats.criteria > stats.ungraded else "–",
                str(stats.ungraded),
            ]
        )
    return table


def by_task(episodes: list[EpisodeResult]) -> dict[str, list[EpisodeResult]]:
    tasks: dict[str, list[EpisodeResult]] = defaultdict(list)
    for episode in episodes:
        tasks[episode.task_id].append(episode)
    return dict(sorted(tasks.items()))


def unmet_criteria(episode: EpisodeResult) -> list[str]:
    """The criteria that kept a completed episode from passing, each with why when not a plain
    'not satisfied'."""
    if episode.grade is None:
        return []
    unmet = []
    for verdict in episode.grade.verdicts:
        if verdict.judge_error:
            unmet.append(f"{verdict.criterion_id} (judge error)")
        elif verdict.satisfied is None:
            unmet.append(f"{verdict.criterion_id} (ungraded)")
        elif not verdict.satisfied:
            unmet.append(verdict.criterion_id)
    return unmet


def failing_tasks_table(episodes: list[EpisodeResult]) -> Table:
    table = Table(
        title="Failing tasks",
        columns=[
            Column("task"),
            Column("category"),
            Column("difficulty"),
            Column("passed", "right"),
            Column("unmet criteria (trials)"),
        ],
    )
    awaiting = 0
    for task_id, trials in by_task(episodes).items():
        # A task whose trials failed nothing is not failing, even with criteria ungraded.
        if not any(e.outcome in ("fail", "infra_error") for e in trials):
            awaiting += any(e.outcome == "ungraded" for e in trials)
            continue
        unmet: Counter[str] = Counter()
        for episode in trials:
            unmet.update(unmet_criteria(episode))
        reasons = [f"{name} ({n}/{len(trials)})" for name, n in sorted(unmet.items())]
        infra = sum(e.status == "infra_error" for e in trials)
        if infra:
            reasons.append(f"infra error ({infra}/{len(trials)})")
        first = trials[0]
        passed = sum(e.passed for e in trials)
        table.rows.append(
            [
                task_id,
                first.category,
                first.difficulty,
                f"{passed}/{len(trials)}",
                ", ".join(reasons),
            ]
        )
    if awaiting:
        table.note = f"{awaiting} task(s) failed nothing but await a judge: not listed"
    elif not table.rows:
        table.note = "every task passed every trial"
    return table


def summary_tables(
    summary: Summary,
    episodes: list[EpisodeResult],
    config: RunConfig | None = None,
    path: Path | None = None,
) -> list[Table]:
    """Everything the single-run report shows above the episodes, in order."""
    title = f"Run {path.name or path}" if path is not None else f"Run of {summary.model}"
    return [
        header_table(title, header_rows(summary, config, path)),
        headline_table(summary),
        group_table("By category", "category", summary.by_category, sorted(summary.by_category)),
        group_table(
            "By difficulty",
            "difficulty",
            summary.by_difficulty,
            ordered_difficulties(summary.by_difficulty),
        ),
        criterion_kind_table(summary),
        failing_tasks_table(episodes),
    ]


def run_tables(run: Run) -> list[Table]:
    return summary_tables(run.summary, run.episodes, run.config, run.path)
