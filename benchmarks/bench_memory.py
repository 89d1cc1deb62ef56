"""Memory of the HTTP server (its own process): empty, with 256 live episodes each holding an
MCP session and a write, and after deleting them all. Deleted episodes' memory must go back.

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

EPISODES = 256
AT_ONCE = 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def fill(base: str, customer_id: str) -> list[str]:
    ids: list[str] = []
    limit = anyio.Semaphore(AT_ONCE)
    async with httpx2.AsyncClient(base_url=base, timeout=120) as http:

        async def one() -> None:
            async with limit:
                created = (await http.post("/episodes")).json()
                ids.append(created["episode_id"])
                async with Client(streamable_http_client(created["mcp_url"])) as client:
                    await client.call_tool(
                        "update_customer", {"customer_id": customer_id, "note": "memory"}
                    )

        async with anyio.create_task_group() as tasks:
            for _ in range(EPISODES):
                tasks.start_soon(one)
    return ids


async def empty(base: str, ids: list[str]) -> None:
    async with httpx2.AsyncClient(base_url=base, timeout=120) as http:
        for episode_id in ids:
            assert (await http.delete(f"/episodes/{episode_id}")).status_code == 204


def main() -> int:
    from corecraft_mcp.world.world import open_world

    customer_id = open_world("seed42").base.execute("SELECT min(id) FROM customers").fetchone()[0]
    port = _free_port()
    command = [sys.executable, "-m", "corecraft_mcp.cli", "serve", "--transport", "http",
               "--port", str(port), "--max-episodes", str(EPISODES)]  # fmt: skip
    server = subprocess.Popen(command, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx2.get(f"{base}/health", timeout=1).raise_for_status()
                break
            except httpx2.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        before = rss_mib(server.pid)
        ids = anyio.run(fill, base, customer_id)
        live = rss_mib(server.pid)
        anyio.run(empty, base, ids)
        time.sleep(1)
        after = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"server RSS: empty {before:.0f} MiB; {EPISODES} episodes with a session and a write "
          f"{live:.0f} MiB; all deleted {after:.0f} MiB")  # fmt: skip
    returned = (live - after) / max(live - before, 1)
    print(f"returned after deletion: {returned:.0%} of what the episodes took (target 90%)")
    return 0 if returned >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
