"""Return cases: opening one on an order, its steps, and the decision with its reasons."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import PolicyOutcome, Resolution
from returns.common import events, extensions
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.exceptions import (
    InvalidReturn,
    OverrideReasonRequired,
    RejectionReasonRequired,
    SupervisorRequired,
)
from returns.models import (
    Order,
    OrderLine,
    RejectionReason,
    ReturnCase,
    ReturnCaseLine,
    ReturnReason,
)
from returns.policy import Suggestion, suggest_resolution

# The resolution each suggestion stands for; choosing another one is an override.
SUGGESTED_RESOLUTION = {
    PolicyOutcome.REPLACEMENT: Resolution.REPLACEMENT,
    PolicyOutcome.REFUND: Resolution.REFUND,
    PolicyOutcome.STORE_CREDIT: Resolution.STORE_CREDIT,
}
OUT_OF_POLICY_PERMISSION = "returns.resolve_out_of_policy_returncase"


@dataclass(frozen=True)
class ReturnLineInput:
    order_line: OrderLine
    quantity: int
    reason: ReturnReason
    condition: str


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
    rejection_choice: RejectionReason | None = None,
    method: str = "",
    iban: str = "",
    account_holder: str = "",
) -> ReturnCase:
    """Decide a case and carry the decision out (a shipment, a refund, store credit).

    `override_reason` is for staff and auditors. A rejection tells the customer why with
    `rejection_choice`, one of the merchant's rejection reasons (the customer reads it in
    their language), and `rejection_reason`, free text added after it; one of the two is
    required. `method`, `iban` and `account_holder` say how a refund is paid (the original
    payment method when empty). Raises OverrideReasonRequired when the decision departs from
    the policy without a written reason, RejectionReasonRequired for a rejection without a
    reason for the customer, InvalidReturn for a rejection reason of another merchant (or no
    longer offered), SupervisorRequired for an out-of-policy case an agent may not decide,
    and TransitionNotAllowed or ActionNotPermitted.
    """
    case = _locked(case)
    ensure_assigned(actor, case.merchant)
    suggestion = suggest_resolution(case)
    override_reason = override_reason.strip()
    rejection_reason = rejection_reason.strip()
    if expected_resolution(suggestion, actor=actor) != resolution and not override_reason:
        raise OverrideReasonRequired(
            _("The policy suggests %(suggested)s; to resolve as %(chosen)s, say why.")
            % {
                "suggested": PolicyOutcome(suggestion.outcome).label.lower(),
                "chosen": Resolution(resolution).label.lower(),
            }
        )
    if _needs_supervisor(suggestion, resolution) and not actor.has_perm(OUT_OF_POLICY_PERMISSION):
        raise SupervisorRequired
    if resolution == Resolution.REJECTED:
        _set_rejection(case, choice=rejection_choice, addition=rejection_reason)
    reason = _("resolved as %(resolution)s") % {"resolution": Resolution(resolution).label.lower()}
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


def _out_of_policy(suggestion: Suggestion) -> bool:
    return not suggestion.inside_policy or suggestion.outcome == PolicyOutcome.NEEDS_SUPERVISOR


def _set_rejection(case: ReturnCase, *, choice: RejectionReason | None, addition: str) -> None:
    """What the customer reads about a rejection: one of the merchant's reasons, free text
    after it, or both."""
    if choice is None and not addition:
        raise RejectionReasonRequired
    if choice is not None and (choice.merchant_id != case.merchant_id or not choice.is_active):
        raise InvalidReturn(
            _("%(reason)s is not one of this merchant's rejection reasons.") % {"reason": choice}
        )
    case.rejection_choice = choice
    case.rejection_reason = addition


def _needs_supervisor(suggestion: Suggestion, resolution: str) -> bool:
    """Out of policy, an agent may only resolve as a refund: its approval goes to a supervisor."""
    return _out_of_policy(suggestion) and resolution != Resolution.REFUND


def expected_resolution(suggestion: Suggestion, *, actor) -> str | None:
    """The resolution that is no override for `actor`: the suggestion's, or, outside the policy
    for someone who may not decide it, the refund that then waits for a supervisor."""
    if _out_of_policy(suggestion) and not actor.has_perm(OUT_OF_POLICY_PERMISSION):
        return Resolution.REFUND
    return SUGGESTED_RESOLUTION.get(suggestion.outcome)


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
