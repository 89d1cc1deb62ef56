"""The LLM judge: grades the criteria marked `judge: true` from the task, the policies, the
transcript and the final response.

Structured output the portable way: the judge model gets exactly one tool, `record_verdicts`,
whose input is the verdict list (every provider with tool use supports that, unlike JSON modes),
and a model that answers in text instead is given a second chance by reading JSON out of the text.

It fails closed: an unparseable answer, a missing criterion or a provider failure is retried up to
`max_attempts` times, and what is still unjudged after that is *not satisfied* with
`judge_error=True`. A model's bad output never raises.

With `votes > 1`, that many independent calls are made and each criterion takes the strict
majority (a tie is not satisfied). Independent votes need sampling noise, so by default one vote
runs at temperature 0 (the most repeatable verdict) and several run at VOTE_TEMPERATURE; votes at
temperature 0 would mostly repeat one another. A model that rejects the temperature (reasoning
models take only their default) is then called without one.

Verdicts are cached by a content hash of everything that can change them, so re-grading a run is
free; a result with a judge error is never cached, so a re-run retries it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import anyio
from pydantic import BaseModel, ValidationError

from corecraft_mcp.grading.chat import (
    ChatModel,
    Message,
    ProviderError,
    SamplingSettings,
    Usage,
)
from corecraft_mcp.grading.judge_prompt import (
    JUDGE_PROMPT_VERSION,
    SYSTEM_PROMPT,
    JudgeItem,
    collect_verdicts,
    missing_note,
    parse_answer,
    record_tool,
    render_episode,
)
from corecraft_mcp.grading.scoring import Grade, Verdict, summarise
from corecraft_mcp.tasks.models import Criterion, Task
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.store import atomic_write

__all__ = ["JUDGE_PROMPT_VERSION", "Judge", "apply_judgement"]

log = logging.getLogger(__name__)

# Enough spread for votes to disagree on a borderline criterion, little enough to keep each vote
# a considered one.
VOTE_TEMPERATURE = 0.7
MAX_REASON_CHARS = 600


class _CachedVerdict(BaseModel):
    criterion_id: str
    satisfied: bool
    evidence: str


class _CacheEntry(BaseModel):
    key: str
    judge_model: str
    prompt_version: str
    task_id: str
    verdicts: list[_CachedVerdict]


class _Ballot(BaseModel):
    """One vote's outcome: the verdicts it produced and, for the ids it never judged, why."""

    items: dict[str, JudgeItem]
    problem: str = ""


class Judge:
    def __init__(
        self,
        model: ChatModel,
        votes: int = 1,
        max_attempts: int = 3,
        cache_dir: Path | None = None,
        settings: SamplingSettings | None = None,
    ) -> None:
        if votes < 1 or max_attempts < 1:
            raise ValueError("votes and max_attempts must be at least 1")
        self.model = model
        self.votes = votes
        self.max_attempts = max_attempts
        self.cache_dir = cache_dir
        # What was asked for (part of the cache key) and what is sent (the same, unless the
        # model turned the temperature down: see _vote).
        self.settings = settings or SamplingSettings(
            temperature=0.0 if votes == 1 else VOTE_TEMPERATURE
        )
        self._sampling = self.settings
        self.usage = Usage()  # what this judge has spent, for the run's cost report

    @property
    def model_name(self) -> str:
        return self.model.name

    @property
    def prompt_version(self) -> str:
        return JUDGE_PROMPT_VERSION

    async def judge(
        self, task: Task, policies: dict[str, str], transcript: Transcript
    ) -> list[Verdict]:
        """A verdict for each `judge: true` criterion of the task, in rubric order."""
        criteria = [c for c in task.rubric if c.judge]
        if not criteria:
            return []
        key = self.cache_key(task, policies, transcript)
        cached = self._read_cache(key, criteria)
        if cached is not None:
            return cached

        ballots = await self._ballots(task, policies, transcript, criteria)

        verdicts = [self._decide(c, ballots) for c in criteria]
        failed = [v.criterion_id for v in verdicts if v.judge_error]
        if failed:
            log.warning("judge errors on task %s: %s", task.id, ", ".join(failed))
        else:
            self._write_cache(key, task.id, verdicts)
        return verdicts

    def cache_key(self, task: Task, policies: Mapping[str, str], transcript: Transcript) -> str:
        """sha256 of everything that can change a verdict. Beyond the model, prompt version,
        votes, task id, criteria, policies, calls and response, it also covers the instruction
        (an edited task must be re-judged) and the sampling settings."""
        payload = {
            "judge_model": self.model.name,
            "prompt_version": JUDGE_PROMPT_VERSION,
            "votes": self.votes,
            "settings": self.settings.model_dump(mode="json"),
            "task_id": task.id,
            "instruction": task.instruction,
            "criteria": [
                {"id": c.id, "kind": c.kind, "text": c.text} for c in task.rubric if c.judge
            ],
            "policies": dict(policies),
            "calls": [call.model_dump(mode="json") for call in transcript.calls],
            "response": transcript.response,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    async def _ballots(
        self,
        task: Task,
        policies: Mapping[str, str],
        transcript: Transcript,
        criteria: Sequence[Criterion],
    ) -> list[_Ballot]:
        if self.votes == 1:  # no task group: an unexpected error surfaces as itself
            return [await self._vote(task, policies, transcript, criteria)]
        ballots = [_Ballot(items={}) for _ in range(self.votes)]

        async def vote(index: int) -> None:
            ballots[index] = await self._vote(task, policies, transcript, criteria)

        async with anyio.create_task_group() as group:  # the votes are independent: in parallel
            for index in range(self.votes):
                group.start_soon(vote, index)
        return ballots

    async def _vote(
        self,
        task: Task,
        policies: Mapping[str, str],
        transcript: Transcript,
        criteria: Sequence[Criterion],
    ) -> _Ballot:
        """One independent vote, with up to max_attempts calls; each retry asks only for the
        criteria still unjudged and tells the model what was wrong with its last answer."""
        judged: dict[str, JudgeItem] = {}
        remaining = list(criteria)
        problem = ""
        note: str | None = None
        attempts = 0
        while attempts < self.max_attempts:
            ids = [c.id for c in remaining]
            messages = [
                Message(role="system", content=SYSTEM_PROMPT),
                Message(
                    role="user",
                    content=render_episode(task, policies, transcript, remaining, note),
                ),
            ]
            sampling = self._sampling
            try:
                completion = await self.model.complete(messages, [record_tool(ids)], sampling)
            except ProviderError as error:
                if sampling.temperature is not None and "temperature" in str(error).lower():
                    # Reasoning models (OpenAI's o-series and GPT-5 family) take only their
                    # default temperature: use it from now on rather than fail every verdict.
                    log.warning("%s rejected the judge's temperature; using its default", error)
                    self._sampling = sampling.model_copy(update={"temperature": None})
                    continue
                # Not the model's answer: retry with the same prompt.
                attempts += 1
                problem = f"provider error: {error}"
                continue
            attempts += 1
            self.usage = self.usage + completion.usage
            answer = parse_answer(completion)
            if isinstance(answer, str):
                problem = note = answer
                continue
            found, conflicts = collect_verdicts(answer.verdicts, set(ids))
            judged.update(found)
            remaining = [c for c in remaining if c.id not in judged]
            if not remaining:
                return _Ballot(items=judged)
            problem = note = missing_note([c.id for c in remaining], conflicts)
        return _Ballot(items=judged, problem=f"{problem} (after {self.max_attempts} attempts)")

    def _decide(self, criterion: Criterion, ballots: Sequence[_Ballot]) -> Verdict:
        """Strict majority over all votes: an errored vote counts as not satisfied, and a
        not-satisfied verdict that errored votes could have flipped is flagged as a judge error."""
        items = [b.items.get(criterion.id) for b in ballots]
        yes = [i for i in items if i is not None and i.satisfied]
        no = [i for i in items if i is not None and not i.satisfied]
        errors = [b.problem for b, i in zip(ballots, items, strict=True) if i is None]
        n = len(ballots)
        satisfied = 2 * len(yes) > n
        judge_error = not satisfied and 2 * (len(yes) + len(errors)) > n
        if judge_error:
            evidence = f"judge error: {errors[0]}"
            if n > 1:
                evidence = (
                    f"judge error in {len(errors)}/{n} votes ({errors[0]}); "
                    f"{len(yes)} satisfied, {len(no)} not satisfied"
                )
                if no:
                    evidence += f": {_reason(no[0])}"
        elif n == 1:
            evidence = _reason((yes or no)[0])
        elif satisfied:
            evidence = f"{len(yes)}/{n} votes satisfied: {_reason(yes[0])}"
        else:
            tie = " (a tie counts as not satisfied)" if 2 * len(yes) == n else ""
            evidence = f"{len(no)}/{n} votes not satisfied{tie}: {_reason(no[0])}"
        return Verdict(
            criterion_id=criterion.id,
            kind=criterion.kind,
            method="judge",
            weight=criterion.weight,
            satisfied=satisfied,
            evidence=evidence,
            judge_error=judge_error,
        )

    def _cache_file(self, key: str) -> Path | None:
        return self.cache_dir / f"{key}.json" if self.cache_dir is not None else None

    def _read_cache(self, key: str, criteria: Sequence[Criterion]) -> list[Verdict] | None:
        file = self._cache_file(key)
        if file is None or not file.exists():
            return None
        try:
            entry = _CacheEntry.model_validate_json(file.read_bytes())
        except (OSError, ValidationError) as error:
            log.warning("ignoring unreadable judge cache entry %s: %s", file, error)
            return None
        stored = {v.criterion_id: v for v in entry.verdicts}
        if entry.key != key or set(stored) != {c.id for c in criteria}:
            log.warning("ignoring judge cache entry %s: it is for another episode", file)
            return None
        return [
            Verdict(
                criterion_id=c.id,
                kind=c.kind,
                method="judge",
                weight=c.weight,
                satisfied=stored[c.id].satisfied,
                evidence=stored[c.id].evidence,
            )
            for c in criteria
        ]

    def _write_cache(self, key: str, task_id: str, verdicts: Sequence[Verdict]) -> None:
        file = self._cache_file(key)
        if file is None:
            return
        entry = _CacheEntry(
            key=key,
            judge_model=self.model.name,
            prompt_version=JUDGE_PROMPT_VERSION,
            task_id=task_id,
            verdicts=[
                _CachedVerdict(
                    criterion_id=v.criterion_id, satisfied=bool(v.satisfied), evidence=v.evidence
                )
                for v in verdicts
            ],
        )
        atomic_write(file, entry.model_dump_json(indent=1))


def apply_judgement(grade: Grade, verdicts: list[Verdict]) -> Grade:
    """The grade with the judged criteria's verdicts replaced (by id), pass and reward
    recomputed."""
    by_id = {v.criterion_id: v for v in verdicts}
    unknown = set(by_id) - {v.criterion_id for v in grade.verdicts}
    if unknown:
        raise ValueError(f"verdicts for criteria not in the grade of {grade.task_id}: {unknown}")
    merged = [by_id.get(v.criterion_id, v) for v in grade.verdicts]
    return summarise(grade.task_id, merged)


def _reason(item: JudgeItem) -> str:
    # Asked for one or two sentences; a rambling one must not bloat every stored result.
    reason = " ".join(item.reason.split()) or "(the judge gave no reason)"
    return reason if len(reason) <= MAX_REASON_CHARS else reason[: MAX_REASON_CHARS - 3] + "..."
