"""The task set as the dataset RL trainers load: one row per task, the prompt as chat messages.

Rows carry the prompt the evaluator starts from (system prompt and task instruction) and the task
id, which the environments use to fork the task's world and grade the episode.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from corecraft_mcp.rl.env import shared_world, task_messages
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Split

Format = Literal["jsonl", "parquet"]
COLUMNS = ("prompt", "task_id", "split", "category", "difficulty")


def task_rows(split: Split | None = None) -> list[dict[str, Any]]:
    prompts: dict[str, str] = {}
    rows = []
    for task in load_tasks(split=split):
        if task.world not in prompts:
            prompts[task.world] = support_agent_prompt(shared_world(task.world))
        rows.append(
            {
                "prompt": task_messages(prompts[task.world], task),
                "task_id": task.id,
                "split": task.split,
                "category": task.category,
                "difficulty": task.difficulty,
            }
        )
    return rows


def export_tasks(path: Path, fmt: Format, split: Split | None = None) -> int:
    """Write the rows to path; returns how many."""
    rows = task_rows(split)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise RuntimeError(
                "--format parquet needs pyarrow: pip install 'corecraft-mcp[rl]'"
            ) from exc
        pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)
