"""verifiers: `load_environment()` returns a StatefulToolEnv over CoreCraft, so prime-rl, SkyRL and
the other consumers of verifiers environments can train and evaluate on it.

Each rollout gets its own CoreCraftEnv (a fresh fork of the world) in `setup_state`; the fork is
injected into every tool call by `update_tool_args` and hidden from the schema the model sees
(`add_tool(..., args_to_skip=["episode"])`). When the rollout stops, a cleanup handler grades it
with our grader and frees the fork; the rubric reads that grade. Tested against verifiers 0.1.10
(the newest release that installs beside mcp 2.3: later ones pin mcp<2 or mcp==2.0.0).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

import verifiers as vf
from datasets import Dataset

from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.rl.dataset import task_rows
from corecraft_mcp.rl.env import CoreCraftEnv, shared_world
from corecraft_mcp.rl.schemas import tool_schemas
from corecraft_mcp.tasks.models import Split
from corecraft_mcp.tools.base import ToolSpec
from corecraft_mcp.tools.registry import TOOLS

log = logging.getLogger(__name__)

ENV_KEY = "corecraft_env"
OUTCOME_KEY = "corecraft_outcome"
VERIFIERS_VERSION = "0.1.10"


class ToolCallError(Exception):
    """A tool refused the call: the message says what was wrong and what is accepted."""


def _tool(spec: ToolSpec) -> Callable[..., Any]:
    """The tool as a function of (episode, its own arguments): the schema comes from the tool's
    own annotated signature; the episode is injected per rollout and hidden from the model."""
    signature = inspect.signature(spec.fn, eval_str=True)
    episode = inspect.Parameter("episode", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = [episode, *list(signature.parameters.values())[1:]]
    name = spec.name

    async def call(episode: CoreCraftEnv, **kwargs: Any) -> str:
        result = await episode.step(name, kwargs)
        if result.is_error:
            raise ToolCallError(result.text)
        return result.text

    call.__name__ = name
    call.__qualname__ = name
    call.__doc__ = spec.description
    call.__signature__ = signature.replace(parameters=params, return_annotation=str)  # type: ignore[attr-defined]
    call.__annotations__ = {p.name: p.annotation for p in params[1:]} | {"return": str}
    return call


def _dataset(split: Split) -> Dataset:
    rows = [
        {
            "prompt": row["prompt"],
            "info": {k: row[k] for k in ("task_id", "split", "category", "difficulty")},
            "task": "corecraft",
        }
        for row in task_rows(split)
    ]
    return Dataset.from_list(rows)


def _last_assistant_text(state: vf.State) -> str:
    for step in reversed(state.get("trajectory") or []):
        for message in reversed(step.get("completion") or []):
            if message.get("role") == "assistant":
                return str(message.get("content") or "")
    return ""


class CoreCraftToolEnv(vf.StatefulToolEnv):  # type: ignore[misc]
    def __init__(
        self,
        world: str = "seed42",
        judge: Judge | None = None,
        max_turns: int = 30,
        **kwargs: Any,
    ) -> None:
        self.world_name = world
        self.judge = judge
        shared_world(world)  # load once, before any rollout
        rubric = vf.Rubric(funcs=[self.corecraft_reward], weights=[1.0])
        rubric.add_metric(self.deterministic_reward)
        rubric.add_metric(self.passed)
        kwargs.setdefault("dataset", _dataset("train"))
        kwargs.setdefault("eval_dataset", _dataset("heldout"))
        super().__init__(tools=[], max_turns=max_turns, rubric=rubric, **kwargs)
        for spec in TOOLS:
            self.add_tool(_tool(spec), args_to_skip=["episode"])
        # The model sees exactly the schemas the MCP server publishes (and the evaluator shows).
        by_name = {s["function"]["name"]: s for s in tool_schemas()}
        self.oai_tools = [by_name[t["function"]["name"]] for t in self._schemas()]

    def _schemas(self) -> list[dict[str, Any]]:
        schemas: list[dict[str, Any]] = self.oai_tools
        return schemas

    async def setup_state(self, state: vf.State, **kwargs: Any) -> vf.State:
        env = CoreCraftEnv(shared_world(self.world_name), self.judge)
        await env.reset(state["info"]["task_id"])
        state[ENV_KEY] = env
        return await super().setup_state(state, **kwargs)

    def update_tool_args(
        self,
        tool_name: str,
        tool_args: dict[str, Any],
        messages: vf.Messages,
        state: vf.State,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return {**tool_args, "episode": state[ENV_KEY]}

    @vf.cleanup  # type: ignore[untyped-decorator]
    async def grade_and_release(self, state: vf.State) -> None:
        """Grade a finished rollout with its final world, calls and response; free the fork."""
        env: CoreCraftEnv | None = state.get(ENV_KEY)
        if env is None:
            return
        state[ENV_KEY] = None
        if not state.get("is_completed"):
            await env.close()  # cancelled: nothing to grade
            return
        outcome = await env.finish(_last_assistant_text(state))
        reward = outcome.reward if self.judge else outcome.deterministic_reward
        state[OUTCOME_KEY] = {
            "reward": reward,
            "deterministic_reward": outcome.deterministic_reward,
            "passed": outcome.passed,
            "verdicts": [v.model_dump(mode="json") for v in outcome.verdicts],
        }

    async def corecraft_reward(self, state: vf.State) -> float:
        """The grader's reward (the judge's too when configured; else the deterministic
        criteria's weighted share)."""
        return float((state.get(OUTCOME_KEY) or {}).get("reward", 0.0))

    async def deterministic_reward(self, state: vf.State) -> float:
        return float((state.get(OUTCOME_KEY) or {}).get("deterministic_reward", 0.0))

    async def passed(self, state: vf.State) -> float:
        return 1.0 if (state.get(OUTCOME_KEY) or {}).get("passed") else 0.0


def load_environment(
    world: str = "seed42", judge: Judge | None = None, max_turns: int = 30, **kwargs: Any
) -> CoreCraftToolEnv:
    """The CoreCraft environment: the train split to train on, the held-out split to evaluate."""
    if getattr(vf, "__version__", VERIFIERS_VERSION) != VERIFIERS_VERSION:
        log.warning(
            "verifiers %s: this environment is tested against %s, whose API it uses",
            vf.__version__,
            VERIFIERS_VERSION,
        )
    return CoreCraftToolEnv(world=world, judge=judge, max_turns=max_turns, **kwargs)
