"""The phone blocklist compares numbers in E.164, the spelling customers' phones are stored in."""

import pytest
from django.core.exceptions import ValidationError

from fraud import services
from fraud.choices import RuleAction, RuleKind
from fraud.normalize import normalize
from returns.common.phones import phone_normalize
from tests.factories import CustomerFactory
from tests.fraud.factories import BlocklistEntryFactory, FraudRuleFactory, make_refund

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["+48 22 632 36 98", "0048 22 632 36 98", "+48 22 632-36-98", "0048226323698"]
)
def test_blocklisted_phone_is_stored_as_the_customers_phone_is(typed):
    assert normalize("phone", typed) == phone_normalize("22 632 36 98", region="PL")


def test_a_national_number_without_a_country_is_refused():
    with pytest.raises(ValidationError):
        normalize("phone", "22 632 36 98")


def test_blocklisted_phone_matches_the_customer_who_gave_it_nationally(merchant):
    entry = BlocklistEntryFactory(kind="phone", value="+48 22 632-36-98", merchant=merchant)
    entry.full_clean()
    entry.save()
    customer = CustomerFactory.build(merchant=merchant, phone="22 632 36 98", country="PL")
    customer.full_clean()
    customer.save()
    refund = make_refund(merchant, customer=customer)
    rule = FraudRuleFactory(kind=RuleKind.BLOCKLISTED, parameters={}, merchant=merchant)
    rule.full_clean()
    rule.save()

    check = services.evaluate_refund(refund=refund, actor=refund.requested_by)

    assert check.decision == RuleAction.REVIEW, check.matches


def test_a_trunk_zero_in_brackets_is_dropped_as_the_customers_phone_drops_it():
    assert normalize("phone", "+49 (0)30 123-45 67") == "+49301234567"
