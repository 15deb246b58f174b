"""The demo's return cases in every status, each with its contact, through the services."""

import random
from datetime import timedelta

from returns import services
from returns.choices import ContactChannel, ContactDirection, ItemCondition, Resolution
from returns.models import Merchant

# The rejection reason (rejection_reasons.json) the demo's rejected case is given.
REJECTION_CODE = "signs-of-use"

# (reason code, condition, resolution or None, steps after opening)
CASE_PLAN = [
    ("changed-mind", ItemCondition.UNOPENED, None, []),
    ("wrong-size", ItemCondition.OPENED, None, ["await_item"]),
    ("changed-mind", ItemCondition.OPENED, None, ["await_item", "receive_item"]),
    ("defective", ItemCondition.DEFECTIVE, Resolution.REPLACEMENT, []),
    ("damaged-in-transit", ItemCondition.DAMAGED_IN_TRANSIT, Resolution.REPLACEMENT, ["ship"]),
    ("defective", ItemCondition.DEFECTIVE, Resolution.REPLACEMENT, ["ship", "deliver", "close"]),
    ("not-as-described", ItemCondition.USED, Resolution.REJECTED, []),
    ("changed-mind", ItemCondition.UNOPENED, None, ["cancel"]),
]
CHANNELS = [ContactChannel.PHONE, ContactChannel.EMAIL, ContactChannel.CHAT, ContactChannel.PORTAL]


def seed_cases(merchant: Merchant, agent, *, supervisor) -> int:
    """Cases in every status, each with a contact; resolutions through the services."""
    if merchant.cases.exists():
        return 0
    reasons = {reason.code: reason for reason in merchant.return_reasons.all()}
    orders = list(merchant.orders.order_by("number").prefetch_related("lines")[: len(CASE_PLAN)])
    rng = random.Random(merchant.slug)
    for index, ((code, condition, resolution, steps), order) in enumerate(
        zip(CASE_PLAN, orders, strict=False)
    ):
        order_line = order.lines.all()[0]
        case = services.case_open(
            actor=agent,
            order=order,
            lines=[services.ReturnLineInput(order_line, 1, reasons[code], condition)],
        )
        channel = CHANNELS[index % len(CHANNELS)]
        handling_seconds = rng.randint(45, 150)
        # The case is opened during the contact, so the contact starts just before it.
        services.contact_log(
            actor=agent,
            merchant=merchant,
            case=case,
            channel=channel,
            direction=ContactDirection.INBOUND,
            started_at=case.opened_at - timedelta(seconds=handling_seconds),
            handling_seconds=handling_seconds,
            summary="Customer asked to return an item.",
        )
        if resolution is not None:
            decider = (
                supervisor if not case.inside_policy or resolution == Resolution.REJECTED else agent
            )
            suggested = services.SUGGESTED_RESOLUTION.get(case.suggested_outcome)
            services.case_resolve(
                case=case,
                actor=decider,
                resolution=resolution,
                override_reason=""
                if suggested == resolution
                else "Decided with the customer on the phone.",
                rejection_choice=merchant.rejection_reasons.get(code=REJECTION_CODE)
                if resolution == Resolution.REJECTED
                else None,
            )
        for step in steps:
            _step(case, step, agent)
    # Contacts without a case, on every channel: questions about delivery and invoices.
    # Each asks about the customer's first order, a few hours after it was placed.
    for index, customer in enumerate(merchant.customers.order_by("id")[:4]):
        first_order = customer.orders.order_by("placed_at").first()
        services.contact_log(
            actor=agent,
            merchant=merchant,
            customer=customer,
            channel=CHANNELS[index],
            direction=ContactDirection.OUTBOUND if index == 3 else ContactDirection.INBOUND,
            started_at=first_order.placed_at + timedelta(hours=index + 2),
            handling_seconds=60 + index * 20,
            summary="Question about a delivery date.",
        )
    return len(orders)


def _step(case, step: str, actor) -> None:
    shipment = case.shipments.first()
    if step == "await_item":
        services.case_await_item(case=case, actor=actor)
    elif step == "receive_item":
        services.case_receive_item(case=case, actor=actor)
    elif step == "cancel":
        services.case_cancel(case=case, actor=actor, reason="The customer keeps the item.")
    elif step == "close":
        services.case_close(case=case, actor=actor)
    elif step == "ship":
        services.shipment_mark_shipped(
            shipment=shipment, actor=actor, carrier="DHL", tracking_number=f"JD0146{case.pk:08d}"
        )
    elif step == "deliver":
        services.shipment_mark_delivered(shipment=shipment, actor=actor)
