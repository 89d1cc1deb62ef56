"""seed42 at larger sizes (x4, x16: every count scaled but the knowledge base, which its
templates cap at 80 articles), generated once and kept frozen in a cache folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from corecraft_mcp.world.definition import load_definition
from corecraft_mcp.world.store import freeze
from corecraft_mcp.world.world import World, build, open_world

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("CORECRAFT_BENCH_WORLDS", Path.home() / ".cache/corecraft-bench"))


def scaled_definition(factor: int) -> str:
    text = (REPO / "worlds" / "seed42.toml").read_text(encoding="utf-8")
    text = text.replace('name = "seed42"', f'name = "seed42x{factor}"')
    start, end = text.index("[sizes]"), text.index("warehouses")

    def scale(match: re.Match[str]) -> str:
        key, value = match.group(1), int(match.group(2))
        return match.group(0) if key == "kb_articles" else f"{key} = {value * factor}"

    sizes = re.sub(r"^(\w+) = (\d+)$", scale, text[start:end], flags=re.M)
    return text[:start] + sizes + text[end:]


def scaled_world(factor: int) -> World:
    """seed42 (factor 1) or seed42x{factor}, generated on first use and frozen in CACHE."""
    if factor == 1:
        return open_world("seed42")
    CACHE.mkdir(parents=True, exist_ok=True)
    toml = CACHE / f"seed42x{factor}.toml"
    toml.write_text(scaled_definition(factor), encoding="utf-8")
    if not (CACHE / f"seed42x{factor}.sha256").exists():
        world = build(load_definition(str(toml)))
        freeze(world.base, CACHE, f"seed42x{factor}")
    return open_world(str(toml))
