"""The fraud admin of rules and lists: rule form errors, global rows, the backtest, blocklist
edits, and changelists whose queries do not grow."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from fraud import services
from fraud.models import BlocklistEntry, CustomerFlag, FraudCheck, FraudRule
from returns.common import roles
from tests.factories import UserFactory
from tests.fraud.factories import BlocklistEntryFactory, FraudRuleFactory, make_refund

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


def _rule_data(merchant, **fields):
    data = {
        "merchant": merchant.pk,
        "name": "Serial returner",
        "description_en": "Too many refunds.",
        "kind": "velocity",
        "action": "review",
        "weight": "10",
        "is_active": "on",
    }
    data.update(fields)
    return data


def test_rule_form_reports_each_missing_parameter_on_its_field(client, supervisor, merchant):
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:fraud_fraudrule_add"), _rule_data(merchant, count="0", by="iban")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["count"] == ["Enter at least 1."]
    assert errors["days"] == ["A rule of the kind “Too many refunds in a period” needs this."]
    assert "by" not in errors
    assert not FraudRule.objects.exists()


def test_rule_form_saves_the_kinds_parameters_only(client, supervisor, merchant):
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:fraud_fraudrule_add"),
        _rule_data(merchant, count="3", days="30", by="email", amount="99"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = FraudRule.objects.get()
    assert rule.parameters == {"count": 3, "days": 30, "by": "email"}
    assert rule.history.latest().history_user == supervisor
    page = client.get(reverse("admin:fraud_fraudrule_change", args=[rule.pk]))
    assert page.context["adminform"].form.initial["days"] == 30


def test_supervisor_sees_but_cannot_change_a_global_rule(client, supervisor, merchant):
    rule = FraudRuleFactory(merchant=None)
    client.force_login(supervisor)
    assert client.get(reverse("admin:fraud_fraudrule_changelist")).context["cl"].result_count == 1
    page = client.get(reverse("admin:fraud_fraudrule_change", args=[rule.pk]))
    assert b'name="_save"' not in page.content


def test_backtest_page_shows_the_counts(client, supervisor, merchant):
    make_refund(merchant, amount=Decimal("150"), days_ago=1)
    rule = FraudRuleFactory(merchant=merchant, parameters={"amount": "100"}, is_active=False)
    client.force_login(supervisor)
    response = client.get(reverse("admin:fraud_fraudrule_backtest", args=[rule.pk]), {"days": 7})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.matched, result.reviewed, result.blocked) == (1, 1, 0)
    assert b"amount 150.00 EUR, limit 100.00" in response.content


def test_blocklist_added_in_the_admin_is_normalized(client, supervisor, merchant):
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:fraud_blocklistentry_add"),
        {"merchant": merchant.pk, "kind": "email", "value": " X@Y.org ", "reason": "spam"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = BlocklistEntry.objects.get()
    assert (entry.value, entry.created_by) == ("x@y.org", supervisor)
    bad = client.post(
        reverse("admin:fraud_blocklistentry_add"),
        {"merchant": merchant.pk, "kind": "iban", "value": "DE00", "reason": "r"},
    )
    assert "value" in bad.context["adminform"].form.errors


def _rows(model, merchant, count):
    if model == "fraudrule":
        FraudRuleFactory.create_batch(count, merchant=merchant)
    elif model == "blocklistentry":
        for index in range(count):
            BlocklistEntryFactory(merchant=merchant, value=f"user{index}@example.org")
    else:
        FraudRuleFactory(merchant=merchant, parameters={"amount": "1"})
        for _ in range(count):
            refund = make_refund(merchant)
            services.evaluate_refund(refund=refund, actor=refund.requested_by)
    if model == "customerflag":
        user = UserFactory(username="flagger")
        user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
        for check in FraudCheck.objects.select_related("refund__case__customer"):
            CustomerFlag.objects.create(
                customer=check.refund.case.customer, level="watch", reason="r", flagged_by=user
            )


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize(
    "model", ["fraudrule", "blocklistentry", "fraudcheck", "fraudreviewqueue", "customerflag"]
)
def test_changelist_queries_do_not_grow_with_rows(
    client, supervisor, merchant, django_assert_max_num_queries, model, rows
):
    _rows(model, merchant, rows)
    client.force_login(supervisor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"admin:fraud_{model}_changelist"), {"all": ""})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 10


def test_blocklist_entry_changed_in_the_admin_keeps_why_and_who(client, supervisor, merchant):
    entry = BlocklistEntryFactory(merchant=merchant, value="x@y.org")
    client.force_login(supervisor)
    url = reverse("admin:fraud_blocklistentry_change", args=[entry.pk])
    response = client.post(
        url, {"reason": "  chargebacks  ", "expires_at_0": "", "expires_at_1": ""}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.reason == "chargebacks"
    latest = entry.history.latest()
    assert latest.history_user == supervisor
    assert latest.history_change_reason == "blocklist entry changed: chargebacks"


def test_supervisor_sees_but_cannot_change_a_global_blocklist_entry(client, supervisor):
    entry = BlocklistEntryFactory(merchant=None, value="x@y.org")
    client.force_login(supervisor)
    listing = client.get(reverse("admin:fraud_blocklistentry_changelist"))
    assert listing.context["cl"].result_count == 1
    url = reverse("admin:fraud_blocklistentry_change", args=[entry.pk])
    assert b'name="_save"' not in client.get(url).content
    client.post(url, {"reason": "mine now"})
    entry.refresh_from_db()
    assert entry.reason != "mine now"


def test_supervisor_must_choose_a_merchant_for_a_new_rule(client, supervisor, merchant):
    client.force_login(supervisor)
    form = client.get(reverse("admin:fraud_fraudrule_add")).context["adminform"].form
    assert form.fields["merchant"].required
    response = client.post(
        reverse("admin:fraud_fraudrule_add"),
        {**_rule_data(merchant, count="3", days="30", by="email"), "merchant": ""},
    )
    assert "merchant" in response.context["adminform"].form.errors
    assert not FraudRule.objects.exists()
