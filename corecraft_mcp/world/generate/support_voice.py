"""How customers and agents write: typos, lower case, greetings and sign-offs by channel.

Customer sloppiness is applied to a template's own words only, never to the fields filled into
it, so an order number, tracking number or product name always survives exactly as stored.
"""

from __future__ import annotations

import random
import re

from corecraft_mcp.world.generate.support_templates import AGENT_SIGNATURE, GREETINGS, SIGNOFFS
from corecraft_mcp.world.generate.support_vary import vary

_FIELD = re.compile(r"(\{[a-z_0-9]+\})")
_WORD = re.compile(r"[A-Za-z]{5,}")
_GREETED = re.compile(r"(hi|hello|hey|good day|dear)\b", re.IGNORECASE)
# Misspellings real customers make.
_MISSPELLINGS: dict[str, str] = {
    "received": "recieved",
    "receive": "recieve",
    "address": "adress",
    "until": "untill",
    "definitely": "definately",
    "tomorrow": "tommorow",
    "separate": "seperate",
    "warranty": "warrenty",
    "because": "becuase",
    "which": "wich",
    "really": "realy",
    "immediately": "immediatly",
    "different": "diffrent",
    "already": "allready",
}


def _typo(rng: random.Random, word: str) -> str:
    lower = word.lower()
    if lower in _MISSPELLINGS and rng.random() < 0.7:
        fixed = _MISSPELLINGS[lower]
        return fixed.capitalize() if word[0].isupper() else fixed
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _sloppy(rng: random.Random, text: str, typo_rate: float, lower: bool) -> str:
    text = _WORD.sub(
        lambda m: _typo(rng, m.group()) if rng.random() < typo_rate else m.group(), text
    )
    return text.lower() if lower else text


def customer_template(rng: random.Random, template: str) -> str:
    """A customer's version of a template: some write carefully, some do not."""
    style = rng.random()
    if style < 0.55:
        return template
    typo_rate = 0.03 if style < 0.85 else 0.08
    lower = style >= 0.92
    parts = _FIELD.split(template)
    return "".join(p if _FIELD.fullmatch(p) else _sloppy(rng, p, typo_rate, lower) for p in parts)


def greets(body: str) -> bool:
    """Whether a message opens with a greeting of its own."""
    return _GREETED.match(body) is not None


def frame_customer(
    rng: random.Random,
    body: str,
    channel: str,
    *,
    first_message: bool,
    has_order: bool,
    style: random.Random | None = None,
    greeted: bool | None = None,
) -> str:
    """The customer's message as the channel records it (still a template). `rng` decides
    whether a greeting and sign-off are added, `style` (default: `rng`) their wording; `greeted`
    says whether the body greets already (default: read from it)."""
    style = style or rng
    if channel == "email" and first_message:
        greets_already = greets(body) if greeted is None else greeted
        greeting = (
            vary(style, rng.choice(GREETINGS)) + "\n\n"
            if rng.random() < 0.7 and not greets_already
            else ""
        )
        signoff = "\n\n" + vary(style, rng.choice(SIGNOFFS)) if rng.random() < 0.75 else ""
        return greeting + body + signoff
    if channel == "phone" and first_message:
        return "[Voicemail transcript] " + body
    if channel == "social" and first_message:
        return "@CoreCraftHelp " + body
    if channel == "web_form" and first_message and has_order and rng.random() < 0.3:
        return "Contact form submission\nOrder number: {order}\n\n" + body
    return body


def frame_agent(body: str, channel: str) -> str:
    return body if channel == "chat" else body + AGENT_SIGNATURE
