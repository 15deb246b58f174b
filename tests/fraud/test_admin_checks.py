"""The checks' admin: the review queue, the one-step actions and where they return, the
checks on the refund's page."""

import re
from html import unescape
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fraud import services
from fraud.models import BlocklistEntry, CustomerFlag
from refunds.choices import RefundState
from refunds.models import Refund
from tests.fraud.factories import FraudRuleFactory, make_refund

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


def _held_check(merchant):
    FraudRuleFactory(merchant=merchant, parameters={"amount": "40"})
    refund = make_refund(merchant, iban=IBAN)
    return services.evaluate_refund(refund=refund, actor=refund.requested_by)


def test_review_queue_lists_the_oldest_first_and_reviews(client, supervisor, merchant):
    first, second = _held_check(merchant), _held_check(merchant)
    client.force_login(supervisor)
    listing = client.get(reverse("admin:fraud_fraudreviewqueue_changelist"))
    assert [check.pk for check in listing.context["cl"].result_list] == [first.pk, second.pk]
    url = reverse("admin:fraud_fraudreviewqueue_action", args=[first.pk, "review"])
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
    url = reverse("admin:fraud_fraudcheck_action", args=[check.pk, "review"])
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
        reverse("admin:fraud_fraudcheck_action", args=[check.pk, "block_customer"]),
        {"reason": "stolen"},
    )
    client.post(
        reverse("admin:fraud_fraudcheck_action", args=[check.pk, "blocklist"]) + "?kind=iban",
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
    pattern = r'href="([^"]*/fraud/fraudcheck/\d+/action/\w+/[^"]*)"'
    return [unescape(link) for link in re.findall(pattern, page.content.decode())]


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
    [link] = [link for link in _tool_links(client.get(refund_page)) if "/block_customer/" in link]
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
    url = reverse("admin:fraud_fraudcheck_action", args=[check.pk, "block_customer"])
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


def test_blocklisting_from_the_refund_page_takes_the_kind_of_its_link(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    refund_page = reverse("admin:refunds_refund_change", args=[check.refund.pk])
    [link] = [link for link in _tool_links(client.get(refund_page)) if "kind=iban" in link]
    page = client.get(link)
    assert page.status_code == 200 and IBAN.encode() in page.content
    response = client.post(link, {"reason": "stolen account"})
    assert response.status_code == 302 and response.url == refund_page
    entry = BlocklistEntry.objects.get()
    assert (entry.kind, entry.value, entry.merchant) == ("iban", IBAN, merchant)


def test_blocklisting_a_value_the_request_lacks_says_so(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    url = reverse("admin:fraud_fraudcheck_action", args=[check.pk, "blocklist"]) + "?kind=ip"
    response = client.post(url, {"reason": "r"}, follow=True)
    assert b"The request has no such value." in response.content
    assert response.redirect_chain[-1][0] == reverse(
        "admin:fraud_fraudcheck_change", args=[check.pk]
    )
    assert not BlocklistEntry.objects.exists()


def test_a_refused_review_keeps_the_form_and_says_why(client, supervisor, merchant):
    check = _held_check(merchant)
    services.check_review(check=check, actor=supervisor, outcome="false_positive", note="ok")
    client.force_login(supervisor)
    url = reverse("admin:fraud_fraudcheck_action", args=[check.pk, "review"])
    response = client.post(url, {"outcome": "confirmed_fraud", "note": "Second opinion."})
    assert response.status_code == 200
    assert b"This check has already been reviewed." in response.content
    assert response.context["form"].data["note"] == "Second opinion."


def test_a_review_opened_from_the_refund_page_returns_to_it(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    refund_page = reverse("admin:refunds_refund_change", args=[check.refund.pk])
    [link] = [link for link in _tool_links(client.get(refund_page)) if "/review/" in link]
    response = client.post(link, {"outcome": "false_positive", "note": "Known customer."})
    assert response.status_code == 302 and response.url == refund_page


def test_a_review_from_the_queue_returns_to_the_queue(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    url = reverse("admin:fraud_fraudreviewqueue_action", args=[check.pk, "review"])
    response = client.post(url, {"outcome": "false_positive", "note": "Known customer."})
    assert response.url == reverse("admin:fraud_fraudreviewqueue_changelist")


def test_an_action_that_is_not_declared_is_not_found(client, supervisor, merchant):
    check = _held_check(merchant)
    client.force_login(supervisor)
    url = reverse("admin:fraud_fraudcheck_action", args=[check.pk, "delete_everything"])
    assert client.post(url, {"reason": "r"}).status_code == 404


def test_the_approval_queue_page_explains_the_checks(client, supervisor, merchant):
    check = _held_check(merchant)
    # Held as the refunds service holds it; the factory's refund is only requested.
    Refund.objects.filter(pk=check.refund.pk).update(state=RefundState.PENDING_APPROVAL)
    client.force_login(supervisor)
    page = client.get(reverse("admin:refunds_refundapprovalqueue_change", args=[check.refund.pk]))
    assert page.status_code == 200
    assert b"amount 50.00 EUR, limit 40.00" in page.content
    assert b"Block this customer" in page.content
