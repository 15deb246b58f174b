from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from returns.choices import CaseStatus, ContactChannel, ItemCondition, PolicyOutcome, Resolution
from returns.desk.clock import started_token
from returns.models import Contact, ReturnCase, Shipment
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ResolutionRuleFactory,
    ResponseScriptFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

pytestmark = pytest.mark.django_db

DESK = "admin:returns_desk"


@pytest.fixture
def customer(merchant):
    return CustomerFactory(
        merchant=merchant,
        name="Clara Kunde",
        email="Clara.Kunde@example.org",
        phone="+49 30 5550123",
        preferred_language="fr",
        country="FR",
    )


@pytest.fixture
def order(customer):
    order = OrderFactory(merchant=customer.merchant, customer=customer, number="SHOP-4711")
    OrderLineFactory(order=order, sku="KETTLE-17", product_name="Electric kettle", quantity=2)
    OrderLineFactory(order=order, sku="LAMP-DESK", product_name="Desk lamp")
    return order


@pytest.fixture
def defective(merchant):
    """A defective item is replaced, by the merchant's first rule."""
    reason = ReturnReasonFactory(merchant=merchant, code="defective", label="Defective")
    ResolutionRuleFactory(
        merchant=merchant,
        name="Defective: replace",
        outcome=PolicyOutcome.REPLACEMENT,
        reasons=[reason],
    )
    return reason


def _open_case(client, customer, order, reason, *, condition=ItemCondition.DEFECTIVE, **extra):
    line = order.lines.order_by("id").first()
    prefix = f"order-{order.pk}-line-{line.pk}"
    return client.post(
        reverse(DESK),
        {
            "action": "open_case",
            "customer": customer.pk,
            "order": order.pk,
            f"{prefix}-selected": "on",
            f"{prefix}-quantity": "1",
            f"{prefix}-reason": reason.pk,
            f"{prefix}-condition": condition,
            **extra,
        },
    )


def _decide(client, case, **data):
    return client.post(
        reverse(DESK),
        {
            "action": "resolve",
            "customer": case.customer_id,
            "case": case.pk,
            "channel": ContactChannel.PHONE,
            "direction": "inbound",
            "handling_seconds": "75",
            "summary": "Kettle does not heat.",
            **data,
        },
    )


@pytest.mark.parametrize(
    "typed",
    ["clara.kunde@example.org", "CLARA.KUNDE@EXAMPLE.ORG", "clara.ku", "+49 30 5550123"],
)
def test_agent_finds_the_customer_by_email_or_phone(client, agent, customer, typed):
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": typed})
    assert response.status_code == 302
    assert f"customer={customer.pk}" in response.url


def test_agent_finds_the_customer_by_a_phone_number_typed_differently(client, agent, customer):
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": "+49-30-555 0123"})
    assert f"customer={customer.pk}" in response.url


def test_agent_finds_the_customer_by_order_number(client, agent, customer, order):
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": "SHOP-4711"})
    assert f"customer={customer.pk}" in response.url


def test_agent_finds_the_case_by_a_reference_read_out_on_the_phone(client, agent, order):
    case = ReturnCaseFactory(order=order)
    client.force_login(agent)
    spoken = case.reference.lower().replace("-", " ")
    response = client.get(reverse(DESK), {"q": spoken})
    assert f"customer={order.customer_id}" in response.url
    assert f"case={case.pk}" in response.url


def test_several_matches_are_listed_to_pick_from(client, agent, merchant):
    CustomerFactory(merchant=merchant, email="jo.smith@example.org", name="Jo Smith")
    CustomerFactory(merchant=merchant, email="jo.smithers@example.org", name="Jo Smithers")
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": "jo.smith"})
    assert response.status_code == 200
    assert {hit.customer.name for hit in response.context["hits"]} == {"Jo Smith", "Jo Smithers"}
    assert "Jo Smithers" in response.text


def test_customer_page_shows_orders_with_what_is_left_to_return(client, agent, order, defective):
    ReturnCaseFactory(order=order)
    client.force_login(agent)
    response = client.get(reverse(DESK), {"customer": order.customer_id})
    assert response.status_code == 200
    kettle, lamp = response.context["orders"][0].lines.all()
    assert (kettle.returnable, lamp.returnable) == (1, 1)
    assert "Electric kettle" in response.text
    assert "French" in response.text


def test_outsider_finds_nothing_of_another_merchant(client, outsider, customer, order):
    case = ReturnCaseFactory(order=order)
    client.force_login(outsider)
    for typed in [customer.email, customer.phone, order.number, case.reference]:
        response = client.get(reverse(DESK), {"q": typed})
        assert response.status_code == 200
        assert response.context["hits"] == []
        assert customer.name not in response.text


def test_outsider_gets_404_for_ids_of_another_merchant(
    client, outsider, other_merchant, customer, order, defective
):
    case = ReturnCaseFactory(order=order)
    own = CustomerFactory(merchant=other_merchant)
    client.force_login(outsider)
    assert client.get(reverse(DESK), {"customer": customer.pk}).status_code == 404
    assert client.get(reverse(DESK), {"customer": own.pk, "case": case.pk}).status_code == 404
    assert _open_case(client, customer, order, defective).status_code == 404
    assert _open_case(client, own, order, defective).status_code == 404
    assert _decide(client, case, resolution=Resolution.REPLACEMENT).status_code == 404
    assert ReturnCase.objects.count() == 1
    assert not Contact.objects.exists()


def test_agent_opens_a_case_and_resolves_it_with_the_contact(client, agent, order, defective):
    client.force_login(agent)
    opened = _open_case(client, order.customer, order, defective)
    case = ReturnCase.objects.get()
    assert opened.status_code == 302
    assert f"case={case.pk}" in opened.url
    assert case.suggested_outcome == PolicyOutcome.REPLACEMENT

    page = client.get(opened.url)
    assert page.context["suggestion"].outcome == PolicyOutcome.REPLACEMENT
    assert page.context["decision_form"]["resolution"].initial == Resolution.REPLACEMENT
    assert "Defective: replace" in page.text

    decided = _decide(client, case, resolution=Resolution.REPLACEMENT)
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.resolution == Resolution.REPLACEMENT
    contact = Contact.objects.get()
    assert (contact.case, contact.customer, contact.agent) == (case, order.customer, agent)
    assert contact.handling_seconds == 75
    assert contact.summary == "Kettle does not heat."
    assert Shipment.objects.filter(case=case).count() == 1
    shown = client.get(decided.url)
    assert f"Case {case.reference} resolved as replacement" in shown.text


def test_handling_time_is_measured_from_the_desk_opening_when_left_empty(
    client, agent, order, defective
):
    case = ReturnCaseFactory(order=order)
    started = timezone.now() - timedelta(minutes=2)
    client.force_login(agent)
    response = client.post(
        reverse(DESK),
        {
            "action": "log_contact",
            "customer": order.customer_id,
            "case": case.pk,
            "channel": ContactChannel.CHAT,
            "direction": "inbound",
            "handling_seconds": "",
            "started": started_token(started),
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert 120 <= contact.handling_seconds < 130
    assert contact.started_at == started
    assert contact.case == case
    assert case.status == CaseStatus.OPEN


def test_a_forged_start_is_ignored(client, agent, customer):
    client.force_login(agent)
    client.post(
        reverse(DESK),
        {
            "action": "log_contact",
            "customer": customer.pk,
            "channel": ContactChannel.PHONE,
            "direction": "inbound",
            "started": "2020-01-01T00:00:00+00:00:forged",
        },
    )
    contact = Contact.objects.get()
    assert contact.handling_seconds < 5
    assert timezone.now() - contact.started_at < timedelta(seconds=5)


def test_override_without_a_reason_shows_the_error_and_writes_nothing(
    client, agent, order, defective
):
    client.force_login(agent)
    _open_case(client, order.customer, order, defective)
    case = ReturnCase.objects.get()
    history_before = case.history.count()

    response = _decide(client, case, resolution=Resolution.REFUND, override_reason="")

    assert response.status_code == 200
    assert "to resolve as refund, say why" in response.text
    assert response.context["decision_form"].errors["override_reason"]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.history.count() == history_before
    assert not Contact.objects.exists()
    assert not Shipment.objects.exists()


def test_override_with_a_reason_resolves(client, agent, order, defective):
    client.force_login(agent)
    _open_case(client, order.customer, order, defective)
    case = ReturnCase.objects.get()
    _decide(
        client, case, resolution=Resolution.REFUND, override_reason="Customer wants no new kettle."
    )
    case.refresh_from_db()
    assert case.resolution == Resolution.REFUND
    assert case.override_reason == "Customer wants no new kettle."
    assert Contact.objects.get().case == case


def test_a_rejection_asks_for_the_reason_the_customer_reads(client, agent, order, defective):
    client.force_login(agent)
    _open_case(client, order.customer, order, defective)
    case = ReturnCase.objects.get()

    response = _decide(client, case, resolution=Resolution.REJECTED, override_reason="Worn.")

    assert response.context["decision_form"].errors["rejection_reason"]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Contact.objects.exists()

    _decide(
        client,
        case,
        resolution=Resolution.REJECTED,
        override_reason="Worn.",
        rejection_reason="The kettle shows signs of use.",
    )
    case.refresh_from_db()
    assert (case.resolution, case.rejection_reason) == (
        Resolution.REJECTED,
        "The kettle shows signs of use.",
    )
    assert Contact.objects.get().case == case


def test_opening_a_case_without_a_ticked_line_writes_nothing(client, agent, order, defective):
    client.force_login(agent)
    response = client.post(
        reverse(DESK),
        {"action": "open_case", "customer": order.customer_id, "order": order.pk},
    )
    assert response.status_code == 200
    assert "Tick at least one item to return." in response.text
    assert not ReturnCase.objects.exists()


def test_returning_more_than_is_left_shows_the_service_error(client, agent, order, defective):
    client.force_login(agent)
    line = order.lines.order_by("id").first()
    prefix = f"order-{order.pk}-line-{line.pk}"
    response = _open_case(client, order.customer, order, defective, **{f"{prefix}-quantity": "5"})
    assert response.status_code == 200
    assert "5 asked, 2 can still be returned" in response.text
    assert not ReturnCase.objects.exists()


def test_agent_logs_a_contact_without_a_case(client, agent, customer):
    client.force_login(agent)
    response = client.post(
        reverse(DESK),
        {
            "action": "log_contact",
            "customer": customer.pk,
            "channel": ContactChannel.EMAIL,
            "direction": "outbound",
            "handling_seconds": "40",
            "summary": "Asked for the invoice.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.customer, contact.case, contact.handling_seconds) == (customer, None, 40)
    assert contact.direction == "outbound"


def test_agent_logs_a_contact_without_a_customer(client, agent, merchant, other_merchant):
    client.force_login(agent)
    data = {"action": "log_contact", "channel": ContactChannel.PHONE, "direction": "inbound"}
    refused = client.post(reverse(DESK), {**data, "merchant": other_merchant.pk})
    assert refused.status_code == 200
    assert not Contact.objects.exists()
    client.post(reverse(DESK), {**data, "merchant": merchant.pk, "handling_seconds": "30"})
    contact = Contact.objects.get()
    assert (contact.merchant, contact.customer, contact.handling_seconds) == (merchant, None, 30)


def test_response_scripts_come_in_the_customers_language(client, agent, customer):
    ResponseScriptFactory(
        merchant=customer.merchant,
        title="Return label",
        body="We sent you a return label.",
        title_fr="Étiquette de retour",
        body_fr="Nous vous avons envoyé une étiquette de retour.",
    )
    ResponseScriptFactory(merchant=customer.merchant, title="Old script", is_active=False)
    client.force_login(agent)
    response = client.get(reverse(DESK), {"customer": customer.pk})
    assert [script["title"] for script in response.context["scripts"]] == ["Étiquette de retour"]
    assert "Nous vous avons envoyé une étiquette de retour." in response.text


@pytest.mark.parametrize("person", ["finance_user", "auditor"])
def test_finance_and_auditor_may_not_use_the_desk(client, request, customer, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(DESK)).status_code == 403
    assert client.get(reverse(DESK), {"customer": customer.pk}).status_code == 403
    response = client.post(
        reverse(DESK),
        {"action": "log_contact", "customer": customer.pk, "channel": "phone"},
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_admin_index_links_to_the_desk_for_those_who_log_contacts(client, agent, finance_user):
    client.force_login(agent)
    assert reverse(DESK) in client.get(reverse("admin:index")).text
    client.force_login(finance_user)
    assert reverse(DESK) not in client.get(reverse("admin:index")).text


@pytest.mark.parametrize("orders", [2, 20])
def test_desk_queries_do_not_grow_with_orders(
    client, agent, customer, defective, django_assert_max_num_queries, orders
):
    for _ in range(orders):
        order = OrderFactory(merchant=customer.merchant, customer=customer)
        OrderLineFactory.create_batch(3, order=order)
        ReturnCaseFactory(order=order)
    case = ReturnCase.objects.first()
    ResponseScriptFactory(merchant=customer.merchant)
    client.force_login(agent)
    with django_assert_max_num_queries(17):
        response = client.get(reverse(DESK), {"customer": customer.pk, "case": case.pk})
    assert response.status_code == 200
    assert len(response.context["orders"]) == orders
