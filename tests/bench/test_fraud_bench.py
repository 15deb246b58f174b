"""Evaluations per second with 50 active rules, on PostgreSQL. Run with `make bench`.

Not run by `make test` (pytest ignores tests/bench there); on another database it fails
and says so.
"""

import time
from decimal import Decimal

import pytest

from fraud import services
from fraud.models import FraudCheck
from tests.factories import CustomerFactory
from tests.fraud.factories import make_refund
from tests.fraud.test_queries import make_rules

pytestmark = pytest.mark.django_db

EVALUATIONS = 300
IBAN = "DE89370400440532013000"


def test_evaluations_per_second_with_fifty_rules(postgres, merchant, other_merchant):
    make_rules(50, merchant)
    # Some history to count: customers with earlier refunds at both merchants.
    refunds = []
    for index in range(60):
        customer = CustomerFactory(merchant=merchant, email=f"bench{index}@example.org")
        twin = CustomerFactory(merchant=other_merchant, email=f"bench{index}@example.org")
        for days_ago in (2, 10, 40):
            make_refund(merchant, customer=customer, days_ago=days_ago, iban=IBAN)
            make_refund(other_merchant, customer=twin, days_ago=days_ago)
        refunds.append(make_refund(merchant, customer=customer, amount=Decimal("120")))
    started = time.perf_counter()
    for index in range(EVALUATIONS):
        refund = refunds[index % len(refunds)]
        services.evaluate_refund(refund=refund, actor=refund.requested_by)
    elapsed = time.perf_counter() - started
    assert FraudCheck.objects.count() == EVALUATIONS
    print(
        f"\nfraud evaluation, 50 rules, {postgres.vendor}: {EVALUATIONS} in {elapsed:.2f} s, "
        f"{EVALUATIONS / elapsed:.0f} evaluations/s, {elapsed / EVALUATIONS * 1000:.1f} ms each"
    )
