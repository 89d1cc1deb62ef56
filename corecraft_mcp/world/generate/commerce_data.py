"""Static data for the commerce stages: promotion themes, carriers, hubs, reasons and notes."""

from __future__ import annotations

from typing import NamedTuple


class PromoTheme(NamedTuple):
    code: str
    title: str
    categories: str | None  # comma-separated product categories; None: everything
    min_tier: str | None
    discount_type: str  # 'percent' | 'fixed'
    values: tuple[int, ...]  # percent points, or whole dollars
    min_spend: tuple[int, ...]  # whole dollars
    cap: tuple[int, ...]  # whole dollars, percent codes only; () = no cap
    # a yearly event (month, day, length in days) or None for a campaign placed at random
    season: tuple[int, int, int] | None
    one_per_customer: bool = False


PROMO_THEMES: tuple[PromoTheme, ...] = (
    PromoTheme(
        "SPRING",
        "Spring Upgrade Sale",
        None,
        None,
        "percent",
        (10, 12, 15),
        (0, 100),
        (150, 200),
        (3, 10, 31),
    ),
    PromoTheme(
        "SUMMER",
        "Summer Build Season",
        None,
        None,
        "percent",
        (8, 10, 12),
        (150,),
        (150,),
        (6, 20, 30),
    ),
    PromoTheme(
        "BACK2SCHOOL",
        "Back to School",
        "peripheral,monitor,ssd",
        None,
        "percent",
        (10, 12, 15),
        (50,),
        (100,),
        (8, 1, 38),
    ),
    PromoTheme(
        "BLACKFRIDAY",
        "Black Friday",
        None,
        None,
        "percent",
        (15, 20),
        (200,),
        (300, 400),
        (11, 24, 8),
    ),
    PromoTheme(
        "CYBER",
        "Cyber Monday",
        "gpu,cpu,motherboard,ssd,memory",
        None,
        "percent",
        (12, 15, 18),
        (250,),
        (250,),
        (12, 1, 3),
    ),
    PromoTheme(
        "HOLIDAY",
        "Holiday Gift Savings",
        None,
        None,
        "fixed",
        (25, 40, 50),
        (250, 300, 400),
        (),
        (12, 5, 20),
    ),
    PromoTheme(
        "NEWYEAR", "New Year New Rig", None, None, "percent", (8, 10), (300,), (120,), (1, 1, 15)
    ),
    PromoTheme(
        "GPU",
        "Graphics card savings",
        "gpu",
        None,
        "fixed",
        (30, 50, 75, 100),
        (400, 500, 700),
        (),
        None,
    ),
    PromoTheme(
        "CPU", "Processor savings", "cpu", None, "fixed", (20, 30, 40), (200, 250), (), None
    ),
    PromoTheme(
        "SSD", "Storage event", "ssd,hdd", None, "percent", (10, 15, 20), (75,), (60, 80), None
    ),
    PromoTheme(
        "RAM", "Memory upgrade deal", "memory", None, "percent", (10, 15), (60,), (40,), None
    ),
    PromoTheme(
        "MONITOR", "Monitor markdown", "monitor", None, "fixed", (25, 40, 60), (200, 300), (), None
    ),
    PromoTheme(
        "GEAR", "Desk setup sale", "peripheral", None, "percent", (15, 20), (40,), (50,), None
    ),
    PromoTheme(
        "COOLING",
        "Keep it cool",
        "air_cooler,liquid_cooler",
        None,
        "percent",
        (10, 15),
        (50,),
        (40,),
        None,
    ),
    PromoTheme(
        "POWER", "Power supply deal", "psu,case", None, "fixed", (15, 20, 25), (120, 150), (), None
    ),
    PromoTheme(
        "BUILD", "Build bonus", None, None, "fixed", (75, 100, 150), (1200, 1500, 2000), (), None
    ),
    PromoTheme(
        "PREBUILT",
        "Prebuilt PC offer",
        "prebuilt",
        None,
        "fixed",
        (100, 150, 200),
        (1000, 1500),
        (),
        None,
    ),
    PromoTheme(
        "WELCOME",
        "New customer welcome",
        None,
        None,
        "percent",
        (10,),
        (50,),
        (50,),
        None,
        one_per_customer=True,
    ),
    PromoTheme(
        "SILVERSAVE", "Silver member savings", None, "Silver", "percent", (5,), (100,), (100,), None
    ),
    PromoTheme(
        "GOLDMEMBER", "Gold member thank-you", None, "Gold", "percent", (8, 10), (0,), (200,), None
    ),
    PromoTheme(
        "PLATINUM",
        "Platinum appreciation",
        None,
        "Platinum",
        "percent",
        (12, 15),
        (0,),
        (400,),
        None,
        one_per_customer=True,
    ),
    PromoTheme(
        "CREATOR",
        "Creator studio upgrade",
        "monitor,ssd,memory",
        None,
        "percent",
        (10, 12),
        (300,),
        (150,),
        None,
    ),
)

CATEGORY_WORDS: dict[str, str] = {
    "cpu": "processors",
    "gpu": "graphics cards",
    "motherboard": "motherboards",
    "memory": "memory",
    "ssd": "SSDs",
    "hdd": "hard drives",
    "psu": "power supplies",
    "case": "cases",
    "air_cooler": "air coolers",
    "liquid_cooler": "liquid coolers",
    "monitor": "monitors",
    "peripheral": "peripherals",
    "prebuilt": "prebuilt PCs",
    "service": "services",
}

# Carriers by service level, with relative weights.
CARRIERS: dict[str, tuple[tuple[str, int], ...]] = {
    "standard": (("UPS", 4), ("FedEx", 3), ("USPS", 3), ("DHL", 1)),
    "expedited": (("UPS", 5), ("FedEx", 5), ("DHL", 1)),
    "overnight": (("UPS", 1), ("FedEx", 1)),
}

# Sort hubs a parcel passes through, by carrier (real network hubs).
HUBS: dict[str, tuple[str, ...]] = {
    "UPS": (
        "Louisville, KY",
        "Hodgkins, IL",
        "Ontario, CA",
        "Dallas, TX",
        "Parsippany, NJ",
        "Atlanta, GA",
        "Salt Lake City, UT",
        "Columbia, SC",
    ),
    "FedEx": (
        "Memphis, TN",
        "Indianapolis, IN",
        "Fort Worth, TX",
        "Oakland, CA",
        "Newark, NJ",
        "Greensboro, NC",
        "Kansas City, MO",
    ),
    "USPS": (
        "Chicago, IL NDC",
        "Dallas, TX NDC",
        "Denver, CO NDC",
        "Atlanta, GA NDC",
        "Jersey City, NJ NDC",
        "Los Angeles, CA NDC",
        "Cincinnati, OH NDC",
    ),
    "DHL": ("Cincinnati, OH", "Los Angeles, CA", "Chicago, IL", "Atlanta, GA", "Dallas, TX"),
}

# Warehouse codes the definition may name, with where they stand and the states they serve
# first; an unknown code ships to anywhere from its own name.
WAREHOUSES: dict[str, tuple[str, frozenset[str]]] = {
    "RNO": (
        "Reno, NV",
        frozenset(
            (
                "WA",
                "OR",
                "CA",
                "NV",
                "ID",
                "UT",
                "AZ",
                "MT",
                "WY",
                "CO",
                "NM",
                "AK",
                "HI",
            )
        ),
    ),
    "CMH": (
        "Columbus, OH",
        frozenset(
            (
                "OH",
                "MI",
                "IN",
                "IL",
                "WI",
                "MN",
                "IA",
                "MO",
                "KY",
                "PA",
                "NY",
                "NJ",
                "CT",
                "MA",
                "RI",
                "VT",
                "NH",
                "ME",
                "MD",
                "DE",
                "DC",
                "WV",
                "ND",
                "SD",
                "NE",
                "KS",
            )
        ),
    ),
    "ATL": (
        "Atlanta, GA",
        frozenset(
            (
                "GA",
                "FL",
                "AL",
                "MS",
                "TN",
                "SC",
                "NC",
                "VA",
                "LA",
                "AR",
                "TX",
                "OK",
            )
        ),
    ),
}

# Why customers send items back: (reason, defective, opened).
RETURN_REASONS: tuple[tuple[str, bool, bool], ...] = (
    ("Changed mind - no longer needed", False, False),
    ("Changed mind - no longer needed", False, True),
    ("Ordered the wrong model", False, False),
    ("Ordered the wrong model", False, True),
    ("Not compatible with my build", False, True),
    ("Found a better price elsewhere", False, False),
    ("Performance below expectations", False, True),
    ("Too loud (fan noise / coil whine)", False, True),
    ("Defective - does not power on", True, True),
    ("Defective - artifacts / crashes under load", True, True),
    ("Defective - dead pixels", True, True),
    ("Defective - intermittent failure", True, True),
    ("Arrived damaged", True, True),
)

CANCEL_REASONS: tuple[str, ...] = (
    "Cancelled at customer request",
    "Cancelled at customer request - ordered by mistake",
    "Cancelled at customer request - found it cheaper elsewhere",
    "Cancelled: payment could not be verified",
    "Cancelled at customer request - duplicate order",
)

ORDER_NOTES: tuple[str, ...] = (
    "Gift - no prices on the packing slip.",
    "Leave at the side door if no answer.",
    "Customer asked for signature on delivery.",
    "Please ship in plain packaging.",
    "Business purchase - PO 4471 on invoice.",
    "Customer called to confirm the shipping address.",
)

DAMAGE_EXCEPTIONS: tuple[str, ...] = (
    "Damaged in transit: carrier noted a crushed box on delivery",
    "Damaged in transit: package delivered wet, outer carton torn",
)
ADDRESS_EXCEPTIONS: tuple[str, ...] = (
    "Address issue: apartment/unit number missing; carrier holding the package",
    "Address issue: business closed at delivery attempt; redelivery scheduled",
    "Address issue: street address not found; carrier requested a correction",
)
