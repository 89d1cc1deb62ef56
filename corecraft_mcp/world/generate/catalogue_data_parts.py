"""Static catalogue data: storage, power supplies, cases and CPU coolers."""

from __future__ import annotations

from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key

# (brand, line, interface, form factor, {capacity GB: price $}, release, line it replaces, blurb)
_DriveRow = tuple[str, str, str, str, dict[int, float], str, str | None, str]

SSDS: tuple[_DriveRow, ...] = (
    (
        "Samsung",
        "9100 PRO",
        "NVMe PCIe 5.0",
        "M.2 2280",
        {1000: 199.99, 2000: 299.99, 4000: 549.99},
        "2025-03-18",
        None,
        "up to 14,800 MB/s sequential reads",
    ),
    (
        "Crucial",
        "T705",
        "NVMe PCIe 5.0",
        "M.2 2280",
        {1000: 179.99, 2000: 289.99},
        "2024-03-19",
        None,
        "up to 14,500 MB/s sequential reads, heatsink edition",
    ),
    (
        "WD",
        "BLACK SN8100",
        "NVMe PCIe 5.0",
        "M.2 2280",
        {2000: 279.99},
        "2025-05-20",
        None,
        "up to 14,900 MB/s sequential reads",
    ),
    (
        "Corsair",
        "MP700 PRO",
        "NVMe PCIe 5.0",
        "M.2 2280",
        {2000: 249.99},
        "2024-01-09",
        None,
        "up to 12,400 MB/s sequential reads",
    ),
    (
        "Samsung",
        "990 PRO",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 119.99, 2000: 174.99, 4000: 319.99},
        "2022-10-18",
        "980 PRO",
        "up to 7,450 MB/s sequential reads",
    ),
    (
        "Samsung",
        "980 PRO",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {2000: 159.99},
        "2020-09-22",
        None,
        "up to 7,000 MB/s sequential reads",
    ),
    (
        "Samsung",
        "990 EVO Plus",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 84.99, 2000: 134.99, 4000: 259.99},
        "2024-10-15",
        "980",
        "up to 7,250 MB/s sequential reads",
    ),
    (
        "Samsung",
        "980",
        "NVMe PCIe 3.0",
        "M.2 2280",
        {1000: 69.99},
        "2021-03-09",
        None,
        "DRAM-less drive with up to 3,500 MB/s sequential reads",
    ),
    (
        "WD",
        "BLACK SN850X",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 94.99, 2000: 154.99, 4000: 289.99},
        "2022-08-02",
        None,
        "up to 7,300 MB/s sequential reads",
    ),
    (
        "WD",
        "BLACK SN770",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 74.99},
        "2022-03-10",
        None,
        "up to 5,150 MB/s sequential reads",
    ),
    (
        "WD",
        "BLACK SN7100",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 79.99, 2000: 129.99},
        "2024-10-01",
        "BLACK SN770",
        "up to 7,250 MB/s sequential reads",
    ),
    (
        "WD",
        "Blue SN5000",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 64.99, 2000: 114.99},
        "2024-06-04",
        None,
        "up to 5,150 MB/s sequential reads",
    ),
    (
        "Crucial",
        "T500",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 79.99, 2000: 139.99},
        "2023-11-14",
        None,
        "up to 7,400 MB/s sequential reads",
    ),
    (
        "Crucial",
        "P3 Plus",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 59.99, 2000: 109.99, 4000: 219.99},
        "2022-05-10",
        None,
        "up to 5,000 MB/s sequential reads",
    ),
    (
        "Kingston",
        "KC3000",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 84.99, 2000: 149.99},
        "2021-11-02",
        None,
        "up to 7,000 MB/s sequential reads",
    ),
    (
        "Kingston",
        "NV3",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 57.99, 2000: 104.99},
        "2024-09-10",
        None,
        "up to 6,000 MB/s sequential reads",
    ),
    (
        "SK hynix",
        "Platinum P41",
        "NVMe PCIe 4.0",
        "M.2 2280",
        {1000: 89.99, 2000: 149.99},
        "2022-05-02",
        None,
        "up to 7,000 MB/s sequential reads",
    ),
    (
        "Samsung",
        "870 EVO",
        "SATA",
        "2.5in",
        {1000: 79.99, 2000: 139.99, 4000: 259.99},
        "2021-01-19",
        None,
        "up to 560 MB/s, 2.5-inch SATA III",
    ),
    (
        "Crucial",
        "MX500",
        "SATA",
        "2.5in",
        {1000: 62.99, 2000: 117.99},
        "2018-01-15",
        None,
        "up to 560 MB/s, 2.5-inch SATA III",
    ),
)

HDDS: tuple[_DriveRow, ...] = (
    (
        "Seagate",
        "BarraCuda",
        "SATA",
        "3.5in",
        {2000: 64.99, 4000: 84.99, 8000: 149.99},
        "2021-03-01",
        None,
        "7,200 rpm desktop hard drive with 256 MB cache",
    ),
    (
        "Seagate",
        "IronWolf",
        "SATA",
        "3.5in",
        {8000: 179.99, 12000: 239.99},
        "2022-03-01",
        None,
        "7,200 rpm NAS hard drive rated for 180 TB/year workloads",
    ),
    (
        "WD",
        "Blue",
        "SATA",
        "3.5in",
        {2000: 59.99, 4000: 79.99},
        "2020-06-01",
        None,
        "5,400 rpm class desktop hard drive",
    ),
    (
        "WD",
        "Red Plus",
        "SATA",
        "3.5in",
        {8000: 189.99},
        "2021-09-01",
        None,
        "NAS hard drive with CMR recording for 1-8 bay systems",
    ),
    (
        "Toshiba",
        "N300",
        "SATA",
        "3.5in",
        {12000: 229.99},
        "2022-01-01",
        None,
        "7,200 rpm NAS hard drive for 24/7 operation",
    ),
)


def _capacity_label(gb: int) -> str:
    return f"{gb // 1000}TB" if gb >= 1000 else f"{gb}GB"


def _drive_items(category: str, rows: tuple[_DriveRow, ...]) -> list[Item]:
    items: list[Item] = []
    for brand, line, interface, form, prices, released, replaces, blurb in rows:
        for gb, price in prices.items():
            model = f"{line} {_capacity_label(gb)}"
            older = f"{replaces} {_capacity_label(gb)}" if replaces else None
            weight = {"M.2 2280": 9, "2.5in": 50, "3.5in": 650}[form]
            kind = "solid-state drive" if category == "ssd" else "hard drive"
            items.append(
                Item(
                    key=make_key(category, brand, model),
                    category=category,
                    brand=brand,
                    model=model,
                    price_cents=cents(price),
                    weight_grams=weight if gb < 8000 else weight + 60,
                    release_date=released,
                    description=f"{_capacity_label(gb)} {form} {interface} {kind}, {blurb}.",
                    specs={"capacity_gb": gb, "interface": interface, "storage_form_factor": form},
                    replaces=make_key(category, brand, older) if older else None,
                )
            )
    return items


def ssd_items() -> list[Item]:
    items = _drive_items("ssd", SSDS)
    keys = {item.key for item in items}
    # A capacity the older line never came in replaces nothing.
    return [item if item.replaces in keys else _no_replace(item) for item in items]


def hdd_items() -> list[Item]:
    return _drive_items("hdd", HDDS)


def _no_replace(item: Item) -> Item:
    return Item(**{**item.__dict__, "replaces": None})


# (brand, model, form factor, watts, efficiency, premium 10-year line, price $, release, replaces)
_PsuRow = tuple[str, str, str, int, str, bool, float, str, str | None]

PSUS: tuple[_PsuRow, ...] = (
    ("Corsair", "CX650", "ATX", 650, "80+ Bronze", False, 69.99, "2023-03-01", None),
    ("Corsair", "RM750e", "ATX", 750, "80+ Gold", False, 99.99, "2023-02-01", None),
    ("Corsair", "RM850e", "ATX", 850, "80+ Gold", False, 114.99, "2023-02-01", None),
    ("Corsair", "RM1000e", "ATX", 1000, "80+ Gold", False, 159.99, "2023-02-01", None),
    ("Corsair", "RM850x", "ATX", 850, "80+ Gold", True, 139.99, "2021-09-01", None),
    ("Corsair", "RM1000x", "ATX", 1000, "80+ Gold", True, 189.99, "2021-09-01", None),
    ("Corsair", "HX1000i", "ATX", 1000, "80+ Platinum", True, 249.99, "2022-11-01", None),
    ("Corsair", "HX1500i", "ATX", 1500, "80+ Platinum", True, 359.99, "2022-11-01", None),
    ("Corsair", "SF750", "SFX", 750, "80+ Platinum", True, 179.99, "2019-06-01", None),
    ("Corsair", "SF1000", "SFX", 1000, "80+ Platinum", True, 239.99, "2024-03-01", "SF750"),
    ("Seasonic", "FOCUS GX-750", "ATX", 750, "80+ Gold", True, 119.99, "2023-06-01", None),
    ("Seasonic", "FOCUS GX-850", "ATX", 850, "80+ Gold", True, 139.99, "2023-06-01", None),
    ("Seasonic", "VERTEX GX-1000", "ATX", 1000, "80+ Gold", True, 219.99, "2023-01-01", None),
    ("Seasonic", "PRIME TX-1300", "ATX", 1300, "80+ Titanium", True, 379.99, "2023-09-01", None),
    ("Seasonic", "FOCUS SGX-650", "SFX", 650, "80+ Gold", True, 139.99, "2021-02-01", None),
    (
        "be quiet!",
        "Pure Power 12 M 750W",
        "ATX",
        750,
        "80+ Gold",
        False,
        109.99,
        "2023-01-01",
        None,
    ),
    (
        "be quiet!",
        "Straight Power 12 1000W",
        "ATX",
        1000,
        "80+ Platinum",
        False,
        219.99,
        "2022-12-01",
        None,
    ),
    (
        "be quiet!",
        "Dark Power 13 1000W",
        "ATX",
        1000,
        "80+ Titanium",
        True,
        289.99,
        "2023-03-01",
        None,
    ),
    ("MSI", "MAG A650BN", "ATX", 650, "80+ Bronze", False, 54.99, "2021-05-01", None),
    ("MSI", "MAG A750GL PCIE5", "ATX", 750, "80+ Gold", False, 89.99, "2023-04-01", None),
    ("MSI", "MAG A850GL PCIE5", "ATX", 850, "80+ Gold", False, 109.99, "2023-04-01", None),
    ("MSI", "MPG A1000G PCIE5", "ATX", 1000, "80+ Gold", True, 169.99, "2023-02-01", None),
    ("Cooler Master", "MWE Gold 750 V2", "ATX", 750, "80+ Gold", False, 84.99, "2021-01-01", None),
    ("Cooler Master", "V850 SFX Gold", "SFX", 850, "80+ Gold", True, 149.99, "2021-06-01", None),
    ("EVGA", "SuperNOVA 850 G7", "ATX", 850, "80+ Gold", True, 139.99, "2022-08-01", None),
    ("EVGA", "600 BR", "ATX", 600, "80+ Bronze", False, 54.99, "2019-03-01", None),
    (
        "Thermaltake",
        "Toughpower GF A3 1050W",
        "ATX",
        1050,
        "80+ Gold",
        False,
        149.99,
        "2023-03-01",
        None,
    ),
)


def psu_items() -> list[Item]:
    items: list[Item] = []
    for brand, model, form, watts, efficiency, premium, price, released, replaces in PSUS:
        modular = "fully modular " if price >= 90 else ""
        line = " Part of the maker's 10-year warranty line." if premium else ""
        items.append(
            Item(
                key=make_key("psu", brand, model),
                category="psu",
                brand=brand,
                model=model,
                price_cents=cents(price),
                weight_grams=(900 if form == "SFX" else 1500) + watts,
                release_date=released,
                description=f"{watts} W {efficiency} {modular}{form} power supply.{line}",
                specs={"form_factor": form, "wattage": watts, "efficiency": efficiency},
                premium_line=premium,
                replaces=make_key("psu", brand, replaces) if replaces else None,
            )
        )
    return items


# (brand, model, largest board, max GPU mm, max cooler mm, max radiator mm, PSU form factors,
#  weight kg, price $, release, replaces)
_CaseRow = tuple[str, str, str, int, int, int, str, float, float, str, str | None]

CASES: tuple[_CaseRow, ...] = (
    ("Lian Li", "O11 Dynamic EVO", "ATX", 426, 167, 360, "ATX", 12.5, 159.99, "2022-01-01", None),
    ("Lian Li", "O11 Vision", "ATX", 455, 167, 360, "ATX", 11.0, 129.99, "2023-06-01", None),
    ("Lian Li", "LANCOOL 216", "ATX", 392, 180, 360, "ATX", 8.6, 99.99, "2023-01-01", None),
    ("Lian Li", "LANCOOL 207", "ATX", 375, 170, 360, "ATX", 7.9, 84.99, "2024-06-01", None),
    ("Lian Li", "A4-H2O", "Mini-ITX", 322, 55, 240, "SFX", 3.6, 149.99, "2021-11-01", None),
    ("Fractal Design", "North", "ATX", 355, 170, 360, "ATX", 7.6, 139.99, "2022-09-01", None),
    (
        "Fractal Design",
        "Meshify 2 Compact",
        "ATX",
        360,
        169,
        360,
        "ATX",
        8.5,
        119.99,
        "2021-03-01",
        None,
    ),
    ("Fractal Design", "Pop Air", "ATX", 405, 170, 360, "ATX", 7.7, 89.99, "2022-06-01", None),
    ("Fractal Design", "Terra", "Mini-ITX", 322, 77, 0, "SFX", 4.6, 179.99, "2023-05-01", None),
    ("Fractal Design", "Ridge", "Mini-ITX", 325, 70, 0, "SFX", 4.2, 129.99, "2023-01-01", None),
    ("NZXT", "H5 Flow (2024)", "ATX", 365, 165, 360, "ATX", 7.0, 94.99, "2024-05-01", "H5 Flow"),
    ("NZXT", "H5 Flow", "ATX", 365, 165, 280, "ATX", 7.0, 89.99, "2022-06-01", None),
    ("NZXT", "H6 Flow", "ATX", 365, 163, 360, "ATX", 8.6, 114.99, "2023-05-01", None),
    ("NZXT", "H9 Flow", "ATX", 435, 165, 360, "ATX", 12.0, 159.99, "2022-11-01", None),
    ("Corsair", "4000D Airflow", "ATX", 360, 170, 360, "ATX", 7.8, 104.99, "2020-08-01", None),
    ("Corsair", "3500X", "ATX", 410, 170, 360, "ATX", 8.8, 99.99, "2024-05-01", None),
    ("Corsair", "6500X", "ATX", 400, 190, 360, "ATX", 12.5, 199.99, "2024-05-01", None),
    ("Corsair", "2500X", "Micro-ATX", 400, 180, 360, "ATX", 10.0, 109.99, "2024-05-01", None),
    (
        "Cooler Master",
        "MasterBox NR200P V2",
        "Mini-ITX",
        336,
        67,
        280,
        "SFX,ATX",
        4.8,
        119.99,
        "2023-09-01",
        None,
    ),
    ("Phanteks", "Eclipse G360A", "ATX", 400, 162, 360, "ATX", 8.5, 89.99, "2022-04-01", None),
    ("be quiet!", "Pure Base 500DX", "ATX", 369, 190, 360, "ATX", 9.2, 109.99, "2020-04-01", None),
    (
        "be quiet!",
        "Shadow Base 800 FX",
        "ATX",
        430,
        180,
        420,
        "ATX",
        13.5,
        229.99,
        "2024-06-01",
        None,
    ),
    ("Montech", "AIR 903 MAX", "ATX", 400, 180, 360, "ATX", 9.0, 84.99, "2023-04-01", None),
    ("Montech", "KING 95 PRO", "ATX", 420, 175, 360, "ATX", 10.3, 149.99, "2024-01-01", None),
    ("HYTE", "Y60", "ATX", 375, 160, 360, "ATX", 12.5, 199.99, "2022-04-01", None),
    ("Jonsbo", "D31 MESH", "Micro-ATX", 400, 168, 360, "ATX", 7.0, 79.99, "2023-06-01", None),
)


def case_items() -> list[Item]:
    items: list[Item] = []
    for brand, model, form, gpu, cooler, radiator, psu, kg, price, released, replaces in CASES:
        rad = f"radiators up to {radiator} mm" if radiator else "no radiator mounts"
        psu_text = psu.replace(",", " or ")
        items.append(
            Item(
                key=make_key("case", brand, model),
                category="case",
                brand=brand,
                model=model,
                price_cents=cents(price),
                weight_grams=round(kg * 1000),
                release_date=released,
                description=(
                    f"{form} case (fits boards up to {form}) with room for {gpu} mm graphics cards, "
                    f"{cooler} mm tower coolers and {rad}; takes {psu_text} power supplies."
                ),
                specs={
                    "form_factor": form,
                    "max_gpu_length_mm": gpu,
                    "max_cooler_height_mm": cooler,
                    "max_radiator_mm": radiator,
                    "psu_form_factor": psu,
                },
                replaces=make_key("case", brand, replaces) if replaces else None,
            )
        )
    return items


ALL_MAINSTREAM = "AM4,AM5,LGA1700,LGA1851"

# (brand, model, height mm, sockets, rating W, weight g, price $, release, replaces)
_AirRow = tuple[str, str, int, str, int, int, float, str, str | None]

AIR_COOLERS: tuple[_AirRow, ...] = (
    ("Noctua", "NH-D15 G2", 168, ALL_MAINSTREAM, 250, 1760, 149.95, "2024-06-25", "NH-D15"),
    ("Noctua", "NH-D15", 165, "AM4,AM5,LGA1700", 220, 1320, 109.95, "2014-06-01", None),
    ("Noctua", "NH-U12A", 158, ALL_MAINSTREAM, 200, 1220, 129.95, "2019-05-01", None),
    ("Noctua", "NH-L12Sx77", 77, ALL_MAINSTREAM, 95, 580, 69.95, "2022-11-01", None),
    ("Noctua", "NH-L9i-17xx", 37, "LGA1700,LGA1851", 65, 420, 54.95, "2021-11-01", None),
    ("Noctua", "NH-L9a-AM5", 37, "AM4,AM5", 65, 465, 54.95, "2022-09-01", None),
    (
        "Thermalright",
        "Peerless Assassin 120 SE",
        155,
        ALL_MAINSTREAM,
        245,
        1160,
        34.90,
        "2022-06-01",
        None,
    ),
    (
        "Thermalright",
        "Phantom Spirit 120 SE",
        154,
        ALL_MAINSTREAM,
        250,
        1130,
        36.90,
        "2023-08-01",
        None,
    ),
    ("DeepCool", "AK620", 160, ALL_MAINSTREAM, 260, 1456, 64.99, "2021-09-01", None),
    ("DeepCool", "AK400", 155, ALL_MAINSTREAM, 220, 660, 34.99, "2022-03-01", None),
    (
        "be quiet!",
        "Dark Rock Pro 5",
        168,
        ALL_MAINSTREAM,
        270,
        1400,
        99.90,
        "2023-08-01",
        "Dark Rock Pro 4",
    ),
    ("be quiet!", "Dark Rock Pro 4", 163, "AM4,AM5,LGA1700", 250, 1130, 89.90, "2018-09-01", None),
    ("be quiet!", "Pure Rock 2", 155, "AM4,AM5,LGA1700", 150, 620, 44.90, "2020-02-01", None),
    (
        "Cooler Master",
        "Hyper 212 Black Edition",
        152,
        ALL_MAINSTREAM,
        150,
        640,
        29.99,
        "2023-02-01",
        None,
    ),
    ("ARCTIC", "Freezer 36", 159, ALL_MAINSTREAM, 200, 930, 36.99, "2024-02-01", None),
    ("Scythe", "FUMA 3", 154, ALL_MAINSTREAM, 230, 1050, 54.99, "2023-03-01", None),
)

# (brand, model, radiator mm, sockets, rating W, weight g, price $, release, replaces)
LIQUID_COOLERS: tuple[_AirRow, ...] = (
    ("NZXT", "Kraken 240", 240, ALL_MAINSTREAM, 250, 1300, 129.99, "2023-03-01", None),
    ("NZXT", "Kraken Elite 360", 360, ALL_MAINSTREAM, 300, 1900, 279.99, "2023-03-01", None),
    (
        "Corsair",
        "iCUE LINK H150i RGB",
        360,
        ALL_MAINSTREAM,
        300,
        2000,
        189.99,
        "2023-06-01",
        "H150i ELITE CAPELLIX XT",
    ),
    ("Corsair", "iCUE LINK H100i RGB", 240, ALL_MAINSTREAM, 250, 1500, 149.99, "2023-06-01", None),
    ("Corsair", "NAUTILUS 360 RS", 360, ALL_MAINSTREAM, 280, 1850, 109.99, "2024-10-01", None),
    ("ARCTIC", "Liquid Freezer III 240", 240, ALL_MAINSTREAM, 250, 1500, 74.99, "2024-01-15", None),
    ("ARCTIC", "Liquid Freezer III 280", 280, ALL_MAINSTREAM, 280, 1700, 89.99, "2024-01-15", None),
    ("ARCTIC", "Liquid Freezer III 360", 360, ALL_MAINSTREAM, 300, 2000, 99.99, "2024-01-15", None),
    (
        "ARCTIC",
        "Liquid Freezer III 420",
        420,
        ALL_MAINSTREAM,
        340,
        2300,
        119.99,
        "2024-01-15",
        None,
    ),
    (
        "Lian Li",
        "Galahad II Trinity 360",
        360,
        ALL_MAINSTREAM,
        300,
        2100,
        139.99,
        "2023-03-01",
        None,
    ),
    ("DeepCool", "LS720 SE", 360, ALL_MAINSTREAM, 300, 1800, 89.99, "2023-05-01", None),
    ("MSI", "MAG CORELIQUID E360", 360, ALL_MAINSTREAM, 300, 1900, 119.99, "2024-02-01", None),
    (
        "Corsair",
        "H150i ELITE CAPELLIX XT",
        360,
        "AM4,AM5,LGA1700",
        280,
        1950,
        169.99,
        "2022-07-01",
        None,
    ),
)


def cooler_items() -> list[Item]:
    items: list[Item] = []
    for brand, model, height, sockets, rating, grams, price, released, replaces in AIR_COOLERS:
        items.append(
            Item(
                key=make_key("air_cooler", brand, model),
                category="air_cooler",
                brand=brand,
                model=model,
                price_cents=cents(price),
                weight_grams=grams,
                release_date=released,
                description=(
                    f"{height} mm tall air CPU cooler rated for {rating} W, with mounts for "
                    f"{sockets.replace(',', ', ')}."
                ),
                specs={
                    "height_mm": height,
                    "supported_sockets": sockets,
                    "cooler_tdp_watts": rating,
                },
                replaces=make_key("air_cooler", brand, replaces) if replaces else None,
            )
        )
    for brand, model, radiator, sockets, rating, grams, price, released, older in LIQUID_COOLERS:
        items.append(
            Item(
                key=make_key("liquid_cooler", brand, model),
                category="liquid_cooler",
                brand=brand,
                model=model,
                price_cents=cents(price),
                weight_grams=grams,
                release_date=released,
                description=(
                    f"All-in-one liquid CPU cooler with a {radiator} mm radiator, rated for "
                    f"{rating} W, with mounts for {sockets.replace(',', ', ')}."
                ),
                specs={
                    "radiator_mm": radiator,
                    "supported_sockets": sockets,
                    "cooler_tdp_watts": rating,
                },
                replaces=make_key("liquid_cooler", brand, older) if older else None,
            )
        )
    return items
