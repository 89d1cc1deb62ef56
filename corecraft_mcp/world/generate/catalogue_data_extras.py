"""Static catalogue data: monitors, peripherals, services and CoreCraft's prebuilt recipes."""

from __future__ import annotations

from corecraft_mcp.world.generate.catalogue_data_core import memory_model
from corecraft_mcp.world.generate.catalogue_data_gpu import gpu_key
from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key

# (brand, model, diagonal in, resolution, refresh Hz, panel, weight kg, price $, release, replaces)
_MonitorRow = tuple[str, str, float, str, int, str, float, float, str, str | None]

MONITORS: tuple[_MonitorRow, ...] = (
    ("ASUS", "ROG Swift OLED PG27AQDM", 26.5, "2560x1440", 240, "OLED", 6.8, 799.99, "2023-05-01",
     None),
    ("ASUS", "ROG Swift OLED PG32UCDM", 31.5, "3840x2160", 240, "QD-OLED", 8.8, 1199.99,
     "2024-03-01", None),
    ("ASUS", "TUF Gaming VG27AQ1A", 27, "2560x1440", 170, "IPS", 5.8, 219.99, "2021-03-01", None),
    ("ASUS", "VG249Q3A", 23.8, "1920x1080", 180, "IPS", 3.9, 129.99, "2023-09-01", None),
    ("LG", "UltraGear 27GR95QE-B", 26.5, "2560x1440", 240, "OLED", 7.2, 699.99, "2023-03-01",
     None),
    ("LG", "UltraGear 27GP850-B", 27, "2560x1440", 180, "Nano IPS", 6.1, 299.99, "2021-04-01",
     None),
    ("LG", "UltraGear 27GS85Q-B", 27, "2560x1440", 200, "Nano IPS", 6.0, 329.99, "2024-05-01",
     "UltraGear 27GP850-B"),
    ("LG", "UltraGear 32GS95UE-B", 31.5, "3840x2160", 240, "OLED", 8.5, 1299.99, "2024-04-01",
     None),
    ("LG", "UltraGear 24GS60F-B", 23.8, "1920x1080", 180, "IPS", 3.5, 129.99, "2024-03-01", None),
    ("Samsung", "Odyssey G5 S27CG51", 27, "2560x1440", 165, "VA", 5.2, 229.99, "2023-04-01", None),
    ("Samsung", "Odyssey OLED G6 G60SD", 27, "2560x1440", 360, "QD-OLED", 6.9, 799.99,
     "2024-07-01", None),
    ("Samsung", "Odyssey OLED G8 G85SD", 34, "3440x1440", 175, "QD-OLED", 7.5, 999.99,
     "2024-05-01", None),
    ("Samsung", "Odyssey Neo G9 G95NC", 57, "7680x2160", 240, "Mini-LED VA", 21.0, 1999.99,
     "2023-08-01", None),
    ("Dell", "Alienware AW2725DF", 26.7, "2560x1440", 360, "QD-OLED", 6.2, 899.99, "2024-03-01",
     None),
    ("Dell", "Alienware AW3425DW", 34.2, "3440x1440", 240, "QD-OLED", 8.1, 799.99, "2025-01-07",
     None),
    ("Dell", "G2724D", 27, "2560x1440", 165, "IPS", 5.9, 219.99, "2023-03-01", None),
    ("MSI", "MAG 274QRF QD E2", 27, "2560x1440", 180, "Rapid IPS", 5.6, 279.99, "2023-06-01", None),
    ("MSI", "MPG 321URX QD-OLED", 31.5, "3840x2160", 240, "QD-OLED", 8.0, 949.99, "2024-04-01",
     None),
    ("MSI", "MAG 271QPX QD-OLED E2", 26.5, "2560x1440", 240, "QD-OLED", 6.2, 599.99, "2024-06-01",
     None),
    ("Gigabyte", "GS27QA", 27, "2560x1440", 180, "IPS", 5.1, 179.99, "2024-06-01", None),
    ("AOC", "24G4", 23.8, "1920x1080", 180, "IPS", 3.8, 129.99, "2024-02-01", None),
    ("AOC", "Q27G3XMN", 27, "2560x1440", 180, "Mini-LED VA", 6.0, 299.99, "2023-11-01", None),
    ("BenQ", "ZOWIE XL2566K", 24.5, "1920x1080", 360, "TN", 6.8, 599.99, "2022-10-01", None),
    ("BenQ", "MOBIUZ EX2710Q", 27, "2560x1440", 165, "IPS", 6.3, 349.99, "2021-09-01", None),
)


def monitor_items() -> list[Item]:
    items: list[Item] = []
    for (brand, model, size, resolution, hz, panel, kg, price, released,
         replaces) in MONITORS:
        items.append(Item(
            key=make_key("monitor", brand, model),
            category="monitor",
            brand=brand,
            model=model,
            price_cents=cents(price),
            weight_grams=round(kg * 1000),
            release_date=released,
            description=(
                f"{size:g}-inch {resolution} {hz} Hz {panel} gaming monitor with adaptive sync "
                f"and DisplayPort and HDMI inputs."
            ),
            replaces=make_key("monitor", brand, replaces) if replaces else None,
        ))
    return items


# (brand, model, description, weight g, price $, release, replaces)
_PeripheralRow = tuple[str, str, str, int, float, str, str | None]

PERIPHERALS: tuple[_PeripheralRow, ...] = (
    ("Logitech", "G PRO X TKL LIGHTSPEED",
     "Wireless tenkeyless mechanical keyboard with LIGHTSPEED 2.4 GHz and Bluetooth.", 980,
     199.99, "2023-09-01", None),
    ("Logitech", "G915 X LIGHTSPEED",
     "Wireless full-size low-profile mechanical keyboard with per-key RGB.", 1080, 229.99,
     "2024-09-01", "G915 LIGHTSPEED"),
    ("Logitech", "G915 LIGHTSPEED",
     "Wireless full-size low-profile mechanical keyboard with per-key RGB.", 1025, 199.99,
     "2019-08-01", None),
    ("Razer", "BlackWidow V4 Pro",
     "Full-size mechanical keyboard with a command dial, macro keys and wrist rest.", 1600,
     229.99, "2023-03-01", None),
    ("Razer", "Huntsman V3 Pro TKL",
     "Tenkeyless keyboard with adjustable-actuation analog optical switches.", 1150, 219.99,
     "2023-10-01", None),
    ("Corsair", "K70 RGB PRO",
     "Full-size mechanical keyboard with Cherry MX switches and 8,000 Hz polling.", 1200,
     159.99, "2021-11-01", None),
    ("Corsair", "K65 PLUS WIRELESS",
     "Wireless 75% hot-swappable mechanical keyboard with a media dial.", 1000, 159.99,
     "2023-08-01", None),
    ("SteelSeries", "Apex Pro TKL (2023)",
     "Tenkeyless keyboard with adjustable OmniPoint 2.0 switches and an OLED display.", 970,
     189.99, "2023-01-01", None),
    ("Keychron", "V1 Max",
     "Wireless 75% hot-swappable mechanical keyboard with a knob, QMK/VIA programmable.",
     1100, 84.99, "2024-03-01", None),
    ("Wooting", "60HE+",
     "60% analog keyboard with Hall-effect switches and rapid trigger.", 605, 174.99,
     "2023-03-01", None),
    ("HyperX", "Alloy Origins Core",
     "Tenkeyless mechanical keyboard with HyperX switches and an aluminium body.", 900, 79.99,
     "2020-04-01", None),
    ("Logitech", "G PRO X SUPERLIGHT 2",
     "60 g wireless esports mouse with a HERO 2 sensor and 95-hour battery.", 60, 159.99,
     "2023-09-01", "G PRO X SUPERLIGHT"),
    ("Logitech", "G PRO X SUPERLIGHT",
     "63 g wireless esports mouse with a HERO 25K sensor.", 63, 129.99, "2020-12-01", None),
    ("Logitech", "G502 X PLUS",
     "Wireless RGB gaming mouse with hybrid optical-mechanical switches.", 106, 159.99,
     "2022-09-01", None),
    ("Logitech", "G305 LIGHTSPEED",
     "Wireless gaming mouse running up to 250 hours on one AA battery.", 99, 39.99,
     "2018-06-01", None),
    ("Razer", "DeathAdder V3 Pro",
     "63 g wireless ergonomic esports mouse with a Focus Pro 30K sensor.", 63, 149.99,
     "2022-08-01", None),
    ("Razer", "Viper V3 Pro",
     "54 g wireless symmetric esports mouse with a Focus Pro 35K sensor.", 54, 159.99,
     "2024-04-01", None),
    ("Razer", "Basilisk V3",
     "Wired ergonomic RGB mouse with 11 programmable controls.", 101, 69.99, "2021-09-01",
     None),
    ("SteelSeries", "Aerox 5 Wireless",
     "74 g water-resistant wireless mouse with 9 buttons for multi-genre play.", 74, 139.99,
     "2022-06-01", None),
    ("Glorious", "Model O 2 Wireless",
     "68 g wireless symmetric mouse with a BAMF 2.0 sensor.", 68, 99.99, "2023-02-01", None),
    ("Corsair", "M75 WIRELESS",
     "89 g wireless ambidextrous gaming mouse with swappable side buttons.", 89, 129.99,
     "2023-10-01", None),
    ("SteelSeries", "Arctis Nova Pro Wireless",
     "Wireless headset with active noise cancellation and hot-swappable batteries.", 340,
     349.99, "2022-05-01", None),
    ("SteelSeries", "Arctis Nova 7",
     "Wireless headset with simultaneous 2.4 GHz and Bluetooth audio.", 325, 179.99,
     "2022-09-01", None),
    ("HyperX", "Cloud III Wireless",
     "Wireless headset with 53 mm drivers and up to 120 hours of battery.", 330, 169.99,
     "2023-09-01", "Cloud II Wireless"),
    ("HyperX", "Cloud II Wireless",
     "Wireless headset with virtual 7.1 surround sound.", 300, 149.99, "2020-10-01", None),
    ("Logitech", "G PRO X 2 LIGHTSPEED",
     "Wireless headset with 50 mm graphene drivers and Bluetooth.", 345, 249.99,
     "2023-05-01", None),
    ("Razer", "BlackShark V2 Pro (2023)",
     "Wireless esports headset with a detachable HyperClear super-wideband microphone.", 320,
     199.99, "2023-04-01", None),
    ("Razer", "Kraken V4",
     "Wireless RGB headset with 40 mm drivers and 2.4 GHz or Bluetooth connection.", 330,
     149.99, "2024-09-01", None),
    ("Corsair", "HS80 MAX WIRELESS",
     "Wireless headset with Dolby Atmos support and 65-hour battery.", 380, 179.99,
     "2023-08-01", None),
    ("Audeze", "Maxwell",
     "Wireless planar magnetic headset with 80-hour battery.", 490, 299.99, "2023-02-01",
     None),
)


def peripheral_items() -> list[Item]:
    return [
        Item(
            key=make_key("peripheral", brand, model),
            category="peripheral",
            brand=brand,
            model=model,
            price_cents=cents(price),
            weight_grams=grams,
            release_date=released,
            description=description,
            replaces=make_key("peripheral", brand, replaces) if replaces else None,
        )
        for brand, model, description, grams, price, released, replaces in PERIPHERALS
    ]


def _mem(brand: str, line: str, kind: str, speed: int, cas: int, modules: int, per: int) -> str:
    return make_key("memory", brand, memory_model(line, kind, speed, cas, modules, per))


def _k(category: str, brand: str, model: str) -> str:
    return make_key(category, brand, model)


# CoreCraft's prebuilt line: (model, pitch, component keys with quantities). Every recipe must
# pass the compatibility engine with no errors; the generator checks.
PREBUILTS: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = (
    ("Spark R5 RX 7600", "1080p gaming on a budget", (
        (_k("cpu", "AMD", "Ryzen 5 5600"), 1),
        (_k("motherboard", "MSI", "B550M PRO-VDH WIFI"), 1),
        (_mem("Corsair", "Vengeance LPX", "DDR4", 3200, 16, 2, 8), 1),
        (_k("ssd", "Kingston", "NV3 1TB"), 1),
        (gpu_key("7600", "sapphire-pulse"), 1),
        (_k("psu", "Corsair", "CX650"), 1),
        (_k("case", "Montech", "AIR 903 MAX"), 1),
    )),
    ("Spark i5 RTX 5060", "1080p high-refresh gaming", (
        (_k("cpu", "Intel", "Core i5-14400F"), 1),
        (_k("motherboard", "Gigabyte", "B760M DS3H DDR4"), 1),
        (_mem("Kingston", "FURY Beast", "DDR4", 3200, 16, 2, 16), 1),
        (_k("ssd", "WD", "Blue SN5000 1TB"), 1),
        (gpu_key("5060", "msi-ventus2"), 1),
        (_k("psu", "MSI", "MAG A650BN"), 1),
        (_k("case", "Jonsbo", "D31 MESH"), 1),
    )),
    ("Spark i5 Arc B580", "1080p and 1440p esports", (
        (_k("cpu", "Intel", "Core i5-14400"), 1),
        (_k("motherboard", "ASRock", "B760M Pro RS/D4"), 1),
        (_mem("TEAMGROUP", "T-Force Vulcan Z", "DDR4", 3200, 16, 2, 16), 1),
        (_k("ssd", "Crucial", "P3 Plus 1TB"), 1),
        (gpu_key("b580", "intel-le"), 1),
        (_k("psu", "EVGA", "600 BR"), 1),
        (_k("case", "Corsair", "2500X"), 1),
    )),
    ("Vanguard R7 RTX 5070", "1440p gaming", (
        (_k("cpu", "AMD", "Ryzen 7 9700X"), 1),
        (_k("motherboard", "MSI", "MAG B850 TOMAHAWK MAX WIFI"), 1),
        (_mem("G.Skill", "Flare X5", "DDR5", 6000, 30, 2, 16), 1),
        (_k("ssd", "Samsung", "990 EVO Plus 2TB"), 1),
        (gpu_key("5070", "asus-prime"), 1),
        (_k("air_cooler", "Thermalright", "Peerless Assassin 120 SE"), 1),
        (_k("psu", "Corsair", "RM750e"), 1),
        (_k("case", "Lian Li", "LANCOOL 216"), 1),
    )),
    ("Vanguard R5 RX 9070 XT", "1440p high-refresh gaming", (
        (_k("cpu", "AMD", "Ryzen 5 9600X"), 1),
        (_k("motherboard", "ASRock", "B850M Steel Legend WiFi"), 1),
        (_mem("Crucial", "Pro", "DDR5", 5600, 46, 2, 16), 1),
        (_k("ssd", "Crucial", "P3 Plus 1TB"), 1),
        (gpu_key("9070xt", "sapphire-pulse"), 1),
        (_k("air_cooler", "DeepCool", "AK400"), 1),
        (_k("psu", "MSI", "MAG A850GL PCIE5"), 1),
        (_k("case", "Fractal Design", "Pop Air"), 1),
    )),
    ("Vanguard Ultra 7 RTX 5070 Ti", "1440p ultra and entry 4K gaming", (
        (_k("cpu", "Intel", "Core Ultra 7 265K"), 1),
        (_k("motherboard", "MSI", "MAG Z890 TOMAHAWK WIFI"), 1),
        (_mem("Corsair", "Vengeance", "DDR5", 6000, 30, 2, 16), 1),
        (_k("ssd", "WD", "BLACK SN850X 2TB"), 1),
        (gpu_key("5070ti", "gb-gaming"), 1),
        (_k("liquid_cooler", "ARCTIC", "Liquid Freezer III 360"), 1),
        (_k("psu", "Corsair", "RM850e"), 1),
        (_k("case", "Corsair", "4000D Airflow"), 1),
    )),
    ("Apex X3D RTX 5080", "4K gaming", (
        (_k("cpu", "AMD", "Ryzen 7 9800X3D"), 1),
        (_k("motherboard", "ASUS", "ROG Strix X870E-E Gaming WIFI"), 1),
        (_mem("G.Skill", "Trident Z5 Neo RGB", "DDR5", 6000, 30, 2, 32), 1),
        (_k("ssd", "Samsung", "990 PRO 2TB"), 1),
        (_k("ssd", "Samsung", "9100 PRO 2TB"), 1),
        (gpu_key("5080", "asus-tuf"), 1),
        (_k("liquid_cooler", "NZXT", "Kraken Elite 360"), 1),
        (_k("psu", "Corsair", "RM1000x"), 1),
        (_k("case", "Lian Li", "O11 Dynamic EVO"), 1),
    )),
    ("Apex Ultra RTX 5090", "no-compromise 4K and AI workloads", (
        (_k("cpu", "AMD", "Ryzen 9 9950X3D"), 1),
        (_k("motherboard", "ASUS", "ROG Crosshair X870E HERO"), 1),
        (_mem("Corsair", "Vengeance RGB", "DDR5", 6400, 32, 2, 48), 1),
        (_k("ssd", "Samsung", "9100 PRO 4TB"), 1),
        (_k("ssd", "Samsung", "990 PRO 4TB"), 1),
        (gpu_key("5090", "asus-astral"), 1),
        (_k("liquid_cooler", "Corsair", "iCUE LINK H150i RGB"), 1),
        (_k("psu", "Corsair", "HX1500i"), 1),
        (_k("case", "Lian Li", "O11 Vision"), 1),
    )),
    ("Nova SFF R7 RTX 4070 SUPER", "small-form-factor 1440p gaming", (
        (_k("cpu", "AMD", "Ryzen 7 7800X3D"), 1),
        (_k("motherboard", "ASUS", "ROG Strix B650E-I Gaming WIFI"), 1),
        (_mem("Kingston", "FURY Beast", "DDR5", 5600, 36, 2, 16), 1),
        (_k("ssd", "Crucial", "T500 2TB"), 1),
        (gpu_key("4070s", "asus-dual"), 1),
        (_k("liquid_cooler", "ARCTIC", "Liquid Freezer III 240"), 1),
        (_k("psu", "Corsair", "SF750"), 1),
        (_k("case", "Lian Li", "A4-H2O"), 1),
    )),
    ("Nova SFF Ultra 5 RTX 5060 Ti", "compact 1080p and 1440p gaming", (
        (_k("cpu", "Intel", "Core Ultra 5 245K"), 1),
        (_k("motherboard", "ASRock", "Z890I Nova WiFi"), 1),
        (_mem("Corsair", "Vengeance", "DDR5", 6000, 30, 2, 16), 1),
        (_k("ssd", "Samsung", "990 EVO Plus 1TB"), 1),
        (gpu_key("5060ti16", "asus-dual"), 1),
        (_k("liquid_cooler", "ARCTIC", "Liquid Freezer III 280"), 1),
        (_k("psu", "Cooler Master", "V850 SFX Gold"), 1),
        (_k("case", "Cooler Master", "MasterBox NR200P V2"), 1),
    )),
    ("Creator R9 RTX 5070 Ti", "content creation and 3D rendering", (
        (_k("cpu", "AMD", "Ryzen 9 9950X"), 1),
        (_k("motherboard", "ASUS", "TUF Gaming X870-PLUS WIFI"), 1),
        (_mem("Corsair", "Vengeance RGB", "DDR5", 6400, 32, 2, 48), 1),
        (_k("ssd", "Samsung", "990 PRO 4TB"), 1),
        (_k("hdd", "WD", "Red Plus 8TB"), 1),
        (gpu_key("5070ti", "msi-ventus3"), 1),
        (_k("air_cooler", "Noctua", "NH-D15 G2"), 1),
        (_k("psu", "Seasonic", "FOCUS GX-850"), 1),
        (_k("case", "Fractal Design", "North"), 1),
    )),
    ("Titan i7 RX 7900 XTX", "high-refresh 4K gaming", (
        (_k("cpu", "Intel", "Core i7-14700K"), 1),
        (_k("motherboard", "MSI", "MAG Z790 TOMAHAWK WIFI"), 1),
        (_mem("G.Skill", "Trident Z5 Neo RGB", "DDR5", 6000, 30, 2, 16), 1),
        (_k("ssd", "WD", "BLACK SN850X 2TB"), 1),
        (gpu_key("7900xtx", "sapphire-nitro"), 1),
        (_k("liquid_cooler", "DeepCool", "LS720 SE"), 1),
        (_k("psu", "be quiet!", "Straight Power 12 1000W"), 1),
        (_k("case", "NZXT", "H9 Flow"), 1),
    )),
)
