from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from fraud.choices import RuleAction, RuleKind
from fraud.models import BlocklistEntry, Dispute, FraudRule, RequestSignal
from refunds.models import Refund
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ReturnCaseFactory,
    UserFactory,
)


class FraudRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FraudRule

    merchant = None
    name = factory.Sequence(lambda n: f"Rule {n}")
    kind = RuleKind.AMOUNT_OVER
    parameters = factory.LazyFunction(lambda: {"amount": "100.00"})
    action = RuleAction.REVIEW
    weight = 10
    is_active = True


class BlocklistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocklistEntry

    kind = "email"
    value = "fraud@example.org"
    reason = "Reported."


def make_refund(
    merchant,
    *,
    customer=None,
    amount=Decimal("50.00"),
    iban="",
    days_ago: float = 0,
    order=None,
    requested_by=None,
) -> Refund:
    """A refund request with its order and case, requested `days_ago` days ago."""
    customer = customer or (order.customer if order else CustomerFactory(merchant=merchant))
    order = order or OrderFactory(merchant=merchant, customer=customer, total_amount=amount * 10)
    if not order.lines.exists():
        OrderLineFactory(order=order, unit_price=amount)
    case = ReturnCaseFactory(order=order)
    refund = Refund.objects.create(
        merchant=merchant,
        case=case,
        order=order,
        amount=amount,
        currency="EUR",
        iban=iban,
        method="bank_transfer" if iban else "original_payment",
        requested_by=requested_by or UserFactory(username="requester"),
    )
    if days_ago:
        Refund.objects.filter(pk=refund.pk).update(
            requested_at=timezone.now() - timedelta(days=days_ago)
        )
        refund.refresh_from_db()
    return refund


def signal(refund, **fields) -> RequestSignal:
    return RequestSignal.objects.create(case=refund.case, **fields)


def dispute(order, *, amount=Decimal("20.00")) -> Dispute:
    return Dispute.objects.create(
        order=order, amount=amount, reason="chargeback", opened_at=timezone.now()
    )
