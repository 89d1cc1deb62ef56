"""`corecraft-mcp judge calibrate`: run the judge on the labelled calibration set and report its
agreement with the labels (precision, recall and Cohen's kappa, overall and per criterion kind).

Each case is judged as an episode would be: the task's reference calls are replayed for the
transcript, the reply is the case's, and the judge sees the task's policies. Cases that share a
task and a reply are judged in one call, as the criteria of one episode are.
"""

from __future__ import annotations

from collections import defaultdict

import anyio

from corecraft_mcp.grading.calibration import Case, Report, check_cases, score
from corecraft_mcp.grading.judge import JUDGE_PROMPT_VERSION, Judge
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.documents import policy_texts
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

CONCURRENCY = 4


async def _reference_calls(world: World, task: Task, caller: ToolCaller) -> list[CallRecord]:
    async with await Episode.start(world) as episode:
        return [await caller.call(episode.db, c.tool, c.args) for c in task.reference.calls]


async def calibrate(
    world: World, judge: Judge, cases: list[Case], tasks: dict[str, Task]
) -> Report:
    kinds = check_cases(cases, tasks)
    caller = ToolCaller()
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.task, case.reply(tasks[case.task]))].append(case)
    calls = {
        task_id: await _reference_calls(world, tasks[task_id], caller)
        for task_id in sorted({c.task for c in cases})
    }
    judged: dict[str, bool] = {}
    errors: list[str] = []
    limiter = anyio.Semaphore(CONCURRENCY)

    async def judge_group(task_id: str, reply: str, members: list[Case]) -> None:
        task = tasks[task_id]
        wanted = {c.criterion for c in members}
        only = task.model_copy(update={"rubric": [c for c in task.rubric if c.id in wanted]})
        transcript = Transcript(calls=calls[task_id], response=reply)
        async with limiter:
            verdicts = await judge.judge(only, policy_texts(world.base, task.policies), transcript)
        by_id = {v.criterion_id: v for v in verdicts}
        for case in members:
            verdict = by_id[case.criterion]
            judged[case.id] = bool(verdict.satisfied)
            if verdict.judge_error:
                errors.append(case.id)

    async with anyio.create_task_group() as group:
        for (task_id, reply), members in groups.items():
            group.start_soon(judge_group, task_id, reply, members)

    pairs = {c.id: (c.expected, judged[c.id]) for c in cases}
    by_kind: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for case in cases:
        by_kind[kinds[case.id]].append(pairs[case.id])
    return Report(
        judge_model=judge.model_name,
        judge_prompt_version=JUDGE_PROMPT_VERSION,
        overall=score(list(pairs.values())),
        by_kind={kind: score(p) for kind, p in by_kind.items()},
        disagreements=[c.id for c in cases if pairs[c.id][0] != pairs[c.id][1]],
        judge_errors=sorted(errors),
    )
