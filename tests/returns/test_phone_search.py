"""Phones stored in E.164 wherever they are written, and the desk finding them however typed."""

import importlib
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from returns import services
from returns.common.phones import phone_candidates, phone_normalize
from returns.models import Customer
from tests.factories import CustomerFactory, MerchantFactory
from tests.returns.order_files import csv_text, import_file, with_cell

pytestmark = pytest.mark.django_db

DESK = "admin:returns_desk"
WARSAW = "+48226323698"
TYPED = ["+48 22 632 36 98", "0048226323698", "22 632 36 98", "(0048) 22-632-36-98"]


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("22 632 36 98", "PL", WARSAW),
        ("+48 22 632 36 98", "", WARSAW),
        ("0048 22 632 36 98", "DE", WARSAW),
        ("030 1234567", "DE", "+49301234567"),
        ("+49 (0)30 123-45 67", "", "+49301234567"),
        ("22 632 36 98", "", None),  # a national number needs its country
        ("12", "DE", None),
        ("call me", "DE", None),
    ],
)
def test_phone_normalize_gives_e164_or_none(typed, region, stored):
    assert phone_normalize(typed, region=region) == stored


def test_phone_candidates_reads_a_national_number_in_each_region_it_is_valid_in():
    assert phone_candidates("22 632 36 98", regions=["ES", "PL", "PL"]) == [WARSAW]
    assert phone_candidates("+48 22 632 36 98", regions=["ES"]) == [WARSAW]


def test_customer_clean_stores_the_phone_in_e164_read_in_the_customers_country(merchant):
    customer = Customer(
        merchant=merchant,
        name="Jan",
        email="jan@example.pl",
        phone="22 632 36 98",
        preferred_language="pl",
        country="PL",
    )
    customer.full_clean()
    assert customer.phone == WARSAW
    # Without a country of its own, the merchant's (DE here) reads the number.
    assert customer.phone_spelling("030 1234567", country="") == "+49301234567"


def test_customer_clean_keeps_a_phone_that_is_no_number_as_typed(merchant):
    customer = CustomerFactory.build(merchant=merchant, phone=" ask at the door ", country="DE")
    customer.full_clean()
    assert customer.phone == "ask at the door"


def _order_input(phone: str) -> services.OrderInput:
    return services.OrderInput(
        number="PL-1",
        placed_at=datetime(2026, 3, 1, tzinfo=UTC),
        currency="EUR",
        total_amount=Decimal("10.00"),
        payment_method="card",
        customer=services.CustomerInput(
            email="jan@example.pl", name="Jan", phone=phone, country="PL"
        ),
    )


def test_order_upsert_stores_e164_and_the_same_number_spelled_otherwise_changes_nothing(
    merchant, supervisor
):
    services.order_upsert(
        actor=supervisor, merchant=merchant, order=_order_input("22 632 36 98"), reason="r"
    )
    customer = Customer.objects.get(email="jan@example.pl")
    assert customer.phone == WARSAW

    again = services.order_upsert(
        actor=supervisor, merchant=merchant, order=_order_input("0048 22 632 36 98"), reason="r"
    )
    assert not again.changed
    assert customer.history.count() == 1


def test_order_file_customer_phone_is_stored_in_e164(merchant, supervisor):
    text = with_cell(csv_text(), 1, "customer_phone", "030 1234567")
    text = with_cell(text, 2, "customer_phone", "030 1234567")
    result = import_file(merchant, text, user=supervisor)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Customer.objects.get(email="Jana.Keller@example.org").phone == "+49301234567"


def test_admin_stores_the_phone_in_e164(client, merchant):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    customer = CustomerFactory(merchant=merchant, country="PL")
    client.force_login(admin)
    response = client.post(
        reverse("admin:returns_customer_change", args=[customer.pk]),
        {
            "merchant": merchant.pk,
            "name": customer.name,
            "email": customer.email,
            "phone": "22 632 36 98",
            "preferred_language": "pl",
            "country": "PL",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    customer.refresh_from_db()
    assert customer.phone == WARSAW


@pytest.fixture
def polish_customer(merchant):
    """A customer of a German shop, living in Poland, whose number was given nationally."""
    customer = CustomerFactory.build(merchant=merchant, phone="22 632 36 98", country="PL")
    customer.full_clean()
    customer.save()
    return customer


@pytest.mark.parametrize("typed", TYPED)
def test_desk_finds_the_customer_however_the_number_is_typed(client, agent, polish_customer, typed):
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": typed})
    assert response.status_code == 302
    assert f"customer={polish_customer.pk}" in response.url


def test_desk_reads_a_national_number_in_the_merchants_country(client, agent, merchant):
    berliner = CustomerFactory.build(merchant=merchant, phone="+49 30 1234567", country="FR")
    berliner.full_clean()
    berliner.save()
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": "030 123 45 67"})
    assert f"customer={berliner.pk}" in response.url


def test_desk_finds_no_customer_of_another_merchant_by_phone(client, agent, other_merchant):
    stranger = CustomerFactory.build(merchant=other_merchant, phone=WARSAW, country="PL")
    stranger.save()
    client.force_login(agent)
    response = client.get(reverse(DESK), {"q": "22 632 36 98"})
    assert response.status_code == 200
    assert f"customer={stranger.pk}" not in response.content.decode()


def test_migration_converts_phones_and_reports_those_it_keeps(capsys):
    migration = importlib.import_module("returns.migrations.0010_customer_phone_e164")
    merchant = MerchantFactory(country="PL")
    warsaw = CustomerFactory(merchant=merchant, phone="22 632 36 98", country="PL")
    berlin = CustomerFactory(merchant=merchant, phone="+49 30 1234567", country="DE")
    unreadable = CustomerFactory(merchant=merchant, phone="ask at the door", country="PL")
    empty = CustomerFactory(merchant=merchant, phone="", country="PL")

    migration.phones_to_e164(django_apps, None)

    phones = dict(Customer.objects.values_list("pk", "phone"))
    assert phones[warsaw.pk] == WARSAW
    assert phones[berlin.pk] == "+49301234567"
    assert phones[unreadable.pk] == "ask at the door"
    assert phones[empty.pk] == ""
    printed = capsys.readouterr().out
    assert "2 customers' phone numbers now in E.164" in printed
    assert f"customer {unreadable.pk} (PL): ask at the door" in printed
