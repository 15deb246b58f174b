"""What the desk shows about a case: who decides it before the click, what it set off after."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from returns.choices import PolicyOutcome
from returns.common import extensions
from returns.common.dates import format_moment
from returns.common.money import format_money
from returns.models import Contact, ReturnCase
from returns.policy import Suggestion
from returns.services.cases import OUT_OF_POLICY_PERMISSION, expected_resolution


def moment(value, merchant, *, time: bool = True) -> str:
    """A date (and time) in the reader's language, in the merchant's time zone."""
    if value is None:
        return ""
    return format_moment(value, merchant.zone, translation.get_language() or "en", time=time)


@dataclass(frozen=True)
class Route:
    """Where a decision on the case goes: what the server accepts and who then decides it."""

    expected: str | None
    supervisor_reasons: list[str]
    amount: str


def case_route(case: ReturnCase, lines, suggestion: Suggestion, *, user) -> Route:
    """The resolution to pre-select for `user`, and why a refund would wait for a supervisor."""
    merchant = case.merchant
    total = sum((line.order_line.value_of(line.quantity) for line in lines), Decimal("0"))
    amount = format_money(total, case.order.currency)
    expected = expected_resolution(suggestion, actor=user)
    reasons = []
    out_of_policy = (
        not suggestion.inside_policy or suggestion.outcome == PolicyOutcome.NEEDS_SUPERVISOR
    )
    if out_of_policy and not user.has_perm(OUT_OF_POLICY_PERMISSION):
        reasons.extend(suggestion.breaches)
        if suggestion.outcome == PolicyOutcome.NEEDS_SUPERVISOR:
            reasons.append(_("the policy leaves this request to a supervisor"))
    if total > merchant.agent_approval_limit:
        reasons.append(
            _("a refund of %(amount)s is over the agent's approval limit of %(limit)s")
            % {
                "amount": amount,
                "limit": format_money(merchant.agent_approval_limit, merchant.currency),
            }
        )
    return Route(expected=expected, supervisor_reasons=reasons, amount=amount)


def case_result(case: ReturnCase, *, contact: Contact | None) -> dict:
    """What resolving the case set off: the money, the shipments, the e-mails to the customer."""
    merchant = case.merchant
    notifications = []
    if case.resolved_at is not None:
        for notification in case.notifications.filter(created_at__gte=case.resolved_at).order_by(
            "created_at"
        ):
            notification.created_label = moment(notification.created_at, merchant)
            notifications.append(notification)
    return {
        "money": extensions.case_money(case),
        "notifications": notifications,
        "done_contact": contact,
        "resolved_label": moment(case.resolved_at, merchant),
    }
