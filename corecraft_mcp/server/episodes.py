"""Live episodes of the HTTP server: created and deleted explicitly, expired when idle."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World


class EpisodeLimitError(Exception):
    """The live-episode cap is reached."""


@dataclass
class LiveEpisode:
    id: str
    episode: Episode
    task_id: str | None
    created: float
    last_used: float = field(default=0.0)


class EpisodeRegistry:
    """The HTTP server's episodes, keyed by an id in the URL: never by the MCP session, which the
    protocol does not keep stable across requests."""

    def __init__(
        self,
        world: World,
        max_episodes: int,
        idle_timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.world = world
        self.max_episodes = max_episodes
        self.idle_timeout = idle_timeout
        self._clock = clock
        self._live: dict[str, LiveEpisode] = {}
        # Called with the id of each episode deleted or expired (the server ends its sessions).
        self.on_delete: Callable[[str], Awaitable[None]] | None = None

    def __len__(self) -> int:
        return len(self._live)

    async def create(self, task_id: str | None = None) -> LiveEpisode:
        await self.expire_idle()
        if len(self._live) >= self.max_episodes:
            raise EpisodeLimitError(
                f"{self.max_episodes} episodes are live (the cap): delete finished ones with "
                "DELETE /episodes/{id}, or start the server with a larger --max-episodes"
            )
        now = self._clock()
        live = LiveEpisode(
            id=f"ep_{secrets.token_hex(8)}",
            episode=await Episode.start(self.world),
            task_id=task_id,
            created=now,
            last_used=now,
        )
        self._live[live.id] = live
        return live

    def get(self, episode_id: str) -> LiveEpisode | None:
        live = self._live.get(episode_id)
        if live is not None:
            live.last_used = self._clock()
        return live

    def all(self) -> list[LiveEpisode]:
        return list(self._live.values())

    async def delete(self, episode_id: str) -> bool:
        live = self._live.pop(episode_id, None)
        if live is None:
            return False
        await live.episode.close()
        if self.on_delete is not None:
            await self.on_delete(episode_id)
        return True

    async def expire_idle(self) -> int:
        cutoff = self._clock() - self.idle_timeout
        stale = [i for i, live in self._live.items() if live.last_used < cutoff]
        for episode_id in stale:
            await self.delete(episode_id)
        return len(stale)

    async def close(self) -> None:
        for episode_id in list(self._live):
            await self.delete(episode_id)
