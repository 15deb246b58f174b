"""How the refunds app carries out a case resolved as refund, store credit or exchange."""

from django.utils.translation import gettext as _

from refunds import services
from refunds.choices import RefundMethod
from refunds.events import refund_facts, store_credit_facts
from refunds.exceptions import InvalidRefund
from returns.choices import Resolution
from returns.common.extensions import ResolutionOutcome, resolution_handler
from returns.services import shipment_create_for_case


def _lines(case) -> list[services.RefundLineInput]:
    return [
        services.RefundLineInput(line.order_line, line.quantity, line.reason)
        for line in case.lines.select_related("order_line", "reason")
    ]


def _method_label(method: str) -> str:
    return str(dict(RefundMethod.choices).get(method, method)).lower()


@resolution_handler(Resolution.REFUND)
def refund(
    case,
    *,
    actor,
    suggestion,
    method: str = "",
    iban: str = "",
    account_holder: str = "",
) -> ResolutionOutcome:
    allowed = case.merchant.refund_methods or [RefundMethod.ORIGINAL_PAYMENT]
    method = method or allowed[0]
    if method not in allowed:
        raise InvalidRefund(
            _("%(merchant)s does not pay refunds by %(method)s.")
            % {"merchant": case.merchant.name, "method": _method_label(method)}
        )
    created = services.refund_request(
        actor=actor,
        case=case,
        lines=_lines(case),
        method=method,
        iban=iban,
        account_holder=account_holder,
        reason=_("case %(case)s resolved as a refund") % {"case": case.reference},
    )
    return ResolutionOutcome(refund=refund_facts(created))


@resolution_handler(Resolution.STORE_CREDIT)
def store_credit(case, *, actor, suggestion, **refund_choices) -> ResolutionOutcome:
    value = sum(line.order_line.value_of(line.quantity) for line in _lines(case))
    credit, code = services.store_credit_issue(
        actor=actor,
        merchant=case.merchant,
        customer=case.customer,
        amount=value,
        case=case,
        reason=_("case %(case)s resolved as store credit") % {"case": case.reference},
    )
    # The customer's e-mail carries the code; only its hash is stored.
    return ResolutionOutcome(store_credit=store_credit_facts(credit, code=code))


@resolution_handler(Resolution.EXCHANGE)
def exchange(case, *, actor, suggestion, **refund_choices) -> ResolutionOutcome:
    shipment_create_for_case(case=case, actor=actor, reason=_("exchange to ship"))
    return ResolutionOutcome()
