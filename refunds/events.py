"""The facts a refund or a store credit lends to the business events, the timeline steps
the refunds app adds to a case's status page, and the money the desk shows after a decision."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from refunds.choices import RefundState
from refunds.models import Refund, StoreCredit
from returns.common import extensions
from returns.common.dates import format_moment
from returns.common.events import RefundFacts, RefundStage, StoreCreditFacts
from returns.common.money import format_money

STAGE_OF_STATE = {
    RefundState.REQUESTED: RefundStage.REQUESTED,
    RefundState.VALIDATED: RefundStage.REQUESTED,
    RefundState.PENDING_APPROVAL: RefundStage.AWAITING_APPROVAL,
    RefundState.APPROVED: RefundStage.APPROVED,
    RefundState.BATCHED: RefundStage.APPROVED,
    RefundState.PAID: RefundStage.PAID,
    RefundState.FAILED: RefundStage.FAILED,
    RefundState.REJECTED: RefundStage.REJECTED,
    RefundState.CANCELLED: RefundStage.CANCELLED,
}


def refund_facts(refund: Refund) -> RefundFacts:
    return RefundFacts(
        id=refund.pk,
        reference=refund.reference,
        amount=refund.amount,
        currency=refund.currency,
        stage=STAGE_OF_STATE[refund.state],
    )


def store_credit_facts(credit: StoreCredit, *, code: str = "") -> StoreCreditFacts:
    return StoreCreditFacts(
        amount=credit.initial_value,
        currency=credit.currency,
        last4=credit.code_last4,
        expires_at=credit.expires_at,
        code=code,
    )


def _first_date(history, state: str):
    return (
        history.filter(state=state)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )


@extensions.timeline_source
def case_money_steps(case, *, language: str, zone) -> extensions.TimelineContribution:
    """Refunds paid or not granted and store credit issued, for the case's public timeline."""
    items = []
    refunds = list(case.refunds.all())
    for refund in refunds:
        amount = format_money(refund.amount, refund.currency, language)
        if refund.state == RefundState.PAID:
            items.append(
                extensions.TimelineItem(
                    refund.paid_at, _("Refund paid"), [_("Amount: %(amount)s") % {"amount": amount}]
                )
            )
        elif refund.state == RefundState.REJECTED:
            details = []
            if refund.decision_reason:
                details.append(_("Reason: %(reason)s") % {"reason": refund.decision_reason})
            if refund.alternative:
                details.append(
                    _("Offered instead: %(alternative)s")
                    % {"alternative": refund.get_alternative_display()}
                )
            items.append(
                extensions.TimelineItem(
                    _first_date(refund.history.all(), RefundState.REJECTED),
                    _("Refund not granted"),
                    details,
                    kind="decision",
                )
            )
    for credit in case.store_credits.all():
        items.append(
            extensions.TimelineItem(
                credit.created_at,
                _("Store credit issued"),
                [
                    _("Value: %(amount)s")
                    % {"amount": format_money(credit.initial_value, credit.currency, language)},
                    _("Code ending in %(last4)s (the full code is in our e-mail)")
                    % {"last4": credit.code_last4},
                    _("Valid until %(date)s")
                    % {"date": format_moment(credit.expires_at, zone, language, time=False)},
                ],
            )
        )
    decision_details = []
    first_refund = min(refunds, key=lambda refund: refund.pk, default=None)
    if first_refund is not None:
        decision_details.append(
            _("Amount: %(amount)s")
            % {"amount": format_money(first_refund.amount, first_refund.currency, language)}
        )
    return extensions.TimelineContribution(
        items=items,
        decision_details=decision_details,
        decision_steps=_supervisor_steps(case, first_refund, decision_details),
    )


def _supervisor_steps(case, refund: Refund | None, details: list[str]):
    """For a refund a supervisor decides: the review from the resolution on, then the decision
    once taken (a rejection tells itself, as "Refund not granted")."""
    if refund is None or not (
        refund.approval_reason or refund.state == RefundState.PENDING_APPROVAL
    ):
        return None
    steps = [
        extensions.TimelineItem(
            case.resolved_at,
            _("We are reviewing your refund request"),
            [*details, _("A supervisor decides on it; we will e-mail you the decision.")],
        )
    ]
    if refund.approved_at is not None:
        steps.append(
            extensions.TimelineItem(
                refund.approved_at, _("Decision: we refund you"), details, kind="decision"
            )
        )
    return steps


@extensions.case_money_source
def case_money_for_staff(case) -> list[extensions.CaseMoney]:
    """The case's refunds and store credits as the desk shows them after the resolution."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    shown = []
    for refund in case.refunds.all():
        stage = STAGE_OF_STATE[refund.state]
        details = [
            _("Amount: %(amount)s")
            % {"amount": format_money(refund.amount, refund.currency, language)},
            _("Method: %(method)s") % {"method": refund.get_method_display()},
        ]
        if refund.iban:
            details.append(_("IBAN ending in %(last4)s") % {"last4": refund.iban[-4:]})
        if refund.state == RefundState.PENDING_APPROVAL and refund.approval_reason:
            details.append(
                _("A supervisor decides: %(why)s") % {"why": refund.get_approval_reason_display()}
            )
        shown.append(
            extensions.CaseMoney(
                title=_("Refund %(reference)s") % {"reference": refund.reference},
                state=str(stage.label),
                stage=stage.value,
                details=tuple(details),
            )
        )
    for credit in case.store_credits.all():
        shown.append(
            extensions.CaseMoney(
                title=_("Store credit ending in %(last4)s") % {"last4": credit.code_last4},
                state=credit.get_state_display(),
                stage=credit.state,
                details=(
                    _("Value: %(amount)s")
                    % {"amount": format_money(credit.initial_value, credit.currency, language)},
                ),
            )
        )
    return shown


@extensions.work_filter("refunds.approve_exception_refund")
def refunds_this_supervisor_may_approve(queryset, user):
    """The waiting refunds without the user's own requests: `approval_obstacle(exception=True)`
    refuses those (four eyes), so they are not the user's work."""
    return queryset.exclude(requested_by=user)
