"""Adversarial probes: what `tasks validate` tries beyond the reference and the listed near misses.

Each probe replays the reference's calls and grades a different final reply:
- reworded: the reference reply in other ordinary wordings (money, percent, number words,
  dates, units, hyphens, contractions, case). A right answer must not fail on its wording.
- hedge: the reference reply followed by every near miss's reply, as a hedging agent would
  write. Stating the right answer among wrong candidates must fail.
- alternative: each valid alternative path the task lists must satisfy every deterministic
  criterion, as the reference does (a rubric must not fail a right answer reached another way).
- paste: a reply that is only the output of the reference's read calls, pasted. Quoting every fact without a
  conclusion must fail a deterministic criterion, unless the task says (paste_judged_only) why
  only its judged criteria can catch it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from corecraft_mcp.grading.grade import grade_episode
from corecraft_mcp.grading.scoring import Grade, grade_deterministic
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.registry import tool_by_name
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

PROBES = ("reworded", "hedge", "paste", "alternative")

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(_MONTHS, start=1)}
_CONTRACT = [
    ("cannot", "can't"), ("can not", "can't"), ("is not", "isn't"), ("are not", "aren't"),
    ("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"), ("was not", "wasn't"),
    ("will not", "won't"), ("have not", "haven't"), ("has not", "hasn't"), ("it is", "it's"),
    ("would not", "wouldn't"), ("could not", "couldn't"),
]  # fmt: skip


@dataclass(frozen=True)
class ProbeFailure:
    probe: str
    criterion_id: str | None
    message: str


def _words(n: int) -> str:
    if n < 20:
        return _SMALL[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_SMALL[units]}" if units else "")


def _money(text: str) -> str:
    """$1,219.99 -> 1219.99 dollars; $40.00 -> $40."""
    text = re.sub(r"\$(\d[\d,]*)\.00\b", r"$\1", text)
    return re.sub(r"\$(\d[\d,]*(?:\.\d\d)?)", lambda m: m[1].replace(",", "") + " dollars", text)


def _percent_and_numbers(text: str) -> str:
    """10% -> 10 percent; a small count standing alone (30 days) -> thirty days."""
    text = re.sub(r"(\d)\s?%", r"\1 percent", text)
    return re.sub(
        r"(?<![\w$.,/:-])([1-9]\d?)(?![\w.,/:%-]|\.\d)",
        lambda m: _words(int(m[1])),
        text,
    )


def _dates(text: str) -> str:
    """2026-03-14 -> March 14, 2026; March 14, 2026 -> 3/14/2026; March 14 -> 14 March."""
    month = "|".join(_MONTHS)

    def written(m: re.Match[str]) -> str:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        return f"{_MONTHS[mo - 1]} {d}, {y}" if 1 <= mo <= 12 else m[0]

    text = re.sub(
        rf"\b({month}) (\d{{1,2}}), (\d{{4}})\b",
        lambda m: f"{_MONTH_NUMBER[m[1].lower()]}/{m[2]}/{m[3]}",
        text,
    )
    text = re.sub(rf"\b({month}) (\d{{1,2}})\b(?!,? \d{{4}})", r"\2 \1", text)
    return re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", written, text)


def _units(text: str) -> str:
    """850 W -> 850 watts; 336 mm -> 336 millimetres."""
    text = re.sub(r"(\d)\s?W\b", r"\1 watts", text)
    return re.sub(r"(\d)\s?mm\b", r"\1 millimetres", text)


def _hyphens(text: str) -> str:
    """Hyphens between words become spaces; the first pair of words on a line gets one."""
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)
    return re.sub(r"(?m)^(\W*[A-Za-z]{3,}) ([A-Za-z]{3,})", r"\1-\2", text)


def _contractions(text: str) -> str:
    """Contract where the reference writes out ("is not" -> "isn't"), expand where it
    contracts, and reflow the reply onto one line."""
    swapped = text
    for long, short in _CONTRACT:
        swapped = re.sub(rf"\b{long}\b", short, swapped)
    if swapped == text:
        for long, short in _CONTRACT:
            swapped = swapped.replace(short, long)
    return re.sub(r"\s+", " ", swapped)


def _case(text: str) -> str:
    return text.upper()


REWORDINGS: dict[str, Callable[[str], str]] = {
    "money": _money,
    "percent-and-number-words": _percent_and_numbers,
    "dates": _dates,
    "units": _units,
    "hyphens": _hyphens,
    "contractions": _contractions,
    "case": _case,
}


def hedged_reply(task: Task) -> str:
    parts = [task.reference.response.strip()]
    parts += [f"Or, possibly:\n{miss.response.strip()}" for miss in task.near_misses]
    return "\n\n".join(parts)


def pasted_reply(calls: list[CallRecord]) -> str:
    """Every output the reference read, pasted. A write's output echoes what the agent wrote
    (its own ticket reply, its note), which is the agent's conclusion, not tool data."""
    reads = {name for name, spec in tool_by_name().items() if spec.kind == "read"}
    return "\n\n".join(
        json.dumps(c.result, indent=1, default=str, ensure_ascii=False)
        for c in calls
        if c.ok and c.tool in reads
    )


def _reply_criteria(task: Task) -> list[str]:
    from corecraft_mcp.tasks.models import ClaimCheck, MentionsCheck, NotMentionsCheck

    kinds = (ClaimCheck, MentionsCheck, NotMentionsCheck)
    return [c.id for c in task.rubric if isinstance(c.check, kinds)]


async def probe_task(world: World, task: Task, caller: ToolCaller) -> list[ProbeFailure]:
    """Every probe's failures for one task (empty when the task's rubric withstands them)."""
    failures: list[ProbeFailure] = []
    async with await Episode.start(world) as episode:
        calls = [await caller.call(episode.db, c.tool, c.args) for c in task.reference.calls]
        diff = episode.diff()

        # The deterministic half of grade_episode, with the episode's diff taken once: only
        # the reply differs between the probes.
        def grade(response: str) -> Grade:
            transcript = Transcript(calls=calls, response=response)
            return grade_deterministic(task, episode.db.conn, diff, transcript)

        baseline = set(grade(task.reference.response).failed())
        for name, reword in REWORDINGS.items():
            text = reword(task.reference.response)
            if text == task.reference.response:
                continue
            for verdict in grade(text).verdicts:
                if verdict.satisfied is False and verdict.criterion_id not in baseline:
                    failures.append(
                        ProbeFailure(
                            probe=f"reworded:{name}",
                            criterion_id=verdict.criterion_id,
                            message=f"the reference reply reworded ({name}) fails it: "
                            f"{verdict.evidence}",
                        )
                    )
        reply_criteria = _reply_criteria(task)
        if grade(hedged_reply(task)).deterministic_passed:
            failures.append(
                ProbeFailure(
                    probe="hedge",
                    criterion_id=None,
                    message="a reply hedging across the reference and every near miss passes "
                    f"every deterministic criterion (those on the reply: {reply_criteria or 'none'})",
                )
            )
        pasted = grade(pasted_reply(calls))
        if pasted.deterministic_passed and task.paste_judged_only is None:
            failures.append(
                ProbeFailure(
                    probe="paste",
                    criterion_id=None,
                    message="the reference's calls with a reply pasting every tool output pass "
                    f"every deterministic criterion (those on the reply: {reply_criteria or 'none'}); "
                    "add a claim on the conclusion, or say in paste_judged_only why only the "
                    "judged criteria catch it",
                )
            )
        elif not pasted.deterministic_passed and task.paste_judged_only is not None:
            failures.append(
                ProbeFailure(
                    probe="paste",
                    criterion_id=pasted.failed()[0],
                    message="paste_judged_only says only judged criteria catch a pasted reply, "
                    "but this deterministic criterion does: drop paste_judged_only",
                )
            )
    return failures


async def alternative_failures(world: World, task: Task, caller: ToolCaller) -> list[ProbeFailure]:
    """Each valid alternative path must satisfy every deterministic criterion."""
    failures: list[ProbeFailure] = []
    for alternative in task.alternatives:
        probe = f"alternative:{alternative.name}"
        async with await Episode.start(world) as episode:
            calls = [await caller.call(episode.db, c.tool, c.args) for c in alternative.calls]
            transcript = Transcript(calls=calls, response=alternative.response)
            grade = (await grade_episode(task, world, episode.db.conn, transcript)).grade
        failures += [
            ProbeFailure(probe=probe, criterion_id=None, message=f"call {c.tool} fails: {c.error}")
            for c in calls
            if not c.ok
        ]
        failures += [
            ProbeFailure(
                probe=probe,
                criterion_id=v.criterion_id,
                message=f"a valid alternative path fails it: {v.evidence}",
            )
            for v in grade.verdicts
            if v.satisfied is False
        ]
    return failures
