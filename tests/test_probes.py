"""The adversarial probes: rewordings keep a reply's meaning, and a rubric that grades facts but
not the conclusion is caught by the hedge and paste probes, naming the task and the probe."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corecraft_mcp.grading.normalise import normalise
from corecraft_mcp.grading.probes import REWORDINGS, alternative_failures, hedged_reply, probe_task
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.world.world import World

SOURCE = Path(__file__).parents[1] / "rubrics/train/tech-gpu-upgrade-custom-build-0003.yaml"
REPLY = (
    "Hi Virginia, the card is 336 mm and costs $1,219.99, a 10% saving until March 14, 2026. "
    "Your 650 W supply isn't enough: it is a final-sale item, returnable for 30 days."
)


@pytest.mark.parametrize("name", sorted(REWORDINGS))
def test_every_rewording_changes_the_words_but_not_the_reading(name: str) -> None:
    reworded = REWORDINGS[name](REPLY)
    assert reworded != REPLY
    assert normalise(reworded) == normalise(REPLY)


def _task(**changes: object) -> Task:
    data = yaml.safe_load(SOURCE.read_text())
    for criterion in data["rubric"]:
        if criterion["id"] in changes:
            criterion["check"] = changes[criterion["id"]]
    return Task.model_validate(data)


async def test_a_rubric_on_facts_alone_fails_the_hedge_and_paste_probes(
    world: World,
) -> None:
    trivial = {"state": "SELECT 1", "equals": 1}
    weak = _task(
        **{
            "psu-too-small": {"mentions": ["650", "850"]},
            "fits-case": trivial,
            "card-price": trivial,
        }
    )
    failures = await probe_task(world, weak, ToolCaller())
    assert {f.probe for f in failures} == {"hedge", "paste"}
    assert all("every deterministic criterion" in f.message for f in failures)


async def test_a_claim_on_the_conclusion_withstands_them(world: World) -> None:
    strong = _task(
        **{
            "psu-too-small": {
                "claim": ["not enough", "would have to be replaced"],
                "wrong": ["plenty of power", "is enough"],
            }
        }
    )
    assert "plenty of power" in hedged_reply(strong)
    assert [f.probe for f in await probe_task(world, strong, ToolCaller())] == []


async def test_a_valid_alternative_path_must_pass_every_criterion(world: World) -> None:
    data = yaml.safe_load(SOURCE.read_text())
    alternative = {
        "name": "answers without checking the build",
        "why": "not actually right: used to show that a failing alternative is reported",
        "calls": [],
        "response": data["reference"]["response"],
    }
    task = Task.model_validate({**data, "alternatives": [alternative]})
    failures = await alternative_failures(world, task, ToolCaller())
    assert {f.criterion_id for f in failures} == {"checked-the-upgrade"}
    assert failures[0].probe == "alternative:answers without checking the build"
    ok = {**alternative, "calls": data["reference"]["calls"]}
    assert (
        await alternative_failures(
            world, Task.model_validate({**data, "alternatives": [ok]}), ToolCaller()
        )
        == []
    )
