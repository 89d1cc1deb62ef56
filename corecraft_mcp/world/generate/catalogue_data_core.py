"""Static catalogue data: processors, motherboards and memory kits (2022-2026 line-ups)."""

from __future__ import annotations

from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key

# (brand, model, socket, memory types, TDP W, price $, release, cores, threads, boost GHz,
#  boxed cooler, integrated graphics, model it replaces)
_CpuRow = tuple[str, str, str, str, int, float, str, int, int, float, bool, bool, str | None]

CPUS: tuple[_CpuRow, ...] = (
    # AM4, DDR4: the budget platform
    ("AMD", "Ryzen 5 5600", "AM4", "DDR4", 65, 119.99, "2022-04-04", 6, 12, 4.4, True, False, None),
    ("AMD", "Ryzen 5 5600X", "AM4", "DDR4", 65, 139.99, "2020-11-05", 6, 12, 4.6, True, False,
     None),
    ("AMD", "Ryzen 5 5600G", "AM4", "DDR4", 65, 129.99, "2021-08-05", 6, 12, 4.4, True, True, None),
    ("AMD", "Ryzen 7 5700X", "AM4", "DDR4", 65, 159.99, "2022-04-04", 8, 16, 4.6, False, False,
     None),
    ("AMD", "Ryzen 7 5800X3D", "AM4", "DDR4", 105, 329.99, "2022-04-20", 8, 16, 4.5, False,
     False, None),
    ("AMD", "Ryzen 7 5700X3D", "AM4", "DDR4", 105, 229.99, "2024-01-31", 8, 16, 4.1, False, False,
     "Ryzen 7 5800X3D"),
    ("AMD", "Ryzen 9 5900X", "AM4", "DDR4", 105, 279.99, "2020-11-05", 12, 24, 4.8, False,
     False, None),
    ("AMD", "Ryzen 9 5950X", "AM4", "DDR4", 105, 379.99, "2020-11-05", 16, 32, 4.9, False,
     False, None),
    # AM5, DDR5: Ryzen 7000 / 8000G / 9000
    ("AMD", "Ryzen 5 7500F", "AM5", "DDR5", 65, 149.99, "2023-07-22", 6, 12, 5.0, True, False,
     None),
    ("AMD", "Ryzen 5 7600", "AM5", "DDR5", 65, 189.99, "2023-01-10", 6, 12, 5.1, True, True, None),
    ("AMD", "Ryzen 5 7600X", "AM5", "DDR5", 105, 209.99, "2022-09-27", 6, 12, 5.3, False, True,
     None),
    ("AMD", "Ryzen 7 7700", "AM5", "DDR5", 65, 279.99, "2023-01-10", 8, 16, 5.3, True, True, None),
    ("AMD", "Ryzen 7 7700X", "AM5", "DDR5", 105, 299.99, "2022-09-27", 8, 16, 5.4, False, True,
     None),
    ("AMD", "Ryzen 7 7800X3D", "AM5", "DDR5", 120, 399.99, "2023-04-06", 8, 16, 5.0, False, True,
     None),
    ("AMD", "Ryzen 9 7900X", "AM5", "DDR5", 170, 379.99, "2022-09-27", 12, 24, 5.6, False, True,
     None),
    ("AMD", "Ryzen 9 7950X", "AM5", "DDR5", 170, 519.99, "2022-09-27", 16, 32, 5.7, False, True,
     None),
    ("AMD", "Ryzen 9 7950X3D", "AM5", "DDR5", 120, 599.99, "2023-02-28", 16, 32, 5.7, False, True,
     None),
    ("AMD", "Ryzen 5 8600G", "AM5", "DDR5", 65, 199.99, "2024-01-31", 6, 12, 5.0, True, True, None),
    ("AMD", "Ryzen 7 8700G", "AM5", "DDR5", 65, 294.99, "2024-01-31", 8, 16, 5.1, True, True, None),
    ("AMD", "Ryzen 5 9600X", "AM5", "DDR5", 65, 249.99, "2024-08-08", 6, 12, 5.4, False, True,
     "Ryzen 5 7600X"),
    ("AMD", "Ryzen 7 9700X", "AM5", "DDR5", 65, 329.99, "2024-08-08", 8, 16, 5.5, False, True,
     "Ryzen 7 7700X"),
    ("AMD", "Ryzen 7 9800X3D", "AM5", "DDR5", 120, 479.99, "2024-11-07", 8, 16, 5.2, False, True,
     "Ryzen 7 7800X3D"),
    ("AMD", "Ryzen 9 9900X", "AM5", "DDR5", 120, 429.99, "2024-08-15", 12, 24, 5.6, False, True,
     "Ryzen 9 7900X"),
    ("AMD", "Ryzen 9 9950X", "AM5", "DDR5", 170, 599.99, "2024-08-15", 16, 32, 5.7, False, True,
     "Ryzen 9 7950X"),
    ("AMD", "Ryzen 9 9950X3D", "AM5", "DDR5", 170, 699.99, "2025-03-12", 16, 32, 5.7, False, True,
     "Ryzen 9 7950X3D"),
    ("AMD", "Ryzen 7 9850X3D", "AM5", "DDR5", 120, 499.99, "2026-01-29", 8, 16, 5.6, False, True,
     None),
    # LGA1700: Intel 12th-14th gen, DDR4 or DDR5 by board
    ("Intel", "Core i3-12100F", "LGA1700", "DDR4,DDR5", 58, 84.99, "2022-01-04", 4, 8, 4.3, True,
     False, None),
    ("Intel", "Core i5-12400F", "LGA1700", "DDR4,DDR5", 65, 114.99, "2022-01-04", 6, 12, 4.4, True,
     False, None),
    ("Intel", "Core i5-12600K", "LGA1700", "DDR4,DDR5", 125, 169.99, "2021-11-04", 10, 16, 4.9,
     False, True, None),
    ("Intel", "Core i7-12700K", "LGA1700", "DDR4,DDR5", 125, 229.99, "2021-11-04", 12, 20, 5.0,
     False, True, None),
    ("Intel", "Core i5-13400F", "LGA1700", "DDR4,DDR5", 65, 159.99, "2023-01-03", 10, 16, 4.6, True,
     False, "Core i5-12400F"),
    ("Intel", "Core i5-13600K", "LGA1700", "DDR4,DDR5", 125, 249.99, "2022-10-20", 14, 20, 5.1,
     False, True, "Core i5-12600K"),
    ("Intel", "Core i7-13700K", "LGA1700", "DDR4,DDR5", 125, 319.99, "2022-10-20", 16, 24, 5.4,
     False, True, "Core i7-12700K"),
    ("Intel", "Core i9-13900K", "LGA1700", "DDR4,DDR5", 125, 429.99, "2022-10-20", 24, 32, 5.8,
     False, True, None),
    ("Intel", "Core i3-14100F", "LGA1700", "DDR4,DDR5", 58, 94.99, "2024-01-08", 4, 8, 4.7, True,
     False, "Core i3-12100F"),
    ("Intel", "Core i5-14400", "LGA1700", "DDR4,DDR5", 65, 199.99, "2024-01-08", 10, 16, 4.7, True,
     True, None),
    ("Intel", "Core i5-14400F", "LGA1700", "DDR4,DDR5", 65, 169.99, "2024-01-08", 10, 16, 4.7, True,
     False, "Core i5-13400F"),
    ("Intel", "Core i5-14600K", "LGA1700", "DDR4,DDR5", 125, 279.99, "2023-10-17", 14, 20, 5.3,
     False, True, "Core i5-13600K"),
    ("Intel", "Core i5-14600KF", "LGA1700", "DDR4,DDR5", 125, 259.99, "2023-10-17", 14, 20, 5.3,
     False, False, None),
    ("Intel", "Core i7-14700F", "LGA1700", "DDR4,DDR5", 65, 319.99, "2024-01-08", 20, 28, 5.4, True,
     False, None),
    ("Intel", "Core i7-14700K", "LGA1700", "DDR4,DDR5", 125, 379.99, "2023-10-17", 20, 28, 5.6,
     False, True, "Core i7-13700K"),
    ("Intel", "Core i9-14900K", "LGA1700", "DDR4,DDR5", 125, 529.99, "2023-10-17", 24, 32, 6.0,
     False, True, "Core i9-13900K"),
    # LGA1851: Core Ultra 200S, DDR5 only
    ("Intel", "Core Ultra 5 225", "LGA1851", "DDR5", 65, 219.99, "2025-01-13", 10, 10, 4.9, True,
     True, None),
    ("Intel", "Core Ultra 5 245K", "LGA1851", "DDR5", 125, 299.99, "2024-10-24", 14, 14, 5.2, False,
     True, None),
    ("Intel", "Core Ultra 5 245KF", "LGA1851", "DDR5", 125, 284.99, "2024-10-24", 14, 14, 5.2,
     False, False, None),
    ("Intel", "Core Ultra 7 265K", "LGA1851", "DDR5", 125, 379.99, "2024-10-24", 20, 20, 5.5, False,
     True, None),
    ("Intel", "Core Ultra 7 265KF", "LGA1851", "DDR5", 125, 359.99, "2024-10-24", 20, 20, 5.5,
     False, False, None),
    ("Intel", "Core Ultra 7 265", "LGA1851", "DDR5", 65, 349.99, "2025-01-13", 20, 20, 5.3, True,
     True, None),
    ("Intel", "Core Ultra 9 285K", "LGA1851", "DDR5", 125, 589.99, "2024-10-24", 24, 24, 5.7, False,
     True, None),
)


def cpu_items() -> list[Item]:
    items: list[Item] = []
    for (brand, model, socket, memory, tdp, price, released, cores, threads, boost, boxed, igpu,
         replaces) in CPUS:
        cooler = "Ships with a boxed cooler." if boxed else "No cooler included."
        graphics = "" if igpu else " No integrated graphics: a graphics card is required."
        memory_text = memory.replace(",", " or ")
        items.append(Item(
            key=make_key("cpu", brand, model),
            category="cpu",
            brand=brand,
            model=model,
            price_cents=cents(price),
            weight_grams=420 if boxed else 85,
            release_date=released,
            description=(
                f"{cores}-core, {threads}-thread {socket} desktop processor boosting to "
                f"{boost} GHz, {tdp} W TDP, {memory_text} memory. {cooler}{graphics}"
            ),
            specs={"socket": socket, "memory_type": memory, "tdp_watts": tdp},
            replaces=make_key("cpu", brand, replaces) if replaces else None,
        ))
    return items


def boxed_cooler_models() -> list[str]:
    return [row[1] for row in CPUS if row[10]]


def no_igpu_models() -> list[str]:
    return [row[1] for row in CPUS if not row[11]]


def cpu_models(predicate_prefixes: tuple[str, ...]) -> list[str]:
    """CPU models whose name starts with one of the prefixes (a generation, for BIOS rules)."""
    return [row[1] for row in CPUS if row[1].startswith(predicate_prefixes)]


# (brand, model, socket, chipset, form factor, memory type, slots, max GB, M.2 slots, price $,
#  release, replaces)
_BoardRow = tuple[str, str, str, str, str, str, int, int, int, float, str, str | None]

MOTHERBOARDS: tuple[_BoardRow, ...] = (
    # AM4
    ("ASRock", "A520M-HDV", "AM4", "A520", "Micro-ATX", "DDR4", 2, 64, 1, 64.99, "2020-08-18",
     None),
    ("MSI", "B550M PRO-VDH WIFI", "AM4", "B550", "Micro-ATX", "DDR4", 4, 128, 2, 109.99,
     "2020-06-16",
     None),
    ("ASUS", "TUF Gaming B550-PLUS WIFI II", "AM4", "B550", "ATX", "DDR4", 4, 128, 2, 159.99,
     "2021-09-01", None),
    ("Gigabyte", "B550 AORUS ELITE AX V2", "AM4", "B550", "ATX", "DDR4", 4, 128, 2, 169.99,
     "2021-05-10", None),
    ("Gigabyte", "B550I AORUS PRO AX", "AM4", "B550", "Mini-ITX", "DDR4", 2, 64, 2, 179.99,
     "2020-06-16", None),
    ("ASUS", "ROG Strix X570-E Gaming WIFI II", "AM4", "X570", "ATX", "DDR4", 4, 128, 2, 299.99,
     "2021-09-01", None),
    # AM5, 600 series
    ("MSI", "PRO A620M-E", "AM5", "A620", "Micro-ATX", "DDR5", 2, 96, 1, 89.99, "2023-04-01", None),
    ("Gigabyte", "A620M GAMING X", "AM5", "A620", "Micro-ATX", "DDR5", 2, 96, 2, 99.99,
     "2023-04-01",
     None),
    ("ASUS", "Prime B650M-A AX II", "AM5", "B650", "Micro-ATX", "DDR5", 4, 192, 2, 159.99,
     "2023-06-01", None),
    ("ASUS", "TUF Gaming B650-PLUS WIFI", "AM5", "B650", "ATX", "DDR5", 4, 192, 3, 199.99,
     "2022-10-10", None),
    ("MSI", "MAG B650 TOMAHAWK WIFI", "AM5", "B650", "ATX", "DDR5", 4, 192, 3, 209.99, "2022-10-10",
     None),
    ("Gigabyte", "B650 AORUS ELITE AX V2", "AM5", "B650", "ATX", "DDR5", 4, 192, 3, 199.99,
     "2024-01-15", None),
    ("ASRock", "B650M Pro RS WiFi", "AM5", "B650", "Micro-ATX", "DDR5", 4, 192, 3, 149.99,
     "2022-10-10", None),
    ("ASUS", "ROG Strix B650E-I Gaming WIFI", "AM5", "B650E", "Mini-ITX", "DDR5", 2, 96, 2, 319.99,
     "2022-10-10", None),
    ("MSI", "MPG X670E CARBON WIFI", "AM5", "X670E", "ATX", "DDR5", 4, 192, 4, 449.99, "2022-09-27",
     None),
    ("Gigabyte", "X670 AORUS ELITE AX", "AM5", "X670", "ATX", "DDR5", 4, 192, 4, 259.99,
     "2022-09-27", None),
    # AM5, 800 series
    ("ASUS", "ROG Crosshair X870E HERO", "AM5", "X870E", "ATX", "DDR5", 4, 256, 5, 699.99,
     "2024-09-30", None),
    ("ASUS", "ROG Strix X870E-E Gaming WIFI", "AM5", "X870E", "ATX", "DDR5", 4, 256, 5, 499.99,
     "2024-09-30", None),
    ("MSI", "MPG X870E CARBON WIFI", "AM5", "X870E", "ATX", "DDR5", 4, 256, 4, 499.99, "2024-09-30",
     "MPG X670E CARBON WIFI"),
    ("Gigabyte", "X870E AORUS MASTER", "AM5", "X870E", "ATX", "DDR5", 4, 256, 4, 499.99,
     "2024-09-30", None),
    ("ASUS", "TUF Gaming X870-PLUS WIFI", "AM5", "X870", "ATX", "DDR5", 4, 256, 4, 279.99,
     "2024-09-30", None),
    ("MSI", "MAG X870 TOMAHAWK WIFI", "AM5", "X870", "ATX", "DDR5", 4, 256, 4, 299.99, "2024-09-30",
     None),
    ("Gigabyte", "X870 AORUS ELITE WIFI7", "AM5", "X870", "ATX", "DDR5", 4, 256, 4, 269.99,
     "2024-09-30", "X670 AORUS ELITE AX"),
    ("ASRock", "X870E Taichi", "AM5", "X870E", "ATX", "DDR5", 4, 256, 4, 449.99, "2024-09-30",
     None),
    ("MSI", "MAG B850 TOMAHAWK MAX WIFI", "AM5", "B850", "ATX", "DDR5", 4, 256, 4, 229.99,
     "2025-01-22", "MAG B650 TOMAHAWK WIFI"),
    ("ASRock", "B850M Steel Legend WiFi", "AM5", "B850", "Micro-ATX", "DDR5", 4, 256, 3, 179.99,
     "2025-01-22", "B650M Pro RS WiFi"),
    ("ASUS", "ROG Strix B850-I Gaming WIFI", "AM5", "B850", "Mini-ITX", "DDR5", 2, 128, 3, 319.99,
     "2025-01-22", "ROG Strix B650E-I Gaming WIFI"),
    ("Gigabyte", "B850 AORUS ELITE WIFI7", "AM5", "B850", "ATX", "DDR5", 4, 256, 3, 219.99,
     "2025-01-22", "B650 AORUS ELITE AX V2"),
    # LGA1700, 600 series
    ("MSI", "PRO H610M-E DDR4", "LGA1700", "H610", "Micro-ATX", "DDR4", 2, 64, 1, 84.99,
     "2022-01-04", None),
    ("MSI", "MAG B660M MORTAR WIFI DDR4", "LGA1700", "B660", "Micro-ATX", "DDR4", 4, 128, 2, 169.99,
     "2022-01-04", None),
    ("ASUS", "Prime Z690-P D4", "LGA1700", "Z690", "ATX", "DDR4", 4, 128, 3, 169.99, "2021-11-04",
     None),
    ("Gigabyte", "Z690 AORUS ELITE AX DDR4", "LGA1700", "Z690", "ATX", "DDR4", 4, 128, 4, 209.99,
     "2021-11-04", None),
    # LGA1700, 700 series
    ("ASUS", "Prime B760M-A WIFI D4", "LGA1700", "B760", "Micro-ATX", "DDR4", 4, 128, 2, 139.99,
     "2023-01-03", None),
    ("Gigabyte", "B760M DS3H DDR4", "LGA1700", "B760", "Micro-ATX", "DDR4", 4, 128, 2, 109.99,
     "2023-01-03", None),
    ("ASRock", "B760M Pro RS/D4", "LGA1700", "B760", "Micro-ATX", "DDR4", 4, 128, 2, 119.99,
     "2023-01-03", None),
    ("Gigabyte", "B760 GAMING X AX", "LGA1700", "B760", "ATX", "DDR5", 4, 192, 3, 169.99,
     "2023-01-03", None),
    ("ASUS", "ROG Strix B760-I Gaming WIFI", "LGA1700", "B760", "Mini-ITX", "DDR5", 2, 96, 2,
     229.99,
     "2023-01-03", None),
    ("MSI", "MAG Z790 TOMAHAWK WIFI", "LGA1700", "Z790", "ATX", "DDR5", 4, 192, 4, 259.99,
     "2022-10-20", None),
    ("ASUS", "TUF Gaming Z790-PLUS WIFI", "LGA1700", "Z790", "ATX", "DDR5", 4, 192, 4, 249.99,
     "2022-10-20", None),
    ("Gigabyte", "Z790 AORUS ELITE AX", "LGA1700", "Z790", "ATX", "DDR5", 4, 192, 4, 239.99,
     "2022-10-20", "Z690 AORUS ELITE AX DDR4"),
    ("ASUS", "ROG Maximus Z790 HERO", "LGA1700", "Z790", "ATX", "DDR5", 4, 192, 5, 599.99,
     "2022-10-20", None),
    # LGA1851, 800 series
    ("MSI", "MAG Z890 TOMAHAWK WIFI", "LGA1851", "Z890", "ATX", "DDR5", 4, 256, 4, 329.99,
     "2024-10-24", "MAG Z790 TOMAHAWK WIFI"),
    ("ASUS", "TUF Gaming Z890-PLUS WIFI", "LGA1851", "Z890", "ATX", "DDR5", 4, 192, 4, 299.99,
     "2024-10-24", "TUF Gaming Z790-PLUS WIFI"),
    ("ASUS", "ROG Maximus Z890 HERO", "LGA1851", "Z890", "ATX", "DDR5", 4, 192, 6, 699.99,
     "2024-10-24", "ROG Maximus Z790 HERO"),
    ("Gigabyte", "Z890 AORUS ELITE WIFI7", "LGA1851", "Z890", "ATX", "DDR5", 4, 256, 4, 289.99,
     "2024-10-24", None),
    ("ASRock", "Z890I Nova WiFi", "LGA1851", "Z890", "Mini-ITX", "DDR5", 2, 128, 3, 349.99,
     "2024-10-24", None),
    ("MSI", "PRO B860M-A WIFI", "LGA1851", "B860", "Micro-ATX", "DDR5", 4, 256, 2, 169.99,
     "2025-01-13", None),
    ("Gigabyte", "B860M AORUS ELITE WIFI6E", "LGA1851", "B860", "Micro-ATX", "DDR5", 4, 256, 3,
     179.99, "2025-01-13", None),
)

_BOARD_WEIGHT = {"ATX": 1350, "Micro-ATX": 950, "Mini-ITX": 700}


def board_items() -> list[Item]:
    items: list[Item] = []
    for (brand, model, socket, chipset, form, memory, slots, max_gb, m2, price, released,
         replaces) in MOTHERBOARDS:
        items.append(Item(
            key=make_key("motherboard", brand, model),
            category="motherboard",
            brand=brand,
            model=model,
            price_cents=cents(price),
            weight_grams=_BOARD_WEIGHT[form] + (250 if price > 400 else 0),
            release_date=released,
            description=(
                f"{form} {chipset} motherboard for {socket} processors with {slots} {memory} slots "
                f"(up to {max_gb} GB) and {m2} M.2 slot{'s' if m2 > 1 else ''}."
            ),
            specs={
                "socket": socket,
                "chipset": chipset,
                "form_factor": form,
                "memory_type": memory,
                "memory_slots": slots,
                "max_memory_gb": max_gb,
                "m2_slots": m2,
            },
            replaces=make_key("motherboard", brand, replaces) if replaces else None,
        ))
    return items


# (brand, line, type, speed MT/s, CAS, modules, GB per module, price $, release, replaces model)
_MemRow = tuple[str, str, str, int, int, int, int, float, str, str | None]

MEMORY_KITS: tuple[_MemRow, ...] = (
    ("Corsair", "Vengeance LPX", "DDR4", 3200, 16, 2, 8, 39.99, "2019-03-01", None),
    ("Corsair", "Vengeance LPX", "DDR4", 3200, 16, 2, 16, 59.99, "2019-03-01", None),
    ("Corsair", "Vengeance LPX", "DDR4", 3200, 16, 4, 16, 119.99, "2019-03-01", None),
    ("G.Skill", "Ripjaws V", "DDR4", 3600, 16, 2, 16, 62.99, "2020-02-01", None),
    ("G.Skill", "Trident Z RGB", "DDR4", 3600, 18, 2, 16, 79.99, "2020-02-01", None),
    ("Kingston", "FURY Beast", "DDR4", 3200, 16, 2, 8, 36.99, "2021-06-01", None),
    ("Kingston", "FURY Beast", "DDR4", 3200, 16, 2, 16, 57.99, "2021-06-01", None),
    ("Crucial", "Pro", "DDR4", 3200, 22, 2, 16, 52.99, "2023-06-01", None),
    ("Crucial", "Pro", "DDR4", 3200, 22, 2, 32, 104.99, "2023-06-01", None),
    ("TEAMGROUP", "T-Force Vulcan Z", "DDR4", 3200, 16, 2, 16, 44.99, "2020-05-01", None),
    ("Corsair", "Vengeance", "DDR5", 5200, 40, 2, 16, 79.99, "2022-02-01", None),
    ("Corsair", "Vengeance", "DDR5", 6000, 30, 2, 16, 99.99, "2023-05-01",
     "Vengeance 32GB (2x16GB) DDR5-5200 CL40"),
    ("Corsair", "Vengeance", "DDR5", 6000, 30, 2, 32, 184.99, "2023-05-01", None),
    ("Corsair", "Vengeance", "DDR5", 6000, 30, 4, 16, 209.99, "2023-05-01", None),
    ("Corsair", "Vengeance RGB", "DDR5", 6400, 32, 2, 48, 299.99, "2024-03-01", None),
    ("Corsair", "Dominator Titanium RGB", "DDR5", 6600, 32, 2, 16, 189.99, "2023-09-01", None),
    ("G.Skill", "Trident Z5 Neo RGB", "DDR5", 6000, 30, 2, 16, 114.99, "2022-09-27", None),
    ("G.Skill", "Trident Z5 Neo RGB", "DDR5", 6000, 30, 2, 32, 204.99, "2023-03-01", None),
    ("G.Skill", "Trident Z5 RGB", "DDR5", 6400, 32, 4, 48, 629.99, "2024-06-01", None),
    ("G.Skill", "Flare X5", "DDR5", 6000, 30, 2, 16, 94.99, "2023-03-01", None),
    ("Kingston", "FURY Beast", "DDR5", 5600, 36, 2, 8, 54.99, "2022-06-01", None),
    ("Kingston", "FURY Beast", "DDR5", 5600, 36, 2, 16, 87.99, "2022-06-01", None),
    ("Kingston", "FURY Renegade RGB", "DDR5", 6400, 32, 2, 24, 149.99, "2024-02-01", None),
    ("Crucial", "Pro", "DDR5", 5600, 46, 2, 16, 82.99, "2023-06-01", None),
    ("Crucial", "Pro", "DDR5", 5600, 46, 2, 32, 154.99, "2023-06-01", None),
    ("Crucial", "Pro OC", "DDR5", 6000, 36, 2, 16, 97.99, "2024-05-01", None),
    ("Crucial", "Classic", "DDR5", 4800, 40, 1, 16, 44.99, "2022-04-01", None),
    ("TEAMGROUP", "T-Force Delta RGB", "DDR5", 6000, 30, 2, 16, 99.99, "2023-04-01", None),
)


def memory_model(line: str, kind: str, speed: int, cas: int, modules: int, per: int) -> str:
    return f"{line} {modules * per}GB ({modules}x{per}GB) {kind}-{speed} CL{cas}"


def memory_items() -> list[Item]:
    items: list[Item] = []
    for brand, line, kind, speed, cas, modules, per, price, released, replaces in MEMORY_KITS:
        model = memory_model(line, kind, speed, cas, modules, per)
        total = modules * per
        profile = "EXPO/XMP" if kind == "DDR5" and speed >= 6000 else "XMP"
        items.append(Item(
            key=make_key("memory", brand, model),
            category="memory",
            brand=brand,
            model=model,
            price_cents=cents(price),
            weight_grams=45 * modules + 40,
            release_date=released,
            description=(
                f"{total} GB {kind} desktop memory kit of {modules} module"
                f"{'s' if modules > 1 else ''} rated {speed} MT/s CL{cas} with {profile} profiles."
            ),
            specs={"memory_type": kind, "memory_modules": modules, "capacity_gb": total},
            replaces=make_key("memory", brand, replaces) if replaces else None,
        ))
    return items
