"""The customer e-mail each business event writes to the outbox; they run inside the
service's transaction, from what the event carries."""

from django.utils import translation

from returns.choices import NotificationKind, Resolution
from returns.common import events
from returns.notifications.outbox import notify
from returns.notifications.rendering import money

DECISION_KIND = {
    Resolution.REPLACEMENT: NotificationKind.DECISION_REPLACEMENT,
    Resolution.REFUND: NotificationKind.DECISION_REFUND,
    Resolution.STORE_CREDIT: NotificationKind.DECISION_STORE_CREDIT,
    Resolution.EXCHANGE: NotificationKind.DECISION_EXCHANGE,
    Resolution.REJECTED: NotificationKind.DECISION_REJECTED,
}


@events.subscribe(events.CaseOpened)
def on_case_opened(event: events.CaseOpened) -> None:
    notify(event.case, NotificationKind.CASE_OPENED)


@events.subscribe(events.CaseResolved)
def on_case_resolved(event: events.CaseResolved) -> None:
    case = event.case
    kind = DECISION_KIND.get(case.resolution)
    if kind is None:
        return
    language = case.customer.preferred_language
    extra = {}
    if case.resolution == Resolution.REFUND and event.refund is not None:
        extra["amount"] = money(event.refund.amount, event.refund.currency, language)
        if event.refund.stage == events.RefundStage.AWAITING_APPROVAL:
            # Not decided yet: the decision e-mail goes out when the supervisor decides.
            kind = NotificationKind.REFUND_UNDER_REVIEW
    elif case.resolution == Resolution.STORE_CREDIT:
        credit = event.store_credit
        if credit is not None:
            extra["amount"] = money(credit.amount, credit.currency, language)
        extra["store_credit_code"] = credit.code if credit is not None else ""
    elif case.resolution == Resolution.REJECTED:
        # The reason chosen from the merchant's list in the customer's language, not staff's.
        extra["reason"] = case.rejection_text(language or case.merchant.default_language)
    notify(case, kind, **extra)


@events.subscribe(events.RefundApproved)
def on_refund_approved(event: events.RefundApproved) -> None:
    """The refund decision, unless the customer read it when the case was resolved (the same
    event key as then, so it is written at most once)."""
    if event.in_store_credit:
        return  # the store credit e-mail, with its code, tells the decision
    case = event.case
    amount = money(event.refund.amount, event.refund.currency, case.customer.preferred_language)
    notify(case, NotificationKind.DECISION_REFUND, amount=amount)


@events.subscribe(events.RefundRejected)
def on_refund_rejected(event: events.RefundRejected) -> None:
    case = event.case
    language = case.customer.preferred_language
    with translation.override(language):
        alternative = str(event.alternative)
    extra = {"reason": event.reason, "alternative": alternative}
    credit = event.store_credit
    if credit is not None and credit.code:
        extra["store_credit_code"] = credit.code
        extra["amount"] = money(credit.amount, credit.currency, language)
    notify(
        case,
        NotificationKind.DECISION_REJECTED,
        event_key=f"refund-{event.refund.id}",
        **extra,
    )


@events.subscribe(events.ShipmentShipped)
def on_shipment_shipped(event: events.ShipmentShipped) -> None:
    shipment = event.shipment
    notify(
        shipment.case,
        NotificationKind.SHIPMENT_SHIPPED,
        event_key=f"shipment-{shipment.pk}",
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
    )


@events.subscribe(events.RefundPaid)
def on_refund_paid(event: events.RefundPaid) -> None:
    case = event.case
    amount = money(event.refund.amount, event.refund.currency, case.customer.preferred_language)
    event_key = f"refund-{event.refund.id}"
    if event.store_credit is not None:
        # Paid in store credit: the e-mail that carries the code, shown this once.
        notify(
            case,
            NotificationKind.DECISION_STORE_CREDIT,
            event_key=event_key,
            amount=amount,
            store_credit_code=event.store_credit.code,
        )
        return
    notify(case, NotificationKind.REFUND_PAID, event_key=event_key, amount=amount)
