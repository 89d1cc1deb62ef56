"""Generating tasks: families in turn, each on its next qualifying entity, deterministic from
a seed; and writing them as task files (DIR/SPLIT/ID.yaml)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from corecraft_mcp.tasks.difficulty import assess
from corecraft_mcp.tasks.families.base import Draft, Family
from corecraft_mcp.tasks.families.records import Records
from corecraft_mcp.tasks.families.registry import FAMILIES
from corecraft_mcp.tasks.models import Split, Task
from corecraft_mcp.world.world import World


@dataclass(frozen=True)
class Generated:
    task: Task
    family: Family
    draft: Draft


def _queues(records: Records, families: Sequence[Family], seed: int) -> dict[str, list[Any]]:
    queues = {}
    for family in families:
        found = list(family.find(records))
        random.Random(f"{seed}:{family.name}").shuffle(found)
        queues[family.name] = found
    return queues


def generate(
    world: World,
    n: int,
    *,
    seed: int = 0,
    split: Split = "train",
    families: Sequence[Family] = FAMILIES,
) -> Iterator[Generated]:
    """Up to n tasks: the families take turns, each on its next entity, until n are made or
    every family has run out of entities. The same world, seed and n give the same tasks."""
    records = Records(world)
    queues = _queues(records, families, seed)
    made = 0
    turn = 0
    while made < n and any(queues.values()):
        family = families[turn % len(families)]
        turn += 1
        queue = queues[family.name]
        if not queue:
            continue
        entity = queue.pop()
        index = made + 1
        rng = random.Random(f"{seed}:{family.name}:{index}")
        draft = family.build(records, entity, rng)
        task = Task.model_validate(
            {
                "id": f"gen-{family.name}-{seed}-{index:04d}",
                "world": world.name,
                "split": split,
                "category": family.category,
                "difficulty": "easy",  # replaced below by the difficulty rubric's band
                "instruction": draft.instruction,
                "policies": draft.policies,
                "reconcile": draft.reconcile,
                "exceptions": draft.exceptions,
                "rubric": draft.rubric,
                "reference": draft.reference,
                "near_misses": draft.near_misses,
                "paste_judged_only": draft.paste_judged_only,
            }
        )
        task = task.model_copy(update={"difficulty": assess(task).band})
        made += 1
        yield Generated(task=task, family=family, draft=draft)


def write_task(task: Task, out: Path) -> Path:
    folder = out / task.split
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{task.id}.yaml"
    data = task.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    return path
