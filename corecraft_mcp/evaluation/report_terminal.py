"""The report's tables on a terminal: with rich when the `models` extra is installed, plain
aligned text otherwise (the core install stays free of rich)."""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path
from typing import TextIO

from corecraft_mcp.evaluation.metrics import Summary
from corecraft_mcp.evaluation.report_compare import compare_tables
from corecraft_mcp.evaluation.report_data import ReportError, Run, Table, load_run
from corecraft_mcp.evaluation.report_tables import run_tables, summary_tables
from corecraft_mcp.evaluation.results import EpisodeResult

# Piped output has no terminal width to fit; wide enough for task ids and criterion lists.
PIPE_WIDTH = 140


def render_plain(tables: list[Table]) -> str:
    return "\n".join(_plain_table(table) for table in tables)


def _plain_table(table: Table) -> str:
    show_header = any(c.name for c in table.columns)
    grid = ([[c.name for c in table.columns]] if show_header else []) + table.rows
    widths = [max((len(row[i]) for row in grid), default=0) for i in range(len(table.columns))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if column.align == "right" else cell.ljust(width)
            for cell, width, column in zip(cells, widths, table.columns, strict=True)
        ]
        return "  " + "  ".join(padded).rstrip()

    out = [table.title, "=" * len(table.title)]
    if show_header:
        out += [line(grid[0]), "  " + "  ".join("-" * w for w in widths)]
    out += [line(row) for row in table.rows]
    if table.note:
        out.append(f"  ({table.note})")
    return "\n".join(out) + "\n"


def render_rich(tables: list[Table], file: TextIO, width: int | None = None) -> None:
    """Raises ImportError, before writing anything, where rich is not installed."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=file, width=width, highlight=False)
    if not console.is_terminal and width is None:
        console = Console(file=file, width=PIPE_WIDTH, highlight=False)
    for table in tables:
        show_header = any(c.name for c in table.columns)
        # Text() cells, never markup strings: ids and reasons may hold '[' that rich would parse.
        rich_table = RichTable(
            title=Text(table.title, style="bold"),
            title_justify="left",
            show_header=show_header,
            box=box.SIMPLE_HEAD if show_header else box.SIMPLE,
            caption=Text(table.note) if table.note else None,
            caption_justify="left",
        )
        for column in table.columns:
            rich_table.add_column(Text(column.name), justify=column.align, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*(Text(cell) for cell in row))
        console.print(rich_table)


def write_tables(tables: list[Table], file: TextIO) -> None:
    try:
        render_rich(tables, file)
    except ImportError:
        file.write(render_plain(tables))


def tables_text(tables: list[Table], *, use_rich: bool = False, width: int = PIPE_WIDTH) -> str:
    """The tables as a string; `use_rich` raises ImportError where rich is not installed."""
    if not use_rich:
        return render_plain(tables)
    buffer = io.StringIO()
    render_rich(tables, buffer, width=width)
    return buffer.getvalue()


def render_summary(summary: Summary, episodes: list[EpisodeResult]) -> str:
    """A finished run's tables as text, for `eval` and `judge` to print."""
    tables = summary_tables(summary, sorted(episodes, key=lambda e: e.key))
    width = max(shutil.get_terminal_size((PIPE_WIDTH, 40)).columns, 100)
    try:
        return tables_text(tables, use_rich=True, width=width).rstrip("\n")
    except ImportError:
        return render_plain(tables).rstrip("\n")


def _write_html(runs: list[Run], out: Path) -> None:
    from corecraft_mcp.evaluation.report_html import compare_html, run_html

    if out.is_dir():
        raise ReportError(f"--html {out} is a folder: give a file name")
    page = run_html(runs[0]) if len(runs) == 1 else compare_html(runs[0], runs[1])
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _cmd_report(args: argparse.Namespace) -> int:
    try:
        if len(args.dirs) > 2:
            raise ReportError("give one results folder, or two to compare")
        runs = [load_run(Path(d)) for d in args.dirs]
        tables = run_tables(runs[0]) if len(runs) == 1 else compare_tables(runs[0], runs[1])
        if args.html:
            _write_html(runs, Path(args.html))
    except ReportError as exc:
        print(f"corecraft-mcp: error: {exc}", file=sys.stderr)
        return 2
    write_tables(tables, sys.stdout)
    if args.html:
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="tables of a run's results (or two runs side by side), optionally an HTML page",
        description="Summarise a results folder written by `corecraft-mcp eval`: headline "
        "metrics, breakdowns and failing tasks. Give two folders to compare the runs.",
    )
    report.add_argument(
        "dirs", nargs="+", metavar="DIR", help="a results folder; a second one to compare with"
    )
    report.add_argument(
        "--html",
        metavar="FILE",
        help="also write a self-contained HTML page (with every episode's transcript)",
    )
    report.set_defaults(handler=_cmd_report)
