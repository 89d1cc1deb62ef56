"""A ticket's message thread and the status, response and resolution times it implies."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.generate.support_scenario import Group, Scenario
from corecraft_mcp.world.generate.support_templates import (
    ACKS,
    CLOSED,
    ESCALATED,
    GENERIC_NOTES,
    GENERIC_ORDER_NOTES,
    NUDGES,
    SLA_WARNING,
    THANKS,
)
from corecraft_mcp.world.generate.support_vary import fields_of, first_wording, vary
from corecraft_mcp.world.generate.support_voice import (
    customer_template,
    frame_agent,
    frame_customer,
    greets,
)

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
MAX_MESSAGES = 6
# Share of tickets whose first response came after the SLA target.
BREACH_RATE = 0.14

WRONG_ORDER_ASK = (
    "Hi {first}, I couldn't find order {cited} on your account. Could you double-check the "
    "order number? It's in your confirmation email."
)
WRONG_ORDER_ANSWER = ("Sorry, typo! It's {order}.", "oops, the right one is {order}")
WRONG_ORDER_FOUND = (
    "About the order number: I couldn't find order {cited} under your account, but I found "
    "order {order} from {placed_on}, which I believe is the one you mean.\n\n"
)


@dataclass(frozen=True)
class Message:
    author: str  # customer | agent | system
    internal: bool
    body: str
    at: dt.datetime
    # optional messages are dropped first when a thread is too long (higher drops first)
    drop_rank: int = 0


@dataclass(frozen=True)
class Thread:
    messages: list[Message]
    status: str
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    resolution: str | None


@dataclass(frozen=True)
class ThreadSpec:
    """Everything a thread is built from."""

    scenario: Scenario
    group: Group
    created: dt.datetime
    now: dt.datetime
    first_response_hours: int
    channel: str
    fields: dict[str, str]
    has_order: bool
    identified: bool  # the ticket has a known customer
    cited: str | None  # a wrong order number the customer gave (planted), else None
    reply_at: dt.datetime | None  # when the first agent reply happened, if the world fixes it


def _fields_of_whole(template: str) -> frozenset[str]:
    """The fields a template needs whatever its choices: those outside any `[[...]]`."""
    return fields_of(re.sub(r"\[\[[^\[\]]*\]\]", "", template))


class _Writer:
    """Writes a thread's messages. Two random streams: `rng` decides what happens and when
    (which template, timings, typos' places in the stream), `style` only how a message is
    worded (`[[...|...]]` choices, a customer's typos). A new wording choice in a template then
    never moves a ticket's times or status: the customer's sloppiness is drawn on the template's
    first wording, as it always was, and applied afresh to the words sent."""

    def __init__(self, rng: random.Random, spec: ThreadSpec) -> None:
        self.rng = rng
        self.spec = spec
        self.fields = dict(spec.fields)
        self.fields["cited"] = spec.cited or spec.fields["order"]
        self.style = random.Random(f"style:{self.fields.get('ticket')}:{iso_ts(spec.created)}")
        self._drawn: dict[str, str] = {}

    def pick(self, options: tuple[str, ...]) -> str:
        """One of the templates, among those whose every field has a value here (an order not
        shipped yet has no carrier to name); any of them when none has."""
        chosen = self.rng.choice(options)
        if self._filled(chosen):
            return chosen
        known = [o for o in options if self._filled(o)]
        if not known:
            return chosen
        used = self.style.choice(known)
        self._drawn[used] = chosen  # the typo draws stay those of the template drawn
        return used

    def _filled(self, template: str) -> bool:
        return all(self.fields.get(f) for f in _fields_of_whole(template))

    def _worded(self, template: str) -> str:
        return vary(self.style, template, self.fields)

    def customer(self, template: str, *, first: bool = False) -> str:
        spec = self.spec
        drawn = customer_template(self.rng, first_wording(self._drawn.get(template, template)))
        text = frame_customer(
            self.rng,
            customer_template(self.style, self._worded(template)),
            spec.channel,
            first_message=first,
            has_order=spec.has_order,
            style=self.style,
            greeted=greets(drawn),
        )
        fields = {**self.fields, "order": self.fields["cited"]} if first else self.fields
        return text.format_map(fields)

    def agent(self, template: str, *, prefix: str = "") -> str:
        body = prefix + self._worded(template)
        return frame_agent(body, self.spec.channel).format_map(self.fields)

    def plain(self, template: str) -> str:
        return self._worded(template).format_map(self.fields)


def _first_response(rng: random.Random, spec: ThreadSpec) -> dt.datetime:
    if spec.reply_at is not None and spec.created < spec.reply_at <= spec.now:
        return spec.reply_at
    hours = spec.first_response_hours
    frac = rng.uniform(1.05, 2.5) if rng.random() < BREACH_RATE else rng.uniform(0.05, 0.9)
    return spec.created + dt.timedelta(hours=hours * frac)


def build_thread(rng: random.Random, spec: ThreadSpec) -> Thread:
    w = _Writer(rng, spec)
    s = spec.scenario
    created, now = spec.created, spec.now
    msgs = [Message("customer", False, w.customer(w.pick(s.openers), first=True), created)]
    if spec.channel in ("email", "web_form") and rng.random() < 0.7:
        at = created + dt.timedelta(seconds=rng.randint(20, 90))
        msgs.append(Message("system", False, w.plain(w.pick(ACKS)), at, drop_rank=5))
    due = created + dt.timedelta(hours=spec.first_response_hours)
    w.fields["due"] = iso_ts(due)

    if spec.group == "new":
        age = now - created
        if age > 18 * HOUR and rng.random() < 0.35:
            at = created + (age * 0.95 - 12 * HOUR) * rng.random() + 12 * HOUR
            msgs.append(Message("customer", False, w.customer(w.pick(NUDGES)), at, 3))
        if due + MINUTE < now and rng.random() < 0.4:
            msgs.append(Message("system", True, w.plain(SLA_WARNING), due + MINUTE, 4))
        return _finish(_fit(msgs, created, now, due), "open", None, None, None)

    fr = _first_response(rng, spec)
    if fr > due + 2 * MINUTE and rng.random() < 0.5:
        msgs.append(Message("system", True, w.plain(SLA_WARNING), due + MINUTE, 4))
    asking = bool(s.asks) and rng.random() < 0.5 and spec.group != "escalated"
    prefix = ""
    if spec.cited and spec.group == "working":
        first_text, asking = w.agent(WRONG_ORDER_ASK), True
    else:
        prefix = WRONG_ORDER_FOUND if spec.cited else ""
        first_text = w.agent(w.pick(s.asks if asking else s.replies), prefix=prefix)
    msgs.append(Message("agent", False, first_text, fr))
    t = fr
    answered = asking and (spec.group == "done" or rng.random() < 0.4)
    if answered:
        t = t + dt.timedelta(hours=rng.uniform(0.5, 30))
        options = (
            WRONG_ORDER_ANSWER if spec.cited and spec.group == "working" else (s.answers or THANKS)
        )
        msgs.append(Message("customer", False, w.customer(w.pick(options)), t))
    escalates = s.escalate is not None and spec.group in ("escalated", "done")
    notes = s.notes or (
        GENERIC_ORDER_NOTES if spec.has_order else GENERIC_NOTES if spec.identified else ()
    )
    if asking and not answered:
        # while the agent still waits for verification details, no note may claim them
        notes = tuple(n for n in notes if not n.startswith("Verified"))
    if notes and (escalates or rng.random() < 0.5):
        t = t + dt.timedelta(minutes=rng.randint(2, 25))
        msgs.append(Message("agent", True, w.plain(w.pick(notes)), t, 0 if escalates else 2))
    if escalates:
        t = t + dt.timedelta(minutes=rng.randint(1, 3))
        msgs.append(Message("system", False, w.plain(w.pick(ESCALATED)), t))

    if spec.group in ("working", "escalated"):
        status = (
            "escalated"
            if spec.group == "escalated"
            else ("pending_customer" if asking and not answered else "in_progress")
        )
        if spec.group == "escalated" and rng.random() < 0.3:
            t = t + dt.timedelta(hours=rng.uniform(4, 48))
            msgs.append(Message("customer", False, w.customer(w.pick(NUDGES)), t, 3))
        return _finish(_fit(msgs, created, now, due), status, fr, None, None)

    t = t + dt.timedelta(hours=rng.uniform(0.5, 40))
    closing = w.agent(w.pick(s.closings))
    msgs.append(Message("agent", False, closing, t))
    if rng.random() < 0.35:
        thanks_at = t + dt.timedelta(minutes=rng.randint(10, 360))
        msgs.append(Message("customer", False, w.customer(w.pick(THANKS)), thanks_at, 1))
    msgs = _fit(msgs, created, now, due)
    resolved = max(m.at for m in msgs if m.author == "agent" and not m.internal)
    status = "resolved"
    closed_at = resolved + 72 * HOUR
    if closed_at <= now and rng.random() < 0.65:
        msgs.append(Message("system", False, w.plain(w.pick(CLOSED)), closed_at, 4))
        status = "closed"
    first_public = min(m.at for m in msgs if m.author == "agent" and not m.internal)
    return _finish(msgs, status, first_public, resolved, w.plain(w.pick(s.resolutions)))


def _fit(
    msgs: list[Message], created: dt.datetime, now: dt.datetime, due: dt.datetime
) -> list[Message]:
    """Squeeze a thread that would run past the world's now into the time there was. Squeezing
    can pull the first reply back before its due time: an SLA warning then no longer holds,
    and neither does one stamped before the due time, so those go."""
    last = max(m.at for m in msgs)
    if last > now:
        scale = (now - created) * 0.98 / (last - created)
        msgs = [
            Message(m.author, m.internal, m.body, created + (m.at - created) * scale, m.drop_rank)
            for m in msgs
        ]
    replied = min((m.at for m in msgs if m.author == "agent" and not m.internal), default=None)
    return [
        m
        for m in msgs
        if not _is_sla_warning(m) or (m.at > due and (replied is None or replied > due))
    ]


def _is_sla_warning(message: Message) -> bool:
    return message.author == "system" and message.body.startswith(SLA_WARNING.split("{")[0])


def _finish(
    msgs: list[Message],
    status: str,
    first_response: dt.datetime | None,
    resolved: dt.datetime | None,
    resolution: str | None,
) -> Thread:
    msgs = sorted(msgs, key=lambda m: m.at)
    while len(msgs) > MAX_MESSAGES:
        victim = max(range(len(msgs)), key=lambda i: (msgs[i].drop_rank, i))
        if msgs[victim].drop_rank == 0:
            break
        del msgs[victim]
    # Second precision, as stored: equal stamps keep the thread's order by insertion.
    msgs = [
        Message(m.author, m.internal, m.body, m.at.replace(microsecond=0), m.drop_rank)
        for m in msgs
    ]
    first = min((m.at for m in msgs if m.author == "agent" and not m.internal), default=None)
    if first_response is not None and first is not None:
        first_response = first
    return Thread(
        msgs, status, first_response, resolved and resolved.replace(microsecond=0), resolution
    )
