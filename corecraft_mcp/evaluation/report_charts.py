"""The single-run page's distribution charts, as inline SVG (no script, nothing fetched): the
reward distribution, tool calls per episode, and the criteria most often not satisfied."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from corecraft_mcp.evaluation.report_html_episode import esc
from corecraft_mcp.evaluation.results import EpisodeResult

COLUMN_W = 34
PLOT_H = 150
BAR_COLOUR = "#0969da"
FAIL_COLOUR = "#cf222e"
MOST_FAILED = 12


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{esc(title)}</title>{"".join(body)}</svg>'
    )


def column_chart(title: str, labels: Sequence[str], counts: Sequence[int], note: str) -> str:
    """Vertical bars, one per bin, each with its count above and its label below."""
    if not counts or not any(counts):
        return ""
    top = max(counts)
    left, bottom = 36, 34
    width = left + COLUMN_W * len(counts) + 10
    height = PLOT_H + bottom + 16
    body = []
    for fraction in (0.0, 0.5, 1.0):
        y = 16 + PLOT_H * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{round(top * fraction)}</text>"
        )
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        x = left + i * COLUMN_W + 3
        h = PLOT_H * count / top
        y = 16 + PLOT_H - h
        body.append(
            f'<rect x="{x}" y="{y:.1f}" width="{COLUMN_W - 6}" height="{h:.1f}" '
            f'fill="{BAR_COLOUR}"><title>{esc(f"{label}: {count}")}</title></rect>'
        )
        if count:
            body.append(
                f'<text x="{x + (COLUMN_W - 6) / 2:.1f}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{count}</text>'
            )
        body.append(
            f'<text x="{x + (COLUMN_W - 6) / 2:.1f}" y="{16 + PLOT_H + 16}" '
            f'text-anchor="middle">{esc(label)}</text>'
        )
    return (
        f"<section><h2>{esc(title)}</h2>{_svg(width, height, title, body)}"
        f'<p class="muted">{esc(note)}</p></section>'
    )


def reward_chart(episodes: Sequence[EpisodeResult]) -> str:
    """Episodes by reward, in tenths (a reward of exactly 1 gets its own column: all met)."""
    rewards = [e.reward for e in episodes if e.status == "completed"]
    counts = [0] * 11
    for reward in rewards:
        counts[10 if reward >= 1 else min(9, int(reward * 10))] += 1
    labels = [f".{i}" for i in range(10)] + ["1"]
    ungraded = any(e.outcome == "ungraded" for e in episodes)
    note = "episodes by reward (weighted share of criteria met), in tenths from 0 to 1"
    if ungraded:
        note += "; ungraded criteria earn nothing until a judge grades them"
    return column_chart("Reward distribution", labels, counts, note)


def tool_calls_chart(episodes: Sequence[EpisodeResult]) -> str:
    calls = [len(e.transcript.calls) for e in episodes if e.status == "completed"]
    if not calls:
        return ""
    # One column per count up to 15, then one for everything above.
    cap = min(max(calls), 15)
    counts = [0] * (cap + 1)
    for n in calls:
        counts[min(n, cap)] += 1
    labels = [str(i) for i in range(cap)] + [f"{cap}+" if max(calls) > cap else str(cap)]
    return column_chart(
        "Tool calls per episode",
        labels,
        counts,
        f"episodes by the number of tool calls they made (mean {sum(calls) / len(calls):.1f})",
    )


def most_failed_chart(episodes: Sequence[EpisodeResult]) -> str:
    """The criteria most often not satisfied (an ungraded criterion is not a failure), as a
    share of the completed episodes that had them."""
    failed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for e in episodes:
        if e.status != "completed" or e.grade is None:
            continue
        for v in e.grade.verdicts:
            key = f"{e.task_id}: {v.criterion_id}"
            if v.satisfied is not None:
                seen[key] += 1
                failed[key] += not v.satisfied
    top = [(key, n) for key, n in failed.most_common(MOST_FAILED) if n]
    if not top:
        return ""
    label_w, bar_w, row_h = 420, 300, 20
    width = label_w + bar_w + 90
    body = []
    for row, (key, n) in enumerate(top):
        y = row * row_h + 4
        share = n / seen[key]
        body.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{esc(key)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h - 5}" fill="#eaeef2"/>'
            f'<rect x="{label_w}" y="{y}" width="{share * bar_w:.1f}" height="{row_h - 5}" '
            f'fill="{FAIL_COLOUR}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 13}">{n}/{seen[key]}</text>'
        )
    title = "Criteria most often not satisfied"
    return (
        f"<section><h2>{title}</h2>{_svg(width, len(top) * row_h + 8, title, body)}"
        '<p class="muted">task: criterion, with the episodes that failed it of those graded '
        "on it (ungraded criteria are not counted as failed)</p></section>"
    )


def distribution_charts(episodes: Sequence[EpisodeResult]) -> str:
    return (
        '<div class="grid">'
        f"{reward_chart(episodes)}{tool_calls_chart(episodes)}</div>"
        f"{most_failed_chart(episodes)}"
    )
