"""What people do on the returns desk; each function is one action in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import datetime
from decimal import Decimal
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import ContactDirection, PolicyOutcome, Resolution
from returns.common import events, extensions
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.exceptions import (
    InvalidOrder,
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
    events.publish(events.CaseOpened(case=case, actor=actor))
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
    method: str = "",
    iban: str = "",
    account_holder: str = "",
) -> ReturnCase:
    """Decide a case and carry the decision out (a shipment, a refund, store credit).

    `override_reason` is for staff and auditors; `rejection_reason`, required for a
    rejection, is what the customer reads; `method`, `iban` and `account_holder` say how a
    refund is paid (the original payment method when empty). Raises OverrideReasonRequired
    when the decision departs from the policy without a written reason,
    RejectionReasonRequired for a rejection without one for the customer, SupervisorRequired
    for an out-of-policy case an agent may not decide, and TransitionNotAllowed or
    ActionNotPermitted.
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
    outcome = extensions.carry_out_resolution(
        case,
        actor=actor,
        suggestion=suggestion,
        method=method,
        iban=iban,
        account_holder=account_holder,
    )
    events.publish(
        events.CaseResolved(
            case=case, actor=actor, refund=outcome.refund, store_credit=outcome.store_credit
        )
    )
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


@extensions.resolution_handler(Resolution.REPLACEMENT)
def _ship_replacement(case: ReturnCase, *, actor, suggestion, **refund_choices) -> None:
    shipment_create_for_case(case=case, actor=actor, reason=_("replacement to ship"))


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
    events.publish(events.ShipmentShipped(shipment=shipment, actor=actor))
    return shipment


@transaction.atomic
def shipment_mark_delivered(*, shipment: Shipment, actor) -> Shipment:
    """Record the delivery of a replacement; raises TransitionNotAllowed or ActionNotPermitted."""
    shipment = Shipment.objects.select_for_update().select_related("merchant").get(pk=shipment.pk)
    ensure_assigned(actor, shipment.merchant)
    run_transition(shipment, "deliver", actor=actor, reason=_("delivered"), at=timezone.now())
    return shipment


# Orders as the shop recorded them. The order file and the shops' API both write through
# order_upsert, so the two can never disagree on what an order is.


class _Keep(Enum):
    KEEP = "keep"


# A field the shop did not send: the stored value stays, a new record takes the default.
KEEP = _Keep.KEEP


@dataclass(frozen=True)
class CustomerInput:
    """An order's customer, found again by the merchant and the e-mail in any case."""

    email: str
    name: str
    phone: str | _Keep = KEEP
    preferred_language: str | _Keep = KEEP
    country: str | _Keep = KEEP
    street: str | _Keep = KEEP
    postal_code: str | _Keep = KEEP
    city: str | _Keep = KEEP
    account_opened_at: datetime | _Keep | None = KEEP


@dataclass(frozen=True)
class OrderLineInput:
    """One line of an order, found again by the order and the SKU."""

    sku: str
    product_name: str
    quantity: int
    unit_price: Decimal
    category: str | _Keep = KEEP


@dataclass(frozen=True)
class OrderInput:
    """An order as the shop recorded it, found again by the merchant and the number."""

    number: str
    placed_at: datetime
    currency: str
    total_amount: Decimal
    payment_method: str
    customer: CustomerInput
    lines: Sequence[OrderLineInput] = ()
    delivered_at: datetime | _Keep | None = KEEP
    payment_reference: str | _Keep = KEEP
    sales_channel: str | _Keep = KEEP
    promotion_code: str | _Keep = KEEP


@dataclass(frozen=True)
class OrderUpsertResult:
    """What order_upsert stored: the order (its customer on it) and the lines it was given."""

    order: Order
    lines: list[OrderLine]
    created: bool  # the order is new
    changed: bool  # anything was written; False when the same data came again


def _given(data, *, exclude: Sequence[str] = ()) -> dict:
    return {
        name: value
        for name in (f.name for f in dataclass_fields(data))
        if name not in exclude and (value := getattr(data, name)) is not KEEP
    }


def _assign(obj, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _field_errors(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    return {f"{prefix}{name}": list(messages) for name, messages in error.message_dict.items()}


def _merge(errors: dict, more: dict) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


def order_upsert_check(*, actor, merchant: Merchant) -> None:
    """Raise NotAssigned or ActionNotPermitted unless `actor` may write `merchant`'s orders."""
    ensure_assigned(actor, merchant)
    if not actor.has_perms(["returns.add_order", "returns.change_order"]):
        raise ActionNotPermitted()


def order_currency_errors(*, merchant: Merchant, currency: str) -> list[str]:
    """Why an order of `merchant` cannot be in `currency`; empty when it can."""
    if currency == merchant.currency:
        return []
    return [
        _("%(merchant)s sells in %(expected)s, not %(currency)s.")
        % {"merchant": merchant.name, "expected": merchant.currency, "currency": currency}
    ]


@transaction.atomic
def order_upsert(*, actor, merchant: Merchant, order: OrderInput, reason: str) -> OrderUpsertResult:
    """Create or update an order, its customer and its lines; the same data again writes nothing.

    Raises NotAssigned, ActionNotPermitted, or InvalidOrder naming each wrong field
    (`number`, `customer.email`, `lines.0.sku`).
    """
    order_upsert_check(actor=actor, merchant=merchant)
    errors: dict[str, list[str]] = {}
    if problems := order_currency_errors(merchant=merchant, currency=order.currency):
        errors["currency"] = problems
    for index, line in enumerate(order.lines):
        try:
            OrderLine(**_given(line)).full_clean(exclude=["order"], validate_unique=False)
        except ValidationError as error:
            _merge(errors, _field_errors(error, f"lines.{index}."))
    if errors:
        raise InvalidOrder(errors)

    # The row lock keeps two writers of one order from interleaving their lines.
    stored = (
        Order.objects.select_for_update()
        .select_related("customer")
        .filter(merchant=merchant, number=order.number)
        .first()
    )
    email = order.customer.email
    if stored is not None:
        customer = stored.customer
        if customer.email.lower() != email.lower():
            message = _("Order %(order)s belongs to %(email)s.") % {
                "order": stored.number,
                "email": customer.email,
            }
            raise InvalidOrder({"customer.email": [message]})
        record = stored
    else:
        customer = Customer.objects.filter(merchant=merchant, email__iexact=email).first()
        if customer is None:
            customer = Customer(
                merchant=merchant,
                email=email,
                preferred_language=merchant.default_language,
                country=merchant.country,
            )
        record = Order(merchant=merchant, customer=customer)
    # The e-mail found the customer; one written in another case does not rename them.
    customer_changed = _assign(customer, _given(order.customer, exclude=["email"]))
    customer_changed = customer_changed or customer.pk is None
    order_changed = _assign(record, _given(order, exclude=["customer", "lines"]))
    created = record.pk is None
    try:
        customer.full_clean()
    except ValidationError as error:
        _merge(errors, _field_errors(error, "customer."))
    try:
        record.full_clean(exclude=["customer"])
    except ValidationError as error:
        _merge(errors, _field_errors(error))
    if errors:
        raise InvalidOrder(errors)

    if customer_changed:
        save_with_history(customer, actor=actor, reason=reason)
    record.customer = customer
    if created or order_changed:
        save_with_history(record, actor=actor, reason=reason)
    changed = customer_changed or created or order_changed
    lines = []
    for line in order.lines:
        stored_line = (
            None if created else OrderLine.objects.filter(order=record, sku=line.sku).first()
        )
        saved = stored_line or OrderLine(order=record)
        if _assign(saved, _given(line)) or stored_line is None:
            save_with_history(saved, actor=actor, reason=reason)
            changed = True
        lines.append(saved)
    return OrderUpsertResult(order=record, lines=lines, created=created, changed=changed)
