"""Ticket scenarios about the hardware: warranty, technical help, compatibility, pre-sales."""

from __future__ import annotations

from typing import get_args

from corecraft_mcp.world.generate.support_scenario import Scenario
from corecraft_mcp.world.models import ProductCategory

# Every product category but the services.
_HARDWARE: tuple[str, ...] = tuple(c for c in get_args(ProductCategory) if c != "service")

WARRANTY: tuple[Scenario, ...] = (
    Scenario(
        key="warranty_first_year",
        category="warranty",
        need="warranty_early",
        weight=3,
        item_categories=_HARDWARE,
        subjects=(
            "Warranty claim - {product}",
            "{product} stopped working",
            "RMA for faulty {product}",
        ),
        openers=(
            "My {product} (order {order}, bought {placed_on}) has been {defect} since last "
            "week. It's well within warranty. How do I claim?",
            "{product} died after {purchase_age}. Order {order}. [[I want it replaced under "
            "warranty.|Replace it please, it's under warranty.|Warranty replacement, "
            "please.]]",
            "Hi CoreCraft team, my {product} has been {defect} since a few days. I bought it "
            "from you on {placed_on} (order {order}). Serial number {serial}. [[What is the "
            "warranty process please?|How does the warranty work?|What should I do for "
            "warranty?]]",
        ),
        asks=(
            "Sorry to hear that, {first}. {warranty_line} To start the claim, could you "
            "send [[a photo of the serial label|a picture of the sticker with serial "
            "{serial}|the serial label, photographed]] and [[a short video or description of "
            "the fault|a few words on what it does|a clip of the problem]]?",
        ),
        answers=("Serial {serial}, video attached.", "serial is {serial}. it just shuts off."),
        replies=(
            "Hi {first}, sorry to hear about the {product}. {warranty_line} I've started "
            "the claim.",
        ),
        closings=(
            "Your warranty claim for the {product} is approved; a prepaid label and "
            "replacement details are in your email. Thanks, {first}.",
        ),
        resolutions=(
            "Warranty claim handled by CoreCraft (first {claims_months} months); "
            "replacement approved for {product}.",
        ),
        notes=("Purchased {placed_on}, {purchase_age} ago: inside CoreCraft claim period.",),
        team="technical",
    ),
    Scenario(
        key="warranty_manufacturer",
        category="warranty",
        need="warranty_late",
        weight=3,
        item_categories=_HARDWARE,
        subjects=(
            "Warranty - {product}",
            "Is my {product} still under warranty?",
            "faulty {product} after {purchase_age}",
        ),
        openers=(
            "My {product} from order {order} ({placed_on}) is {defect}. [[Is it still under "
            "warranty and can you replace it?|Is that covered?|Can I get it swapped under "
            "warranty?|What are my options?]]",
            "Hi, my {product} bought from you about {purchase_age} ago has failed. Do I deal "
            "with you or {brand}? Order number {order}.",
            "{product} broken. order {order}. warranty??",
        ),
        replies=("Hi {first}, thanks for the details. {warranty_line}",),
        closings=(
            "[[You're welcome|Happy to help|No problem]], {first}. [[Good luck with the "
            "claim.|I hope {brand} sorts it quickly.|Hope the claim goes smoothly.|Keep the serial "
            "{serial} handy for it.]]",
        ),
        resolutions=("Warranty status explained: {warranty_status}.",),
        notes=(
            "Purchased {placed_on} ({purchase_age}); past CoreCraft's {claims_months}-month "
            "claim period.",
        ),
        team="technical",
    ),
    Scenario(
        key="warranty_open_box",
        category="warranty",
        need="warranty_early",
        weight=1,
        filters=("condition_used",),
        subjects=("Faulty {condition_word} {product}", "Warranty on {condition_word} {product}?"),
        openers=(
            "I bought the {product} as {condition_word} (order {order}) and it's now "
            "{defect}. What warranty does that have?",
            "hi my {condition_word} {product} from {order} is {defect}, is it covered?",
        ),
        replies=("Hi {first}, I've checked the order. {warranty_line}",),
        closings=("Thanks, {first}. Reply here if you need anything else about the {product}.",),
        resolutions=("Warranty for {condition_word} item explained: {warranty_status}.",),
        team="technical",
    ),
)

TECHNICAL: tuple[Scenario, ...] = (
    Scenario(
        key="no_post",
        category="technical",
        need="delivered",
        weight=2,
        item_categories=("cpu", "motherboard", "memory", "prebuilt"),
        subjects=("New build won't POST", "No display - {product}", "PC won't boot"),
        openers=(
            "Built a new PC with the {product} (order {order}). [[Fans spin, no display, the "
            "DRAM debug LED stays on.|No picture, fans going, DRAM light stuck on.|It powers up "
            "but the memory LED never goes off.]] [[Tried one stick, reseated everything.|"
            "Reseated the RAM twice already.|Already tried a single module.]] Ideas?",
            "nothing on screen. {product}. order {order}. tried everything",
            "Hello, I assemble my computer with parts from order {order} but it not start to "
            "BIOS. The light for memory is red. Please what I do wrong?",
        ),
        replies=(
            "Hi {first}, a solid DRAM LED usually means memory training: let the first "
            "boot run for up to 3 minutes, use one stick in slot A2, then clear CMOS. If "
            "the board needs a BIOS update for your CPU, [[use BIOS Flashback with a USB "
            "stick.|flash it from a USB stick with the Flashback button.|the Flashback port "
            "updates it without a CPU.]]",
        ),
        asks=(
            "Hi {first}, could you tell me which CPU and memory kit you're using and whether "
            "the CPU power cable (8-pin EPS) is connected?",
        ),
        answers=(
            "Oh. The EPS cable was only half in. It boots now!",
            "All connected. Still red LED.",
        ),
        closings=(
            "[[Great|Good|Glad]] to hear it's [[booting|up and running|posting]], {first}! "
            "[[Closing this, reply any time.|I'll close the ticket.|Enjoy the build.]]",
        ),
        resolutions=(
            "[[Troubleshooting|Walked through|Guided]]: memory training / CPU power cable; "
            "[[system boots.|{product} now posts.|boots fine.]]",
        ),
        team="technical",
        channels=(("chat", 5), ("email", 4), ("phone", 2)),
    ),
    Scenario(
        key="gpu_crash",
        category="technical",
        need="delivered",
        weight=2,
        item_categories=("gpu",),
        subjects=("GPU crashing in games", "{product} black screens", "driver crashes"),
        openers=(
            "My {product} (order {order}) black-screens after 10-20 minutes of gaming. Temps "
            "look fine. Is the card faulty?",
            "{product} crashes constantly. bought it {placed_on}, order {order}. this card costs "
            "{price}, it should WORK.",
            "hi, the {product} show strange colours and lines on screen sometime, then driver "
            "crash. order {order}",
        ),
        replies=(
            "Hi {first}, please do a clean driver install (DDU in safe mode, then the "
            "latest driver) and make sure the card uses separate PCIe power cables, not "
            "one daisy-chained cable.",
        ),
        asks=(
            "Hi {first}, which power supply do you have, and is the card on two separate "
            "PCIe cables?",
        ),
        answers=(
            "One cable with two connectors. I'll try separate ones.",
            "Separate cables, still crashes.",
        ),
        closings=("Glad the separate PCIe cables fixed it, {first}.",),
        resolutions=(
            "[[GPU instability resolved|{product} crashes fixed|Stability sorted]]: clean "
            "driver install + [[separate PCIe power cables|two separate PCIe cables|no "
            "daisy-chained power]].",
        ),
        team="technical",
    ),
    Scenario(
        key="bios_update",
        category="technical",
        need="delivered",
        weight=2,
        item_categories=("motherboard", "cpu"),
        subjects=("BIOS update needed?", "Board doesn't recognise CPU", "BIOS flashback help"),
        openers=(
            "Does the {product} need a BIOS update for my CPU? Order {order}. It won't boot.",
            "How do I update the BIOS on the {product} without a working CPU? The manual "
            "mentions a flashback button. Order {order}.",
            "please help bios update, {product} from order {order}, no picture",
        ),
        replies=(
            "Hi {first}, yes: older BIOS versions may not support newer CPUs. Put the "
            "latest BIOS file, renamed as the manual says, on a FAT32 USB stick, plug it "
            "into the Flashback port and hold the button until the LED stops flashing"
            "[[.| (about 5 minutes).|; no CPU or RAM needed.| and leave it be.]]",
        ),
        closings=("Glad the flashback worked, {first}!",),
        resolutions=(
            "[[BIOS Flashback walkthrough|Guided a BIOS Flashback|Flashback steps given]]; "
            "[[board updated, CPU recognised|{product} now detected|BIOS now current]].",
        ),
        team="technical",
        channels=(("chat", 5), ("email", 4)),
    ),
    Scenario(
        key="drive_not_detected",
        category="technical",
        need="delivered",
        weight=1,
        item_categories=("ssd", "hdd"),
        subjects=("{product} not detected", "New drive not showing up"),
        openers=(
            "The {product} from order {order} doesn't show up in Windows. It's in the BIOS though.",
            "drive not showing in windows. {product}, order {order}. help",
        ),
        replies=(
            "Hi {first}, new drives must be initialised: open Disk Management, "
            "initialise the disk as GPT and create a volume. If it's missing from the "
            "BIOS too, [[try another M.2 slot; some slots share lanes with SATA ports.|move it "
            "to the M.2 slot nearest the CPU.|check the manual: some M.2 slots switch off "
            "when SATA ports are used.]]",
        ),
        closings=("Great, {first}, enjoy the extra space.",),
        resolutions=(
            "[[Drive initialised in Disk Management.|{product} initialised (GPT) and "
            "formatted.|New disk set up in Windows; it shows now.]]",
        ),
        team="technical",
    ),
    Scenario(
        key="memory_xmp",
        category="technical",
        need="delivered",
        weight=1,
        item_categories=("memory",),
        subjects=("RAM running at wrong speed", "XMP/EXPO unstable - {product}"),
        openers=(
            "My {product} only runs at base speed, and with XMP on I get blue screens. Order "
            "{order}.",
            "memory {product} not run at advertised speed, why? order is {order}",
        ),
        replies=(
            "Hi {first}, kits run at JEDEC speed until XMP/EXPO is enabled. If it's "
            "unstable, update the BIOS first and make sure the sticks are in the slots "
            "the manual recommends (usually A2/B2).",
        ),
        closings=("Glad it's stable now, {first}.",),
        resolutions=("Memory profile stable after BIOS update and slot change.",),
        team="technical",
    ),
)

TECHNICAL_SAFETY = Scenario(
    key="safety_incident",
    category="technical",
    need="delivered",
    priority="urgent",
    escalate="legal_press",
    weight=1,
    item_categories=("psu", "gpu", "liquid_cooler", "prebuilt"),
    subjects=("Smoke from my {product}!", "Melted connector - {product}", "SAFETY: burning smell"),
    openers=(
        "My {product} (order {order}) started smoking and there was a burning smell. I switched "
        "it off at the wall. The power connector looks melted. What now?",
        "There was a loud pop and sparks from the {product}. It's from order {order}. I'm "
        "scared to turn the PC on again.",
        "hello, my {product} smell like burning plastic and the cable is melted little. order "
        "{order}. is it dangerous??",
    ),
    replies=(
        "{first}, I'm glad you're safe. Please keep the PC unplugged and don't power it on "
        "again. I've passed this to our {team} team, who handle safety reports, and they "
        "will contact you about collecting the {product}.",
    ),
    closings=("Our {team} team has been in touch about collecting the {product} for inspection.",),
    resolutions=("Safety incident handled by {team} team; unit collected for inspection.",),
    notes=(
        "Safety incident (smoke / melted connector) on {product}: escalating to {team} per "
        "policy. Customer told not to power it on.",
    ),
    team="technical",
    channels=(("phone", 4), ("email", 4), ("chat", 2)),
)

COMPATIBILITY: tuple[Scenario, ...] = (
    Scenario(
        key="compat_pre_purchase",
        priority="low",
        category="compatibility",
        need="none",
        weight=3,
        subjects=("Compatibility question", "Will these work together?", "{part_a} + {part_b}?"),
        openers=(
            "Quick question before I order: {compat_question}",
            "Planning a build. {compat_question} [[Don't want to order the wrong thing.|"
            "Rather ask than return it.|Trying to get it right first time.]]",
            "Hello, I want to buy the {part_a} and the {part_b}. {compat_question} Thank you "
            "for help.",
        ),
        replies=("Hi {first}, good question. {compat_line}",),
        closings=("Happy building, {first}!",),
        resolutions=("Compatibility answered: {compat_verdict}.",),
        team="technical",
        channels=(("chat", 6), ("email", 3), ("web_form", 2)),
    ),
    Scenario(
        key="compat_post_purchase",
        category="compatibility",
        need="delivered",
        weight=2,
        item_categories=("cpu", "motherboard", "memory", "gpu", "case", "psu", "air_cooler"),
        subjects=("Does the {part_a} work with the {part_b}?", "Compatibility - order {order}"),
        openers=(
            "Question about my order {order}: {compat_question}",
            "[[Help, I think I bought incompatible parts.|Uh oh, did I buy parts that don't "
            "go together?|Worried my parts don't match.]] {compat_question} Order {order}.",
        ),
        replies=("Hi {first}, thanks for checking before installing. {compat_line}",),
        closings=("Let us know if you need anything else, {first}.",),
        resolutions=("Compatibility answered: {compat_verdict}.",),
        team="technical",
    ),
)

PRODUCT_QUESTION: tuple[Scenario, ...] = (
    Scenario(
        key="restock_question",
        priority="low",
        category="product_question",
        need="none",
        product_pick="low_stock",
        weight=2,
        subjects=("When is {product} back in stock?", "Restock date {product}"),
        openers=(
            "Any idea when the {product} will be back in stock?",
            "Hi, I've been waiting for the {product} to come back. Is there a restock date? "
            "[[I'd like to order it for a build next month.|I need it for a build soon.|Happy "
            "to wait a couple of weeks.]]",
            "{product} restock when",
        ),
        replies=("Hi {first}, {stock_line}",),
        closings=(
            "Thanks for your interest, {first}. [[You can also use the 'notify me' button "
            "on the product page.|The 'notify me' button on the {product} page emails you "
            "when it's back.|Tick 'notify me' on the product page for an email.]]",
        ),
        resolutions=("Stock/restock information given for {product}.",),
        channels=(("chat", 5), ("email", 3), ("web_form", 2), ("social", 1)),
    ),
    Scenario(
        key="discontinued_question",
        priority="low",
        category="product_question",
        need="none",
        product_pick="discontinued",
        weight=2,
        subjects=("Is {product} discontinued?", "Can't find {product} anymore"),
        openers=(
            "I can't find the {product} on your site anymore. Was it discontinued? What "
            "replaces it?",
            "where did {product} go? [[i wanted to buy a second one|need another for my "
            "second rig|was about to order it again]]",
        ),
        replies=("Hi {first}, the {product} has been discontinued. {successor_line}",),
        closings=("Thanks, {first}!",),
        resolutions=(
            "[[Discontinued product|{product} discontinued|Product retired]]; [[successor "
            "pointed out|replacement model suggested|newer model recommended]].",
        ),
    ),
    Scenario(
        key="spec_question",
        priority="low",
        category="product_question",
        need="none",
        weight=2,
        subjects=("Question about {product}", "{product} specs"),
        openers=(
            "What are the key specs of the {product}? The product page is a bit thin.",
            "Hi, before I buy: can you confirm the specifications of the {product}? [[I want "
            "to be sure it fits my system.|It has to fit my case and board.|Don't want "
            "surprises.]]",
        ),
        replies=("Hi {first}, {spec_line}",),
        closings=("You're welcome, {first}.",),
        resolutions=("Product specs provided for {product}.",),
        channels=(("chat", 6), ("email", 3), ("web_form", 2)),
    ),
    Scenario(
        key="presales_anonymous",
        priority="low",
        category="product_question",
        need="anonymous",
        weight=1,
        subjects=("Question before buying", "Bulk order enquiry", "{product} question"),
        openers=(
            "Hi, I don't have an account yet. Do you ship the {product} to {anon_city}, and "
            "how long would it take?",
            "Hello, we're a small studio looking at ten units of the {product}. Do you offer "
            "volume pricing? {anon_name}, {anon_email}",
        ),
        replies=(
            "Hi {anon_first}, thanks for your interest. For reference, {spec_line} [[We "
            "ship across the US; standard delivery takes a few business days.|Delivery is to "
            "US addresses only.|We deliver anywhere in the US.]]",
        ),
        closings=("Thanks, {anon_first}, hope to see you as a customer soon.",),
        resolutions=(
            "[[Pre-sales question answered|Answered a shopper's question|Pre-sales info "
            "given to {anon_first}]] (no customer account).",
        ),
        channels=(("email", 4), ("web_form", 4), ("chat", 2)),
    ),
)
