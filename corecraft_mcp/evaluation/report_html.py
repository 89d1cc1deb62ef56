"""The report as ONE self-contained HTML file: inline CSS, inline SVG charts, no script and
nothing fetched, so it can be mailed, archived or opened offline years later."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from corecraft_mcp.evaluation.metrics import Rate
from corecraft_mcp.evaluation.report_charts import distribution_charts
from corecraft_mcp.evaluation.report_compare import compare_tables, labels
from corecraft_mcp.evaluation.report_data import Run, Table, pct
from corecraft_mcp.evaluation.report_html_episode import episode_html, esc
from corecraft_mcp.evaluation.report_tables import ordered_difficulties, run_tables

CSS = """
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
  margin: 0 auto; padding: 24px; max-width: 1200px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
h4 { margin: 16px 0 6px; font-size: 13px; text-transform: uppercase; color: var(--muted); }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: var(--muted); padding-top: 4px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; margin: 4px 0; padding: 8px; background: #f6f8fa; border-radius: 6px; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; }
.muted { color: var(--muted); }
.badge { display: inline-block; min-width: 52px; text-align: center; padding: 1px 8px;
  border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.infra-error, .badge.judge-error { background: var(--warn); }
.badge.ungraded, .badge.awaiting-judge { background: #8c959f; }
details.episode { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.episode > summary { cursor: pointer; padding: 6px 10px; list-style-position: inside; }
details.episode[open] > summary { border-bottom: 1px solid var(--line); background: #f6f8fa; }
details.episode.fail { border-left: 4px solid var(--fail); }
details.episode.pass { border-left: 4px solid var(--pass); }
details.episode.infra-error { border-left: 4px solid var(--warn); }
details.episode.awaiting-judge { border-left: 4px solid #8c959f; }
.facts { color: var(--muted); margin-left: 6px; }
.episode-body { padding: 4px 14px 14px; }
td.evidence { max-width: 560px; white-space: pre-wrap; overflow-wrap: anywhere; }
.turn { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; margin: 8px 0; }
.turn.user { border-color: #0969da; } .turn.assistant { border-color: #8250df; }
.role { font-size: 12px; font-weight: 600; text-transform: uppercase; color: var(--muted); }
.call { margin: 6px 0 6px 8px; }
.call-name { font-size: 12.5px; }
.result-label { font-size: 12px; color: var(--muted); } .result-label.error { color: var(--fail); }
pre.result.error { background: #ffebe9; }
.cut { color: var(--warn); font-style: italic; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
"""

# The chart's geometry, in SVG user units.
LABEL_W = 190
BAR_W = 420
VALUE_W = 190
BAR_H = 16
SERIES_COLOURS = ("#0969da", "#bf8700")


@dataclass(frozen=True)
class Series:
    name: str
    rates: dict[str, Rate]


def table_html(table: Table) -> str:
    show_header = any(c.name for c in table.columns)
    head = ""
    if show_header:
        head = (
            "<thead><tr>"
            + "".join(
                f'<th class="{"num" if c.align == "right" else ""}">{esc(c.name)}</th>'
                for c in table.columns
            )
            + "</tr></thead>"
        )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if column.align == "right" else ""}">{esc(cell)}</td>'
            for cell, column in zip(row, table.columns, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    caption = f"<caption>{esc(table.note)}</caption>" if table.note else ""
    return (
        f"<section><h2>{esc(table.title)}</h2>"
        f"<table>{caption}{head}<tbody>{body}</tbody></table></section>"
    )


def bar_chart(title: str, series: list[Series], order: list[str] | None = None) -> str:
    """Horizontal bars of pass rate per category with the 95% interval as a whisker; one bar per
    series (run) in each category (in `order`, else alphabetical)."""
    categories = order or sorted({name for s in series for name in s.rates})
    if not categories:
        return ""
    group_h = BAR_H * len(series) + 10
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * len(categories) + 24
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{esc(title)}</title>'
    ]
    if len(series) > 1:
        for i, s in enumerate(series):
            x = LABEL_W + i * 220
            parts.append(
                f'<rect x="{x}" y="4" width="12" height="12" '
                f'fill="{SERIES_COLOURS[i % len(SERIES_COLOURS)]}"/>'
                f'<text x="{x + 18}" y="14">{esc(s.name)}</text>'
            )
    # Painted in layers: labels and tracks, then the grid, then the bars over both.
    bars: list[tuple[int, int, Rate | None]] = []
    for row, category in enumerate(categories):
        top = legend_h + row * group_h
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{top + group_h / 2 + 4:.1f}" text-anchor="end">'
            f"{esc(category)}</text>"
        )
        for i, s in enumerate(series):
            y = top + 5 + i * BAR_H
            bars.append((y, i, s.rates.get(category)))
            parts.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{BAR_W}" height="{BAR_H - 3}" fill="#eaeef2"/>'
            )
    axis_y = legend_h + group_h * len(categories) + 4
    for tick in (0, 25, 50, 75, 100):
        tick_x = LABEL_W + tick * BAR_W / 100
        parts.append(
            f'<line x1="{tick_x:.1f}" x2="{tick_x:.1f}" y1="{legend_h}" y2="{axis_y}" '
            'stroke="#d0d7de"/>'
            f'<text x="{tick_x:.1f}" y="{axis_y + 14}" text-anchor="middle">{tick}%</text>'
        )
    for y, i, rate in bars:
        parts.append(_bar(y, SERIES_COLOURS[i % len(SERIES_COLOURS)], rate))
    parts.append("</svg>")
    return (
        f"<section><h2>{esc(title)}</h2>{''.join(parts)}"
        '<p class="muted">bars: pass rate; whiskers: 95% Wilson interval</p></section>'
    )


def _bar(y: int, colour: str, rate: Rate | None) -> str:
    value_x = LABEL_W + BAR_W + 8
    if rate is None:
        return f'<text x="{value_x}" y="{y + 11}" fill="#656d76">no episodes</text>'
    low, high = LABEL_W + rate.low * BAR_W, LABEL_W + rate.high * BAR_W
    whisker_y = y + (BAR_H - 3) / 2
    return (
        f'<rect x="{LABEL_W}" y="{y}" width="{rate.rate * BAR_W:.1f}" '
        f'height="{BAR_H - 3}" fill="{colour}"/>'
        f'<line x1="{low:.1f}" x2="{high:.1f}" y1="{whisker_y:.1f}" '
        f'y2="{whisker_y:.1f}" stroke="#1f2328" stroke-width="1.5"/>'
        f'<text x="{value_x}" y="{y + 11}">'
        f"{esc(f'{pct(rate.rate)} ({rate.successes}/{rate.n})')}</text>"
    )


def _rate_title(run: Run, by: str, other: Run | None = None) -> str:
    """The charts show pass rates where known, else (no judge yet) the deterministic ones."""
    known = run.summary.pass_rate is not None and (
        other is None or other.summary.pass_rate is not None
    )
    return f"Pass rate {by}" if known else f"Deterministic pass rate {by} (awaiting a judge)"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # Belt and braces: even if some text escaped escaping, the page may run no script and
        # fetch nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def run_html(run: Run) -> str:
    tables = run_tables(run)
    header, headline, *breakdowns = tables
    summary = run.summary
    chart = bar_chart(
        _rate_title(run, "by category"),
        [Series(run.label, {c: g.known_rate for c, g in summary.by_category.items()})],
    ) + bar_chart(
        _rate_title(run, "by difficulty"),
        [Series(run.label, {d: g.known_rate for d, g in summary.by_difficulty.items()})],
        ordered_difficulties(summary.by_difficulty),
    )
    chart += distribution_charts(run.episodes)
    counts: Counter[str] = Counter(e.outcome for e in run.episodes)
    outcomes = ", ".join(
        f"{counts[o]} {word}"
        for o, word in (
            ("pass", "passed"),
            ("fail", "failed"),
            ("ungraded", "awaiting a judge"),
            ("infra_error", "infra errors"),
        )
        if counts[o]
    )
    episodes = "".join(episode_html(e) for e in run.episodes)
    body = (
        f"<h1>CoreCraft evaluation: {esc(run.summary.model)}</h1>"
        f'<div class="grid">{table_html(header)}{table_html(headline)}</div>'
        f'{chart}<div class="grid">{"".join(table_html(t) for t in breakdowns[:3])}</div>'
        f"{''.join(table_html(t) for t in breakdowns[3:])}"
        f'<section><h2>Episodes</h2><p class="muted">{len(run.episodes)} episodes, '
        f"{outcomes}; click one to open it.</p>{episodes}</section>"
    )
    return _page(f"CoreCraft evaluation: {run.summary.model}", body)


def compare_html(a: Run, b: Run) -> str:
    label_a, label_b = labels(a, b)
    header, headline, *rest = compare_tables(a, b)
    chart = bar_chart(
        _rate_title(a, "by category", b),
        [
            Series(label_a, {c: g.known_rate for c, g in a.summary.by_category.items()}),
            Series(label_b, {c: g.known_rate for c, g in b.summary.by_category.items()}),
        ],
    )
    body = (
        f"<h1>CoreCraft evaluation: {esc(a.summary.model)} vs {esc(b.summary.model)}</h1>"
        f"{table_html(header)}{table_html(headline)}{chart}"
        f"{''.join(table_html(t) for t in rest)}"
    )
    return _page(f"CoreCraft comparison: {a.label} vs {b.label}", body)
