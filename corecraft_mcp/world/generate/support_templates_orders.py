"""Ticket scenarios about orders in flight: order status and shipping."""

from __future__ import annotations

from corecraft_mcp.world.generate.support_scenario import UNFINISHED, Scenario

ORDER_STATUS: tuple[Scenario, ...] = (
    Scenario(
        key="not_shipped_yet",
        category="order_status",
        need="unshipped",
        weight=3,
        subjects=(
            "Order {order} not shipped yet",
            "When will my order ship?",
            "status of order {order}",
            "Still waiting - {order}",
        ),
        openers=(
            "order {order} still says processing. placed it {placed_on}. when does it ship?",
            "Hello, I placed order {order} on {placed_on} ({items}) and I still have no "
            "shipping confirmation. [[The site said it would ship in 1-2 days|It was meant to "
            "go out within two days|Your page "
            "promised dispatch in a day or two|I was told 1-2 days to ship]]. [[Can you tell "
            "me what is holding it up|What's the delay|Is something wrong with it|Why the "
            "wait|Is it stuck somewhere]]? I need "
            "the {product} for a build [[this weekend|on Saturday|before Friday]].",
            "Good day. I am order {order} at {placed_on} and until now not receive the tracking "
            "number. [[Please can you check when it will be send?|Can you look when it "
            "ship?|When it will go out please?]] Thank you.",
            "Order {order}, {total}, placed {placed_on}. Still nothing has shipped. What is going "
            "on?",
        ),
        replies=(
            "Thanks for your patience, {first}. Order {order} is being picked at our warehouse "
            "now; you'll get the tracking number by email as soon as the label is created.",
            "Hi {first}, I checked order {order}: payment is captured and the items are "
            "allocated. [[It's in the packing queue|It's queued for packing|The warehouse has "
            "it on today's list]] and should ship within [[one business day|a business day|"
            "24 hours on a weekday]].",
        ),
        asks=(
            "Hi {first}, before I go through the order with you, can you confirm the email "
            "address on the account or the last four digits of the phone number on file?",
        ),
        answers=("It's {email}. Phone ends in {phone_last4}.", "email is {email}"),
        closings=(
            "[[Good news, {first}: order {order} has shipped with {carrier}. Tracking: "
            "{tracking}.|{first}, order {order} is packed and waiting for the carrier's "
            "pickup{unshipped}.]] [[Let us know if anything else comes up.|Anything else, just "
            "reply here.|Enjoy the {product}!|Thanks for bearing with us.]]",
            "[[Order {order} left our warehouse today with {carrier} ({tracking}).|I've checked "
            "with the warehouse: order {order} is in today's packing run{unshipped}, and the "
            "tracking link follows by email.]] [[Closing this ticket, but just reply if you "
            "need anything.|I'll close this now; a reply reopens it.|Marking this solved, "
            "{first}.|That wraps it up on our side.]]",
        ),
        resolutions=(
            "[[Order shipped; tracking {tracking} sent to customer.|Order {order} still in the "
            "packing queue{unshipped}; tracking to follow by email.]]",
            "Confirmed fulfilment queue; tracking [[{tracking} given once shipped|to follow by "
            "email{unshipped}]].",
        ),
        notes=(
            "Verified [[customer|{first}|identity]] by [[email|{email}|account email]] + "
            "[[order number|{order}]]. [[Order allocated, waiting on warehouse pick.|Items "
            "allocated at the warehouse; pick pending.|{order} allocated, not picked yet.|Stock "
            "held for {order}; waiting for the pick list.|Allocated; pick due {promised_on}.|"
            "Nothing blocking {order}, just the queue.|Payment ok, stock reserved.]]",
        ),
    ),
    Scenario(
        key="cancel_before_ship",
        category="order_status",
        need="cancelled",
        weight=2,
        subjects=("Cancel order {order}", "Please cancel my order", "cancel {order} pls"),
        openers=(
            "Please cancel order {order}. I found the {product} cheaper locally.",
            "Hi, I ordered the wrong thing by mistake. Order {order} from {placed_on} - can you "
            "cancel it before it ships? I'll place a new order with the right part.",
            "cancel {order}. dont need it anymore",
            "Hello, I want to cancel the order {order} because my plan is changed. The money "
            "({total}) please return to my card. Thanks you.",
        ),
        replies=(
            "Hi {first}, order {order} hadn't shipped yet, so I was able to cancel it. "
            "The authorisation of {total} will be released by your bank within a few "
            "business days.",
        ),
        closings=(
            "Order {order} is cancelled and nothing will ship. You'll see {total} back "
            "on {pay_method} within {refund_days} business days. Thanks, {first}.",
        ),
        resolutions=("Order cancelled before shipment at customer's request; {total} released.",),
        notes=("Order still processing at time of request, cancellation allowed by policy.",),
        groups=frozenset({"done"}),
        channels=(("email", 4), ("chat", 4), ("phone", 2)),
    ),
    Scenario(
        key="cancel_request_open",
        category="order_status",
        need="unshipped",
        weight=1,
        subjects=("Cancel order {order}", "cancellation request"),
        openers=(
            "Please cancel order {order} ({items}). I ordered the wrong {product}.",
            "Hi, can you cancel my order {order}? Placed {placed_on}, hasn't shipped yet as "
            "far as I can see. Thanks.",
            "cancel order {order} asap before it ships",
        ),
        replies=(
            "Hi {first}, I'm checking whether order {order} can still be stopped before it ships.",
        ),
        closings=("Order {order} is cancelled.",),
        resolutions=("Cancelled at customer's request.",),
        groups=frozenset({"new"}),
        channels=(("email", 4), ("chat", 4), ("phone", 2)),
    ),
)

SHIPPING: tuple[Scenario, ...] = (
    Scenario(
        key="where_is_package",
        category="shipping",
        need="in_transit",
        weight=3,
        subjects=(
            "Where is my package?",
            "Tracking not updating {tracking}",
            "Order {order} - tracking",
            "package stuck?",
        ),
        openers=(
            "Tracking {tracking} hasn't moved in two days. Order {order}. Where is it?",
            "Hi! My order {order} shipped on {shipped_on} with {carrier} but the tracking "
            "({tracking}) still just says in transit. Is that normal? It was supposed to be "
            "here by {promised_on}.",
            "hello i order {order} and the tracking number {tracking} not show me where is "
            "package. please help",
        ),
        replies=(
            "Hi {first}, I checked {carrier} tracking {tracking} for order {order}: the "
            "parcel is moving and is still expected by {promised_on}. [[Scans can lag a day "
            "between hubs.|Hub scans are sometimes a day behind.|The last scan may just not "
            "have synced yet.|No exception is flagged on it.|{carrier} shows it on schedule.]]",
        ),
        closings=(
            "Your package for order {order} shows delivered by {carrier}. Enjoy the "
            "{product}, {first}!",
        ),
        resolutions=("Tracking {tracking} checked with carrier; package delivered.",),
        notes=("Carrier scan gap only, no exception on {tracking}.",),
        team="logistics",
    ),
    Scenario(
        key="late_still_in_transit",
        category="shipping",
        need="late_transit",
        weight=2,
        subjects=("Order {order} is late", "Missed delivery date", "LATE delivery {order}"),
        openers=(
            "My order {order} was promised for {promised_on}. It is now late and tracking "
            "{tracking} shows nothing new. [[I chose {service} shipping for a reason.|I paid "
            "{shipping_paid} for {service} shipping.|Why did I pay for {service}?]] "
            "[[Unacceptable.|Not good enough.|Sort it out.]]",
            "Hi, the {product} from order {order} was supposed to arrive {promised_on}. It's "
            "still in transit per {carrier}. [[Can you find out what's happening?|Can you "
            "chase {carrier}?|What is going on with it?|Please look into it.]]",
            "where is my order?? {order}. promised {promised_on}. WHERE IS IT",
        ),
        replies=(
            "I'm sorry about the delay, {first}. I've opened a trace with {carrier} for "
            "{tracking}. {late_line}",
        ),
        asks=(
            "Sorry for the wait, {first}. I've asked {carrier} to trace {tracking}. Can you "
            "confirm the delivery address is still {ship_address}?",
        ),
        answers=("Yes that's the right address.", "yes, {ship_address} is correct"),
        closings=("Order {order} has now been delivered. Thanks for bearing with us, {first}.",),
        resolutions=("Carrier trace opened on {tracking}; late-delivery policy explained.",),
        notes=("Promised {promised_on}, no delivery scan yet. Trace requested with {carrier}.",),
        team="logistics",
    ),
    Scenario(
        key="late_compensation",
        priority="high",
        category="shipping",
        need="late_delivered",
        weight=2,
        subjects=(
            "Late delivery - compensation?",
            "Order {order} arrived late",
            "Shipping refund request",
        ),
        openers=(
            "Order {order} finally showed up on {delivered_on}, {days_late} business days after "
            "the promised date ({promised_on}). I paid for {service} shipping and I'd like "
            "something back for that.",
            "Hey, my stuff got here late (promised {promised_on}, came {delivered_on}). Do you "
            "guys do anything for late deliveries? Order {order}.",
            "Your delivery promise is a joke. {order} was {days_late} business days late. What "
            "are you going to do about it?",
        ),
        replies=(
            "Sorry about that, {first}. Order {order} was promised for {promised_on} and "
            "delivered {delivered_on}. {late_line}",
        ),
        answers=("I'll take the store credit.", "Refund the shipping please."),
        closings=(
            "It's been recorded, {first}. Thanks for your patience, and sorry again for the delay.",
        ),
        resolutions=(
            "Late delivery confirmed ({days_late} business days); compensation per policy offered.",
        ),
        notes=(
            "Checked tracking {tracking}: delivered {delivered_on} vs promised "
            "{promised_on}. Qualifies under late-delivery policy.",
        ),
        team="logistics",
        groups=UNFINISHED,
    ),
    Scenario(
        key="slightly_late",
        category="shipping",
        need="slightly_late",
        weight=1,
        subjects=("Delivery was late", "compensation for late order {order}?"),
        openers=(
            "My order {order} came a day after you promised ({promised_on}). I want my "
            "shipping fee back.",
            "Hi, order {order} was delivered {delivered_on} instead of {promised_on}. [[Is "
            "there any credit for that?|Do I get anything back for the wait?|What do you "
            "offer for that?|Surely that deserves some compensation?]]",
        ),
        replies=("Hi {first}, I'm sorry it came later than promised. {late_line}",),
        closings=(
            "I understand the frustration, {first}, and I've passed your feedback on to "
            "our shipping team.",
        ),
        resolutions=(
            "Delivery {days_late} business day(s) late, within policy grace; no "
            "compensation due, explained to customer.",
        ),
        team="logistics",
    ),
    Scenario(
        key="missing_package",
        priority="high",
        category="shipping",
        need="just_delivered",
        weight=2,
        subjects=(
            "Package marked delivered but not here",
            "Never received order {order}",
            "MISSING PACKAGE",
        ),
        openers=(
            "Tracking {tracking} says delivered on {delivered_on} but there is nothing here. "
            "[[Checked with neighbours and the building office.|Asked the neighbours, nothing."
            "|Not with the concierge, not in the lobby.|Looked everywhere around the house.]] "
            "Order {order}, {total}.",
            "My order {order} says it was delivered but I NEVER GOT IT. {total} worth of "
            "parts. [[I want a replacement shipped today.|Send a new one now.|Replace it "
            "or refund it, today.]]",
            "hi, {carrier} say delivered but i not find the box anywhere. order {order}. what "
            "i can do?",
        ),
        asks=(
            "I'm sorry, {first}. I've opened a claim with {carrier} for {tracking}. Could "
            "you confirm the delivery address ({ship_address}) and check any safe places or "
            "parcel lockers? [[The carrier asks us to wait 48 hours before we can reship.|"
            "{carrier} needs 48 hours before we can send a replacement.|We have to give "
            "{carrier} two days to find it before reshipping.]]",
        ),
        answers=(
            "Address is right. Checked everywhere, nothing.",
            "Yes that's my address. Still nothing here.",
        ),
        replies=(
            "{first}, I've filed a lost-package claim with {carrier} for {tracking}. "
            "[[I'll update you as soon as they respond.|You'll hear from me once they "
            "answer.|They usually reply within a few days; I'll keep you posted.]]",
        ),
        closings=(
            "{carrier} has confirmed the package for order {order} was found at a "
            "neighbouring address and it has now been delivered to you. Sorry for the "
            "scare, {first}.",
        ),
        resolutions=("Carrier claim on {tracking}; package located and delivered.",),
        notes=(
            "[[GPS scan on delivery is ~200m off the address.|Delivery scan geotag is a street "
            "away from {ship_address}.|Scan location doesn't match the address.]] Claim "
            "[[filed|opened|lodged]] with {carrier}[[.| for {tracking}.]]",
        ),
        team="logistics",
    ),
    Scenario(
        key="carrier_exception",
        priority="high",
        category="shipping",
        need="exception",
        weight=1,
        subjects=("Delivery exception on {tracking}", "Package being returned to sender?"),
        openers=(
            "{carrier} says there's an exception on {tracking} ({exception}). Order {order}. "
            "What happens now?",
            "Hi, the tracking for my order {order} says '{exception}'. I haven't moved and my "
            "address is right. Can you sort this out with the carrier?",
        ),
        replies=(
            "Hi {first}, I've contacted {carrier} about the exception on {tracking} and "
            "asked them to reattempt delivery to {ship_address}.",
        ),
        closings=(
            "The carrier has resolved the exception on {tracking}; order {order} is on "
            "its way again.",
        ),
        resolutions=("Carrier exception on {tracking} worked with {carrier}.",),
        notes=("Exception on shipment: {exception}.",),
        team="logistics",
        groups=UNFINISHED,
    ),
    Scenario(
        key="address_change_shipped",
        category="shipping",
        need="in_transit",
        weight=2,
        subjects=(
            "Change shipping address on {order}",
            "Wrong address!!",
            "address update for order",
        ),
        openers=(
            "I just realised order {order} is going to my old address. Can you change it to "
            "{new_address}? Tracking is {tracking}.",
            "URGENT: please change the address on order {order}, I moved. New address "
            "{new_address}.",
            "Hello, can you please modify the delivery address for my order {order}? The "
            "correct one is {new_address}. Sorry for the trouble.",
        ),
        replies=(
            "Hi {first}, order {order} has already shipped with {carrier} ({tracking}), "
            "so we can no longer change its address on our side: addresses can only be "
            "changed while an order is pending or processing. You can request a redirect "
            "directly with {carrier} using the tracking number.",
        ),
        closings=(
            "Glad the redirect worked out, {first}. I've also noted {new_address} for "
            "future orders.",
        ),
        resolutions=(
            "[[Order already shipped|{order} had already left|Parcel was in transit]]; "
            "[[address change not possible|could not change the address|too late to edit the "
            "address]]. [[Customer directed to carrier redirect.|Pointed {first} to "
            "{carrier}'s redirect service.|Carrier redirect suggested.]]",
        ),
        notes=("Shipped {shipped_on}; update_order not allowed after shipment.",),
        channels=(("chat", 5), ("email", 3), ("phone", 2)),
    ),
)
