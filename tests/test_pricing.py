"""The price table: list prices per model spec, snapshots, unknown models, user overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corecraft_mcp.agents.registry import PROVIDERS, split_spec
from corecraft_mcp.evaluation.pricing import (
    DEFAULT_PRICES,
    Price,
    PriceTable,
    cost_usd,
    load_price_table,
    read_price_file,
)
from corecraft_mcp.grading.chat import Usage

MILLION_EACH = Usage(input_tokens=1_000_000, output_tokens=1_000_000)


def test_cost_is_tokens_times_price_per_million() -> None:
    usage = Usage(input_tokens=12_000, output_tokens=3_000)
    # gpt-6-sol: $2 in, $10 out per million
    assert cost_usd("openai:gpt-6-sol", usage) == pytest.approx(0.024 + 0.03)
    # claude-sonnet-5-5: $2 in, $10 out per million
    assert cost_usd("anthropic:claude-sonnet-5-5", usage) == pytest.approx(0.054)
    assert cost_usd("anthropic:claude-opus-5-5", MILLION_EACH) == pytest.approx(4 + 20)
    assert cost_usd("openai:gpt-6-sol", Usage()) == 0.0


def test_dated_snapshots_take_their_alias_price() -> None:
    assert cost_usd("openai:gpt-5.4-mini-2026-03-17", MILLION_EACH) == pytest.approx(0.75 + 4.5)
    assert cost_usd("anthropic:claude-haiku-4-5-20251001", MILLION_EACH) == pytest.approx(1 + 5)


def test_unknown_models_have_no_cost() -> None:
    usage = Usage(input_tokens=10, output_tokens=10)
    assert cost_usd("openai:qwen3:8b", usage) is None  # a local model: free or unknown, not $0
    assert cost_usd("openai:openai/gpt-6-sol", usage) is None  # OpenRouter has its own prices
    assert cost_usd("anthropic:claude-nonexistent", usage) is None
    assert cost_usd("gpt-6-sol", usage) is None  # not a spec


def test_default_table_is_well_formed() -> None:
    assert len(DEFAULT_PRICES) >= 30
    for spec, price in DEFAULT_PRICES.items():
        provider, name = split_spec(spec)
        assert provider in PROVIDERS and name == name.strip()
        # output always costs more than input, and nothing is free or absurd
        assert 0 < price.input < price.output <= 200, spec


def test_override_file_json_adds_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(
        json.dumps(
            {
                "openai:my-finetune": {"input": 3, "output": 12},
                "openai:gpt-6-sol": {"input": 1, "output": 5},
            }
        )
    )
    table = load_price_table(path)
    assert table.cost_usd("openai:my-finetune", MILLION_EACH) == pytest.approx(15)
    assert table.cost_usd("openai:gpt-6-sol", MILLION_EACH) == pytest.approx(6)
    # untouched entries keep the built-in price, and the built-in table is not changed
    assert table.cost_usd("openai:gpt-6-luna", MILLION_EACH) == pytest.approx(0.6)
    assert cost_usd("openai:gpt-6-sol", MILLION_EACH) == pytest.approx(12)
    assert cost_usd("openai:gpt-6-sol", MILLION_EACH, table) == pytest.approx(6)


def test_override_file_toml(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text('["openai:qwen3:8b"]\ninput = 0.0\noutput = 0.0\n')
    table = load_price_table(path)
    assert table.cost_usd("openai:qwen3:8b", MILLION_EACH) == 0.0
    assert "openai:qwen3:8b" in table and "openai:qwen3:14b" not in table


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("bad.json", "{not json", "cannot read prices"),
        ("bad.toml", "[unclosed", "cannot read prices"),
        ("list.json", "[1, 2]", "expected a table"),
        ("missing.json", '{"openai:x": {"input": 1}}', "openai:x"),
        ("negative.json", '{"openai:x": {"input": -1, "output": 2}}', "openai:x"),
        ("typo.json", '{"openai:x": {"input": 1, "ouput": 2}}', "openai:x"),
    ],
)
def test_bad_override_files_say_what_is_wrong(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValueError, match=says):
        read_price_file(path)


def test_missing_override_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read prices"):
        load_price_table(tmp_path / "absent.json")


def test_table_without_file_is_the_default() -> None:
    table = load_price_table(None)
    assert table.price("openai:gpt-6-astra") == Price(input=10, output=50)
    assert PriceTable({}).cost_usd("openai:gpt-6-astra", MILLION_EACH) is None
