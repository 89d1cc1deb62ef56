"""The HTTP server's episodes: capped, expired when idle, closed on delete."""

from __future__ import annotations

import pytest

from corecraft_mcp.server.episodes import EpisodeLimitError, EpisodeRegistry
from corecraft_mcp.world.world import World


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_idle_episodes_expire_and_used_ones_stay(world: World) -> None:
    clock = Clock()
    registry = EpisodeRegistry(world, max_episodes=10, idle_timeout=60, clock=clock)
    idle = await registry.create()
    busy = await registry.create("task-1")
    clock.now = 50
    assert registry.get(busy.id) is busy  # a use resets its idle time
    clock.now = 70
    assert await registry.expire_idle() == 1
    assert registry.get(idle.id) is None
    assert registry.get(busy.id) is busy
    await registry.close()
    assert len(registry) == 0


async def test_the_cap_holds_until_an_episode_is_deleted(world: World) -> None:
    registry = EpisodeRegistry(world, max_episodes=2, idle_timeout=600, clock=Clock())
    first = await registry.create()
    await registry.create()
    with pytest.raises(EpisodeLimitError, match="--max-episodes"):
        await registry.create()
    assert await registry.delete(first.id)
    assert not await registry.delete(first.id)
    await registry.create()
    await registry.close()
