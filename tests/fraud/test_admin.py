"""The fraud admin: rule form errors, the review queue, one-step blocking, the refund's page."""

import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _held_check(merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    refund = make_refund(merchant, iban=IBAN)
    return services.evaluate_refund(refund=refund, actor=refund.requested_by)


def test_review_queue_lists_the_oldest_first_and_reviews(client, supervisor, merchant):
    first, second = _held_check(merchant), _held_check(merchant)
    client.force_login(supervisor)
    listing = client.get(reverse("admin:fraud_fraudreviewqueue_changelist"))
    assert [check.pk for check in listing.context["cl"].result_list] == [first.pk, second.pk]
    url = reverse("admin:fraud_fraudreviewqueue_review", args=[first.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": "false_positive", "note": "Known customer."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.review_outcome, first.reviewed_by) == ("false_positive", supervisor)
    listing = client.get(reverse("admin:fraud_fraudreviewqueue_changelist"))
    assert [check.pk for check in listing.context["cl"].result_list] == [second.pk]


def test_agent_cannot_review(client, agent, merchant):
    check = _held_check(merchant)
    client.force_login(agent)
    url = reverse("admin:fraud_fraudcheck_review", args=[check.pk])
    assert client.post(url, {"outcome": "false_positive", "note": "x"}).status_code == 403
    page = client.get(reverse("admin:fraud_fraudcheck_change", args=[check.pk]))
    assert page.status_code == 200
    assert b"Review</a>" not in page.content


def test_block_the_customer_and_blocklist_the_iban_in_one_step(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    page = client.get(reverse("admin:fraud_fraudcheck_change", args=[check.pk]))
    assert b"Block this customer" in page.content and b"Blocklist this iban" in page.content
    client.post(
        reverse("admin:fraud_fraudcheck_block_customer", args=[check.pk]), {"reason": "stolen"}
    )
    client.post(
        reverse("admin:fraud_fraudcheck_blocklist", args=[check.pk, "iban"]),
        {"reason": "stolen account"},
    )
    flag = CustomerFlag.objects.get()
    assert (flag.customer, flag.level, flag.flagged_by) == (
        check.refund.case.customer,
        "blocked",
        supervisor,
    )
    entry = BlocklistEntry.objects.get()
    assert (entry.kind, entry.value, entry.merchant) == ("iban", IBAN, merchant)


def test_the_refund_page_explains_the_checks(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    page = client.get(reverse("admin:refunds_refund_change", args=[check.refund.pk]))
    assert page.status_code == 200
    assert b"amount 50.00 EUR, limit 40.00" in page.content


def _tool_links(page) -> list[str]:
    """The action links of the checks on a page (not the links to the checks' pages)."""
    pattern = r'href="([^"]*/fraud/fraudcheck/\d+/(?:review|block-customer|blocklist)/[^"]*)"'
    return re.findall(pattern, page.content.decode())


def test_the_refund_page_offers_the_checks_actions_to_a_supervisor(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    page = client.get(reverse("admin:refunds_refund_change", args=[check.refund.pk]))
    assert b"Block this customer" in page.content and b"Blocklist this iban" in page.content
    assert b"Review</a>" in page.content
    refund_page = reverse("admin:refunds_refund_change", args=[check.refund.pk])
    assert f"?next={quote(refund_page, safe='')}" in _tool_links(page)[0]


def test_the_refund_page_offers_no_actions_to_an_agent(client, agent, merchant):
    check = _held_check(merchant)
    client.force_login(agent)
    page = client.get(reverse("admin:refunds_refund_change", args=[check.refund.pk]))
    assert page.status_code == 200
    assert b"amount 50.00 EUR, limit 40.00" in page.content
    assert b"Block this customer" not in page.content and b"Blocklist this" not in page.content
    assert _tool_links(page) == []


def test_blocking_from_the_refund_page_returns_to_it(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    refund_page = reverse("admin:refunds_refund_change", args=[check.refund.pk])
    [link] = [link for link in _tool_links(client.get(refund_page)) if "/block-customer/" in link]
    assert client.get(link).status_code == 200
    response = client.post(link, {"reason": "stolen account"})
    assert response.status_code == 302 and response.url == refund_page
    flag = CustomerFlag.objects.get()
    assert (flag.customer, flag.level, flag.flagged_by) == (
        check.refund.case.customer,
        "blocked",
        supervisor,
    )


def test_an_action_never_returns_to_another_site(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    url = reverse("admin:fraud_fraudcheck_block_customer", args=[check.pk])
    response = client.post(f"{url}?next=https://evil.example/", {"reason": "stolen"})
    assert response.url == reverse("admin:fraud_fraudcheck_change", args=[check.pk])


def test_refund_page_queries_do_not_grow_with_its_checks(
    client, supervisor, merchant, django_assert_max_num_queries
):
    check = _held_check(merchant)
    client.force_login(supervisor)
    url = reverse("admin:refunds_refund_change", args=[check.refund.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        services.evaluate_refund(refund=check.refund, actor=check.refund.requested_by)
    with django_assert_max_num_queries(len(one)):
        page = client.get(url)
    assert page.content.count(b"Block this customer") == 6


def test_outsider_sees_no_check_of_another_merchant(client, outsider, merchant):
    check = _held_check(merchant)
    client.force_login(outsider)
    listing = client.get(reverse("admin:fraud_fraudcheck_changelist"))
    assert listing.context["cl"].result_count == 0
    assert client.get(reverse("admin:fraud_fraudcheck_change", args=[check.pk])).status_code == 404


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
