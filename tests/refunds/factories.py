"""Refunds, listings and store credit built directly in any state, for tests that start mid-way.

The factories write rows without going through the services (no history user or reason on the
row they create); tests of the services themselves start from `refund_request`.
"""

import datetime
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from refunds.choices import BatchState, RefundState
from refunds.models import Refund, RefundBatch, StoreCredit
from refunds.services.store_credit import hash_code as _hash_code
from tests.factories import (
    CustomerFactory,
    MerchantFactory,
    OrderFactory,
    OrderLineFactory,
    ReturnCaseFactory,
    UserFactory,
)


class RefundBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundBatch

    merchant = factory.SubFactory(MerchantFactory)
    reference = factory.Sequence(lambda n: f"BATCH-{n}")
    frequency = "daily"
    # One listing a day and merchant: a day of its own for each listing built here.
    period_start = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + timedelta(days=n))
    period_end = factory.SelfAttribute("period_start")
    state = BatchState.OPEN


class RefundFactory(factory.django.DjangoModelFactory):
    """A refund of 50.00 on a 100.00 order, in the state asked for, with the fields it implies."""

    class Meta:
        model = Refund

    class Params:
        order_total = Decimal("100.00")

    # Pass `merchant` for a new case of that merchant, or `case` and `merchant=case.merchant`.
    merchant = factory.SubFactory(MerchantFactory)
    case = factory.SubFactory(
        ReturnCaseFactory,
        order=factory.SubFactory(
            OrderFactory,
            merchant=factory.SelfAttribute("...merchant"),
            total_amount=factory.SelfAttribute("...order_total"),
        ),
        inside_policy=True,
    )
    order = factory.SelfAttribute("case.order")
    amount = Decimal("50.00")
    currency = "EUR"
    requested_by = factory.SubFactory(UserFactory)
    state = RefundState.REQUESTED
    approved_by = factory.Maybe(
        factory.LazyAttribute(
            lambda refund: (
                refund.state
                in (RefundState.APPROVED, RefundState.BATCHED, RefundState.PAID, RefundState.FAILED)
            )
        ),
        yes_declaration=factory.SelfAttribute("requested_by"),
        no_declaration=None,
    )
    batch = factory.Maybe(
        factory.LazyAttribute(
            lambda refund: (
                refund.state in (RefundState.BATCHED, RefundState.PAID, RefundState.FAILED)
            )
        ),
        yes_declaration=factory.SubFactory(
            RefundBatchFactory, merchant=factory.SelfAttribute("..merchant")
        ),
        no_declaration=None,
    )
    paid_at = factory.Maybe(
        factory.LazyAttribute(lambda refund: refund.state == RefundState.PAID),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )


def order_with_line(merchant, *, total=Decimal("100.00"), unit_price=Decimal("50.00"), quantity=1):
    """An order of `merchant` with one line, and a return case (inside the policy) on it."""
    order = OrderFactory(merchant=merchant, total_amount=total)
    line = OrderLineFactory(order=order, unit_price=unit_price, quantity=quantity)
    case = ReturnCaseFactory(order=order, inside_policy=True)
    return order, line, case


class StoreCreditFactory(factory.django.DjangoModelFactory):
    """Store credit whose code is `code` (pass it to redeem); only its hash is stored."""

    class Meta:
        model = StoreCredit
        exclude = ["code"]

    merchant = factory.SubFactory(MerchantFactory)
    customer = factory.SubFactory(CustomerFactory, merchant=factory.SelfAttribute("..merchant"))
    code = factory.Sequence(lambda n: f"TEST-CODE-{n:04d}-ABCD")
    code_hash = factory.LazyAttribute(lambda credit: _hash_code(credit.code))
    code_last4 = factory.LazyAttribute(lambda credit: credit.code[-4:])
    initial_value = Decimal("100.00")
    balance = factory.SelfAttribute("initial_value")
    currency = "EUR"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
