"""Which tickets the world has: each one's scenario, moment, customer and the order it is about.

Tickets are drawn category by category (to a fixed mix), each at a moment in the ticket history,
and matched to an order whose history makes that scenario plausible at that moment (see
support_needs). Recent tickets are still being worked; older ones are finished.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from corecraft_mcp.world.definition import Policy
from corecraft_mcp.world.generate.support_facts import Facts, joined_at, product_specs
from corecraft_mcp.world.generate.support_needs import (
    Case,
    order_cases,
    passes_filters,
    question_items,
)
from corecraft_mcp.world.generate.support_scenario import Group, Need, Scenario
from corecraft_mcp.world.generate.support_templates import (
    CATEGORY_WEIGHTS,
    SCENARIOS,
    scenarios_for,
)
from corecraft_mcp.world.models import Customer, Product, PurchasedItem
from corecraft_mcp.world.models_commerce import TicketCategory as Category
from corecraft_mcp.world.money import cents

DAY = dt.timedelta(days=1)
# Share of tickets from the last RECENT_DAYS: the open queue an agent works today.
RECENT_SHARE = 0.2
RECENT_DAYS = 10
MIN_PER_CATEGORY = 2
MOMENT_TRIES = 6
# How long an escalated ticket may still sit with the team it went to.
ESCALATED_FOR = dt.timedelta(days=45)
# Cases per block of the by-start index: a block whose latest end is before a moment is skipped.
BLOCK = 64
# How a ticket's age decides where it is in its life: (max age in days, weights new/working/done)
AGE_GROUPS: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (1, (55, 40, 5)),
    (4, (25, 50, 25)),
    (10, (8, 35, 57)),
    (30, (0, 10, 90)),
)


@dataclass
class Plan:
    scenario: Scenario
    group: Group
    created: dt.datetime
    customer: Customer | None
    case: Case | None = None
    item: PurchasedItem | None = None
    product: Product | None = None
    extra: dict[str, str] = field(default_factory=dict)


def allocate(total: int, weights: dict[Category, int]) -> dict[Category, int]:
    """Largest-remainder split of `total` by weight, at least MIN_PER_CATEGORY each."""
    floor = min(MIN_PER_CATEGORY, total // len(weights))
    rest = total - floor * len(weights)
    weight_sum = sum(weights.values())
    raw = {c: rest * w / weight_sum for c, w in weights.items()}
    counts = {c: floor + int(v) for c, v in raw.items()}
    by_remainder = sorted(weights, key=lambda c: (-(raw[c] - int(raw[c])), c))
    for c in by_remainder[: total - sum(counts.values())]:
        counts[c] += 1
    return counts


class Planner:
    def __init__(
        self,
        rng: random.Random,
        facts: Facts,
        policy: Policy,
        now: dt.datetime,
        horizon: dt.datetime,
        by_category: dict[str, list[Product]],
    ) -> None:
        self.rng = rng
        self.facts = facts
        self.policy = policy
        self.now = now
        self.horizon = horizon
        self.by_category = by_category
        self.threshold = cents(policy.escalation.refund_supervisor_over)
        self._cases: dict[Need, list[Case]] = {}
        # by need, or by need and scenario (the cases that suit it)
        self._by_start: dict[str, tuple[list[dt.datetime], list[Case], list[dt.datetime]]] = {}
        # whether a case suits a scenario, by (scenario key, id of the case): a pure function
        # of the two, asked again for every ticket that considers the case
        self._suits: dict[tuple[str, int], bool] = {}
        self.used_orders: set[str] = set()
        self.used_customers: set[str] = set()
        self.customers = sorted(facts.customers.values(), key=lambda c: (joined_at(c), c.id))
        self._created = [joined_at(c) for c in self.customers]

    # -- time and life stage --------------------------------------------------------------
    def sample_time(self) -> dt.datetime:
        span = self.now - self.horizon
        if self.rng.random() < RECENT_SHARE:
            span = min(span, RECENT_DAYS * DAY)
        return self.now - span * self.rng.random()

    def age_group(self, created: dt.datetime) -> Group:
        age_days = (self.now - created) / DAY
        for limit, weights in AGE_GROUPS:
            if age_days < limit:
                groups: tuple[Group, ...] = ("new", "working", "done")
                return self.rng.choices(groups, weights=weights)[0]
        return "done"

    def effective_group(self, scenario: Scenario, group: Group, moment: dt.datetime) -> Group:
        """An escalating scenario is escalated once worked on; the team it went to may still
        have it weeks later."""
        if not scenario.escalate:
            return group
        if group == "working" or (
            group == "done" and self.now - moment < ESCALATED_FOR and self.rng.random() < 0.5
        ):
            return "escalated"
        return group

    # -- matching -------------------------------------------------------------------------
    def cases(self, need: Need) -> list[Case]:
        if need not in self._cases:
            self._cases[need] = order_cases(need, self.facts, self.policy, self.now)
        return self._cases[need]

    def cases_at(
        self, need: Need, moment: dt.datetime, scenario: Scenario | None = None
    ) -> list[Case]:
        """The cases whose window contains a moment (the hot lookup: windows sorted by start,
        in blocks that are skipped whole when all their windows ended before the moment); with
        a scenario, only the cases that suit it."""
        key = need if scenario is None else f"{need}/{scenario.key}"
        if key not in self._by_start:
            if scenario is None:
                ordered = sorted(self.cases(need), key=lambda c: (c.start, c.order.id))
            else:
                ordered = [c for c in self.cases_at_all(need) if self._suits_scenario(scenario, c)]
            latest = [
                max(c.end for c in ordered[i : i + BLOCK]) for i in range(0, len(ordered), BLOCK)
            ]
            self._by_start[key] = ([c.start for c in ordered], ordered, latest)
        starts, ordered, latest = self._by_start[key]
        count = bisect.bisect_right(starts, moment)
        found: list[Case] = []
        for block, end in enumerate(latest[: (count + BLOCK - 1) // BLOCK]):
            if moment <= end:
                first = block * BLOCK
                found += [c for c in ordered[first : min(first + BLOCK, count)] if moment <= c.end]
        return found

    def cases_at_all(self, need: Need) -> list[Case]:
        """Every case of a need, ordered as cases_at orders them."""
        self.cases_at(need, self.horizon)
        return self._by_start[need][1]

    def _suits_scenario(self, scenario: Scenario, case: Case) -> bool:
        key = (scenario.key, id(case))
        suits = self._suits.get(key)
        if suits is None:
            suits = self._suits[key] = passes_filters(
                scenario, case.order, self.facts, self.threshold
            ) and (
                not (scenario.item_categories or scenario.filters)
                or bool(question_items(scenario, case, self.facts))
            )
        return suits

    def _weighted_order(self, scenarios: tuple[Scenario, ...]) -> list[Scenario]:
        pool, ordered = list(scenarios), []
        while pool:
            pick = self.rng.choices(pool, weights=[s.weight for s in pool])[0]
            pool.remove(pick)
            ordered.append(pick)
        return ordered

    def _product(self, scenario: Scenario) -> Product:
        hardware = [p for cat, ps in self.by_category.items() if cat != "service" for p in ps]
        if scenario.product_pick == "discontinued":
            pool = [p for p in hardware if p.discontinued and p.superseded_by] or [
                p for p in hardware if p.discontinued
            ]
        elif scenario.product_pick == "low_stock":
            pool = [p for p in hardware if self.facts.stock.get(p.id, (0, None))[0] == 0]
        else:
            pool = (
                [p for p in hardware if product_specs(p)]
                if scenario.category != "product_question"
                else hardware
            )
        return self.rng.choice(pool or hardware)

    def _customer_before(self, moment: dt.datetime) -> Customer | None:
        count = bisect.bisect_right(self._created, moment - DAY)
        return self.customers[self.rng.randrange(count)] if count else None

    def _order_plan(
        self, scenario: Scenario, group: Group, cases: list[Case], moment: dt.datetime | None
    ) -> Plan | None:
        """A plan on one of `cases`: at `moment` in the (effective) `group`, or, when moment is
        None, at a moment inside the chosen case's window (recent when it must be unfinished)."""
        floor = self.horizon if "done" in scenario.groups else self.now - RECENT_DAYS * DAY
        # cases_at already kept only the cases that suit the scenario, and windows holding the
        # moment; the fallback (no moment) passes all the need's cases
        fitting = (
            [c for c in cases if c.order.id not in self.used_orders]
            if moment
            else [
                c
                for c in cases
                if c.end > floor
                and c.order.id not in self.used_orders
                and self._suits_scenario(scenario, c)
            ]
        )
        if not fitting:
            return None
        case = self.rng.choice(fitting)
        if moment is None:
            start = max(case.start, floor)
            moment = start + (case.end - start) * self.rng.random()
            group = self.effective_group(scenario, self.age_group(moment), moment)
            if group not in scenario.groups:
                # a rare fallback: the latest stage of life the scenario allows
                group = next(
                    g
                    for g in ("done", "escalated", "working", "new")
                    if g in scenario.groups and (g != "escalated" or scenario.escalate)
                )
        if case.reply_at is not None and group == "new":
            group = "working"  # the agent's reply created the return that exists
        items = question_items(scenario, case, self.facts)
        self.used_orders.add(case.order.id)
        return Plan(
            scenario,
            group,
            moment,
            self.facts.customers[case.order.customer_id],
            case,
            self.rng.choice(items) if items else None,
        )

    def _plan_at(self, scenario: Scenario, group: Group, moment: dt.datetime) -> Plan | None:
        effective = self.effective_group(scenario, group, moment)
        if effective not in scenario.groups:
            return None
        need = scenario.need
        if need in ("none", "anonymous"):
            customer = self._customer_before(moment) if need == "none" else None
            if need == "none" and customer is None:
                return None
            return Plan(scenario, effective, moment, customer, product=self._product(scenario))
        if need == "duplicate":
            return self._duplicate_plan(scenario, effective, moment)
        if need == "stale_address":
            return None  # planned up front, see stale_address_plans
        return self._order_plan(scenario, effective, self.cases_at(need, moment, scenario), moment)

    def _duplicate_plan(self, scenario: Scenario, group: Group, moment: dt.datetime) -> Plan | None:
        for dup_id, original_id in self.facts.duplicates:
            dup = self.facts.customers.get(dup_id)
            original = self.facts.customers.get(original_id)
            if (
                dup is None
                or original is None
                or dup_id in self.used_customers
                or joined_at(dup) > moment
            ):
                continue
            self.used_customers.add(dup_id)
            return Plan(scenario, group, moment, original, extra={"other_email": dup.email})
        return None

    # -- the whole set --------------------------------------------------------------------
    def stale_address_plans(self) -> list[Plan]:
        """Every customer whose new address the world says is only in a ticket gets one."""
        scenario = next(s for s in SCENARIOS if s.need == "stale_address")
        plans = []
        for customer_id, detail in sorted(self.facts.stale_addresses.items()):
            customer = self.facts.customers.get(customer_id)
            if customer is None or detail.get("mentioned_in") != "ticket":
                continue
            moved = (
                dt.datetime.fromisoformat(str(detail.get("moved_on", ""))).replace(tzinfo=dt.UTC)
                if detail.get("moved_on")
                else self.horizon
            )
            start = max(moved + DAY, self.horizon, joined_at(customer) + DAY)
            if start >= self.now:
                continue
            moment = start + (self.now - start) * self.rng.random()
            new = detail.get("new_address", {})
            plans.append(
                Plan(
                    scenario,
                    self.age_group(moment),
                    moment,
                    customer,
                    extra={
                        "new_address": f"{new.get('street')}, {new.get('city')}, {new.get('state')} "
                        f"{new.get('postal_code')}"
                    },
                )
            )
            self.used_customers.add(customer_id)
        return plans

    def plan(self, total: int) -> list[Plan]:
        plans = self.stale_address_plans()[:total]
        quotas = allocate(total, CATEGORY_WEIGHTS)
        quotas["account"] = max(0, quotas["account"] - len(plans))
        while sum(quotas.values()) > total - len(plans):
            quotas[max(quotas, key=lambda c: (quotas[c], c))] -= 1
        slots = [c for c in sorted(quotas) for _ in range(quotas[c])]
        self.rng.shuffle(slots)
        for category in slots:
            plans.append(self._plan_category(category))
        return plans

    def _plan_category(self, category: Category) -> Plan:
        scenarios = scenarios_for(category)
        # Each scenario, in weighted order, gets a few moments to find a fitting order, so that
        # scenarios whose situations are rare still get their share.
        for scenario in self._weighted_order(scenarios):
            for _ in range(MOMENT_TRIES):
                moment = self.sample_time()
                plan = self._plan_at(scenario, self.age_group(moment), moment)
                if plan is not None:
                    return plan
        # Rare: no order fits at any sampled moment; take any order the scenario fits.
        for scenario in self._weighted_order(scenarios):
            if scenario.need in ("none", "anonymous", "duplicate", "stale_address"):
                continue
            plan = self._order_plan(scenario, "done", self.cases(scenario.need), None)
            if plan is not None:
                return plan
        fallback = next(s for s in SCENARIOS if s.key == "login_help")
        moment = self.sample_time()
        return Plan(
            fallback,
            self.age_group(moment),
            moment,
            self._customer_before(moment) or self.customers[0],
            product=self._product(fallback),
        )
