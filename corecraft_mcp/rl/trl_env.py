"""TRL: an `environment_factory` class for GRPOTrainer and a reward function with TRL's signature.

    from corecraft_mcp.rl.trl_env import CoreCraftToolEnv, corecraft_reward
    trainer = GRPOTrainer(model=..., train_dataset=dataset, reward_funcs=corecraft_reward,
                          environment_factory=CoreCraftToolEnv, args=GRPOConfig(...))

TRL makes one instance per rollout and reuses it: `reset(**row)` is called with the dataset row
(from `corecraft-mcp tasks export`), every public method is a tool (typed, with a docstring, so
TRL renders its schema into the chat template), and a tool's exception message is what the model
reads. The reward is the grader's, computed by `corecraft_reward` from the rollout's final
assistant message (the grader needs the response, which `get_reward()` would not see).

`reset` is synchronous in TRL and the tools run on TRL's event loop, so `reset` only records the
task; the world is forked when the rollout first needs it. Instances pickle as their settings
alone (AsyncGRPOTrainer sends the factory to a rollout process), and every instance in a process
forks the same loaded world.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.rl.env import CoreCraftEnv, Outcome, shared_world
from corecraft_mcp.rl.signatures import plain_signature
from corecraft_mcp.tools.base import ToolSpec
from corecraft_mcp.tools.registry import TOOLS

JudgeFactory = Callable[[], Judge]


class ToolCallError(Exception):
    """A tool refused the call: the message says what was wrong and what is accepted."""


class CoreCraftToolEnv:
    """One rollout's CoreCraft episode, its tools as methods.

    Args to the constructor (use functools.partial to set them in `environment_factory`):
    world: the world the tasks run in; judge_factory: a picklable zero-argument callable returning
    the Judge for judged criteria (None: deterministic criteria only).
    """

    def __init__(self, world: str = "seed42", judge_factory: JudgeFactory | None = None) -> None:
        self._world_name = world
        self._judge_factory = judge_factory
        self._core: CoreCraftEnv | None = None
        self._pending: str | None = None
        self._outcome: Outcome | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"world": self._world_name, "judge_factory": self._judge_factory}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["world"], state["judge_factory"])  # type: ignore[misc]

    def _env(self) -> CoreCraftEnv:
        if self._core is None:
            judge = self._judge_factory() if self._judge_factory else None
            self._core = CoreCraftEnv(shared_world(self._world_name), judge)
        return self._core

    def reset(self, **row: Any) -> str | None:
        """Start the row's task (its `task_id` column); the prompt is the row's own."""
        task_id = row.get("task_id")
        if not isinstance(task_id, str):
            raise ValueError(
                "each dataset row needs a task_id column: build the dataset with "
                "`corecraft-mcp tasks export`"
            )
        if task_id not in self._env().tasks:
            raise KeyError(f"no task '{task_id}' in world {self._world_name}")
        self._pending = task_id
        self._outcome = None
        return None

    async def _started(self) -> CoreCraftEnv:
        env = self._env()
        if self._pending is not None:
            task_id, self._pending = self._pending, None
            await env.reset(task_id)
        return env

    async def _call(self, tool: str, args: dict[str, Any]) -> str:
        env = await self._started()
        result = await env.step(tool, args)
        if result.is_error:
            raise ToolCallError(result.text)
        return result.text

    async def _finish(self, response: str) -> Outcome:
        """Grade the rollout once (a second call returns the same outcome)."""
        if self._outcome is None:
            env = await self._started()
            self._outcome = await env.finish(response)
        return self._outcome

    def _reward_of(self, outcome: Outcome) -> float:
        # Without a judge, judged criteria are ungraded: train on the deterministic share.
        return outcome.reward if self._judge_factory else outcome.deterministic_reward


def _tool_method(spec: ToolSpec) -> Callable[..., Any]:
    signature, annotations, doc = plain_signature(spec)
    name = spec.name

    async def method(self: CoreCraftToolEnv, **kwargs: Any) -> str:
        return await self._call(name, kwargs)

    method.__name__ = name
    method.__qualname__ = f"CoreCraftToolEnv.{name}"
    method.__doc__ = doc
    method.__signature__ = signature  # type: ignore[attr-defined]
    method.__annotations__ = annotations
    return method


for _spec in TOOLS:
    setattr(CoreCraftToolEnv, _spec.name, _tool_method(_spec))


class CoreCraftReplyEnv(CoreCraftToolEnv):
    """For trainers that score an environment by `get_reward()` alone, without the completion:
    AsyncGRPOTrainer returns an environment to its pool once the rollout ends and passes reward
    functions no environments. The model sends its final reply with the `reply` tool, and the
    environment grades that. Use it without `corecraft_reward` (it would grade twice)."""

    def reset(self, **row: Any) -> str | None:
        self._reply = ""
        return super().reset(**row)

    async def reply(self, message: str) -> str:
        """Send your final reply to the customer (or your report to your manager): what you did
        and the exact facts the reader needs. Call it once, when the work is done.

        Args:
            message: The reply, as the reader will see it.
        """
        self._reply = message
        return "sent"

    async def get_reward(self) -> float:
        """The grader's reward for the rollout, with the reply sent (empty if none was)."""
        return self._reward_of(await self._finish(getattr(self, "_reply", "")))


def final_response(completion: Any) -> str:
    """The text of the rollout's last assistant message (a completion is a message list in
    conversational mode, text otherwise)."""
    if isinstance(completion, str):
        return completion
    for message in reversed(list(completion)):
        if isinstance(message, dict) and message.get("role") == "assistant":
            content = message.get("content") or ""
            if isinstance(content, list):
                return "".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content)
    return ""


async def corecraft_reward(
    completions: Sequence[Any],
    environments: Sequence[CoreCraftToolEnv] | None = None,
    **kwargs: Any,
) -> list[float | None]:
    """TRL reward function: the grader's reward for each rollout, from its environment's final
    world and tool calls and the completion's final assistant message."""
    if environments is None:
        raise ValueError(
            "corecraft_reward grades environments: pass environment_factory=CoreCraftToolEnv "
            "to GRPOTrainer"
        )
    rewards: list[float | None] = []
    for completion, env in zip(completions, environments, strict=True):
        outcome = await env._finish(final_response(completion))
        rewards.append(env._reward_of(outcome))
    return rewards
