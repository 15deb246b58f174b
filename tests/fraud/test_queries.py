"""Evaluation gathers its facts once: its query count does not grow with the rules."""

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fraud import services
from fraud.choices import RuleKind
from fraud.models import FraudRule
from tests.fraud.factories import FraudRuleFactory, make_refund

pytestmark = pytest.mark.django_db

PARAMETERS = {
    RuleKind.AMOUNT_OVER: {"amount": "10"},
    RuleKind.VELOCITY: {"count": 1, "days": 30, "by": "customer"},
    RuleKind.RETURN_RATE: {"percent": "10"},
    RuleKind.BLOCKLISTED: {},
    RuleKind.CUSTOMER_FLAGGED: {},
    RuleKind.COUNTRY_MISMATCH: {},
    RuleKind.NEW_ACCOUNT: {"days": 30, "amount": "10"},
    RuleKind.DISPUTE: {"on": "customer"},
    RuleKind.SHARED_IBAN: {"customers": 1},
}
# The five kinds that each need a fact from the database come first.
ORDER = [
    RuleKind.VELOCITY,
    RuleKind.RETURN_RATE,
    RuleKind.BLOCKLISTED,
    RuleKind.DISPUTE,
    RuleKind.SHARED_IBAN,
    RuleKind.AMOUNT_OVER,
    RuleKind.CUSTOMER_FLAGGED,
    RuleKind.COUNTRY_MISMATCH,
    RuleKind.NEW_ACCOUNT,
]


def make_rules(count, merchant):
    kinds = itertools.cycle(ORDER)
    for index in range(count):
        kind = next(kinds)
        FraudRuleFactory(
            kind=kind,
            parameters=PARAMETERS[kind],
            merchant=merchant if index % 2 else None,
            weight=1,
        )


def _queries(merchant, rules) -> int:
    FraudRule.objects.all().delete()
    make_rules(rules, merchant)
    refund = make_refund(merchant, amount=Decimal("60"), iban="DE89370400440532013000")
    make_refund(merchant, customer=refund.case.customer, iban="DE89370400440532013000")
    with CaptureQueriesContext(connection) as captured:
        check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert check.rules_evaluated == rules
    assert check.matches
    return len(captured)


def test_fifty_rules_take_as_many_queries_as_five(merchant):
    five = _queries(merchant, 5)
    fifty = _queries(merchant, 50)
    assert five == fifty
    assert fifty <= 12


def test_evaluation_with_fifty_rules_stays_bounded(merchant, django_assert_max_num_queries):
    make_rules(50, merchant)
    refund = make_refund(merchant, iban="DE89370400440532013000")
    with django_assert_max_num_queries(12):
        services.evaluate_refund(refund=refund, actor=refund.requested_by)
