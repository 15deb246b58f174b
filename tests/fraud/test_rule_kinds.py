"""Each kind of rule, table-driven, with its edges: at the limit, expired, other merchants."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fraud import services
from fraud.choices import RuleAction, RuleKind
from tests.fraud.factories import FraudRuleFactory
from tests.fraud.rule_setups import (
    MOMENT,
    SECOND,
    V3,
    Context,
    _account_age,
    _amount,
    _blocklisted,
    _countries,
    _disputed,
    _flagged,
    _iban_refund,
    _previous_refunds,
    _return_rate,
    _shared_iban,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_now(monkeypatch):
    """The clock stands still during a case, so "exactly at the limit" is exact. A field
    whose default is timezone.now itself kept the real function: set it explicitly."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


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
