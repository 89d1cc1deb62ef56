"""The judge's calibration set and how agreement with it is measured.

A case is a reply to a bundled task, one of the task's judged criteria and the verdict a careful
grader gives. The reply is the task's reference reply, edited by `replace` pairs: hard negatives
change one fact the criterion names (or drop what it asks for) and so read as right at a glance.
Agreement is reported with precision and recall for "satisfied" and Cohen's kappa, overall and
per criterion kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corecraft_mcp.tasks.models import CriterionKind, Task

CASES_FILE = "calibration_cases.yaml"


class CalibrationError(ValueError):
    """A calibration case that cannot be used: the message names the case and the reason."""


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=3)
    task: str
    criterion: str
    expected: bool
    replace: list[tuple[str, str]] = Field(default_factory=list)
    note: str = ""

    def reply(self, task: Task) -> str:
        text = task.reference.response
        for old, new in self.replace:
            if old not in text:
                raise CalibrationError(
                    f"case {self.id}: {old!r} is not in the reference reply of {task.id}"
                    " (each replace pair edits text the reply contains)"
                )
            text = text.replace(old, new)
        return text


class Score(BaseModel):
    """How far the judge agrees with the labels; positive = criterion satisfied."""

    n: int
    agreement: float
    precision: float | None
    recall: float | None
    kappa: float | None
    true_positive: int
    false_positive: int
    true_negative: int
    false_negative: int


class Report(BaseModel):
    judge_model: str
    judge_prompt_version: str
    overall: Score
    by_kind: dict[str, Score]
    disagreements: list[str] = Field(description="case ids the judge got wrong, errors included")
    judge_errors: list[str] = Field(default_factory=list)


def load_cases(text: str | None = None) -> list[Case]:
    """The shipped calibration set (or the YAML given), each case checked for shape."""
    if text is None:
        text = resources.files("corecraft_mcp.grading").joinpath(CASES_FILE).read_text("utf-8")
    raw = yaml.safe_load(text)
    if not isinstance(raw, list):
        raise CalibrationError("the calibration set is a YAML list of cases")
    cases: list[Case] = []
    for index, item in enumerate(raw):
        try:
            cases.append(Case.model_validate(item))
        except ValidationError as exc:
            name = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise CalibrationError(f"case {name}: field '{where}': {first['msg']}") from exc
    ids = [c.id for c in cases]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CalibrationError(f"case ids repeat: {repeated}")
    return cases


def check_cases(cases: Sequence[Case], tasks: dict[str, Task]) -> dict[str, CriterionKind]:
    """Each case's criterion kind; raises when a case names a missing task, a criterion that is
    not judged, or an edit that does not apply."""
    kinds: dict[str, CriterionKind] = {}
    for case in cases:
        task = tasks.get(case.task)
        if task is None:
            raise CalibrationError(f"case {case.id}: no task {case.task}")
        judged = ", ".join(c.id for c in task.rubric if c.judge) or "none"
        criterion = next((c for c in task.rubric if c.id == case.criterion), None)
        if criterion is None:
            raise CalibrationError(
                f"case {case.id}: {case.task} has no criterion {case.criterion}"
                f" (its judged criteria: {judged})"
            )
        if not criterion.judge:
            raise CalibrationError(
                f"case {case.id}: criterion {case.criterion} of {case.task} has a deterministic"
                f" check, so the judge never sees it (its judged criteria: {judged})"
            )
        reply = case.reply(task)
        if not case.expected and reply == task.reference.response:
            raise CalibrationError(
                f"case {case.id}: expected false, but its replace pairs leave the reference"
                f" reply of {case.task} unchanged (a negative edits the reply)"
            )
        kinds[case.id] = criterion.kind
    return kinds


def score(pairs: Sequence[tuple[bool, bool]]) -> Score:
    """Agreement between (expected, judged) pairs, with Cohen's kappa against chance."""
    n = len(pairs)
    tp = sum(1 for e, j in pairs if e and j)
    fp = sum(1 for e, j in pairs if not e and j)
    tn = sum(1 for e, j in pairs if not e and not j)
    fn = sum(1 for e, j in pairs if e and not j)
    agreement = (tp + tn) / n if n else 0.0
    chance = ((tp + fn) * (tp + fp) + (tn + fp) * (tn + fn)) / (n * n) if n else 0.0
    return Score(
        n=n,
        agreement=round(agreement, 4),
        precision=round(tp / (tp + fp), 4) if tp + fp else None,
        recall=round(tp / (tp + fn), 4) if tp + fn else None,
        kappa=round((agreement - chance) / (1 - chance), 4) if n and chance < 1 else None,
        true_positive=tp,
        false_positive=fp,
        true_negative=tn,
        false_negative=fn,
    )


def render_report(report: Report) -> str:
    def line(name: str, s: Score) -> str:
        def pct(v: float | None) -> str:
            return "  n/a" if v is None else f"{v:5.3f}"

        return (
            f"{name:<13} {s.n:>4}  {pct(s.agreement)}  {pct(s.precision)}  {pct(s.recall)}"
            f"  {pct(s.kappa)}"
        )

    rows = [
        f"judge {report.judge_model} (prompt {report.judge_prompt_version})",
        f"{'':<13} {'n':>4}  agree  prec.  recall kappa",
        line("all", report.overall),
        *(line(kind, s) for kind, s in sorted(report.by_kind.items())),
    ]
    if report.disagreements:
        rows.append(f"disagreements ({len(report.disagreements)}):")
        rows += [f"  {case_id}" for case_id in report.disagreements]
    if report.judge_errors:
        rows.append(f"judge errors, counted as not satisfied: {len(report.judge_errors)}")
    return "\n".join(rows)
