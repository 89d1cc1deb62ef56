"""Ticket scenarios about money on an order: billing questions and promotion codes."""

from __future__ import annotations

from corecraft_mcp.world.generate.support_scenario import UNFINISHED, Scenario

BILLING: tuple[Scenario, ...] = (
    Scenario(
        key="double_charge",
        category="billing",
        need="recent_order",
        weight=2,
        filters=("card_payment",),
        subjects=(
            "Charged twice for order {order}",
            "Double charge on my card",
            "duplicate charge",
        ),
        openers=(
            "I see two charges of {total} on my card ending {last4} for order {order}. [[Please "
            "refund one of them.|One has to go back.|Which one are you refunding?]]",
            "You charged me TWICE. {total} x2. Card ending {last4}. Order {order}. Fix it now.",
            "Hi, my bank statement shows two pending charges from CoreCraft for {total} around "
            "{placed_on}. I only placed one order ({order}). Could you check?",
        ),
        replies=(
            "Hi {first}, I checked order {order}: only one charge of {total} was "
            "captured. [[The second is a pre-authorisation hold|The other one is only an "
            "authorisation|The duplicate is a temporary hold]], [[which your bank releases "
            "automatically within a few business days.|and it drops off on its own in a few "
            "days.|released by your bank without you doing anything.]]",
        ),
        asks=(
            "Hi {first}, I see one captured payment of {total} on order {order}. Could you "
            "send [[a screenshot of the two charges (amounts and dates)|the two lines from "
            "your statement|a photo of both charges|both amounts and dates]] so I can compare?",
        ),
        answers=(
            "Attached. Both say CORECRAFT {total}.",
            "here is the screenshot. [[one of them now disappeared actually|the second one "
            "is gone now|actually only one shows today]]",
        ),
        closings=(
            "Thanks {first}. The duplicate was an authorisation hold and has now "
            "dropped off; only {total} was captured for order {order}.",
        ),
        resolutions=("Single capture of {total} confirmed; duplicate was an authorisation hold.",),
        notes=("Payment record shows one capture on card ending {last4}.",),
        team="billing",
    ),
    Scenario(
        key="invoice_request",
        priority="low",
        category="billing",
        need="recent_order",
        weight=1,
        subjects=("Invoice for order {order}", "Need a receipt", "VAT/tax invoice request"),
        openers=(
            "Can you send me an invoice for order {order}? My company reimburses me and I need "
            "the itemised receipt ({items}).",
            "receipt for {order} please",
            "Hello, for my accounting I need the official invoice of the order {order} with "
            "the total {total}. Where I can download it?",
        ),
        replies=(
            "Hi {first}, I've emailed the itemised invoice for order {order} ({total}) to {email}.",
        ),
        closings=(
            "You're welcome, {first}. The invoice for order {order} is also in your "
            "account under Orders.",
        ),
        resolutions=("Invoice for {order} sent to customer.",),
        team="billing",
    ),
    Scenario(
        key="missing_receipt_record",
        category="billing",
        need="recent_order",
        filters=("missing_payment",),
        weight=1,
        subjects=("No receipt for order {order}", "Payment confirmation missing"),
        openers=(
            "I paid {total} for order {order} but never got a receipt and the order page "
            "shows no payment. Was I charged or not?",
            "Hi - the order page for {order} doesn't show any payment details. My bank says "
            "the money left my account. Can you confirm you received it?",
        ),
        replies=(
            "Hi {first}, thanks for flagging this. I can see order {order} but the "
            "payment record is missing on our side. I've asked our billing team to match "
            "your bank transaction to the order.",
        ),
        asks=(
            "Hi {first}, I can see order {order} but not its payment record. Could you send "
            "the date and amount of the charge as it appears on your statement?",
        ),
        answers=("{placed_on}, {total}, CORECRAFT ONLINE.",),
        closings=(
            "Billing matched your payment to order {order}, {first}; a receipt is on its way.",
        ),
        resolutions=(
            "Payment record missing; billing to reconcile with customer's bank statement.",
        ),
        notes=("No payment method or captured amount on the order record. Sent to billing.",),
        groups=UNFINISHED,
        team="billing",
    ),
)

PROMOTION: tuple[Scenario, ...] = (
    Scenario(
        key="promo_not_applied",
        category="promotion",
        need="promo_window",
        weight=3,
        groups=UNFINISHED,
        subjects=(
            "Promo code {promo} didn't apply",
            "Forgot my discount code",
            "code {promo} not working",
        ),
        openers=(
            "I meant to use code {promo} on order {order} ({placed_on}) but it didn't apply at "
            "checkout. Can you adjust the price?",
            "Your checkout ignored my code {promo}!! Order {order}, {total}. I want the discount.",
            "hi, i have the code {promo} but forget to put it in order {order}. is possible "
            "to get discount still?",
        ),
        replies=("Hi {first}, thanks for reaching out. {promo_line}",),
        asks=(
            "Hi {first}, happy to look at this. Could you tell me where you got code "
            "{promo}? Some codes are limited to certain tiers or categories.",
        ),
        answers=("It was in your newsletter last week.", "saw it on your homepage banner"),
        closings=("{promo_line}",),
        resolutions=(
            "Price adjustment request for code {promo} reviewed against promotion policy.",
        ),
        team="billing",
    ),
    Scenario(
        key="promo_misread",
        category="promotion",
        need="promo_applied",
        weight=2,
        subjects=("Was my discount applied?", "Code {promo} on order {order}"),
        openers=(
            "Did my code {promo} actually get applied to order {order}? The total {total} "
            "looks too high.",
            "hello the discount {promo} I don't see it in my order {order}, please check",
        ),
        replies=(
            "Hi {first}, yes: code {promo} is on order {order}. The discount of "
            "{discount} shows as its own line above the shipping charge; {total} is the "
            "total after it.",
        ),
        closings=("Glad that clears it up, {first}!",),
        resolutions=("Confirmed code {promo} applied to {order}, discount {discount}.",),
    ),
    Scenario(
        key="promo_stack",
        category="promotion",
        need="promo_applied",
        weight=1,
        subjects=("Add a second promo code", "Can I stack codes?"),
        openers=(
            "I used {promo} on order {order} but I also have a free shipping code. [[Can you add "
            "that too?|Can both go on?|Please apply it as well.]]",
            "Why can't I use two codes? I have {promo} applied on {order} and another one from "
            "your email.",
        ),
        replies=(
            "Hi {first}, our promotions allow {codes_per_order} code per order, so the "
            "second code can't be added to order {order}, which already uses {promo}.",
        ),
        closings=(
            "Thanks for understanding, {first}. [[The second code is still valid for your "
            "next order if its dates allow.|You can keep the other code for a later order, "
            "dates permitting.|Check the other code's end date: it may work next time.]]",
        ),
        resolutions=(
            "[[Second code refused|No second code on {order}|Declined stacking]]: one "
            "promotion code per order[[.|; {promo} stays.| (promotions policy).]]",
        ),
    ),
)
