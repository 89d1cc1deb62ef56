"""A world definition: the seed, the clock, the sizes, the mess rates and every policy number."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

TierName = Literal["Standard", "Silver", "Gold", "Platinum"]
Priority = Literal["low", "normal", "high", "urgent"]
ShippingService = Literal["standard", "expedited", "overnight"]

TIER_ORDER: tuple[TierName, ...] = ("Standard", "Silver", "Gold", "Platinum")
BENCHMARK_WORLD = "seed42"
PRIORITY_ORDER: tuple[Priority, ...] = ("low", "normal", "high", "urgent")


class WorldDefinitionError(ValueError):
    """A world definition that cannot be read or does not validate."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sizes(_Strict):
    customers: int = Field(ge=20, le=100_000)
    orders: int = Field(ge=20, le=500_000)
    products: int = Field(ge=60, le=20_000)
    builds: int = Field(ge=1, le=20_000)
    support_tickets: int = Field(ge=10, le=200_000)
    kb_articles: int = Field(ge=10, le=1_000)
    promotions: int = Field(ge=4, le=5_000)
    warehouses: list[str] = Field(min_length=1, max_length=10)


class MessRates(_Strict):
    duplicate_customer: float = Field(ge=0, le=0.5)
    missing_payment_record: float = Field(ge=0, le=0.5)
    shipping_date_conflict: float = Field(ge=0, le=0.5)
    missing_delivery_record: float = Field(ge=0, le=0.5)
    ticket_wrong_order_number: float = Field(ge=0, le=0.5)
    discontinued_with_successor: float = Field(ge=0, le=0.5)
    superseded_kb_article: float = Field(ge=0, le=0.5)
    stale_address: float = Field(ge=0, le=0.5)
    expired_or_nonstacking_promo: float = Field(ge=0, le=0.9)
    free_text_note: float = Field(ge=0, le=1)


class TierPolicy(_Strict):
    min_spend: float = Field(ge=0)
    return_window_days: int = Field(ge=0, le=365)
    restocking_fee_pct: int = Field(ge=0, le=100)
    free_standard_over: float = Field(ge=0, description="0 means always free")
    free_expedited: bool
    price_match_days: int = Field(ge=0, le=365)


class ReturnsPolicy(_Strict):
    no_delivery_record_ship_plus_days: int = Field(ge=0)
    doa_report_days: int = Field(ge=0)
    refund_business_days: str
    nonreturnable: list[str]


class ShippingRate(_Strict):
    price: float = Field(ge=0)
    business_days: tuple[int, int]


class ShippingPolicy(_Strict):
    standard: ShippingRate
    expedited: ShippingRate
    overnight: ShippingRate
    heavy_threshold_kg: float = Field(gt=0)
    heavy_surcharge_per_kg: float = Field(ge=0)
    late_delivery_business_days: int = Field(ge=0)
    late_delivery_credit: float = Field(ge=0)

    def rate(self, service: ShippingService) -> ShippingRate:
        rate: ShippingRate = getattr(self, service)
        return rate


class WarrantyPolicy(_Strict):
    cpu: int
    gpu: int
    motherboard: int
    memory: int
    ssd: int
    hdd: int
    psu: int
    psu_premium: int
    case: int
    air_cooler: int
    liquid_cooler: int
    monitor: int
    peripheral: int
    prebuilt: int
    open_box_months: int
    refurbished_days: int
    corecare_plus_extra_years: int
    corecraft_handles_claims_months: int


class EscalationPolicy(_Strict):
    refund_supervisor_over: float = Field(gt=0)
    fraud_team: str
    billing_team: str
    legal_press_team: str


class PromotionPolicy(_Strict):
    codes_per_order: int = Field(ge=1)
    price_adjustment_days: int = Field(ge=0)


class PriceMatchPolicy(_Strict):
    competitors: list[str] = Field(min_length=1)


class IdentityPolicy(_Strict):
    second_factors: list[Literal["order_number", "phone_last4"]] = Field(min_length=1)


class SlaPolicy(_Strict):
    urgent: dict[TierName, tuple[int, int]]
    priority_multiplier: dict[Priority, int]

    def hours(self, tier: TierName, priority: Priority) -> tuple[int, int]:
        first, resolution = self.urgent[tier]
        factor = self.priority_multiplier[priority]
        return first * factor, resolution * factor


class Policy(_Strict):
    tiers: dict[TierName, TierPolicy]
    returns: ReturnsPolicy
    shipping: ShippingPolicy
    warranty: WarrantyPolicy
    escalation: EscalationPolicy
    promotions: PromotionPolicy
    price_match: PriceMatchPolicy
    identity: IdentityPolicy
    sla: SlaPolicy

    @field_validator("tiers")
    @classmethod
    def _all_tiers(cls, tiers: dict[TierName, TierPolicy]) -> dict[TierName, TierPolicy]:
        missing = set(TIER_ORDER) - set(tiers)
        if missing:
            raise ValueError(f"missing tiers: {sorted(missing)}")
        spends = [tiers[t].min_spend for t in TIER_ORDER]
        if spends != sorted(spends) or spends[0] != 0:
            raise ValueError("tier min_spend must start at 0 and rise Standard < ... < Platinum")
        return tiers


class WorldDefinition(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    seed: int = Field(ge=0, le=2**63 - 1)
    today: dt.date
    history_days: int = Field(ge=30, le=3650)
    sizes: Sizes
    mess: MessRates
    policy: Policy

    @property
    def today_iso(self) -> str:
        return self.today.isoformat()

    def with_seed(self, seed: int) -> WorldDefinition:
        """The same world shape under another seed (a training world)."""
        name = self.name if seed == self.seed else f"seed{seed}"
        return self.model_validate({**self.model_dump(), "seed": seed, "name": name})


def parse_definition(text: str, source: str) -> WorldDefinition:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorldDefinitionError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return WorldDefinition.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise WorldDefinitionError(
            f"{source}: field '{where}': {first['msg']} ({exc.error_count()} error(s) in all)"
        ) from exc


def bundled_world_names() -> list[str]:
    return sorted(
        p.name.removesuffix(".toml")
        for p in resources.files("corecraft_mcp.worlds").iterdir()
        if p.name.endswith(".toml")
    )


def load_definition(name_or_path: str) -> WorldDefinition:
    """Load a bundled world by name (``seed42``) or a definition file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise WorldDefinitionError(f"{path}: cannot read: {exc.strerror}") from exc
        except UnicodeDecodeError:
            raise WorldDefinitionError(f"{path}: not UTF-8 text: save it as UTF-8") from None
        return parse_definition(text, str(path))
    bundled = resources.files("corecraft_mcp.worlds").joinpath(f"{name_or_path}.toml")
    seeded = re.fullmatch(r"seed(\d{1,18})", name_or_path)
    if not bundled.is_file() and seeded is not None:
        # A training world: the benchmark world's shape and policy under another seed.
        return load_definition(BENCHMARK_WORLD).with_seed(int(seeded[1]))
    if not bundled.is_file():
        raise WorldDefinitionError(
            f"unknown world '{name_or_path}': give a bundled world "
            f"({', '.join(bundled_world_names())}), seedN for the benchmark world's shape under "
            "seed N, or a path to a .toml definition"
        )
    return parse_definition(bundled.read_text(encoding="utf-8"), f"worlds/{name_or_path}.toml")
