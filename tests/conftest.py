"""Shared fixtures: seed42 is loaded once per test session; each test gets its own episode."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World, open_world


@pytest.fixture(scope="session")
def world() -> World:
    return open_world("seed42")


@pytest.fixture
async def episode(world: World) -> AsyncIterator[Episode]:
    async with await Episode.start(world) as ep:
        yield ep


@pytest.fixture
def db(episode: Episode) -> WorldConnection:
    """The episode's world as a tool sees it."""
    return episode.db
