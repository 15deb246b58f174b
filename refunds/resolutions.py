"""How the refunds app carries out a case resolved as refund, store credit or exchange."""

from django.utils.translation import gettext as _

from refunds import services
from refunds.choices import RefundMethod
from returns import resolutions
from returns.choices import Resolution
from returns.services import shipment_create_for_case


def _lines(case) -> list[services.RefundLineInput]:
    return [
        services.RefundLineInput(line.order_line, line.quantity, line.reason)
        for line in case.lines.select_related("order_line", "reason")
    ]


@resolutions.register(Resolution.REFUND)
def refund(
    case,
    *,
    actor,
    suggestion,
    method=RefundMethod.ORIGINAL_PAYMENT,
    iban="",
    account_holder="",
    **options,
) -> None:
    services.refund_request(
        actor=actor,
        case=case,
        lines=_lines(case),
        method=method,
        iban=iban,
        account_holder=account_holder,
        reason=_("case %(case)s resolved as a refund") % {"case": case.reference},
    )


@resolutions.register(Resolution.STORE_CREDIT)
def store_credit(case, *, actor, suggestion, **options) -> None:
    value = sum(line.order_line.unit_price * line.quantity for line in _lines(case))
    _credit, code = services.store_credit_issue(
        actor=actor,
        merchant=case.merchant,
        customer=case.customer,
        amount=value,
        case=case,
        reason=_("case %(case)s resolved as store credit") % {"case": case.reference},
    )
    # The customer's e-mail carries the code; only its hash is stored.
    case.issued_store_credit_code = code


@resolutions.register(Resolution.EXCHANGE)
def exchange(case, *, actor, suggestion, **options) -> None:
    shipment_create_for_case(case=case, actor=actor, reason=_("exchange to ship"))
