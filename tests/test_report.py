"""`corecraft-mcp report`: terminal tables, the self-contained HTML page, comparing two runs,
one-line errors, and a headless-Chromium screenshot of the page."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from corecraft_mcp.evaluation.report_data import load_run
from corecraft_mcp.evaluation.report_html import compare_html, run_html
from corecraft_mcp.evaluation.report_tables import run_tables
from corecraft_mcp.evaluation.report_terminal import (
    add_report_command,
    render_plain,
    render_summary,
    tables_text,
)
from corecraft_mcp.evaluation.results import EpisodeResult, ResultsFolder, RunConfig
from corecraft_mcp.grading.chat import Message, ToolCallRequest, Usage
from corecraft_mcp.grading.scoring import Verdict, summarise
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.diff import RowChange, TableDiff, WorldDiff

WORLD_HASH = "ab12cd34ef56ab78" + "0" * 48
INJECTION = "<script>alert('pwned')</script>"
JUDGE_REASON = "The reply never says when the refund reaches the card & why."
LONG_RESULT_CHARS = 12_000

TASKS = {
    "wf-refund-gpu": ("workflow", "hard"),
    "ir-order-status": ("information_retrieval", "easy"),
    "comm-delay-apology": ("communication", "medium"),
}


def _verdict(cid: str, kind: Any, method: Any, satisfied: bool | None, **extra: Any) -> Verdict:
    return Verdict(
        criterion_id=cid, kind=kind, method=method, weight=1.0, satisfied=satisfied, **extra
    )


def _messages(instruction: str, long_result: str) -> list[dict[str, Any]]:
    call = ToolCallRequest(id="call_1", name="get_order", arguments={"order_id": "ORD-100234"})
    messages = [
        Message(role="system", content="You are CoreCraft's support agent. " * 40),
        Message(role="user", content=instruction),
        Message(role="assistant", content="Let me look that up.", tool_calls=[call]),
        Message(role="tool", content=long_result, tool_call_id="call_1", tool_name="get_order"),
        Message(
            role="assistant",
            tool_calls=[ToolCallRequest(id="call_2", name="issue_refund", arguments={"x": 1})],
        ),
        Message(
            role="tool",
            content="refund over the supervisor threshold",
            tool_call_id="call_2",
            tool_name="issue_refund",
            is_error=True,
        ),
        Message(role="assistant", content="Refunded $549.99 on ORD-100234."),
    ]
    return [m.model_dump(mode="json", exclude_defaults=True) for m in messages]


def _episode(
    task_id: str, trial: int, verdicts: list[Verdict] | None, **extra: Any
) -> EpisodeResult:
    category, difficulty = TASKS[task_id]
    fields: dict[str, Any] = {
        "task_id": task_id,
        "trial": trial,
        "split": "train",
        "category": category,
        "difficulty": difficulty,
        "model": "openai:test-model",
        "status": "completed" if verdicts is not None else "infra_error",
        "grade": summarise(task_id, verdicts) if verdicts is not None else None,
        "usage": Usage(input_tokens=1000, output_tokens=100),
        "cost_usd": 0.25,
        "wall_s": 10.0,
        "steps": 3,
    }
    fields.update(extra)
    return EpisodeResult(**fields)


def _first_run_episodes() -> list[EpisodeResult]:
    long_result = json.dumps({"order_id": "ORD-100234", "notes": "x" * LONG_RESULT_CHARS})
    transcript = Transcript(
        calls=[
            CallRecord(tool="get_order", args={"order_id": "ORD-100234"}, ok=True, result={}),
            CallRecord(tool="issue_refund", args={"x": 1}, ok=False, error="over threshold"),
        ],
        response="Refunded $549.99 on ORD-100234.",
        messages=_messages(f"My GPU died {INJECTION} please refund", long_result),
    )
    diff = WorldDiff(
        tables={
            "order_returns": TableDiff(inserted=[RowChange(key="RMA-1", after={"id": "RMA-1"})]),
            "orders": TableDiff(updated=[RowChange(key="ORD-100234"), RowChange(key="ORD-2")]),
        }
    )
    state_ok = _verdict("refund-issued", "correctness", "state", True, evidence="1 == 1")
    return [
        _episode(
            "wf-refund-gpu",
            1,
            [state_ok, _verdict("explains-timing", "completeness", "judge", True, evidence="ok")],
            transcript=transcript,
            diff=diff,
            judge_model="openai:judge",
            judge_prompt_version="v1",
        ),
        _episode(
            "wf-refund-gpu",
            2,
            [
                _verdict("refund-issued", "correctness", "state", False, evidence="0 != 1"),
                _verdict("explains-timing", "completeness", "judge", False, evidence=JUDGE_REASON),
            ],
            transcript=transcript,
        ),
        _episode(
            "ir-order-status",
            1,
            [_verdict("says-eta", "correctness", "mentions", True, evidence="found 2026-03-20")],
            transcript=Transcript(
                calls=[CallRecord(tool="get_order", args={"id": 7}, ok=True, result={"a": 1})],
                response="It arrives 2026-03-20.",
            ),
        ),
        # An infrastructure error: no usage, no cost, no time on file.
        _episode(
            "ir-order-status",
            2,
            None,
            error="ProviderError: 503 after 5 retries",
            usage=Usage(),
            cost_usd=None,
            wall_s=0.0,
        ),
        _episode(
            "comm-delay-apology",
            1,
            [
                _verdict("no-refund", "constraint", "not_called", True),
                _verdict("tone", "format", "judge", False, evidence="curt"),
            ],
        ),
        _episode(
            "comm-delay-apology",
            2,
            [
                _verdict("no-refund", "constraint", "not_called", True),
                _verdict("tone", "format", "judge", False, judge_error=True, evidence="bad JSON"),
            ],
        ),
    ]


def _write_run(
    path: Path,
    episodes: list[EpisodeResult],
    model: str = "openai:test-model",
    judge_model: str | None = "openai:judge",
) -> Path:
    folder = ResultsFolder(path)
    folder.write_config(
        RunConfig(
            model=model,
            world="seed42",
            world_hash=WORLD_HASH,
            task_ids=sorted(TASKS),
            trials=2,
            max_steps=30,
            concurrency=2,
            judge_model=judge_model,
        )
    )
    for episode in episodes:
        folder.append(episode)
    return path


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return _write_run(tmp_path / "run-a", _first_run_episodes())


@pytest.fixture
def other_dir(tmp_path: Path) -> Path:
    """A second run that passes everything it completes."""
    episodes = [
        _episode(task, trial, [_verdict("c", "correctness", "state", True)])
        for task in TASKS
        for trial in (1, 2)
    ]
    return _write_run(tmp_path / "run-b", episodes, model="anthropic:other-model")


@pytest.fixture
def unjudged_dir(tmp_path: Path) -> Path:
    """A run without a judge: 2 passed, 1 failed a deterministic criterion, 3 await a judge."""
    state = _verdict("refund-issued", "correctness", "state", True)
    awaiting = _verdict("explains", "completeness", "judge", None, evidence="awaiting the judge")
    failed = _verdict("refund-issued", "correctness", "state", False, evidence="0 != 1")
    episodes = [
        _episode("wf-refund-gpu", 1, [state, awaiting]),
        _episode("wf-refund-gpu", 2, [failed, awaiting]),
        _episode("ir-order-status", 1, [state]),
        _episode("ir-order-status", 2, [state]),
        _episode("comm-delay-apology", 1, [state, awaiting]),
        _episode("comm-delay-apology", 2, [state, awaiting]),
    ]
    return _write_run(tmp_path / "unjudged", episodes, judge_model=None)


def _report(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="corecraft-mcp")
    add_report_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    code: int = args.handler(args)
    return code


def _plain_rows(text: str, title: str) -> dict[str, list[str]]:
    """The rows of one plain-text table, by first cell (cells are split at 2+ spaces)."""
    section = text[text.index(f"{title}\n") :].split("\n\n")[0]
    cells = [re.split(r"\s{2,}", line.strip()) for line in section.splitlines()[2:]]
    return {row[0]: row[1:] for row in cells if row}


# --- terminal --------------------------------------------------------------------------------


def test_plain_tables_show_the_run_and_its_numbers(run_dir: Path) -> None:
    text = render_plain(run_tables(load_run(run_dir)))
    # 5 completed episodes (one infra error), 2 passed; Wilson 95% interval of 2/5.
    assert "40.0% (2/5)" in text
    assert "11.8% – 76.9%" in text
    for expected in (
        "openai:test-model",
        "openai:judge",
        "ab12cd34ef56ab78",
        "3 x 2 = 6 episodes",
        "pass@1",
        "pass@2",
        "pass^2",
        "5,000 in / 500 out",  # tokens of the five completed episodes
        "$1.25",
        "50.0 s",
    ):
        assert expected in text, expected
    headline = _plain_rows(text, "Headline")
    assert headline["infra errors"] == ["1"] and headline["ungraded criteria"] == ["0"]
    assert headline["judge errors"] == ["1"] and headline["mean reward"] == ["0.600"]
    # Breakdowns: workflow passed 1 of 2, information retrieval 1 of 1 (its other trial broke).
    assert "50.0% (1/2)" in text and "100.0% (1/1)" in text
    assert "completeness" in text and "constraint" in text
    # Failing tasks with the criteria that failed and why.
    failing = text[text.index("Failing tasks") :]
    assert "explains-timing (1/2)" in failing and "refund-issued (1/2)" in failing
    assert "tone (judge error) (1/2)" in failing and "tone (1/2)" in failing
    assert "infra error (1/2)" in failing


def test_without_a_judge_ungraded_criteria_are_never_failures(unjudged_dir: Path) -> None:
    run = load_run(unjudged_dir)
    summary = run.summary
    assert summary.pass_rate is None and summary.awaiting_judge == 3
    assert summary.pass_rate_bounds.lower.successes == 2  # awaiting counted as failed
    assert summary.pass_rate_bounds.upper.successes == 5  # awaiting counted as passed
    assert summary.deterministic_pass_rate.successes == 5
    assert summary.pass_at_k == {} and summary.by_category["communication"].pass_rate is None
    assert summary.by_category["information_retrieval"].pass_rate is not None
    saved = json.loads(summary.model_dump_json())
    assert saved["pass_rate"] is None and saved["pass_rate_bounds"]["upper"]["rate"] == 5 / 6
    assert [e.outcome for e in run.episodes].count("ungraded") == 3
    text = render_plain(run_tables(run))
    headline = _plain_rows(text, "Headline")
    # The known result first, then what the pass rate can still be.
    assert list(headline)[2:5] == ["deterministic pass rate", "pass rate", "awaiting judge"]
    assert headline["deterministic pass rate"][0].startswith("83.3% (5/6)")
    assert headline["pass rate"] == ["unknown: 3 episode(s) await a judge; between 33.3% and 83.3%"]
    assert "(2/6)" not in text  # never the ungraded-as-failed rate as if it were the result
    # A kind none of whose criteria is graded has no rate yet, not 0%.
    assert _plain_rows(text, "By criterion kind")["completeness"] == ["4", "0", "–", "4"]
    assert _plain_rows(text, "By criterion kind")["correctness"] == ["6", "5", "83.3%", "0"]
    # Only the task that failed something is failing; the others await a judge.
    failing = _plain_rows(text, "Failing tasks")
    assert [t for t in failing if not t.startswith(("-", "("))] == ["task", "wf-refund-gpu"]
    assert "1 task(s) failed nothing but await a judge" in text
    page = run_html(run)
    assert "awaiting judge" in page and "3 awaiting a judge" in page
    assert "Deterministic pass rate by category" in page


def test_rich_tables_show_the_same_numbers(run_dir: Path) -> None:
    pytest.importorskip("rich", reason="rich comes with the optional `models` extra")
    text = tables_text(run_tables(load_run(run_dir)), use_rich=True)
    assert "40.0% (2/5)" in text and "11.8% – 76.9%" in text
    assert "explains-timing (1/2)" in text


def test_render_summary_for_eval(run_dir: Path) -> None:
    run = load_run(run_dir)
    text = render_summary(run.summary, run.episodes)
    assert "40.0% (2/5)" in text and "Failing tasks" in text


def test_report_command_prints_tables(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report([str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert "40.0% (2/5)" in out and "wf-refund-gpu" in out


def test_without_rich_the_tables_are_plain(
    run_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)  # as on an install without the extra
    assert _report([str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert out == render_plain(run_tables(load_run(run_dir)))
    run = load_run(run_dir)
    summary_text = render_summary(run.summary, run.episodes)
    assert "Headline\n========" in summary_text and "40.0% (2/5)" in summary_text


# --- HTML ------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}
SVG_LEAVES = {"rect", "line"}


class _Checker(HTMLParser):
    """Checks nesting tag by tag and records what the tests look for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: dict[str, int] = {}
        self.details_ids: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        values = dict(attrs)
        if tag == "details":
            self.details_ids.append(values.get("id") or "")
        self.urls += [v for k, v in attrs if k in {"src", "href"} and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1  # <rect .../> closes itself

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert page.startswith("<!DOCTYPE html>")
    assert checker.problems == [] and checker.stack == []
    # Self-contained: nothing to fetch, nothing to run.
    assert checker.urls == [] and "script" not in checker.tags and "link" not in checker.tags
    return checker


def test_html_page_is_well_formed_escaped_and_complete(run_dir: Path) -> None:
    run = load_run(run_dir)
    page = run_html(run)
    checker = _check(page)
    text = "".join(checker.text)
    # One collapsible section per episode, in (task, trial) order.
    assert checker.details_ids == [f"ep-{e.task_id}-{e.trial}" for e in run.episodes]
    assert len(checker.details_ids) == 6
    # The injected markup is shown as text (once per transcript that carries it), never as a tag.
    assert INJECTION not in page
    assert page.count("&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;") == 2
    assert text.count(INJECTION) == 2
    # Verdicts, methods, the judge's reason, an infra error.
    for expected in (
        "judge error",
        "infra error",
        "not_called",
        JUDGE_REASON,
        "ProviderError: 503 after 5 retries",
        "judged by openai:judge (prompt v1)",
    ):
        assert expected in text, expected
    # The transcript: the call, its arguments, its result cut with a note, the failed call.
    assert '"order_id": "ORD-100234"' in text
    assert "truncated:" in text and "x" * LONG_RESULT_CHARS not in text
    assert "refund over the supervisor threshold" in text
    assert "Refunded $549.99 on ORD-100234." in text
    # A replayed episode without messages still shows its calls.
    assert "no conversation recorded" in text
    # The charts (inline SVG, nothing fetched) and the world diff.
    assert checker.tags["svg"] == 5 and "information_retrieval" in text
    for title in (
        "Pass rate by category",
        "Pass rate by difficulty",
        "Reward distribution",
        "Tool calls per episode",
        "Criteria most often not satisfied",
    ):
        assert f"<h2>{title}</h2>" in page, title
    charts = page[page.index("Criteria most often not satisfied") :]
    # tone failed both trials (once a judge error, which fails the pass too); the refund task's
    # two criteria one trial of two each, the most failed first.
    svg = charts[: charts.index("</svg>")]
    assert svg.index("comm-delay-apology: tone</text>") < svg.index("wf-refund-gpu: refund-issued")
    assert svg.count(">2/2</text>") == 1 and svg.count(">1/2</text>") == 2
    # The difficulty chart reads easy, medium, hard.
    difficulty = page[page.index("Pass rate by difficulty") :]
    assert difficulty.index(">easy<") < difficulty.index(">medium<") < difficulty.index(">hard<")
    assert "order_returns" in text


def test_report_command_writes_html(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert _report([str(run_dir), "--html", str(out)]) == 0
    _check(out.read_text(encoding="utf-8"))


# --- comparing two runs ----------------------------------------------------------------------


def test_compare_terminal(
    run_dir: Path, other_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _report([str(run_dir), str(other_dir)]) == 0
    out = capsys.readouterr().out
    assert "A: run-a" in out and "B: run-b" in out
    assert "openai:test-model" in out and "anthropic:other-model" in out
    assert "40.0% (2/5)" in out and "100.0% (6/6)" in out
    assert "+60.0 pp" in out  # the headline pass rate
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert rows["comm-delay-apology"] == ["0/2", "2/2", "+2"]
    assert rows["wf-refund-gpu"] == ["1/2", "2/2", "+1"]
    assert rows["ir-order-status"] == ["1/2", "2/2", "+1"]


def test_compare_html(run_dir: Path, other_dir: Path) -> None:
    page = compare_html(load_run(run_dir), load_run(other_dir))
    checker = _check(page)
    text = "".join(checker.text)
    assert "details" not in checker.tags  # no episodes in the comparison
    assert "A: run-a" in text and "B: run-b" in text and "+60.0 pp" in text
    assert checker.tags["svg"] == 1


# --- user errors -----------------------------------------------------------------------------


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("corecraft-mcp: error: "), captured.err
    assert captured.out == ""
    return lines[0]


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report([str(tmp_path / "nowhere")]) == 2
    assert "no results folder" in _one_line_error(capsys)


def test_folder_without_episodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = _write_run(tmp_path / "empty", [])
    assert _report([str(empty)]) == 2
    assert "no episodes" in _one_line_error(capsys)
    assert _report([str(tmp_path)]) == 2  # a folder that is not a run at all
    assert "config.json" in _one_line_error(capsys)


def test_bad_arguments(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report([str(run_dir)] * 3) == 2
    assert "two to compare" in _one_line_error(capsys)
    assert _report([str(run_dir), "--html", str(tmp_path / "no" / "such" / "dir.html")]) == 2
    assert "cannot write" in _one_line_error(capsys)


# --- screenshot ------------------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (filter bytes included)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height = 8, b"", 0, 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", data[:8])
        elif kind == b"IDAT":
            idat += data
        position += 12 + length
    return width, height, zlib.decompress(idat)


def test_headless_chromium_renders_the_page(run_dir: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium); needed to render HTML")
    page = tmp_path / "report.html"
    assert _report([str(run_dir), "--html", str(page)]) == 0
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    png = shot.read_bytes()
    width, height, pixels = _png_pixels(png)
    assert (width, height) == (1280, 2000)
    # A blank page is one colour: its scanlines compress to almost nothing and hold a handful of
    # byte values. Text, tables, badges and the chart give many.
    assert len(png) > 20_000
    assert len(set(pixels)) > 100
    rows = {pixels[i : i + 64] for i in range(0, len(pixels), 4096)}
    assert len(rows) > 50
