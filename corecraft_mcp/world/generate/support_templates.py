"""Every ticket scenario, and the generic messages any thread may contain."""

from __future__ import annotations

from corecraft_mcp.world.generate.support_scenario import Scenario
from corecraft_mcp.world.generate.support_templates_account import ACCOUNT, COMPLAINT, FRAUD
from corecraft_mcp.world.generate.support_templates_billing import BILLING, PROMOTION
from corecraft_mcp.world.generate.support_templates_orders import ORDER_STATUS, SHIPPING
from corecraft_mcp.world.generate.support_templates_product import (
    COMPATIBILITY,
    PRODUCT_QUESTION,
    TECHNICAL,
    TECHNICAL_SAFETY,
    WARRANTY,
)
from corecraft_mcp.world.generate.support_templates_returns import EXCHANGE, REFUND, RETURN
from corecraft_mcp.world.models_commerce import TicketCategory as Category

SCENARIOS: tuple[Scenario, ...] = (
    *ORDER_STATUS,
    *SHIPPING,
    *RETURN,
    *REFUND,
    *EXCHANGE,
    *WARRANTY,
    *TECHNICAL,
    TECHNICAL_SAFETY,
    *COMPATIBILITY,
    *BILLING,
    *ACCOUNT,
    *PROMOTION,
    *PRODUCT_QUESTION,
    *COMPLAINT,
    *FRAUD,
)

# Relative ticket volume by category (a real queue is dominated by where-is-my-order and returns).
CATEGORY_WEIGHTS: dict[Category, int] = {
    "order_status": 9,
    "shipping": 12,
    "return": 13,
    "refund": 9,
    "exchange": 5,
    "warranty": 7,
    "technical": 8,
    "compatibility": 6,
    "billing": 6,
    "account": 6,
    "promotion": 5,
    "product_question": 6,
    "complaint": 5,
    "fraud": 3,
}


def scenarios_for(category: Category) -> tuple[Scenario, ...]:
    return tuple(s for s in SCENARIOS if s.category == category)


# System messages; {sla_first} is the first-response target in hours.
ACKS: tuple[str, ...] = (
    "Auto-reply: we've received your request ({ticket}). A member of our team will respond "
    "within {sla_first} hours.",
    "Thanks for contacting CoreCraft Support. Your ticket number is {ticket}; expected first "
    "response within {sla_first} hours.",
)
ESCALATED: tuple[str, ...] = (
    "Ticket escalated to {team} (by {agent})",
    "Assigned team changed: support -> {team} (escalation).",
)
CLOSED: tuple[str, ...] = (
    "Ticket closed automatically: no reply from the customer within 72 hours of resolution.",
    "Ticket closed.",
)
SLA_WARNING = "SLA warning: first response due {due} has passed."

# The customer chasing an unanswered ticket.
NUDGES: tuple[str, ...] = (
    "Any update on this?",
    "Hello?? [[Still waiting for|Waiting on|Need]] [[an answer|a reply|someone to respond]]"
    "[[ here.| on {ticket}.|!|, please.]]",
    "Following up on my message above ({ticket}). [[Can someone please get back to me?|"
    "Is anyone reading these?|It's been a while.|Please reply.]]",
    "hi, any news please?",
)
THANKS: tuple[str, ...] = (
    "Thanks!",
    "Thank you, that's great.",
    "ok thanks",
    "[[Perfect|Brilliant|Great|Lovely|Superb]], [[appreciate|thanks for|grateful for]] the "
    "[[quick|fast|speedy|swift]] [[help|reply|answer|turnaround]].",
    "Thank you [[very much|so much|a lot|kindly]] for your [[help|time|patience|support]]"
    "[[.|, {agent}.|!| with this.]]",
)
# Internal notes any ticket of an identified customer may carry (with and without an order).
GENERIC_NOTES: tuple[str, ...] = (
    "Verified identity: [[email on file|account email|email address on the account|{email}]] "
    "+ [[last 4 of phone|phone ending|last four phone digits]] ({phone_last4}).",
    "[[Customer history checked|Checked {first}'s history|Account history reviewed|Looked "
    "through the {tier} account's past contacts]][[:|,| -]] [[no|nothing|zero]] "
    "[[previous|earlier|prior|older]] [[tickets|contacts|cases]] [[on this issue|about this|"
    "on the same problem|like this one]].",
)
GENERIC_ORDER_NOTES: tuple[str, ...] = (
    "Verified identity: [[email on file|{email}|the account email]] + [[order number|the "
    "order id|{order}]][[.|, matches the account.| (both match).]]",
    *GENERIC_NOTES,
)

GREETINGS: tuple[str, ...] = (
    "Hi,",
    "Hello,",
    "Hi there,",
    "Hello CoreCraft,",
    "Hey,",
    "Dear CoreCraft support,",
    "[[To whom it may concern|Dear Sir or Madam|Good afternoon|Good morning|Hi folks]],",
)
SIGNOFFS: tuple[str, ...] = (
    "Thanks,\n{first}",
    "Regards,\n{name}",
    "-- {first}",
    "Thanks in advance,\n{name}",
    "Best regards,\n{name}",
    "{first}\n\nSent from my iPhone",
    "Cheers,\n{first}",
)
AGENT_SIGNATURE = "\n\n{agent}\nCoreCraft Support"
