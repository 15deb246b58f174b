"""The contact's clock runs from the first action on its customer, and the desk's dates follow
the reader's language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from returns.choices import ContactChannel
from returns.desk.clock import started_token
from returns.models import Contact
from tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db

DESK = "admin:returns_desk"


def test_an_idle_desk_runs_no_clock(client, agent):
    client.force_login(agent)
    page = client.get(reverse(DESK))
    assert page.context["elapsed"] == ""
    assert page.context["started_token"] == ""


def test_the_search_starts_the_contact_and_its_links_carry_the_start(client, agent, merchant):
    customer = CustomerFactory(merchant=merchant, email="single@example.org")
    client.force_login(agent)
    found = client.get(reverse(DESK), {"q": "single@example.org"})
    assert "started=" in found.url
    page = client.get(found.url)
    assert page.context["customer"] == customer
    assert page.context["elapsed"] != ""


def test_picking_a_customer_starts_the_contact(client, agent, merchant):
    customer = CustomerFactory(merchant=merchant)
    client.force_login(agent)
    page = client.get(reverse(DESK), {"customer": customer.pk})
    assert page.context["started_token"]
    assert page.context["elapsed"] == 0


def test_a_typed_handling_time_wins_over_the_clock(client, agent, merchant):
    customer = CustomerFactory(merchant=merchant)
    client.force_login(agent)
    client.post(
        reverse(DESK),
        {
            "action": "log_contact",
            "customer": customer.pk,
            "channel": ContactChannel.PHONE,
            "direction": "inbound",
            "handling_seconds": "300",
            "started": started_token(timezone.now() - timedelta(seconds=30)),
        },
    )
    assert Contact.objects.get().handling_seconds == 300


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Nov 21, 2026", "11/21/2026"), ("de", "21.11.2026", "11/21/2026")],
)
def test_the_desks_dates_follow_the_readers_language(
    client, agent, merchant, language, shown, not_shown
):
    customer = CustomerFactory(merchant=merchant)
    placed = timezone.datetime(2026, 11, 21, 12, tzinfo=timezone.get_current_timezone())
    OrderFactory(merchant=merchant, customer=customer, placed_at=placed, delivered_at=None)
    client.force_login(agent)
    page = client.get(
        reverse(DESK), {"customer": customer.pk}, headers={"accept-language": language}
    )
    assert shown in page.text
    assert not_shown not in page.text
