import pytest
from django.core.management import call_command

from fraud.choices import ReviewOutcome, RuleKind
from fraud.models import BlocklistEntry, CustomerFlag, FraudCheck, FraudRule
from refunds.choices import ApprovalReason, FraudDecision, RefundState

pytestmark = pytest.mark.django_db


def test_demo_has_rules_of_every_kind_a_blocked_and_a_held_request_and_reviews():
    call_command("seed_demo")
    assert set(FraudRule.objects.values_list("kind", flat=True)) == set(RuleKind.values)
    assert BlocklistEntry.objects.exists() and CustomerFlag.objects.exists()
    blocked = FraudCheck.objects.get(decision="block").refund
    assert (blocked.state, blocked.fraud_decision) == (RefundState.REQUESTED, FraudDecision.BLOCK)
    held = FraudCheck.objects.awaiting_review().get(decision="review").refund
    assert (held.state, held.approval_reason) == (
        RefundState.PENDING_APPROVAL,
        ApprovalReason.FRAUD_REVIEW,
    )
    outcomes = set(FraudCheck.objects.values_list("review_outcome", flat=True))
    assert {ReviewOutcome.CONFIRMED_FRAUD, ReviewOutcome.FALSE_POSITIVE} <= outcomes
