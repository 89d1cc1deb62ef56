"""Read task files from rubrics/{train,heldout}/*.yaml, rejecting a malformed one precisely."""

from __future__ import annotations

import fnmatch
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from corecraft_mcp.tasks.models import Category, Split, Task

SPLITS: tuple[Split, ...] = ("train", "heldout")


class TaskFileError(ValueError):
    """A task file that cannot be used: the message names the file, the field and the reason."""


def bundled_rubrics_dir() -> Path:
    return Path(str(resources.files("corecraft_mcp.rubrics")))


def _criterion_named(data: dict[str, object], loc: tuple[int | str, ...]) -> str:
    """'criterion psu-too-small: ' where the error lies inside one criterion, else ''."""
    rubric = data.get("rubric")
    if len(loc) < 2 or loc[0] != "rubric" or not isinstance(loc[1], int):
        return ""
    if not isinstance(rubric, list) or loc[1] >= len(rubric):
        return ""
    item = rubric[loc[1]]
    name = item.get("id") if isinstance(item, dict) else None
    return f"criterion {name}: " if name else ""


def load_task_file(path: Path) -> Task:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TaskFileError(f"{path}: not UTF-8 text: save the task file as UTF-8") from None
    except (OSError, yaml.YAMLError) as exc:
        raise TaskFileError(f"{path}: cannot read YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise TaskFileError(f"{path}: a task file is a YAML mapping (id, world, split, ...)")
    try:
        task = Task.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise TaskFileError(
            f"{path}: {_criterion_named(data, first['loc'])}field '{where}': {first['msg']}{more}"
        ) from exc
    if task.split != path.parent.name:
        raise TaskFileError(
            f"{path}: field 'split': says {task.split} but the file is in {path.parent.name}/"
        )
    if path.stem != task.id:
        raise TaskFileError(f"{path}: field 'id': {task.id} differs from the file name {path.stem}")
    return task


def load_tasks(
    root: Path | None = None,
    *,
    split: Split | None = None,
    category: Category | None = None,
    patterns: list[str] | None = None,
) -> list[Task]:
    """Every task under root (default: the bundled rubrics), filtered, sorted by id."""
    root = root or bundled_rubrics_dir()
    tasks: list[Task] = []
    seen: dict[str, Path] = {}
    for name in SPLITS:
        if split is not None and name != split:
            continue
        for path in sorted((root / name).glob("*.yaml")):
            task = load_task_file(path)
            if task.id in seen:
                raise TaskFileError(
                    f"{path}: field 'id': {task.id} is also used by {seen[task.id]}"
                )
            seen[task.id] = path
            tasks.append(task)
    if category is not None:
        tasks = [t for t in tasks if t.category == category]
    if patterns:
        tasks = [t for t in tasks if any(fnmatch.fnmatchcase(t.id, p) for p in patterns)]
    return sorted(tasks, key=lambda t: t.id)
