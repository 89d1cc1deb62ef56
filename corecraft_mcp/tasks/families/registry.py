"""Every task family, in the order the generator takes turns."""

from __future__ import annotations

from corecraft_mcp.tasks.families.base import Family
from corecraft_mcp.tasks.families.fam_accounts import KB_SUPERSEDED, NEW_PROFILE
from corecraft_mcp.tasks.families.fam_claims import CLAIMED_DATE
from corecraft_mcp.tasks.families.fam_compat import COMPAT_FAMILIES, SUCCESSOR
from corecraft_mcp.tasks.families.fam_customers import LOYALTY_DRAFT, LOYALTY_PROGRESS
from corecraft_mcp.tasks.families.fam_mess import DUPLICATE_TIER, STALE_ADDRESS
from corecraft_mcp.tasks.families.fam_orders import (
    ADDRESS_CHANGE,
    CANCEL_OPEN,
    CANCEL_OVER_LIMIT,
    CANCEL_SHIPPED,
)
from corecraft_mcp.tasks.families.fam_promotions import DEAD_CODE, PROMO_CODE
from corecraft_mcp.tasks.families.fam_quote import SHIPPING_BY_DATE, SHIPPING_QUOTE
from corecraft_mcp.tasks.families.fam_records import MISQUOTED_NUMBER, MISSING_PAYMENT, WRONG_NUMBER
from corecraft_mcp.tasks.families.fam_returns import FINAL_SALE, RESTOCKING_FEE, RETURN_WINDOW
from corecraft_mcp.tasks.families.fam_rma import EXCHANGE, RETURN_FEE
from corecraft_mcp.tasks.families.fam_shipping import (
    DELIVERY_CONFLICT,
    LATE_DELIVERY,
    ORDER_ETA,
)
from corecraft_mcp.tasks.families.fam_tickets import (
    DAMAGED_TICKET,
    REPLY_EXCHANGE,
    REPLY_RETURN,
    REPLY_WARRANTY,
)
from corecraft_mcp.tasks.families.fam_warranty import USED_WARRANTY, WARRANTY_COVERAGE

FAMILIES: tuple[Family, ...] = (
    RETURN_WINDOW,
    LATE_DELIVERY,
    DELIVERY_CONFLICT,
    CLAIMED_DATE,
    ORDER_ETA,
    SHIPPING_QUOTE,
    SHIPPING_BY_DATE,
    CANCEL_OPEN,
    CANCEL_OVER_LIMIT,
    CANCEL_SHIPPED,
    ADDRESS_CHANGE,
    WARRANTY_COVERAGE,
    USED_WARRANTY,
    PROMO_CODE,
    DEAD_CODE,
    LOYALTY_PROGRESS,
    *COMPAT_FAMILIES,
    SUCCESSOR,
    DAMAGED_TICKET,
    REPLY_RETURN,
    REPLY_EXCHANGE,
    REPLY_WARRANTY,
    RESTOCKING_FEE,
    RETURN_FEE,
    EXCHANGE,
    FINAL_SALE,
    STALE_ADDRESS,
    DUPLICATE_TIER,
    WRONG_NUMBER,
    MISQUOTED_NUMBER,
    MISSING_PAYMENT,
    NEW_PROFILE,
    KB_SUPERSEDED,
    LOYALTY_DRAFT,
)


def family_by_name() -> dict[str, Family]:
    return {f.name: f for f in FAMILIES}
