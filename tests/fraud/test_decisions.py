"""What a check says and decides when rules match: what each saw, the strictest action, the
score, which rules count."""

from decimal import Decimal
from itertools import pairwise

import pytest

from fraud import services
from fraud.choices import RuleAction, RuleKind
from refunds import screening
from refunds.choices import FraudDecision
from tests.fraud.factories import FraudRuleFactory, make_refund
from tests.fraud.rule_setups import V3, Context, _previous_refunds

pytestmark = pytest.mark.django_db


def test_the_check_says_what_the_rule_saw(merchant, other_merchant):
    refund = _previous_refunds(3)(Context(merchant, other_merchant))
    FraudRuleFactory(merchant=merchant, kind=RuleKind.VELOCITY, parameters=V3, name="Serial")
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    [match] = check.matches
    assert match["seen"] == {"count": 4, "days": 30, "limit": 3, "by": "customer"}
    assert match["message"] == "4 refunds in 30 days for the customer, limit 3"
    assert "Serial (4 refunds in 30 days for the customer, limit 3)" in check.summary
    assert list(check.matched_rules.all()) == [FraudRuleFactory._meta.model.objects.get()]


def test_strictest_action_decides_and_weights_add_up(merchant):
    refund = make_refund(merchant, amount=Decimal("500"))
    FraudRuleFactory(merchant=merchant, action=RuleAction.REVIEW, weight=10)
    FraudRuleFactory(merchant=merchant, action=RuleAction.BLOCK, weight=20)
    FraudRuleFactory(merchant=merchant, action=RuleAction.ALLOW, weight=5)
    FraudRuleFactory(merchant=merchant, parameters={"amount": "900"}, weight=50)
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert (check.decision, check.score, len(check.matches)) == (RuleAction.BLOCK, 35, 3)


def test_a_high_score_of_allowing_rules_means_review(merchant):
    refund = make_refund(merchant, amount=Decimal("500"))
    FraudRuleFactory(merchant=merchant, action=RuleAction.ALLOW, weight=60)
    FraudRuleFactory(merchant=merchant, action=RuleAction.ALLOW, weight=40)
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert (check.decision, check.score) == (RuleAction.REVIEW, 100)


def test_inactive_rules_and_other_merchants_rules_are_not_evaluated(merchant, other_merchant):
    refund = make_refund(merchant, amount=Decimal("500"))
    FraudRuleFactory(merchant=merchant, is_active=False)
    FraudRuleFactory(merchant=other_merchant)
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert (check.rules_evaluated, check.decision) == (0, RuleAction.ALLOW)


@pytest.mark.django_db(False)
def test_one_order_of_strictness_for_screenings_and_rules():
    order = ["", FraudDecision.ALLOW, FraudDecision.REVIEW, FraudDecision.BLOCK]
    for milder, stricter in pairwise(order):
        assert screening.stricter(stricter, milder) and not screening.stricter(milder, stricter)
    assert screening.stricter(RuleAction.BLOCK, RuleAction.REVIEW)
    assert not screening.stricter(RuleAction.ALLOW, RuleAction.ALLOW)
