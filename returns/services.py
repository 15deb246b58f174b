"""What people do on the returns desk; each function is one action in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import resolutions
from returns.choices import ContactDirection, PolicyOutcome, Resolution
from returns.common import events
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.exceptions import (
    InvalidReturn,
    OverrideReasonRequired,
    RejectionReasonRequired,
    SupervisorRequired,
)
from returns.models import (
    Contact,
    Customer,
    Merchant,
    Order,
    OrderLine,
    ReturnCase,
    ReturnCaseLine,
    ReturnReason,
    Shipment,
    ShipmentLine,
)
from returns.policy import Suggestion, suggest_resolution

# The resolution each suggestion stands for; choosing another one is an override.
SUGGESTED_RESOLUTION = {
    PolicyOutcome.REPLACEMENT: Resolution.REPLACEMENT,
    PolicyOutcome.REFUND: Resolution.REFUND,
    PolicyOutcome.STORE_CREDIT: Resolution.STORE_CREDIT,
}


@dataclass(frozen=True)
class ReturnLineInput:
    order_line: OrderLine
    quantity: int
    reason: ReturnReason
    condition: str


@transaction.atomic
def contact_log(
    *,
    actor,
    merchant: Merchant,
    channel: str,
    handling_seconds: int,
    customer: Customer | None = None,
    case: ReturnCase | None = None,
    direction: str = ContactDirection.INBOUND,
    started_at: datetime | None = None,
    summary: str = "",
) -> Contact:
    """Log one customer contact; raises NotAssigned or InvalidReturn (a mismatched customer)."""
    ensure_assigned(actor, merchant)
    if not actor.has_perm("returns.add_contact"):
        raise ActionNotPermitted(_("Your role does not allow logging contacts."))
    contact = Contact(
        merchant=merchant,
        customer=customer or (case.customer if case else None),
        case=case,
        channel=channel,
        direction=direction,
        started_at=started_at or timezone.now(),
        handling_seconds=handling_seconds,
        agent=actor,
        summary=summary,
    )
    try:
        contact.full_clean()  # Contact.clean() keeps customer and case within the merchant
    except ValidationError as error:
        raise InvalidReturn(" ".join(error.messages)) from None
    save_with_history(contact, actor=actor, reason=_("contact logged"))
    return contact


@transaction.atomic
def contact_resolve(
    *,
    actor,
    case: ReturnCase,
    resolution: str,
    channel: str,
    handling_seconds: int,
    override_reason: str = "",
    rejection_reason: str = "",
    direction: str = ContactDirection.INBOUND,
    started_at: datetime | None = None,
    summary: str = "",
) -> Contact:
    """Resolve a case and log its contact, both or neither; raises what those two services raise."""
    case = case_resolve(
        case=case,
        actor=actor,
        resolution=resolution,
        override_reason=override_reason,
        rejection_reason=rejection_reason,
    )
    return contact_log(
        actor=actor,
        merchant=case.merchant,
        customer=case.customer,
        case=case,
        channel=channel,
        direction=direction,
        started_at=started_at,
        handling_seconds=handling_seconds,
        summary=summary,
    )


@transaction.atomic
def contact_change(*, actor, contact: Contact, reason: str = "") -> Contact:
    """Edit a contact; raises NotAssigned, ActionNotPermitted, InvalidReturn, ContactInvoiced."""
    stored = Contact.objects.select_related("merchant").get(pk=contact.pk)
    # Both the merchant it had and the one it moves to must be this actor's.
    ensure_assigned(actor, stored.merchant)
    if contact.merchant_id != stored.merchant_id:
        ensure_assigned(actor, contact.merchant)
    if not actor.has_perm("returns.change_contact"):
        raise ActionNotPermitted
    try:
        contact.full_clean()  # Contact.clean() keeps customer and case within the merchant
    except ValidationError as error:
        raise InvalidReturn(" ".join(error.messages)) from None
    save_with_history(contact, actor=actor, reason=reason or _("contact changed"))
    return contact


def _returnable(order_line: OrderLine) -> int:
    """How many of a line the customer may still return (other live cases count)."""
    return (
        OrderLine.objects.with_returnable()
        .values_list("returnable", flat=True)
        .get(pk=order_line.pk)
    )


@transaction.atomic
def case_open(
    *, actor, order: Order, lines: Sequence[ReturnLineInput], note: str = ""
) -> ReturnCase:
    """Open a return case on an order; raises InvalidReturn naming the line at fault."""
    ensure_assigned(actor, order.merchant)
    if not actor.has_perm("returns.add_returncase"):
        raise ActionNotPermitted(_("Your role does not allow opening cases."))
    if not lines:
        raise InvalidReturn(_("Choose at least one item to return."))
    # Lock the order so two agents cannot return the same items twice at the same time.
    order = Order.objects.select_for_update().get(pk=order.pk)
    asked: dict[int, int] = {}
    for item in lines:
        if item.order_line.order_id != order.pk:
            raise InvalidReturn(
                _("%(sku)s is not a line of order %(order)s.")
                % {"sku": item.order_line.sku, "order": order.number}
            )
        if item.reason.merchant_id != order.merchant_id:
            raise InvalidReturn(
                _("%(reason)s is not one of this merchant's return reasons.")
                % {"reason": item.reason}
            )
        # Two lines of one request may name the same order line: together they count.
        left = _returnable(item.order_line) - asked.get(item.order_line.pk, 0)
        asked[item.order_line.pk] = asked.get(item.order_line.pk, 0) + item.quantity
        if not 1 <= item.quantity <= left:
            raise InvalidReturn(
                _("%(sku)s: %(quantity)s asked, %(left)s can still be returned.")
                % {"sku": item.order_line.sku, "quantity": item.quantity, "left": left}
            )
    case = _new_case(order=order, actor=actor, note=note)
    for item in lines:
        line = ReturnCaseLine(
            case=case,
            order_line=item.order_line,
            quantity=item.quantity,
            reason=item.reason,
            condition=item.condition,
        )
        line.full_clean()
        save_with_history(line, actor=actor, reason=_("case opened"))
    suggestion = suggest_resolution(case)
    case.suggested_outcome = suggestion.outcome
    case.inside_policy = suggestion.inside_policy
    save_with_history(case, actor=actor, reason=suggestion.explanation)
    events.publish(events.CASE_OPENED, case=case, actor=actor)
    return case


def _new_case(*, order: Order, actor, note: str) -> ReturnCase:
    for _attempt in range(5):
        case = ReturnCase(
            merchant=order.merchant,
            customer=order.customer,
            order=order,
            opened_by=actor,
            note=note,
        )
        try:
            # A savepoint, so a reference collision (one in billions) can simply be retried.
            with transaction.atomic():
                save_with_history(case, actor=actor, reason=_("case opened"))
            return case
        except IntegrityError:
            continue
    raise InvalidReturn(_("No free case reference was found; try again."))


def _locked(case: ReturnCase) -> ReturnCase:
    return (
        ReturnCase.objects.select_for_update().select_related("merchant", "order").get(pk=case.pk)
    )


@transaction.atomic
def case_await_item(*, case: ReturnCase, actor, reason: str = "") -> ReturnCase:
    """Wait for the items to come back; raises TransitionNotAllowed or ActionNotPermitted."""
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    run_transition(case, "await_item", actor=actor, reason=reason or _("waiting for the item"))
    return case


@transaction.atomic
def case_receive_item(*, case: ReturnCase, actor, reason: str = "") -> ReturnCase:
    """Record that the items arrived; raises TransitionNotAllowed or ActionNotPermitted."""
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    run_transition(case, "receive_item", actor=actor, reason=reason or _("item received"))
    return case


@transaction.atomic
def case_resolve(
    *,
    case: ReturnCase,
    actor,
    resolution: str,
    override_reason: str = "",
    rejection_reason: str = "",
    **options,
) -> ReturnCase:
    """Decide a case and carry the decision out (a shipment, a refund, store credit).

    `override_reason` is for staff and auditors; `rejection_reason`, required for a
    rejection, is what the customer reads. Raises OverrideReasonRequired when the decision
    departs from the policy without a written reason, RejectionReasonRequired for a
    rejection without one for the customer, SupervisorRequired for an out-of-policy case an
    agent may not decide, and TransitionNotAllowed or ActionNotPermitted.
    """
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    suggestion = suggest_resolution(case)
    override_reason = override_reason.strip()
    rejection_reason = rejection_reason.strip()
    if SUGGESTED_RESOLUTION.get(suggestion.outcome) != resolution and not override_reason:
        raise OverrideReasonRequired(
            _("The policy suggests %(suggested)s; to resolve as %(chosen)s, say why.")
            % {
                "suggested": PolicyOutcome(suggestion.outcome).label.lower(),
                "chosen": Resolution(resolution).label.lower(),
            }
        )
    if _needs_supervisor(suggestion, resolution) and not actor.has_perm(
        "returns.resolve_out_of_policy_returncase"
    ):
        raise SupervisorRequired
    if resolution == Resolution.REJECTED and not rejection_reason:
        raise RejectionReasonRequired
    reason = _("resolved as %(resolution)s") % {"resolution": Resolution(resolution).label.lower()}
    if resolution == Resolution.REJECTED:
        case.rejection_reason = rejection_reason
    if override_reason:
        case.override_reason = override_reason
        reason += " — " + _("overriding the policy: %(why)s") % {"why": override_reason}
    run_transition(
        case,
        "resolve",
        actor=actor,
        reason=reason,
        resolution=resolution,
        by=actor,
        at=timezone.now(),
    )
    resolutions.carry_out(case, actor=actor, suggestion=suggestion, **options)
    events.publish(events.CASE_RESOLVED, case=case, actor=actor)
    return case


def _needs_supervisor(suggestion: Suggestion, resolution: str) -> bool:
    """Out of policy, an agent may only resolve as a refund: its approval goes to a supervisor."""
    out_of_policy = (
        not suggestion.inside_policy or suggestion.outcome == PolicyOutcome.NEEDS_SUPERVISOR
    )
    return out_of_policy and resolution != Resolution.REFUND


@transaction.atomic
def case_close(*, case: ReturnCase, actor, reason: str = "") -> ReturnCase:
    """Close a resolved case; raises TransitionNotAllowed or ActionNotPermitted."""
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    run_transition(case, "close", actor=actor, reason=reason or _("closed"))
    return case


@transaction.atomic
def case_cancel(*, case: ReturnCase, actor, reason: str) -> ReturnCase:
    """Cancel an unresolved case; raises InvalidReturn without a reason."""
    if not reason.strip():
        raise InvalidReturn(_("Say why the case is cancelled."))
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    run_transition(case, "cancel", actor=actor, reason=reason)
    return case


@transaction.atomic
def shipment_create_for_case(*, case: ReturnCase, actor, reason: str) -> Shipment:
    """A replacement of the case's returned lines, marked for reshipment."""
    shipment = Shipment(merchant=case.merchant, case=case)
    save_with_history(shipment, actor=actor, reason=reason)
    for line in case.lines.all():
        shipment_line = ShipmentLine(
            shipment=shipment, order_line_id=line.order_line_id, quantity=line.quantity
        )
        save_with_history(shipment_line, actor=actor, reason=reason)
    return shipment


@transaction.atomic
def shipment_mark_shipped(
    *, shipment: Shipment, actor, carrier: str, tracking_number: str
) -> Shipment:
    """Hand a replacement to the carrier; raises InvalidReturn without carrier and tracking."""
    if not carrier.strip() or not tracking_number.strip():
        raise InvalidReturn(_("Give the carrier and the tracking number."))
    shipment = Shipment.objects.select_for_update().select_related("merchant").get(pk=shipment.pk)
    ensure_assigned(actor, shipment.merchant)
    run_transition(
        shipment,
        "ship",
        actor=actor,
        reason=_("shipped with %(carrier)s, tracking %(tracking)s")
        % {"carrier": carrier, "tracking": tracking_number},
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
        at=timezone.now(),
    )
    events.publish(events.SHIPMENT_SHIPPED, shipment=shipment, actor=actor)
    return shipment


@transaction.atomic
def shipment_mark_delivered(*, shipment: Shipment, actor) -> Shipment:
    """Record the delivery of a replacement; raises TransitionNotAllowed or ActionNotPermitted."""
    shipment = Shipment.objects.select_for_update().select_related("merchant").get(pk=shipment.pk)
    ensure_assigned(actor, shipment.merchant)
    run_transition(shipment, "deliver", actor=actor, reason=_("delivered"), at=timezone.now())
    return shipment
