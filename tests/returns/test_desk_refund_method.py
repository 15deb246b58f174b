"""The desk's refund method: what the merchant allows, a bank transfer's IBAN, the merchant page."""

import pytest
from django.urls import reverse

from refunds.models import Refund
from returns.choices import PolicyOutcome, RefundMethod, Resolution
from returns.models import Contact
from tests.returns.test_desk_out_of_policy import decide, late_case

pytestmark = pytest.mark.django_db

DESK = "admin:returns_desk"


@pytest.fixture
def refund_case(merchant):
    return late_case(merchant, outcome=PolicyOutcome.REFUND)


def test_the_desk_offers_the_methods_the_merchant_allows(client, agent, merchant, refund_case):
    merchant.refund_methods = [RefundMethod.BANK_TRANSFER, RefundMethod.STORE_CREDIT]
    merchant.save()
    client.force_login(agent)
    page = client.get(reverse(DESK), {"customer": refund_case.customer_id, "case": refund_case.pk})
    field = page.context["decision_form"]["method"]
    assert [value for value, _label in field.field.choices] == merchant.refund_methods
    assert field.initial == RefundMethod.BANK_TRANSFER

    refused = decide(client, refund_case, resolution=Resolution.REFUND, method="original_payment")
    assert refused.status_code == 200
    assert refused.context["decision_form"].errors["method"]
    assert not Refund.objects.exists()


def test_a_bank_transfer_needs_a_valid_iban_and_is_requested_with_it(client, agent, refund_case):
    client.force_login(agent)
    bad = decide(
        client,
        refund_case,
        resolution=Resolution.REFUND,
        method=RefundMethod.BANK_TRANSFER,
        iban="DE89 3704 0044 0532 0130 01",
        account_holder="Clara Kunde",
    )
    assert bad.status_code == 200
    assert "not a valid IBAN" in bad.text
    assert not Contact.objects.exists()

    good = decide(
        client,
        refund_case,
        resolution=Resolution.REFUND,
        method=RefundMethod.BANK_TRANSFER,
        iban="de89 3704 0044 0532 0130 00",
        account_holder="Clara Kunde",
    )
    assert good.status_code == 302
    refund = Refund.objects.get()
    assert (refund.method, refund.iban, refund.account_holder) == (
        RefundMethod.BANK_TRANSFER,
        "DE89370400440532013000",
        "Clara Kunde",
    )


def test_store_credit_as_the_refund_method_reaches_the_refund(client, agent, refund_case):
    client.force_login(agent)
    decide(client, refund_case, resolution=Resolution.REFUND, method=RefundMethod.STORE_CREDIT)
    assert Refund.objects.get().method == RefundMethod.STORE_CREDIT


def test_a_supervisor_sets_the_merchants_refund_methods_and_iban(client, supervisor, merchant):
    client.force_login(supervisor)
    url = reverse("admin:returns_merchant_change", args=[merchant.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"refund_methods", "debtor_name", "debtor_iban", "debtor_bic"} <= set(form.fields)
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "staff"
    }
    data.update(
        accepted_conditions=merchant.accepted_conditions,
        refund_methods=[RefundMethod.ORIGINAL_PAYMENT, RefundMethod.BANK_TRANSFER],
        debtor_name="Shop A GmbH",
        debtor_iban="DE89 3704 0044 0532 0130 00",
        debtor_bic="COBADEFFXXX",
        staff=[user.pk for user in merchant.staff.all()],
    )
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    merchant.refresh_from_db()
    assert merchant.debtor_iban == "DE89370400440532013000"
    assert merchant.refund_methods == ["original_payment", "bank_transfer"]
