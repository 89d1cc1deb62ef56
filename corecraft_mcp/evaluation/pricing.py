"""What a run cost: list prices per model, in USD per million input and output tokens.

Prices are the providers' standard (synchronous, non-batch) list prices, as published in
November 2026 on https://developers.openai.com/api/docs/pricing (and each model's page there) and
https://platform.claude.com/docs/en/about-claude/pricing. They change: check them before quoting a
cost, and override or extend them with a file (`load_price_table`).

What the estimate leaves out, and why it is still the useful number:
- cached prompt tokens are billed at a tenth of the input price or less; usage does not carry
  them apart, so every prompt token is priced as fresh input (an upper bound);
- long-context surcharges (OpenAI above 272K input tokens per request, Claude Haiku 5.5 above
  100K) never apply to this benchmark's prompts, which stay far below;
- batch, flex and priority tiers and regional-processing uplifts are not used by the runner.

A model served through another base_url (OpenRouter, a local vLLM) has the same spec but not the
same price: give its price in a file, or its cost is unknown (None) rather than wrong.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corecraft_mcp.grading.chat import Usage

PRICES_AS_OF = "2026-11"


class Price(BaseModel):
    """USD per million tokens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: float = Field(ge=0)
    output: float = Field(ge=0)


def _p(input_usd: float, output_usd: float) -> Price:
    return Price(input=input_usd, output=output_usd)


# Keys are model specs as given to --model. Aliases only: dated snapshots fall back to them.
DEFAULT_PRICES: Mapping[str, Price] = MappingProxyType(
    {
        # OpenAI, GPT-6 family (September-November 2026)
        "openai:gpt-6.2-astra": _p(8.00, 40.00),
        "openai:gpt-6.2-sol": _p(2.00, 10.00),
        "openai:gpt-6.1-sol": _p(2.00, 10.00),
        "openai:gpt-6.1-terra": _p(1.00, 5.00),
        "openai:gpt-6-astra": _p(10.00, 50.00),
        "openai:gpt-6-sol": _p(2.00, 10.00),
        "openai:gpt-6-luna": _p(0.10, 0.50),
        # OpenAI, GPT-5.x (current prices, after the July 2026 reductions for 5.6)
        "openai:gpt-5.6-sol": _p(4.00, 20.00),
        "openai:gpt-5.6-terra": _p(2.00, 12.00),
        "openai:gpt-5.6-luna": _p(0.20, 1.20),
        "openai:gpt-5.5": _p(5.00, 30.00),
        "openai:gpt-5.5-pro": _p(30.00, 180.00),
        "openai:gpt-5.4": _p(2.50, 15.00),
        "openai:gpt-5.4-pro": _p(30.00, 180.00),
        "openai:gpt-5.4-mini": _p(0.75, 4.50),
        "openai:gpt-5.4-nano": _p(0.20, 1.25),
        "openai:gpt-5.2": _p(1.75, 14.00),
        "openai:gpt-5.2-pro": _p(21.00, 168.00),
        "openai:gpt-5.1": _p(1.25, 10.00),
        "openai:gpt-5": _p(1.25, 10.00),
        "openai:gpt-5-mini": _p(0.25, 2.00),
        "openai:gpt-5-nano": _p(0.05, 0.40),
        # OpenAI, earlier models still served
        "openai:gpt-4.1": _p(2.00, 8.00),
        "openai:gpt-4.1-mini": _p(0.40, 1.60),
        "openai:gpt-4.1-nano": _p(0.10, 0.40),
        "openai:o3": _p(2.00, 8.00),
        "openai:o4-mini": _p(1.10, 4.40),
        "openai:gpt-4o": _p(2.50, 10.00),
        "openai:gpt-4o-mini": _p(0.15, 0.60),
        # Anthropic, Mythos class (Mythos N shares Fable N's price; access is limited)
        "anthropic:claude-fable-5-2": _p(8.00, 40.00),
        "anthropic:claude-mythos-5-2": _p(8.00, 40.00),
        "anthropic:claude-fable-5-1": _p(10.00, 50.00),
        "anthropic:claude-mythos-5-1": _p(10.00, 50.00),
        "anthropic:claude-fable-5": _p(10.00, 50.00),
        "anthropic:claude-mythos-5": _p(10.00, 50.00),
        # Anthropic, Opus
        "anthropic:claude-opus-5-5": _p(4.00, 20.00),
        "anthropic:claude-opus-5": _p(5.00, 25.00),
        "anthropic:claude-opus-4-8": _p(5.00, 25.00),
        "anthropic:claude-opus-4-7": _p(5.00, 25.00),
        "anthropic:claude-opus-4-6": _p(5.00, 25.00),
        "anthropic:claude-opus-4-5": _p(5.00, 25.00),
        # Anthropic, Sonnet and Haiku (Haiku 5.5: the rate for prompts up to 100K tokens)
        "anthropic:claude-sonnet-5-5": _p(2.00, 10.00),
        "anthropic:claude-sonnet-5": _p(2.00, 10.00),
        "anthropic:claude-sonnet-4-6": _p(3.00, 15.00),
        "anthropic:claude-sonnet-4-5": _p(3.00, 15.00),
        "anthropic:claude-haiku-5-5": _p(0.10, 0.50),
        "anthropic:claude-haiku-4-5": _p(1.00, 5.00),
    }
)

RESPONSES_PREFIX = "openai-responses:"

# Snapshot suffixes: OpenAI's '-2026-03-17', Anthropic's '-20251001'.
_SNAPSHOT = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{8})$")


class PriceTable:
    """Prices by model spec; a dated snapshot without its own entry takes its alias's price."""

    def __init__(self, prices: Mapping[str, Price]) -> None:
        self._prices = dict(prices)

    def __contains__(self, spec: object) -> bool:
        return isinstance(spec, str) and self.price(spec) is not None

    def price(self, spec: str) -> Price | None:
        spec = spec.strip()
        # The same OpenAI model costs the same on either API; an own entry still wins.
        if spec.startswith(RESPONSES_PREFIX) and spec not in self._prices:
            spec = "openai:" + spec.removeprefix(RESPONSES_PREFIX)
        found = self._prices.get(spec)
        if found is None:
            found = self._prices.get(_SNAPSHOT.sub("", spec))
        return found

    def cost_usd(self, spec: str, usage: Usage) -> float | None:
        price = self.price(spec)
        if price is None:
            return None
        dollars = (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1e6
        return round(dollars, 6)

    def with_overrides(self, overrides: Mapping[str, Price]) -> PriceTable:
        return PriceTable({**self._prices, **overrides})


DEFAULT_TABLE = PriceTable(DEFAULT_PRICES)


def read_price_file(path: Path) -> dict[str, Price]:
    """Prices from a JSON or TOML file (by extension) mapping model specs to `input` and
    `output` in USD per million tokens. JSON: `{"openai:my-finetune": {"input": 3, "output": 12}}`.
    TOML: a table per spec, its name quoted for the colon: `["openai:qwen3:8b"]` then
    `input = 0` and `output = 0` on their own lines."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise ValueError(f"cannot read prices from {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a table of model spec -> {{input, output}}")
    prices: dict[str, Price] = {}
    for spec, entry in data.items():
        try:
            prices[str(spec)] = Price.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ValueError(
                f"{path}: price of {spec!r}{'.' + where if where else ''}: {first['msg']} "
                "(give input and output in USD per million tokens)"
            ) from exc
    return prices


def load_price_table(path: Path | None = None) -> PriceTable:
    """The built-in prices, with the file's entries (if any) added or replacing them."""
    if path is None:
        return DEFAULT_TABLE
    return DEFAULT_TABLE.with_overrides(read_price_file(path))


def cost_usd(model_spec: str, usage: Usage, table: PriceTable | None = None) -> float | None:
    """USD for usage on model_spec at list price, or None when its price is unknown."""
    return (table or DEFAULT_TABLE).cost_usd(model_spec, usage)
