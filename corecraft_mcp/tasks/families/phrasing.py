"""How customers and managers write: personas, everyday names for products, and the framing of
an instruction and of the reference reply.

A family gives the body of its message per persona (several templates each); this module wraps
it in a channel header, a greeting and a sign-off, and for the multi-issue persona adds a second,
unrelated question with the fact the reply must state.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from corecraft_mcp.tasks.families.records import Records, Row

PERSONAS = ("plain", "vague", "angry", "non_native", "multi_issue")

_CATEGORY_WORDS: dict[str, list[str]] = {
    "cpu": ["processor", "CPU", "chip"],
    "gpu": ["graphics card", "GPU", "video card"],
    "motherboard": ["motherboard", "mobo", "board"],
    "memory": ["RAM", "memory kit", "RAM sticks"],
    "ssd": ["SSD", "drive", "NVMe drive"],
    "hdd": ["hard drive", "HDD", "storage drive"],
    "psu": ["power supply", "PSU"],
    "case": ["case", "PC case", "tower"],
    "air_cooler": ["CPU cooler", "air cooler", "cooler"],
    "liquid_cooler": ["AIO", "liquid cooler", "water cooler"],
    "monitor": ["monitor", "screen", "display"],
    "peripheral": ["peripheral", "accessory"],
    "prebuilt": ["gaming PC", "prebuilt", "computer"],
    "service": ["service plan", "add-on"],
}
_PERIPHERAL_HINTS = {
    "mouse": "mouse",
    "keyboard": "keyboard",
    "headset": "headset",
    "webcam": "webcam",
    "mic": "microphone",
    "pad": "mouse pad",
}


def money(cents_value: int) -> str:
    return f"${cents_value / 100:,.2f}"


def iso(day: dt.date) -> str:
    return day.isoformat()


def spoken_date(day: dt.date) -> str:
    """A date as a customer writes it ('March 3')."""
    return f"{day:%B} {day.day}"


def product_words(product: Row, rng: random.Random) -> str:
    """The product as a customer describes it: a kind, sometimes the brand or a spec, never
    the catalogue name with its price."""
    category = str(product["category"])
    noun = rng.choice(_CATEGORY_WORDS.get(category, ["part"]))
    if category == "peripheral":
        name = str(product["name"]).lower()
        noun = next((v for k, v in _PERIPHERAL_HINTS.items() if k in name), noun)
    brand = str(product["brand"])
    spec = ""
    if category == "psu" and product.get("wattage"):
        spec = f"{product['wattage']}W "
    elif category in ("ssd", "hdd", "memory") and product.get("capacity_gb"):
        size = int(product["capacity_gb"])
        spec = f"{size // 1000}TB " if size >= 1000 and size % 1000 == 0 else f"{size}GB "
    choice = rng.randrange(3)
    if choice == 0:
        return f"the {brand} {noun}"
    if choice == 1 and spec:
        return f"the {spec}{noun}"
    return f"the {noun}" if choice == 2 else f"my {brand} {noun}"


@dataclass(frozen=True)
class SideQuestion:
    """A second question the multi-issue persona adds, and what answers it."""

    question: str
    facts: list[list[str]]
    answer: str


def side_question(records: Records, rng: random.Random) -> SideQuestion:
    policy = records.policy
    options = [
        SideQuestion(
            "And when I return something, how long does the refund take to show up?",
            [[f"{policy.returns.refund_business_days} business days"]],
            f"Refunds reach the original payment method within "
            f"{policy.returns.refund_business_days} business days after the warehouse receives "
            "the item.",
        ),
        SideQuestion(
            "Also, if something arrives dead, how long do I have to report it?",
            [[f"{policy.returns.doa_report_days} days of delivery"]],
            f"A dead-on-arrival item can be reported within {policy.returns.doa_report_days} "
            "days of delivery.",
        ),
        SideQuestion(
            "Quick other thing: can I put two promo codes on one order?",
            [["one code per order", "one promotion code per order", "only one code"]],
            "An order can carry only one code per order; codes never add up.",
        ),
        SideQuestion(
            "One more question - if I forget a promo code at checkout, can it be added later?",
            [[f"within {policy.promotions.price_adjustment_days} days of purchase"]],
            "A code that was valid when you ordered can be applied as a price adjustment "
            f"within {policy.promotions.price_adjustment_days} days of purchase.",
        ),
    ]
    return rng.choice(options)


_GREETING = {
    "plain": ["Hi,", "Hello,", "Hi there,"],
    "vague": ["hey", "hi", "Hello"],
    "angry": ["To whom it may concern,", "Hello,", "OK, this is getting ridiculous."],
    "non_native": ["Hello dear support,", "Good day,", "Dear CoreCraft team,"],
    "multi_issue": ["Hi,", "Hello team,"],
}
_CLOSING = {
    "plain": ["Thanks,", "Best,", "Thank you,"],
    "vague": ["thx", "thanks", "cheers"],
    "angry": ["I expect an answer today.", "Regards,", "Not impressed,"],
    "non_native": ["Thank you very much for your help,", "Best regards,", "Kind regards,"],
    "multi_issue": ["Thanks in advance,", "Cheers,"],
}


@dataclass(frozen=True)
class Framed:
    instruction: str
    persona: str
    side: SideQuestion | None


def frame(
    records: Records,
    rng: random.Random,
    customer: Row,
    subject: str,
    bodies: dict[str, list[str]],
    fields: dict[str, Any],
    sender: tuple[str, str] | None = None,
) -> tuple[Framed, int]:
    """The customer's message: a persona, one of the family's bodies for it, a header with
    the email on file (identity), and for the multi-issue persona a second question. Returns
    the framed message and the template's index."""
    # A colleague's request carries one question: the multi-issue persona is a customer's.
    persona = rng.choice(PERSONAS if sender is None else PERSONAS[:-1])
    if persona != "multi_issue" and not bodies.get(persona):
        # The family wrote no body in this voice: the message is a plain one, and so is its
        # tone criterion and reference reply. (A multi-issue message is a plain body with a
        # second question added.)
        persona = "plain"
    own = bodies.get(persona) or bodies["plain"]
    index = rng.randrange(len(own))
    body = own[index].format(**fields)
    if persona != "vague":  # a field may open the message ("the ASUS monitor ...")
        body = body[:1].upper() + body[1:]
    side = side_question(records, rng) if persona == "multi_issue" else None
    if side is not None:
        body = f"{body}\n\n{side.question}"
    channel = rng.choice(["email", "email", "chat"])
    name = str(customer["first_name"])
    if sender is not None:
        header = f"From: {sender[0]} (internal)\nSubject: {subject}\n\n"
        name = sender[1]
        text = f"{header}{body}\n\n{name}\n"
        return Framed(instruction=text, persona=persona, side=side), index
    if channel == "email":
        header = f"From: {customer['email']}\nSubject: {subject}\n\n"
    else:
        header = f"(Chat, signed in as {customer['email']})\n\n"
    greeting = rng.choice(_GREETING[persona])
    closing = rng.choice(_CLOSING[persona])
    text = f"{header}{greeting}\n\n{body}\n\n{closing}\n{name} {customer['last_name']}\n"
    return Framed(instruction=text, persona=persona, side=side), index


def reply(
    customer: Row,
    persona: str,
    paragraphs: list[str],
    side: SideQuestion | None,
    colleague: str | None = None,
    named: bool = True,
) -> str:
    """The reference reply: a greeting, the family's paragraphs, the side answer, a sign-off.
    To a colleague it is a short report back."""
    if colleague is not None:
        return "\n\n".join([f"Hi {colleague},", *paragraphs]) + "\n"
    opening = {
        "angry": "I'm sorry this has been frustrating; here is exactly where things stand.",
        "non_native": "Thank you for your message. I explain simply below.",
        "vague": "Thanks for getting in touch."
        if named
        else "Thanks for getting in touch; I found the order you mean.",
    }.get(persona)
    parts = [f"Hi {customer['first_name']},"]
    if opening:
        parts.append(opening)
    parts += paragraphs
    if side is not None:
        parts.append(side.answer)
    parts.append("Best regards,\nCoreCraft Support")
    return "\n\n".join(parts) + "\n"


def tone_text(persona: str, first_name: str, *, colleague: bool, named: bool) -> str:
    """The judged tone criterion for the persona the message was actually written in. A
    colleague gets a report back, not customer care; a vague message that still named its
    order needs no 'which order I understood' line."""
    if colleague:
        return {
            "angry": f"Stays calm and professional with {first_name}'s impatience and reports "
            "plainly what was done, without excuses",
            "non_native": f"Reports back to {first_name} in short, plain sentences that are "
            "easy to follow",
            "vague": f"Says exactly what it did for {first_name}'s terse request, so nothing "
            "has to be guessed",
        }.get(persona, f"Reports back to {first_name} briefly and clearly, like a colleague")
    if persona == "vague" and not named:
        return (
            f"Says which order and item it understood {first_name} to mean, since the message "
            "did not name them precisely"
        )
    return {
        "angry": f"Stays calm and courteous with {first_name}, acknowledges the frustration "
        "without promising anything the policy does not allow",
        "non_native": f"Writes to {first_name} in plain, simple sentences that a non-native "
        "reader follows easily",
        "vague": f"Answers {first_name}'s terse message with a clear, complete reply that "
        "says what it checked",
        "multi_issue": f"Answers both of {first_name}'s questions clearly, each in its own part "
        "of the reply",
    }.get(persona, f"Addresses {first_name} by name and answers in a clear, friendly tone")
