"""A fraud decision reached outside a screening (a supervisor's review) recorded on the refund."""

import pytest

from refunds import services
from refunds.choices import FraudDecision
from returns.common.exceptions import NotAssigned
from tests.refunds.factories import RefundFactory

pytestmark = pytest.mark.django_db


def test_recording_a_decision_sets_it_with_why_and_who(supervisor, merchant):
    refund = RefundFactory(merchant=merchant, fraud_decision=FraudDecision.REVIEW)
    services.refund_record_fraud_decision(
        refund=refund, decision=FraudDecision.BLOCK, actor=supervisor, reason="confirmed fraud"
    )
    refund.refresh_from_db()
    assert refund.fraud_decision == FraudDecision.BLOCK
    latest = refund.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (supervisor, "confirmed fraud")


def test_recording_the_decision_a_refund_has_leaves_no_trace(supervisor, merchant):
    refund = RefundFactory(merchant=merchant, fraud_decision=FraudDecision.ALLOW)
    before = refund.history.count()
    services.refund_record_fraud_decision(
        refund=refund, decision=FraudDecision.ALLOW, actor=supervisor, reason="again"
    )
    assert refund.history.count() == before


def test_an_outsider_records_no_decision(outsider, merchant):
    refund = RefundFactory(merchant=merchant, fraud_decision=FraudDecision.REVIEW)
    with pytest.raises(NotAssigned):
        services.refund_record_fraud_decision(
            refund=refund, decision=FraudDecision.ALLOW, actor=outsider, reason="mine"
        )
    refund.refresh_from_db()
    assert refund.fraud_decision == FraudDecision.REVIEW
