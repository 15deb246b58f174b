"""The refund's steps as admin buttons: the forms they ask for and what a decision shows."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from refunds import services
from refunds.choices import Alternative
from returns.common.admin import TransitionAction
from returns.common.money import format_money
from returns.selectors import case_suggestion


class RejectForm(forms.Form):
    alternative = forms.ChoiceField(label=_("Offer instead"), choices=Alternative.choices)
    credit_amount = forms.DecimalField(
        label=_("Store credit value"),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        help_text=_("Empty: the refund's amount."),
    )


class PaidForm(forms.Form):
    payment_reference = forms.CharField(label=_("Bank reference"), max_length=100)


class FailedForm(forms.Form):
    payment_reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)


def _service(function, **fixed):
    """Adapt a refund service to the admin's (obj, actor, reason, **form data) call."""

    def perform(refund, *, actor, reason, **data):
        return function(refund=refund, actor=actor, **fixed, **({"reason": reason} | data))

    return perform


def _without_reason(function):
    def perform(refund, *, actor, reason, **data):
        return function(refund=refund, actor=actor, **data)

    return perform


def _approval_obstacle(*, exception: bool = False):
    def obstacle(refund, user):
        error = services.approval_obstacle(refund, user, exception=exception)
        return error.message if error else None

    return obstacle


def _decision_facts(refund) -> list[tuple[str, object]]:
    """What a supervisor reads before deciding: the money, the customer, the breach."""
    case = refund.case
    facts = [
        (_("Amount"), format_money(refund.amount, refund.currency)),
        (_("Customer"), f"{case.customer.name} <{case.customer.email}>"),
        (_("Order"), refund.order.number),
        (_("Requested by"), refund.requested_by),
    ]
    if refund.approval_reason:
        facts.append((_("Why it waits for a supervisor"), refund.get_approval_reason_display()))
    if not refund.inside_policy:
        facts.append((_("Policy"), case_suggestion(case).explanation))
    if refund.fraud_decision:
        facts.append((_("Fraud decision"), refund.get_fraud_decision_display()))
    return facts


REFUND_TRANSITIONS = [
    TransitionAction("validate", _("Validate"), _service(services.refund_validate)),
    TransitionAction(
        "approve",
        _("Approve"),
        _service(services.refund_approve),
        obstacle=_approval_obstacle(),
        facts=_decision_facts,
    ),
    TransitionAction(
        "escalate",
        _("Send to a supervisor"),
        _service(services.refund_escalate),
        reason_required=True,
    ),
    TransitionAction(
        "hold", _("Hold for fraud review"), _service(services.refund_hold), reason_required=True
    ),
    TransitionAction(
        "approve_exception",
        _("Approve the exception"),
        _service(services.refund_approve_exception),
        reason_required=True,
        obstacle=_approval_obstacle(exception=True),
        facts=_decision_facts,
    ),
    TransitionAction(
        "reject",
        _("Reject"),
        _service(services.refund_reject),
        form=RejectForm,
        reason_required=True,
        dangerous=True,
        facts=_decision_facts,
    ),
    TransitionAction(
        "mark_paid", _("Mark paid"), _without_reason(services.refund_mark_paid), form=PaidForm
    ),
    TransitionAction(
        "mark_failed",
        _("Mark failed"),
        _service(services.refund_mark_failed),
        form=FailedForm,
        reason_required=True,
        dangerous=True,
    ),
    TransitionAction(
        "retry",
        _("Retry in the next listing"),
        _service(services.refund_retry),
        reason_required=True,
    ),
    TransitionAction(
        "cancel",
        _("Cancel the refund"),
        _service(services.refund_cancel),
        reason_required=True,
        dangerous=True,
    ),
]
