"""Each kind of rule, table-driven, with its edges: at the limit, expired, other merchants."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fraud import services
from fraud.choices import RuleAction, RuleKind
from fraud.models import CustomerFlag
from returns.models import Customer
from tests.factories import CustomerFactory, OrderFactory, ReturnCaseFactory, UserFactory
from tests.fraud.factories import (
    BlocklistEntryFactory,
    FraudRuleFactory,
    dispute,
    make_refund,
    signal,
)

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"
OTHER_IBAN = "GB33BUKB20201555555555"
MOMENT = datetime(2026, 3, 14, 12, 0, 0, 123456, tzinfo=UTC)
SECOND = 1 / 86400


@pytest.fixture
def frozen_now(monkeypatch):
    """The clock stands still during a case, so "exactly at the limit" is exact. A field
    whose default is timezone.now itself kept the real function: set it explicitly."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


def _amount(amount):
    def setup(ctx):
        return make_refund(ctx.merchant, amount=Decimal(amount))

    return setup


def _previous_refunds(count, *, days_ago=1, at_other_merchant=False, by="customer"):
    """`count` earlier refunds of the same customer (or e-mail, or IBAN), then this one.
    By IBAN, the earlier refunds are other customers'; at the other merchant, by customer or
    e-mail, they are those of a customer with the same e-mail there."""

    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant, email="serial@example.org")
        twin = CustomerFactory(merchant=ctx.other_merchant, email="Serial@Example.org")
        for _ in range(count):
            if by == "iban":
                where = ctx.other_merchant if at_other_merchant else ctx.merchant
                make_refund(where, days_ago=days_ago, iban=IBAN)
            elif at_other_merchant:
                make_refund(ctx.other_merchant, customer=twin, days_ago=days_ago, iban=IBAN)
            else:
                make_refund(ctx.merchant, customer=customer, days_ago=days_ago, iban=IBAN)
        return make_refund(ctx.merchant, customer=customer, iban=IBAN)

    return setup


def _return_rate(orders, cases):
    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        made = [OrderFactory(merchant=ctx.merchant, customer=customer) for _ in range(orders)]
        for order in made[: cases - 1]:
            ReturnCaseFactory(order=order)
        return make_refund(ctx.merchant, order=made[-1])

    return setup


def _blocklisted(kind, listed_value, *, expires_in=None, scope="merchant", **customer_fields):
    """An entry expiring `expires_in` (a timedelta, negative: in the past) from now, or never."""

    def setup(ctx):
        merchant = {"merchant": ctx.merchant, "other": ctx.other_merchant, "global": None}[scope]
        entry = BlocklistEntryFactory(kind=kind, value=listed_value, merchant=merchant)
        entry.full_clean()  # normalizes
        if expires_in is not None:
            entry.expires_at = timezone.now() + expires_in
        entry.save()
        customer = CustomerFactory(merchant=ctx.merchant, **customer_fields)
        refund = make_refund(
            ctx.merchant, customer=customer, iban=customer_fields.get("iban_for_refund", "")
        )
        if kind == "ip":
            signal(refund, ip_address="2001:db8::1")
        return refund

    return setup


def _iban_refund(listed_value, **entry):
    def setup(ctx):
        item = BlocklistEntryFactory(
            kind="iban", value=listed_value, merchant=ctx.merchant, **entry
        )
        item.full_clean()
        item.save()
        return make_refund(ctx.merchant, iban=IBAN)

    return setup


def _flagged(level):
    def setup(ctx):
        refund = make_refund(ctx.merchant)
        if level:
            CustomerFlag.objects.create(
                customer=refund.case.customer,
                level=level,
                reason="parcels",
                flagged_by=ctx.user,
                flagged_at=timezone.now(),
            )
        return refund

    return setup


def _countries(shipping, billing, *, with_signal=True):
    def setup(ctx):
        refund = make_refund(ctx.merchant)
        if with_signal:
            signal(refund, shipping_country=shipping, billing_country=billing)
        return refund

    return setup


def _account_age(days, amount, *, opened_days_ago=None):
    """A customer the desk first saw `days` ago; `opened_days_ago`: the shop's own date."""

    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        opened = None
        if opened_days_ago is not None:
            opened = timezone.now() - timedelta(days=opened_days_ago)
        Customer.objects.filter(pk=customer.pk).update(
            created_at=timezone.now() - timedelta(days=days), account_opened_at=opened
        )
        customer.refresh_from_db()
        return make_refund(ctx.merchant, customer=customer, amount=Decimal(amount))

    return setup


def _disputed(where):
    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        refund = make_refund(ctx.merchant, customer=customer)
        if where == "order":
            dispute(refund.order)
        elif where == "other_order":
            dispute(OrderFactory(merchant=ctx.merchant, customer=customer))
        return refund

    return setup


def _shared_iban(other_customers, *, at_other_merchant=False):
    def setup(ctx):
        merchant = ctx.other_merchant if at_other_merchant else ctx.merchant
        for _ in range(other_customers):
            make_refund(merchant, iban=IBAN, days_ago=100)
        make_refund(ctx.merchant, iban=OTHER_IBAN)  # another account counts for nothing
        return make_refund(ctx.merchant, iban=IBAN)

    return setup


V3 = {"count": 3, "days": 30, "by": "customer"}

# (id, kind, parameters, scope of the rule, setup, expected to match)
CASES = [
    ("amount below", RuleKind.AMOUNT_OVER, {"amount": "100"}, "merchant", _amount("99.99"), False),
    ("amount at limit", RuleKind.AMOUNT_OVER, {"amount": "100"}, "merchant", _amount("100"), False),
    ("amount over", RuleKind.AMOUNT_OVER, {"amount": "100"}, "merchant", _amount("100.01"), True),
    ("3 refunds, limit 3", RuleKind.VELOCITY, V3, "merchant", _previous_refunds(2), False),
    ("4 refunds, limit 3", RuleKind.VELOCITY, V3, "merchant", _previous_refunds(3), True),
    (
        "old refunds outside the window",
        RuleKind.VELOCITY,
        V3,
        "merchant",
        _previous_refunds(3, days_ago=31),
        False,
    ),
    (
        "3 refunds exactly 30 days old: out of the window",
        RuleKind.VELOCITY,
        V3,
        "merchant",
        _previous_refunds(3, days_ago=30),
        False,
    ),
    (
        "3 refunds a second less than 30 days old: in the window",
        RuleKind.VELOCITY,
        V3,
        "merchant",
        _previous_refunds(3, days_ago=30 - SECOND),
        True,
    ),
    (
        "other merchant's refunds, merchant rule",
        RuleKind.VELOCITY,
        {**V3, "by": "email"},
        "merchant",
        _previous_refunds(3, at_other_merchant=True),
        False,
    ),
    (
        "other merchant's refunds, global rule by e-mail",
        RuleKind.VELOCITY,
        {**V3, "by": "email"},
        "global",
        _previous_refunds(3, at_other_merchant=True),
        True,
    ),
    (
        "same IBAN, other customers",
        RuleKind.VELOCITY,
        {**V3, "by": "iban"},
        "merchant",
        _previous_refunds(3, by="iban"),
        True,
    ),
    (
        "same IBAN at another merchant, merchant rule by IBAN",
        RuleKind.VELOCITY,
        {**V3, "by": "iban"},
        "merchant",
        _previous_refunds(3, by="iban", at_other_merchant=True),
        False,
    ),
    (
        "same IBAN at another merchant, global rule by IBAN",
        RuleKind.VELOCITY,
        {**V3, "by": "iban"},
        "global",
        _previous_refunds(3, by="iban", at_other_merchant=True),
        True,
    ),
    (
        "same IBAN, other customers, counted by customer",
        RuleKind.VELOCITY,
        V3,
        "merchant",
        _previous_refunds(3, by="iban"),
        False,
    ),
    (
        "rate 50 %, limit 50",
        RuleKind.RETURN_RATE,
        {"percent": "50"},
        "merchant",
        _return_rate(4, 2),
        False,
    ),
    (
        "rate 75 %, limit 50",
        RuleKind.RETURN_RATE,
        {"percent": "50"},
        "merchant",
        _return_rate(4, 3),
        True,
    ),
    (
        "too few orders",
        RuleKind.RETURN_RATE,
        {"percent": "50", "min_orders": 5},
        "merchant",
        _return_rate(4, 4),
        False,
    ),
    (
        "e-mail spelled otherwise",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted("email", "  Fraud@Example.ORG ", email="fraud@example.org"),
        True,
    ),
    (
        "expired entry",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted(
            "email",
            "fraud@example.org",
            expires_in=timedelta(minutes=-1),
            email="fraud@example.org",
        ),
        False,
    ),
    (
        "entry expiring at the moment of the check",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted(
            "email", "fraud@example.org", expires_in=timedelta(0), email="fraud@example.org"
        ),
        False,
    ),
    (
        "entry expiring a second after the check",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted(
            "email",
            "fraud@example.org",
            expires_in=timedelta(seconds=1),
            email="fraud@example.org",
        ),
        True,
    ),
    (
        "other merchant's entry",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted("email", "fraud@example.org", scope="other", email="fraud@example.org"),
        False,
    ),
    (
        "global entry",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted("email", "fraud@example.org", scope="global", email="fraud@example.org"),
        True,
    ),
    (
        "phone in another format",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted("phone", "0049 30 1234567", phone="+49 (30) 123-4567"),
        True,
    ),
    (
        "phone list not chosen",
        RuleKind.BLOCKLISTED,
        {"lists": ["email"]},
        "merchant",
        _blocklisted("phone", "+49301234567", phone="+49 30 1234567"),
        False,
    ),
    (
        "IP address",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted("ip", "2001:0db8:0000::0001"),
        True,
    ),
    (
        "address with other spacing and case",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _blocklisted(
            "address",
            "HAUPTSTRASSE  1,  10115   berlin",
            street="Hauptstraße 1",
            postal_code="10115",
            city="Berlin",
        ),
        True,
    ),
    (
        "IBAN with spaces",
        RuleKind.BLOCKLISTED,
        {},
        "merchant",
        _iban_refund("de89 3704 0044 0532 0130 00"),
        True,
    ),
    ("not flagged", RuleKind.CUSTOMER_FLAGGED, {}, "merchant", _flagged(""), False),
    ("watched", RuleKind.CUSTOMER_FLAGGED, {}, "merchant", _flagged("watch"), True),
    (
        "watched, rule for blocked",
        RuleKind.CUSTOMER_FLAGGED,
        {"level": "blocked"},
        "merchant",
        _flagged("watch"),
        False,
    ),
    (
        "blocked",
        RuleKind.CUSTOMER_FLAGGED,
        {"level": "blocked"},
        "merchant",
        _flagged("blocked"),
        True,
    ),
    ("same country", RuleKind.COUNTRY_MISMATCH, {}, "merchant", _countries("DE", "DE"), False),
    ("other country", RuleKind.COUNTRY_MISMATCH, {}, "merchant", _countries("FR", "DE"), True),
    (
        "no signal",
        RuleKind.COUNTRY_MISMATCH,
        {},
        "merchant",
        _countries("", "", with_signal=False),
        False,
    ),
    (
        "billing falls back to the customer's country",
        RuleKind.COUNTRY_MISMATCH,
        {},
        "merchant",
        _countries("FR", ""),
        True,
    ),
    (
        "new account, high amount",
        RuleKind.NEW_ACCOUNT,
        {"days": 7, "amount": "100"},
        "merchant",
        _account_age(6, "150"),
        True,
    ),
    (
        "account exactly 7 days old",
        RuleKind.NEW_ACCOUNT,
        {"days": 7, "amount": "100"},
        "merchant",
        _account_age(7, "150"),
        False,
    ),
    (
        "imported today, but the shop's account is two years old",
        RuleKind.NEW_ACCOUNT,
        {"days": 7, "amount": "100"},
        "merchant",
        _account_age(0, "150", opened_days_ago=730),
        False,
    ),
    (
        "known here for long, but the shop's account is new",
        RuleKind.NEW_ACCOUNT,
        {"days": 7, "amount": "100"},
        "merchant",
        _account_age(400, "150", opened_days_ago=2),
        True,
    ),
    (
        "new account at the amount limit",
        RuleKind.NEW_ACCOUNT,
        {"days": 7, "amount": "100"},
        "merchant",
        _account_age(1, "100"),
        False,
    ),
    ("dispute on the order", RuleKind.DISPUTE, {}, "merchant", _disputed("order"), True),
    ("no dispute", RuleKind.DISPUTE, {}, "merchant", _disputed(""), False),
    (
        "dispute on another order, rule for this order",
        RuleKind.DISPUTE,
        {"on": "order"},
        "merchant",
        _disputed("other_order"),
        False,
    ),
    (
        "dispute on another order, rule for the customer",
        RuleKind.DISPUTE,
        {"on": "customer"},
        "merchant",
        _disputed("other_order"),
        True,
    ),
    (
        "IBAN of 2 customers, limit 2",
        RuleKind.SHARED_IBAN,
        {"customers": 2},
        "merchant",
        _shared_iban(1),
        False,
    ),
    (
        "IBAN of 3 customers, limit 2",
        RuleKind.SHARED_IBAN,
        {"customers": 2},
        "merchant",
        _shared_iban(2),
        True,
    ),
    (
        "other merchant's customers, merchant rule",
        RuleKind.SHARED_IBAN,
        {"customers": 2},
        "merchant",
        _shared_iban(2, at_other_merchant=True),
        False,
    ),
    (
        "other merchant's customers, global rule",
        RuleKind.SHARED_IBAN,
        {"customers": 2},
        "global",
        _shared_iban(2, at_other_merchant=True),
        True,
    ),
]


class Context:
    def __init__(self, merchant, other_merchant):
        self.merchant = merchant
        self.other_merchant = other_merchant
        self.user = UserFactory(username="flagger")


@pytest.mark.parametrize(
    ("kind", "parameters", "scope", "setup", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule_kind(merchant, other_merchant, frozen_now, kind, parameters, scope, setup, expected):
    refund = setup(Context(merchant, other_merchant))
    rule = FraudRuleFactory(
        kind=kind, parameters=parameters, merchant=merchant if scope == "merchant" else None
    )
    rule.full_clean()
    rule.save()
    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)
    assert check.rules_evaluated == 1
    assert (check.decision == RuleAction.REVIEW) is expected, check.matches
    assert bool(check.matches) is expected


def test_every_kind_is_in_the_table():
    assert {case[1] for case in CASES} == set(RuleKind.values)


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
