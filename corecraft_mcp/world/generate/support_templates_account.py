"""Ticket scenarios about the customer relationship: accounts, complaints, threats and fraud."""

from __future__ import annotations

from corecraft_mcp.world.generate.support_scenario import UNFINISHED, Scenario

ACCOUNT: tuple[Scenario, ...] = (
    Scenario(
        key="email_change",
        category="account",
        need="none",
        weight=2,
        groups=UNFINISHED,
        subjects=("Change my account email", "Update email address", "new email"),
        openers=(
            "Please change the email on my account from {email} to {new_email}. I'm losing "
            "access to the old one.",
            "change email to {new_email} pls. old one {email}",
            "Hello, I have new email address {new_email}. Please update my account, the old "
            "is {email}. My phone is ending {phone_last4}.",
        ),
        asks=(
            "Hi {first}, happy to help. For security, please reply from {email}, the "
            "address on file, and include the last four digits of your phone number or an "
            "order number.",
        ),
        answers=("Replying from my old address. Phone ends {phone_last4}.",),
        replies=(
            "Hi {first}, thanks. I'll verify your identity before changing the email on file.",
        ),
        closings=("Email updated.",),
        resolutions=("Email changed.",),
    ),
    Scenario(
        key="login_help",
        category="account",
        need="none",
        weight=2,
        subjects=("Can't log in", "Password reset not arriving", "locked out of account"),
        openers=(
            "I can't log in and the password reset email never arrives. My email is {email}.",
            "locked out of my account. {email}. reset link doesnt work",
            "Hello, I try to login but it say my password is wrong, and the reset mail is not "
            "coming. The email is {email}. Please help.",
        ),
        replies=(
            "Hi {first}, I've sent a fresh reset link to {email}. [[It expires in an hour|"
            "The link is good for 60 minutes|Use it within the hour]], and [[it sometimes "
            "lands in the spam or promotions folder|check spam if it isn't there|it can take "
            "a few minutes to arrive]].",
        ),
        closings=("Glad you're back in, {first}!",),
        resolutions=(
            "[[Password reset link re-sent|Fresh reset link sent to {email}|New reset email "
            "sent]]; [[customer logged in|{first} is back in|login confirmed]].",
        ),
        channels=(("chat", 5), ("email", 3), ("phone", 2)),
    ),
    Scenario(
        key="address_update",
        priority="low",
        category="account",
        need="stale_address",
        weight=3,
        subjects=("New address", "I moved - please update my address", "Address change"),
        openers=(
            "I've moved. My new address is {new_address}. Please update my account so my "
            "next order doesn't go to {old_address}.",
            "new address: {new_address}. please update",
            "Hi, just letting you know I moved from {old_address} to {new_address}. Can you "
            "change it on my profile? Thanks!",
        ),
        replies=("Thanks for letting us know, {first}!",),
        asks=(
            "Hi {first}, thanks! [[Before I change your profile|Before I make that change|"
            "One check first]], could you confirm the last four digits of the [[phone number "
            "on your account|phone number we have for you|number on file]]?",
        ),
        answers=("{phone_last4}",),
        closings=("Thanks, {first}, noted.",),
        resolutions=("Customer reported new address.",),
    ),
    Scenario(
        key="duplicate_account",
        category="account",
        need="duplicate",
        weight=2,
        groups=UNFINISHED,
        subjects=("Two accounts?", "Merge my accounts", "duplicate profile"),
        openers=(
            "I think I have two accounts: one with {email} and one with {other_email}. My "
            "order history is split between them. Can you merge them?",
            "merge my accounts pls ({email} and {other_email})",
            "Hello, I registered again by mistake with {other_email}. My original account is "
            "{email}. Can you combine please?",
        ),
        asks=(
            "Hi {first}, I can help with that. To confirm both accounts are yours, could "
            "you give me an order number from each, or the phone number on them?",
        ),
        answers=("Phone ends {phone_last4} on both I think.",),
        replies=(
            "Hi {first}, I see both profiles. I'll check which one holds your orders and "
            "loyalty history before merging.",
        ),
        closings=("Accounts merged.",),
        resolutions=("Duplicate accounts merged.",),
    ),
)

COMPLAINT: tuple[Scenario, ...] = (
    Scenario(
        key="damaged_packaging",
        priority="low",
        category="complaint",
        need="just_delivered",
        weight=2,
        subjects=("Box arrived crushed", "Terrible packaging", "Damaged box - order {order}"),
        openers=(
            "Order {order} arrived with the box crushed on one corner. The {product} seems OK "
            "but for {total} I expect better packaging.",
            "Your packing is terrible. The {product} from order {order} was rattling loose in a "
            "huge box.",
            "hi, the box of my order {order} was broken when arrive. product look ok. just to "
            "let you know",
        ),
        replies=(
            "I'm sorry, {first}. I've passed photos of the packaging for order {order} "
            "to our warehouse team. If you notice any fault with the {product}, you're "
            "covered: report it within {doa_days} days of delivery for a DOA return.",
        ),
        closings=("Thanks for the feedback, {first}.",),
        resolutions=(
            "[[Packaging feedback forwarded to warehouse|Warehouse told about the packing|"
            "Packing complaint logged]]; [[product undamaged|{product} arrived fine|no damage "
            "to the item]].",
        ),
        channels=(("email", 4), ("social", 2), ("web_form", 2)),
    ),
    Scenario(
        key="service_complaint",
        category="complaint",
        need="delivered",
        weight=2,
        subjects=("Very disappointed", "Complaint about your service", "Worst support experience"),
        openers=(
            "I've contacted you three times about order {order} and nobody answers. This is "
            "the worst customer service I've had. I'm a {tier} member and I expect better.",
            "Extremely disappointed. Chat agent closed my chat twice while I was asking about "
            "my {product}. Order {order}.",
            "you guys never answer. order {order}. done with corecraft",
        ),
        replies=(
            "{first}, I'm sorry for how this went. I've read your previous contacts "
            "about order {order} and I'm now your single point of contact.",
        ),
        closings=("Thanks for giving us the chance to fix this, {first}.",),
        resolutions=(
            "[[Service complaint acknowledged|Complaint logged|Apology given]]; [[issue "
            "followed up by one agent|{agent} owns the follow-up|single owner assigned]].",
        ),
        channels=(("email", 4), ("social", 3), ("phone", 2)),
    ),
    Scenario(
        key="legal_threat",
        priority="high",
        category="complaint",
        need="delivered",
        weight=2,
        escalate="legal_press",
        subjects=(
            "Legal action",
            "Final notice before I contact my lawyer",
            "Small claims - order {order}",
        ),
        openers=(
            "This is my final notice. If the {total} for order {order} isn't resolved within 7 "
            "days I'll file in small claims court and report you to the attorney general.",
            "My lawyer will be in touch about order {order}. You sold me a defective {product} "
            "and refused to take responsibility.",
            "I am going to sue CoreCraft. Order {order}. I already talked to a lawyer.",
        ),
        replies=(
            "Hi {first}, I'm sorry it has come to this. I've passed your case about "
            "order {order} to our {team} team, who will contact you directly.",
        ),
        closings=(
            "Our {team} team has reviewed order {order} and contacted you with their answer.",
        ),
        resolutions=("Legal threat handled by {team} team.",),
        notes=(
            "[[Customer threatens legal action|{first} mentions a lawyer|Legal threat from "
            "{first}]]: per escalation policy, handing to {team}. [[Do not make commitments on "
            "the thread.|No promises on the thread, please.|Nothing further from us until "
            "{team} replies.]]",
        ),
        channels=(("email", 6), ("web_form", 2)),
    ),
    Scenario(
        key="press_influencer",
        priority="high",
        category="complaint",
        need="none",
        weight=1,
        escalate="legal_press",
        subjects=("Media enquiry", "Video about my CoreCraft experience", "Going public with this"),
        openers=(
            "I run a tech channel with {followers} subscribers ({handle}). I'm making a video "
            "about how CoreCraft handled my order and wanted your side first.",
            "{handle} here. My followers are asking why my CoreCraft build took a month. "
            "Planning to post about it tomorrow unless someone contacts me.",
        ),
        replies=(
            "Hi {first}, thanks for reaching out before posting. [[I've passed this to our "
            "{team} team, who handle media contacts, and they will get back to you "
            "today.|Our {team} team looks after media contacts; they'll be in touch today.|"
            "{team} handles press and creators, and I've sent them your message.]]",
        ),
        closings=(
            "[[Our {team} team has been in touch with you directly.|You should have heard "
            "from {team} by now, {first}.|{team} has your case and has replied to you.]]",
        ),
        resolutions=(
            "[[Press/influencer contact|Creator enquiry|Media contact from {handle}]] "
            "[[handled by {team} team|passed to {team}|owned by {team}]].",
        ),
        notes=("Influencer ({followers} followers): escalating to {team} per policy.",),
        channels=(("social", 6), ("email", 3)),
    ),
    Scenario(
        key="press_anonymous",
        priority="high",
        category="complaint",
        need="anonymous",
        weight=1,
        escalate="legal_press",
        subjects=("Press enquiry: customer complaints", "Request for comment"),
        openers=(
            "Hello, I'm {anon_name}, a reporter with {outlet}. We're writing about delivery "
            "delays at online PC retailers and would like a comment from CoreCraft. "
            "{anon_email}",
            "{anon_name} from {outlet} here. Several readers told us CoreCraft took weeks to "
            "answer warranty claims. Can someone comment on the record before Friday?",
        ),
        replies=(
            "Hi {anon_first}, thank you for your message. I've forwarded it to our "
            "{team} team, who handle media requests.",
        ),
        closings=("Our {team} team has replied to you directly.",),
        resolutions=("Media request routed to {team}.",),
        notes=("Press request from {outlet}: escalating to {team}.",),
        channels=(("email", 8), ("social", 2)),
    ),
)

FRAUD: tuple[Scenario, ...] = (
    Scenario(
        key="fraud_hold",
        priority="urgent",
        category="fraud",
        need="unshipped",
        weight=2,
        escalate="fraud",
        subjects=(
            "Why is my order on hold?",
            "Order {order} payment problem",
            "order stuck - verification",
        ),
        openers=(
            "My order {order} is on hold. I tried {cards_tried} different cards before one "
            "went through. Ship it to {ship_address} ASAP, it's a gift.",
            "Order {order} says payment verification. I need it overnight. Use whatever card "
            "works, just ship it.",
        ),
        replies=(
            "Hi {first}, order {order} needs an additional review before it can ship. "
            "[[We'll contact you at the email address on file as soon as it's complete.|"
            "You'll hear from us at {email} once it's done.|We'll email you when the review "
            "is finished.]]",
        ),
        closings=("Verification for order {order} is complete.",),
        resolutions=("Order reviewed by {team}.",),
        notes=(
            "Red flags: {cards_tried} declined cards before this one, billing ZIP doesn't "
            "match the card, rush shipping to {ship_address}. Escalating to {team}.",
        ),
        channels=(("chat", 4), ("email", 4), ("phone", 2)),
    ),
    Scenario(
        key="unauthorized_order",
        priority="urgent",
        category="fraud",
        need="recent_order",
        weight=2,
        escalate="fraud",
        subjects=(
            "I didn't place this order",
            "Unauthorized order {order}",
            "Someone used my account",
        ),
        openers=(
            "I just got a confirmation for order {order} ({total}) that I did NOT place. "
            "[[Someone is in my account. Cancel it and lock my account.|Someone is in my "
            "account! Cancel that order and lock everything.|Someone is using my login. Stop "
            "the order and lock it.]]",
            "There's an order {order} on my account for {items} that isn't mine. My card "
            "ending {last4} was charged {total}. Help!",
        ),
        replies=(
            "Hi {first}, thank you for telling us right away. I've flagged order {order} "
            "and your account to our {team} team, who will secure the account and "
            "review the charge.",
        ),
        closings=("Our {team} team has completed its review of order {order}.",),
        resolutions=(
            "[[Possible account takeover|Suspected takeover of {first}'s account|Unrecognised "
            "order {order}]] [[reviewed by {team}|handed to {team}|investigated by {team}]].",
        ),
        notes=(
            "[[Customer denies placing {order}|{first} says {order} isn't theirs|Disputed "
            "order {order}]]. Escalating to {team}[[, recommend password reset.|; suggest a "
            "forced reset.|.]]",
        ),
    ),
    Scenario(
        key="unknown_charge",
        priority="urgent",
        category="fraud",
        need="anonymous",
        weight=1,
        escalate="fraud",
        subjects=("Charge I don't recognise", "Unknown CoreCraft charge on my card"),
        openers=(
            "There's a charge from CORECRAFT on my card and I've never shopped with you. "
            "Please explain. {anon_name}, {anon_email}",
            "who are you and why did you charge my card?? i never bought anything",
        ),
        replies=(
            "Hi, thank you for letting us know. I've passed this to our {team} team, "
            "who investigate charges like this.",
        ),
        closings=("Our {team} team has followed up with you directly.",),
        resolutions=("Unrecognised-charge report handled by {team}.",),
        notes=("No account matches the sender. Escalated to {team}.",),
        channels=(("email", 6), ("phone", 3)),
    ),
)
