"""Determinism, the frozen seed42, and what a corrupt or tampered world file does."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from corecraft_mcp.world.definition import WorldDefinitionError, load_definition
from corecraft_mcp.world.store import FrozenWorldError, content_hash, freeze, read_frozen
from corecraft_mcp.world.world import World, build, open_world

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fresh_seed42() -> World:
    return build(load_definition("seed42"))


def test_same_seed_builds_the_same_world(fresh_seed42: World) -> None:
    again = build(load_definition("seed42"))
    assert again.content_hash == fresh_seed42.content_hash


def test_another_seed_builds_another_world(fresh_seed42: World) -> None:
    other = build(load_definition("seed42").with_seed(7))
    assert other.content_hash != fresh_seed42.content_hash
    assert other.name == "seed7"


def test_frozen_seed42_matches_the_generator(world: World, fresh_seed42: World) -> None:
    """If this fails, the generator changed: the frozen world (the ground truth of every task)
    no longer matches it. Rebuild with `corecraft-mcp world freeze` only on purpose."""
    assert world.content_hash == fresh_seed42.content_hash
    assert (REPO / "worlds" / "seed42.sha256").read_text().strip() == world.content_hash


def test_frozen_content_hash_is_recomputable(world: World) -> None:
    assert content_hash(world.base) == world.content_hash


def test_seed42_has_the_design_sizes(world: World) -> None:
    counts = {
        table: world.base.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in [
            "customers", "orders", "products", "builds", "support_tickets", "slas",
            "shipping_records", "compatibility_rules", "warranty_policies", "loyalty_tiers",
            "kb_articles", "promotions", "inventory", "company_policies",
        ]
    }  # fmt: skip
    minimums = {
        "customers": 600, "orders": 1000, "products": 350, "builds": 80, "support_tickets": 350,
        "slas": 12, "shipping_records": 900, "compatibility_rules": 20, "warranty_policies": 15,
        "loyalty_tiers": 4, "kb_articles": 80, "promotions": 40, "inventory": 1000,
        "company_policies": 15,
    }  # fmt: skip
    short = {t: (counts[t], m) for t, m in minimums.items() if counts[t] < m}
    assert not short, f"tables below their design size (have, need): {short}"
    assert sum(counts.values()) >= 2500


def _copy_frozen(tmp_path: Path) -> Path:
    for suffix in (".toml", ".json.gz", ".sha256"):
        shutil.copy(REPO / "worlds" / f"seed42{suffix}", tmp_path / f"seed42{suffix}")
    return tmp_path / "seed42.toml"


def test_tampered_frozen_file_is_refused(tmp_path: Path) -> None:
    definition = _copy_frozen(tmp_path)
    data = tmp_path / "seed42.json.gz"
    dump = gzip.decompress(data.read_bytes()).replace(b"Platinum", b"Platinun", 1)
    data.write_bytes(gzip.compress(dump))
    with pytest.raises(FrozenWorldError, match="does not match its recorded hash"):
        open_world(str(definition))


def test_corrupt_frozen_file_is_refused(tmp_path: Path) -> None:
    definition = _copy_frozen(tmp_path)
    (tmp_path / "seed42.json.gz").write_bytes(b"not gzip at all")
    with pytest.raises(FrozenWorldError, match="unreadable"):
        open_world(str(definition))


def test_missing_frozen_file_is_refused(tmp_path: Path) -> None:
    _copy_frozen(tmp_path)
    (tmp_path / "seed42.json.gz").unlink()
    with pytest.raises(FrozenWorldError, match="missing"):
        read_frozen(tmp_path, "seed42")


def test_stale_frozen_file_is_refused(tmp_path: Path) -> None:
    """A definition edited without refreezing must not silently load the old content."""
    definition = _copy_frozen(tmp_path)
    text = definition.read_text().replace("history_days = 730", "history_days = 700")
    definition.write_text(text)
    with pytest.raises(FrozenWorldError, match="different definition"):
        open_world(str(definition))


def test_freeze_is_byte_stable(tmp_path: Path, world: World) -> None:
    freeze(world.base, tmp_path, "seed42")
    assert (tmp_path / "seed42.json.gz").read_bytes() == (
        REPO / "worlds" / "seed42.json.gz"
    ).read_bytes()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("seed = ", "not valid TOML"),
        ('name = "x"\nseed = -1', "seed"),
    ],
)
def test_bad_definition_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(WorldDefinitionError, match=message):
        load_definition(str(path))


def test_unknown_world_names_the_bundled_ones() -> None:
    with pytest.raises(WorldDefinitionError, match="seed42"):
        load_definition("atlantis")


def test_seed_n_is_the_benchmark_world_under_that_seed() -> None:
    seven = load_definition("seed7")
    bench = load_definition("seed42")
    assert (seven.name, seven.seed) == ("seed7", 7)
    assert seven.policy == bench.policy and seven.sizes == bench.sizes
