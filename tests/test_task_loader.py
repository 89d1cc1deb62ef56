"""A malformed task file is rejected with its path, the field and the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from corecraft_mcp.tasks.loader import TaskFileError, load_task_file, load_tasks


def _task(**overrides: Any) -> dict[str, Any]:
    task: dict[str, Any] = {
        "id": "demo-task-0001",
        "world": "seed42",
        "split": "train",
        "category": "workflow",
        "difficulty": "easy",
        "instruction": "A customer asks for something specific that needs doing.",
        "rubric": [
            {"id": f"c{i}", "kind": "correctness", "text": "Does the specific thing",
             "check": {"mentions": [f"fact {i}"]}}
            for i in range(4)
        ],
        "reference": {"calls": [], "response": "fact 0 fact 1 fact 2 fact 3"},
        "near_misses": [{"name": "forgets one", "response": "fact 0", "fails": ["c1", "c2", "c3"]}],
    }  # fmt: skip
    task.update(overrides)
    return task


def _write(root: Path, task: dict[str, Any], split: str = "train", name: str | None = None) -> Path:
    folder = root / split
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or task['id']}.yaml"
    path.write_text(yaml.safe_dump(task))
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    task = load_task_file(_write(tmp_path, _task()))
    assert task.id == "demo-task-0001"
    assert [t.id for t in load_tasks(tmp_path)] == ["demo-task-0001"]


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"category": "chit_chat"}, "category", "Input should be"),
        ({"rubric": []}, "rubric", "at least 4"),
        ({"instruction": None}, "instruction", "valid string"),
        ({"near_misses": []}, "near_misses", "at least 1"),
    ],
)
def test_a_bad_field_is_named(
    tmp_path: Path, overrides: dict[str, Any], field: str, reason: str
) -> None:
    path = _write(tmp_path, _task(**overrides))
    with pytest.raises(TaskFileError) as error:
        load_task_file(path)
    message = str(error.value)
    assert str(path) in message
    assert f"'{field}" in message
    assert reason in message


def test_a_check_needs_an_expectation(tmp_path: Path) -> None:
    task = _task()
    task["rubric"][0]["check"] = {"state": "SELECT 1"}
    with pytest.raises(TaskFileError, match="needs one of equals"):
        load_task_file(_write(tmp_path, task))


def test_a_criterion_is_checked_or_judged_not_both(tmp_path: Path) -> None:
    task = _task()
    task["rubric"][0]["judge"] = True
    with pytest.raises(TaskFileError, match="either a deterministic check or judge"):
        load_task_file(_write(tmp_path, task))


def test_a_near_miss_names_real_criteria(tmp_path: Path) -> None:
    task = _task(near_misses=[{"name": "odd", "response": "x", "fails": ["nope"]}])
    with pytest.raises(TaskFileError, match="unknown criteria"):
        load_task_file(_write(tmp_path, task))


def test_split_and_file_name_must_agree(tmp_path: Path) -> None:
    with pytest.raises(TaskFileError, match="file is in heldout"):
        load_task_file(_write(tmp_path, _task(), split="heldout"))
    with pytest.raises(TaskFileError, match="differs from the file name"):
        load_task_file(_write(tmp_path, _task(), name="other-name"))


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "train" / "broken.yaml"
    path.parent.mkdir()
    path.write_text("id: [unclosed")
    with pytest.raises(TaskFileError, match="cannot read YAML"):
        load_task_file(path)
