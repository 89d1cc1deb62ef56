"""Reads a world's records for the families: rows as dicts, and the facts derived from them
with the world's own rules (delivery dates, windows, tiers), never from a tool's verdict."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from corecraft_mcp.world.definition import Policy, TierName
from corecraft_mcp.world.rules import TierRule
from corecraft_mcp.world.world import World

Row = dict[str, Any]


def day(timestamp: str) -> dt.date:
    return dt.date.fromisoformat(timestamp[:10])


@dataclass(frozen=True)
class Delivery:
    """When an order reached the customer, as the returns policy counts it."""

    on: dt.date
    shipped: dt.date
    assumed: bool  # no delivery scan: ship date + the policy's days
    shipment_ids: tuple[str, ...]


class Records:
    """Query helpers over one world's base image (read only)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.conn: sqlite3.Connection = world.base

    @property
    def policy(self) -> Policy:
        return self.world.policy

    @property
    def today(self) -> dt.date:
        return self.world.today

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def row(self, sql: str, params: tuple[Any, ...] = ()) -> Row:
        found = self.rows(sql, params)
        if not found:
            raise LookupError(f"no row for {sql} {params}")
        return found[0]

    @cached_property
    def mess(self) -> dict[str, list[Row]]:
        """Planted mess by kind, each with its detail parsed."""
        by_kind: dict[str, list[Row]] = {}
        for r in self.rows(
            "SELECT kind, entity_type, entity_id, detail FROM planted_mess ORDER BY id"
        ):
            r["detail"] = json.loads(r["detail"])
            by_kind.setdefault(r["kind"], []).append(r)
        return by_kind

    @cached_property
    def messy_orders(self) -> set[str]:
        """Orders any planted mess touches: simple families leave them to the mess families."""
        found: set[str] = set()
        for entries in self.mess.values():
            for m in entries:
                if m["entity_type"] == "orders":
                    found.add(m["entity_id"])
                order = m["detail"].get("order_id") if isinstance(m["detail"], dict) else None
                if order:
                    found.add(order)
        return found

    @cached_property
    def messy_customers(self) -> set[str]:
        kinds = ("duplicate_customer", "stale_address")
        found = {m["entity_id"] for k in kinds for m in self.mess.get(k, [])}
        found |= {
            str(m["detail"].get("original_id")) for m in self.mess.get("duplicate_customer", [])
        }
        return found

    @cached_property
    def missing_scan_orders(self) -> set[str]:
        """Orders the planted mess left without a delivery scan (and nothing else)."""
        return {str(m["detail"]["order_id"]) for m in self.mess.get("missing_delivery_record", [])}

    def customer(self, customer_id: str) -> Row:
        return self.row("SELECT * FROM customers WHERE id = ?", (customer_id,))

    def order(self, order_id: str) -> Row:
        return self.row("SELECT * FROM orders WHERE id = ?", (order_id,))

    def lines(self, order_id: str) -> list[Row]:
        return self.rows(
            "SELECT i.*, p.name, p.brand, p.model, p.category, p.wattage, p.capacity_gb,"
            " p.premium_line, p.socket, p.length_mm FROM order_items i"
            " JOIN products p ON p.id = i.product_id WHERE i.order_id = ? ORDER BY i.id",
            (order_id,),
        )

    def product(self, product_id: str) -> Row:
        return self.row("SELECT * FROM products WHERE id = ?", (product_id,))

    def tier(self, name: str) -> TierRule:
        return TierRule.from_policy(name, self.tier_rank(name), self.policy.tiers[as_tier(name)])

    def tier_rank(self, name: str) -> int:
        return ("Standard", "Silver", "Gold", "Platinum").index(name)

    def window_days(self, tier: str) -> int:
        return self.policy.tiers[as_tier(tier)].return_window_days

    def delivery(self, order_id: str) -> Delivery | None:
        """The delivery date the returns policy counts from: the last parcel's scan, or its
        ship date plus the policy's days when it has no scan. None when a parcel is not
        delivered or its dates contradict each other."""
        parcels = self.rows(
            "SELECT id, status, shipped_at, delivered_at FROM shipping_records"
            " WHERE order_id = ? ORDER BY id",
            (order_id,),
        )
        if not parcels or any(p["shipped_at"] is None for p in parcels):
            return None
        plus = self.policy.returns.no_delivery_record_ship_plus_days
        dates: list[dt.date] = []
        assumed = False
        for p in parcels:
            shipped = day(p["shipped_at"])
            if p["delivered_at"] is not None:
                delivered = day(p["delivered_at"])
                if delivered < shipped:
                    return None
                dates.append(delivered)
            elif p["status"] == "delivered":
                dates.append(shipped + dt.timedelta(days=plus))
                assumed = True
            else:
                return None
        shipped_first = min(day(p["shipped_at"]) for p in parcels)
        return Delivery(
            on=max(dates),
            shipped=shipped_first,
            assumed=assumed,
            shipment_ids=tuple(p["id"] for p in parcels),
        )

    def has_returns(self, order_id: str) -> bool:
        return bool(self.rows("SELECT 1 FROM order_returns WHERE order_id = ?", (order_id,)))

    def next_id(self, table: str, prefix: str, width: int) -> str:
        """The id the next row a tool creates in `table` gets (the tools number rows so)."""
        start = len(prefix) + 2
        highest = self.conn.execute(
            f"SELECT max(CAST(substr(id, {start}) AS INTEGER)) FROM {table} WHERE id LIKE ?",
            (f"{prefix}-%",),
        ).fetchone()[0]
        return f"{prefix}-{(highest or 0) + 1:0{width}d}"


def as_tier(name: str) -> TierName:
    if name not in ("Standard", "Silver", "Gold", "Platinum"):
        raise ValueError(f"unknown tier {name!r}")
    return cast(TierName, name)
