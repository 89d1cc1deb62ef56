"""Ticket scenarios about money or goods going back: returns, refunds, price match, exchanges."""

from __future__ import annotations

from corecraft_mcp.world.generate.support_scenario import UNFINISHED, Scenario

_DEFECT_CATEGORIES = (
    "gpu",
    "psu",
    "motherboard",
    "ssd",
    "memory",
    "monitor",
    "cpu",
    "liquid_cooler",
    "hdd",
    "peripheral",
    "prebuilt",
)

RETURN: tuple[Scenario, ...] = (
    Scenario(
        key="return_processed",
        category="return",
        need="return_open",
        weight=3,
        subjects=(
            "Return request - order {order}",
            "I'd like to return the {product}",
            "return {product}",
        ),
        openers=(
            "I'd like to return the {product} from order {order}. {return_reason_text}",
            "hi, want to return {product}, order {order}. how do i do that",
            "Hello, I would like to return one item of my order {order}: {product}. "
            "{return_reason_text} Please send me the instructions.",
        ),
        replies=(
            "Hi {first}, I've set up return {rma} for the {product} on order {order}. "
            "{ret_fee_line} {rma_next_line}",
        ),
        closings=("Quick update on return {rma}. {rma_status_line} Thanks, {first}.",),
        resolutions=("RMA {rma} created for {product}; {refund} {refund_kind}.",),
        notes=("Within {tier} return window ({window_days} days from delivery {delivered_on}).",),
    ),
    Scenario(
        key="return_request_open",
        category="return",
        need="return_window",
        weight=3,
        groups=UNFINISHED,
        subjects=("Return {product}", "return request {order}", "How do I send this back?"),
        openers=(
            "I want to return the {product} (order {order}). Opened it but it's not what I "
            "need. What will I get back?",
            "Hi there, the {product} I bought on {placed_on} (order {order}) turned out to be "
            "overkill for my setup. It's unopened, still sealed. Can I return it for a refund?",
            "need to return {product} from {order}. it was {price}. send label",
            "Hello, I am not happy with the {product}, I want to give it back and receive my "
            "money. Order {order}. Is it possible?",
        ),
        asks=(
            "Hi {first}, happy to help with the return. Is the {product} opened or still "
            "sealed, and is anything wrong with it? That decides whether a restocking fee "
            "applies.",
        ),
        answers=("It's opened but works fine, just don't need it.", "Sealed, never opened."),
        replies=(
            "Hi {first}, the {product} on order {order} is within your {window_days}-day "
            "return window. {fee_line}",
        ),
        closings=("Return set up.",),
        resolutions=("Return requested.",),
    ),
    Scenario(
        key="return_outside_window",
        category="return",
        need="outside_window",
        weight=2,
        subjects=(
            "Return after 30 days?",
            "Return {product} from order {order}",
            "Can I still return this?",
        ),
        openers=(
            "I know it's been a while, but can I still return the {product} from order "
            "{order}? It arrived {delivered_on}.",
            "Hi, I bought the {product} ({order}) and only now got around to installing it. It "
            "[[doesn't fit my needs|isn't what I need after all|turned out wrong for my "
            "setup]]. I'd like a refund of {price}.",
            "I want return {product}. order {order}. [[why your site say not eligible??|site "
            "says not eligible, why??|return button not working??]]",
        ),
        replies=(
            "Hi {first}, order {order} was delivered on {delivered_on}, "
            "{days_since_delivery} days ago, and your {tier} return window is "
            "{window_days} days from delivery, so it can no longer be returned. If it "
            "develops a fault, the warranty still applies: {warranty_line}",
        ),
        closings=(
            "I'm sorry I couldn't do more on the return, {first}. If anything goes wrong "
            "with the {product}, reply here and we'll help with the warranty.",
        ),
        resolutions=(
            "Return declined: {days_since_delivery} days since delivery, outside the "
            "{window_days}-day {tier} window. Warranty options explained.",
        ),
        notes=("Delivered {delivered_on}; window {window_days} days ({tier}).",),
    ),
    Scenario(
        key="doa_processed",
        priority="high",
        category="return",
        need="return_doa",
        weight=2,
        item_categories=_DEFECT_CATEGORIES,
        subjects=("DOA - {product}", "Dead on arrival: order {order}", "{product} doesn't work"),
        openers=(
            "The {product} from order {order} is dead on arrival. {return_reason_text} "
            "I want a replacement or refund.",
            "Received my {product} on {delivered_on}. Tried it in two different systems and it "
            "does not power on at all. No fans, no LEDs. Order {order}. What's the fastest way "
            "to get this replaced?",
            "your {product} is DOA. order {order}. really disappointed, i waited a week for this",
        ),
        replies=(
            "I'm sorry, {first}. Because you reported it within {doa_days} days of "
            "delivery, it's treated as dead on arrival: no restocking fee, any tier. I've "
            "opened return {rma}. {rma_next_line}",
        ),
        closings=(
            "An update on return {rma}. {rma_status_line} Sorry again for the trouble, {first}.",
        ),
        resolutions=(
            "DOA within {doa_days} days: RMA {rma}, {refund} {refund_kind}, no restocking fee.",
        ),
        notes=("Customer tested in a second system; DOA confirmed by symptoms.",),
    ),
    Scenario(
        key="doa_open",
        priority="high",
        category="return",
        need="doa_window",
        weight=2,
        groups=UNFINISHED,
        item_categories=_DEFECT_CATEGORIES,
        subjects=("{product} dead on arrival", "DOA {order}", "New {product} not working"),
        openers=(
            "Just got order {order}. The {product} is dead: {defect}. Delivered "
            "{delivered_on}. Please advise.",
            "DOA!!! {product} from {order}. {defect}. I need this fixed NOW, I took a day off "
            "to build this PC.",
            "hello, the {product} i receive ({order}) is not working, {defect}. i try "
            "everything. can you change it?",
        ),
        asks=(
            "I'm sorry to hear that, {first}. To confirm it's a dead-on-arrival unit, could "
            "you tell me whether you tried it in another system, and send a photo of the "
            "serial number label?",
        ),
        answers=(
            "Tried in my friend's PC, same thing. Serial is {serial}.",
            "serial {serial}. yes tested in another pc",
        ),
        replies=(
            "Hi {first}, thanks for reporting this within {doa_days} days of delivery. "
            "I'm arranging the dead-on-arrival return for the {product} now.",
        ),
        closings=("DOA return set up.",),
        resolutions=("DOA return.",),
    ),
    Scenario(
        key="wrong_item",
        priority="high",
        category="return",
        need="just_delivered",
        weight=2,
        groups=UNFINISHED,
        subjects=(
            "Wrong item received - order {order}",
            "You sent me the wrong product",
            "wrong item in box",
        ),
        openers=(
            "I ordered the {product} (order {order}) but the box contains a {wrong_product}. "
            "Please send the right one and a return label for this.",
            "Wrong item. Ordered {product}, got {wrong_product}. Order {order}.",
            "Hi! Opened my delivery from {delivered_on} (order {order}) and found a "
            "{wrong_product} instead of the {product} I paid {price} for. Photos attached. How "
            "do we fix this?",
        ),
        asks=(
            "So sorry about the mix-up, {first}. Could you send a photo of the product "
            "label on the box so our warehouse can trace the picking error?",
        ),
        answers=("Photo attached.", "sent the pics"),
        replies=(
            "Apologies, {first}. I've asked the warehouse to ship the {product} and "
            "emailed you a prepaid label for the {wrong_product}.",
        ),
        closings=("Sorted.",),
        resolutions=("Wrong item shipped.",),
        team="logistics",
    ),
    Scenario(
        key="return_final_sale",
        category="return",
        need="return_window",
        weight=1,
        filters=("final_sale_item",),
        subjects=("Return clearance item", "Return {product} (order {order})"),
        openers=(
            "I'd like to return the {product} from order {order}. Changed my mind.",
            "Why does the return form say my {product} is not returnable? Order {order}.",
        ),
        replies=(
            "Hi {first}, the {product} on order {order} was sold as a final-sale "
            "clearance item, and final-sale items can't be returned. It is still covered "
            "by its warranty if it develops a fault.",
        ),
        closings=(
            "Understood, {first}. If the {product} ever fails, reply here and we'll "
            "start a warranty claim.",
        ),
        resolutions=("Return declined: final-sale clearance item; warranty only.",),
    ),
    Scenario(
        key="return_assembled_build",
        category="return",
        need="return_window",
        weight=1,
        filters=("assembled_build",),
        subjects=("Return my custom PC", "Return build {build}"),
        openers=(
            "I want to return the custom PC you assembled for me (order {order}, {build}). "
            "It's too loud.",
            "Hi, I'm not happy with the assembled build from order {order}. Can I send the "
            "whole thing back for a refund of {total}?",
        ),
        replies=(
            "Hi {first}, assembled custom builds can't be returned, but every part in "
            "{build} keeps its warranty. If the noise comes from a faulty fan or pump "
            "we'll handle it as a warranty repair.",
        ),
        asks=(
            "Hi {first}, assembled custom builds aren't returnable, but let's see if "
            "something is faulty. Is the noise constant, or only under load?",
        ),
        answers=("Only when gaming, it ramps up a lot.", "constant whine, even at idle"),
        closings=(
            "Following up, {first}: if the noise turns out to be a faulty fan or pump, "
            "reply here and we'll set up the warranty repair. [[Every part of your build "
            "remains under warranty.|{build} stays covered part by part.|Each part keeps its "
            "own warranty.]]",
        ),
        resolutions=(
            "[[Assembled build not returnable|Custom build can't be returned|No return on "
            "an assembled build]]; [[warranty route explained|warranty repair offered|parts "
            "warranty explained]].",
        ),
        team="technical",
    ),
)

REFUND: tuple[Scenario, ...] = (
    Scenario(
        key="refund_status",
        category="refund",
        need="refund_wait",
        weight=3,
        subjects=("Where is my refund?", "Refund for {rma}", "refund not received - {order}"),
        openers=(
            "I sent back the {product} (return {rma}, order {order}) on {return_on}. Still no "
            "refund. When?",
            "Hi, just checking on my refund of {refund} for return {rma} (order {order}). It's "
            "been {days_since_return} days.",
            "where is my money? returned {product} from order {order} weeks ago",
        ),
        replies=("Hi {first}, I checked return {rma}. {rma_status_line}",),
        closings=(
            "Thanks for your patience, {first}. [[Let us know if it hasn't arrived after "
            "that.|If nothing shows by then, reply here.|Your bank may add a day or two.|{pay_method} "
            "refunds sometimes show a little later.|Reply with a statement line if it's not there."
            "]]",
        ),
        resolutions=("Refund status for {rma} explained: {rma_status}.",),
        team="billing",
    ),
    Scenario(
        key="restocking_fee_dispute",
        category="refund",
        need="return_fee",
        weight=2,
        subjects=(
            "Restocking fee on {rma}?",
            "Why was I charged a restocking fee",
            "Refund short by {restock_fee}",
        ),
        openers=(
            "My refund for the {product} was {restock_fee} short. Nobody told me about a "
            "restocking fee. Return {rma}, order {order}.",
            "You charged me a {restock_fee} restocking fee on a return ({rma}, order {order}). "
            "The item was barely used. I want the full amount back.",
            "Hello, I see my refund is less than I paid for {product}. Why is this? Order {order}.",
        ),
        replies=(
            "Hi {first}, return {rma} was for an opened {product} that wasn't "
            "defective, so the {ret_fee_pct}% restocking fee for opened, non-defective "
            "items applied: that's the {restock_fee} you see.",
        ),
        asks=(
            "Hi {first}, the {restock_fee} fee on return {rma} applies to opened items that "
            "aren't defective. Was anything wrong with the {product}? If so, please "
            "describe the fault.",
        ),
        answers=(
            "No, it worked. I just didn't expect a fee.",
            "It had coil whine, I think that counts as a defect",
        ),
        closings=("I understand, {first}. The fee on {rma} stands per our restocking policy.",),
        resolutions=(
            "Restocking fee {restock_fee} ({ret_fee_pct}%) on {rma} explained and upheld.",
        ),
        team="billing",
    ),
    Scenario(
        key="big_refund",
        category="refund",
        need="return_window",
        weight=2,
        filters=("big_refund",),
        escalate="billing",
        groups=UNFINISHED,
        subjects=("Full refund for order {order}", "Refund {total}", "Return whole order"),
        openers=(
            "I want to return everything on order {order} and get the full {total} back. "
            "The build plan changed.",
            "Hello, I'd like a full refund for order {order} ({items}). Everything is unopened.",
            "Refund my {total} for {order}. Your products are not what was advertised.",
        ),
        replies=(
            "Hi {first}, because this refund is over {threshold}, it needs supervisor "
            "approval. [[I've passed it to our {team} team; they'll confirm the amount "
            "with you.|Our {team} team has it now and will confirm the amount.|{team} will "
            "be in touch to confirm the amount and timing.]]",
        ),
        closings=("Refund approved.",),
        resolutions=("Refund escalated.",),
        notes=(
            "[[Refund of {refund_value} (the items as paid; the {shipping_paid} shipping is not "
            "refunded) exceeds the {threshold} supervisor threshold: escalating to {team}, not "
            "refunding myself.|Full return of {order} comes to {refund_value} for the items, "
            "over the {threshold} limit, so this goes to {team} for approval. Shipping "
            "({shipping_paid}) stays.]]",
        ),
    ),
    Scenario(
        key="price_match",
        category="refund",
        need="price_match",
        weight=2,
        groups=UNFINISHED,
        subjects=(
            "Price match request - {product}",
            "{competitor} has it cheaper",
            "price match {order}",
        ),
        openers=(
            "{competitor} has the {product} for {competitor_price} right now, in stock. I paid "
            "{price} on order {order} ({placed_on}). Can you match it?",
            "price match pls. {product} is {competitor_price} at {competitor}. order {order}",
            "Hi, I saw that {competitor} sells the same {product} for {competitor_price}, "
            "which is {price_diff} less than I paid. I believe you have a price match policy? "
            "My order is {order}.",
        ),
        asks=(
            "Hi {first}, thanks! Could you send the link to the {competitor} listing so I "
            "can confirm the price and that it's in stock?",
        ),
        answers=("Here's the link. Says in stock, ships tomorrow.",),
        replies=("Hi {first}, thanks for the details. {pm_line}",),
        closings=("Price match handled.",),
        resolutions=("Price match reviewed.",),
        team="billing",
    ),
    Scenario(
        key="price_match_late",
        category="refund",
        need="price_match_late",
        weight=1,
        subjects=("Price dropped - refund the difference?", "Price match {product}"),
        openers=(
            "I bought the {product} on {placed_on} for {price} and now {competitor} has it "
            "for {competitor_price}. Please refund the difference. Order {order}.",
            "the {product} is cheaper now at {competitor}, i want the difference back (order "
            "{order})",
        ),
        replies=(
            "Hi {first}, I'm sorry, but price matches are available within "
            "{pm_days} days of purchase for {tier} members, and order {order} was placed "
            "{days_since_order} days ago.",
        ),
        closings=("Sorry we couldn't help with this one, {first}.",),
        resolutions=(
            "[[Price match declined|No price match|Declined the match]]: [[outside the "
            "{pm_days}-day window|past {pm_days} days|bought more than {pm_days} days ago]].",
        ),
        team="billing",
    ),
)

EXCHANGE: tuple[Scenario, ...] = (
    Scenario(
        key="exchange_processed",
        category="exchange",
        need="return_exchange",
        weight=2,
        subjects=("Exchange {product}", "Swap for a different model", "exchange request"),
        openers=(
            "Can I exchange the {product} from order {order} for the {exchange_product}? "
            "{return_reason_text}",
            "hi, i want change {product} to {exchange_product}. order {order}",
        ),
        replies=(
            "Done, {first}: exchange {rma} swaps the {product} for the "
            "{exchange_product}. {price_diff_line}",
        ),
        closings=("Exchange {rma} is complete. {price_diff_line} Enjoy, {first}!",),
        resolutions=("Exchange {rma}: {product} for {exchange_product}. {price_diff_line}",),
    ),
    Scenario(
        key="exchange_request_open",
        category="exchange",
        need="return_window",
        weight=2,
        groups=UNFINISHED,
        subjects=("Exchange for a different model", "Exchange {product}"),
        openers=(
            "I'd like to swap the {product} on order {order} for the {alt_product}. Happy to "
            "[[pay the difference if there is one.|cover any price difference.|top up if "
            "it costs more.|pay extra "
            "if needed.]]",
            "Can I exchange {product} for {alt_product}? Order {order}. Unopened.",
            "Hello, please I want to change my {product} with the {alt_product} from your "
            "shop, order {order}. What I must do?",
        ),
        replies=(
            "Hi {first}, the {product} is within your return window, so an exchange for "
            "the {alt_product} is possible. [[Let me check stock and the price difference.|"
            "I'm checking stock and what the difference would be.|Give me a moment to check "
            "stock and pricing.]]",
        ),
        asks=(
            "Hi {first}, sure. Has the {product} been opened? And do you want the "
            "{alt_product} shipped to {ship_address}?",
        ),
        answers=("Unopened, yes same address.", "opened but like new. same address"),
        closings=("Exchange set up.",),
        resolutions=("Exchange.",),
    ),
)
