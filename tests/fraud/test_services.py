"""Screening of refund requests through the refunds app, reviews, flags, blocklists, backtests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fraud import services
from fraud.choices import CheckStage, FlagLevel, ReviewOutcome, RuleAction, RuleKind
from fraud.exceptions import (
    AlreadyReviewed,
    GlobalScopeNotPermitted,
    InvalidBlocklistValue,
    InvalidReviewOutcome,
    NoteRequired,
)
from fraud.models import BlocklistEntry, CustomerFlag, FraudCheck, FraudRule
from fraud.normalize import normalize
from refunds import services as refund_services
from refunds.choices import ApprovalReason, FraudDecision, RefundState
from refunds.exceptions import FraudBlocked
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from tests.factories import ReturnCaseFactory, ReturnReasonFactory
from tests.fraud.factories import FraudRuleFactory, make_refund

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


def _request(agent, merchant, *, unit_price=Decimal("50.00"), iban=""):
    case = ReturnCaseFactory(order__merchant=merchant, order__total_amount=Decimal("500"))
    line = case.order.lines.get()
    line.unit_price = unit_price
    line.save()
    return refund_services.refund_request(
        actor=agent,
        case=case,
        lines=[
            refund_services.RefundLineInput(
                line, 1, ReturnReasonFactory(merchant=merchant, code="changed-mind")
            )
        ],
        method="bank_transfer" if iban else "original_payment",
        iban=iban,
        account_holder="A. Customer" if iban else "",
    )


def test_a_request_without_rules_is_checked_and_left_alone(agent, merchant):
    refund = _request(agent, merchant)
    check = FraudCheck.objects.get(refund=refund)
    assert (check.stage, check.decision, check.rules_evaluated) == ("request", "allow", 0)
    refund.refresh_from_db()
    assert refund.fraud_decision == ""
    assert refund.approval_reason != ApprovalReason.FRAUD_REVIEW


def test_a_review_rule_holds_the_request_for_a_supervisor(agent, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"}, action=RuleAction.REVIEW)
    refund = _request(agent, merchant)
    refund.refresh_from_db()
    assert refund.state == RefundState.PENDING_APPROVAL
    assert refund.approval_reason == ApprovalReason.FRAUD_REVIEW
    assert refund.fraud_decision == FraudDecision.REVIEW
    assert "amount 50.00 EUR, limit 40.00" in refund.history.latest().history_change_reason
    assert FraudCheck.objects.awaiting_review().get().refund == refund


def test_a_block_rule_stops_the_refund_in_the_state_machine(agent, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"}, action=RuleAction.BLOCK)
    refund = _request(agent, merchant)
    refund.refresh_from_db()
    assert (refund.state, refund.fraud_decision) == (RefundState.REQUESTED, FraudDecision.BLOCK)
    with pytest.raises(TransitionNotAllowed):
        refund_services.refund_validate(refund=refund, actor=agent)


def test_confirmed_fraud_blocks_the_refund_and_can_block_the_customer(agent, supervisor, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    refund = _request(agent, merchant)
    check = FraudCheck.objects.get(refund=refund)
    services.check_review(
        check=check,
        actor=supervisor,
        outcome=ReviewOutcome.CONFIRMED_FRAUD,
        note="Signed for by the customer.",
        flag_customer=True,
    )
    check.refresh_from_db()
    refund.refresh_from_db()
    assert (check.review_outcome, check.reviewed_by) == ("confirmed_fraud", supervisor)
    assert refund.fraud_decision == FraudDecision.BLOCK
    assert refund.case.customer.fraud_flag.level == FlagLevel.BLOCKED
    assert check.history.latest().history_change_reason == "reviewed: confirmed fraud"
    with pytest.raises(FraudBlocked):
        refund_services.refund_approve_exception(refund=refund, actor=supervisor, reason="ok")
    refund.refresh_from_db()
    assert refund.state == RefundState.PENDING_APPROVAL
    assert refund.fraud_decision == FraudDecision.BLOCK
    assert not FraudCheck.objects.awaiting_review().exists()
    with pytest.raises(AlreadyReviewed):
        services.check_review(
            check=check, actor=supervisor, outcome=ReviewOutcome.FALSE_POSITIVE, note="x"
        )


def test_a_false_positive_lets_the_supervisor_approve(agent, supervisor, merchant):
    rule = FraudRuleFactory(merchant=merchant, parameters={"amount": "40"}, action="block")
    refund = _request(agent, merchant)
    check = FraudCheck.objects.get(refund=refund)
    services.check_review(
        check=check, actor=supervisor, outcome=ReviewOutcome.FALSE_POSITIVE, note="Known buyer."
    )
    refund.refresh_from_db()
    assert refund.fraud_decision == FraudDecision.ALLOW
    again = services.evaluate_refund(refund=refund, actor=supervisor, stage=CheckStage.APPROVAL)
    assert (again.stage, again.decision) == ("approval", RuleAction.ALLOW)
    assert again.matches[0]["rule"] == rule.pk and again.matches[0]["cleared"]
    refund_services.refund_validate(refund=refund, actor=agent)
    assert rule.checks.count() == 2


def test_a_review_needs_a_note_and_the_review_permission(agent, supervisor, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    check = FraudCheck.objects.get(refund=_request(agent, merchant))
    with pytest.raises(NoteRequired):
        services.check_review(check=check, actor=supervisor, outcome="false_positive", note=" ")
    with pytest.raises(ActionNotPermitted):
        services.check_review(check=check, actor=agent, outcome="false_positive", note="fine")


def test_a_review_with_an_unknown_outcome_is_refused_as_such(supervisor, agent, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    check = FraudCheck.objects.get(refund=_request(agent, merchant))
    with pytest.raises(InvalidReviewOutcome) as refused:
        services.check_review(check=check, actor=supervisor, outcome="maybe", note="unsure")
    assert not isinstance(refused.value, NoteRequired)
    assert refused.value.message == "Choose confirmed fraud or false positive."
    check.refresh_from_db()
    assert check.review_outcome == ""


def test_confirmed_fraud_blocks_the_refund_with_the_reviews_reason(supervisor, agent, merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    refund = _request(agent, merchant)
    check = FraudCheck.objects.get(refund=refund)
    services.check_review(
        check=check, actor=supervisor, outcome=ReviewOutcome.CONFIRMED_FRAUD, note="Stolen card."
    )
    refund.refresh_from_db()
    assert refund.fraud_decision == FraudDecision.BLOCK
    latest = refund.history.latest()
    assert latest.history_user == supervisor
    assert latest.history_change_reason == "fraud review: confirmed fraud: Stolen card."


def test_outsider_cannot_review_another_merchants_check(agent, merchant, other_merchant):
    from tests.conftest import _staff

    stranger = _staff("supervisor", "stan.stranger", [other_merchant])
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    check = FraudCheck.objects.get(refund=_request(agent, merchant))
    with pytest.raises(NotAssigned):
        services.check_review(check=check, actor=stranger, outcome="false_positive", note="x")


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("email", "  Fraud@Example.ORG ", "fraud@example.org"),
        ("phone", "+49 (30) 123-45 67", "+4930123 4567".replace(" ", "")),
        ("phone", "0049 30 1234567", "+49301234567"),
        ("iban", "de89 3704 0044 0532 0130 00", IBAN),
        ("ip", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("ip", " 192.0.2.1 ", "192.0.2.1"),
        ("address", "  Hauptstraße 1 ,  10115   BERLIN ", "hauptstrasse 1, 10115 berlin"),
    ],
)
def test_blocklist_values_are_normalized(kind, typed, stored):
    assert normalize(kind, typed) == stored


@pytest.mark.parametrize(
    ("kind", "typed"),
    [("email", "not-an-email"), ("phone", "12"), ("iban", "DE00 1234"), ("ip", "999.1.1.1")],
)
def test_invalid_blocklist_values_are_refused(supervisor, merchant, kind, typed):
    with pytest.raises(ValidationError):
        normalize(kind, typed)
    with pytest.raises(InvalidBlocklistValue):
        services.blocklist_add(
            actor=supervisor, kind=kind, value=typed, reason="r", merchant=merchant
        )


def test_blocklisting_twice_renews_the_entry_and_is_audited(supervisor, merchant):
    first = services.blocklist_add(
        actor=supervisor, kind="email", value="A@B.org", reason="first", merchant=merchant
    )
    later = timezone.now() + timedelta(days=30)
    second = services.blocklist_add(
        actor=supervisor,
        kind="email",
        value=" a@b.ORG",
        reason="second",
        merchant=merchant,
        expires_at=later,
    )
    assert first.pk == second.pk
    assert BlocklistEntry.objects.get().reason == "second"
    reasons = [row.history_change_reason for row in second.history.all()]
    assert reasons == ["blocklist entry renewed: second", "blocklisted: first"]
    assert second.history.latest().history_user == supervisor


def test_changing_an_entry_keeps_its_value_and_records_why(supervisor, merchant):
    entry = services.blocklist_add(
        actor=supervisor, kind="email", value="a@b.org", reason="first", merchant=merchant
    )
    later = timezone.now() + timedelta(days=7)
    services.blocklist_change(
        entry=entry, actor=supervisor, reason=" chargebacks ", expires_at=later
    )
    entry.refresh_from_db()
    assert (entry.value, entry.reason, entry.expires_at) == ("a@b.org", "chargebacks", later)
    latest = entry.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        supervisor,
        "blocklist entry changed: chargebacks",
    )
    with pytest.raises(NoteRequired):
        services.blocklist_change(entry=entry, actor=supervisor, reason=" ", expires_at=None)


def test_only_an_administrator_changes_a_global_entry(supervisor, agent, merchant):
    entry = BlocklistEntry.objects.create(kind="email", value="a@b.org", reason="r")
    with pytest.raises(GlobalScopeNotPermitted):
        services.blocklist_change(entry=entry, actor=supervisor, reason="mine", expires_at=None)
    with pytest.raises(ActionNotPermitted):
        services.blocklist_change(entry=entry, actor=agent, reason="mine", expires_at=None)
    assert BlocklistEntry.objects.get().reason == "r"


def test_only_an_administrator_blocklists_for_every_merchant(supervisor, agent, merchant):
    with pytest.raises(GlobalScopeNotPermitted):
        services.blocklist_add(actor=supervisor, kind="email", value="a@b.org", reason="r")
    with pytest.raises(ActionNotPermitted):
        services.blocklist_add(
            actor=agent, kind="email", value="a@b.org", reason="r", merchant=merchant
        )


def test_flagging_a_customer_is_audited_and_replaces_the_flag(supervisor, merchant):
    refund = make_refund(merchant)
    customer = refund.case.customer
    services.customer_flag(actor=supervisor, customer=customer, level="watch", reason="odd")
    flag = services.customer_flag(
        actor=supervisor, customer=customer, level="blocked", reason="worse"
    )
    assert flag.history.count() == 2
    assert flag.history.latest().history_change_reason == "customer flagged blocked: worse"
    services.customer_unflag(actor=supervisor, customer=customer, reason="resolved")
    assert not type(flag).objects.exists()
    assert flag.history.latest().history_type == "-"


def test_backtest_counts_what_a_rule_would_have_done(supervisor, merchant, other_merchant):
    for days_ago, amount in [(1, "150"), (5, "250"), (20, "300"), (2, "50")]:
        make_refund(merchant, amount=Decimal(amount), days_ago=days_ago)
    make_refund(other_merchant, amount=Decimal("999"), days_ago=1)
    rule = FraudRuleFactory(
        merchant=merchant, parameters={"amount": "100"}, action="block", is_active=False
    )
    result = services.rule_backtest(rule=rule, actor=supervisor, days=10)
    assert (result.evaluated, result.matched, result.reviewed, result.blocked) == (3, 2, 0, 2)
    assert [example.message for example in result.examples] == [
        "amount 150.00 EUR, limit 100.00",
        "amount 250.00 EUR, limit 100.00",
    ]
    assert not FraudCheck.objects.exists()


def test_backtest_of_velocity_counts_as_of_each_request(supervisor, merchant):
    first = make_refund(merchant, days_ago=3)
    for days_ago in (2, 1):
        make_refund(merchant, customer=first.case.customer, days_ago=days_ago)
    rule = FraudRuleFactory(
        merchant=merchant,
        kind=RuleKind.VELOCITY,
        parameters={"count": 2, "days": 30, "by": "customer"},
    )
    result = services.rule_backtest(rule=rule, actor=supervisor, days=10)
    # Only the third request saw more than two refunds.
    assert (result.evaluated, result.matched, result.reviewed) == (3, 1, 1)


def _listed_since(value, *, merchant, days_ago, expired_days_ago=None):
    entry = BlocklistEntry.objects.create(
        kind="iban", value=value, merchant=merchant, reason="mule account"
    )
    now = timezone.now()
    BlocklistEntry.objects.filter(pk=entry.pk).update(
        created_at=now - timedelta(days=days_ago),
        expires_at=now - timedelta(days=expired_days_ago) if expired_days_ago else None,
    )


def test_backtest_sees_the_blocklist_and_flags_as_they_were_at_each_request(supervisor, merchant):
    other_iban = "GB33BUKB20201555555555"
    before_listing = make_refund(merchant, iban=IBAN, days_ago=5)
    after_listing = make_refund(merchant, iban=IBAN, days_ago=2)
    before_expiry = make_refund(merchant, iban=other_iban, days_ago=2)
    _listed_since(IBAN, merchant=merchant, days_ago=3)
    _listed_since(other_iban, merchant=merchant, days_ago=10, expired_days_ago=1)
    listed = FraudRuleFactory(merchant=merchant, kind=RuleKind.BLOCKLISTED, parameters={})
    result = services.rule_backtest(rule=listed, actor=supervisor, days=10)
    assert (result.evaluated, result.matched) == (3, 2)
    assert {example.refund for example in result.examples} == {after_listing, before_expiry}

    flagged_later = before_listing.case.customer
    services.customer_flag(actor=supervisor, customer=flagged_later, level="blocked", reason="x")
    flagged = FraudRuleFactory(merchant=merchant, kind=RuleKind.CUSTOMER_FLAGGED, parameters={})
    result = services.rule_backtest(rule=flagged, actor=supervisor, days=10)
    assert (result.evaluated, result.matched) == (3, 0)
    CustomerFlag.objects.update(flagged_at=timezone.now() - timedelta(days=6))
    result = services.rule_backtest(rule=flagged, actor=supervisor, days=10)
    assert [example.refund for example in result.examples] == [before_listing]


def test_rule_parameters_are_checked_per_kind():
    rule = FraudRule(name="x", kind=RuleKind.VELOCITY, parameters={"count": 0, "by": "nobody"})
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert set(raised.value.message_dict) == {"count", "days", "by"}
    ok = FraudRule(name="x", kind=RuleKind.RETURN_RATE, parameters={"percent": 40})
    ok.full_clean()
    assert ok.parameters == {"percent": "40.00", "min_orders": 1}


def test_a_stored_rule_with_broken_parameters_is_skipped(merchant):
    FraudRule.objects.create(merchant=merchant, name="broken", kind="velocity", is_active=True)
    refund = make_refund(merchant)
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert (check.rules_evaluated, check.decision) == (1, "allow")
