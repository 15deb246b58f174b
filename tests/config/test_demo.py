import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from returns.demo import DEMO_PASSWORD
from returns.models import Customer, Merchant, Order

pytestmark = pytest.mark.django_db

DEMO_USERS = ["agent", "supervisor", "finance", "auditor", "admin"]


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"returns", "refunds", "fraud", "billing", "auth"}
    }


def test_seed_demo_creates_merchants_in_three_countries_and_languages(capsys):
    call_command("seed_demo")
    merchants = Merchant.objects.all()
    assert {m.country for m in merchants} == {"ES", "DE", "FR"}
    assert {m.default_language for m in merchants} == {"es", "de", "fr"}
    assert Order.objects.filter(lines__isnull=False).distinct().count() == Order.objects.count()
    languages = set(Customer.objects.values_list("preferred_language", flat=True))
    assert len(languages) >= 8
    printed = capsys.readouterr().out
    for username in DEMO_USERS:
        assert username in printed
    assert DEMO_PASSWORD in printed


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == before


def test_customers_have_names_of_their_locale():
    call_command("seed_demo")
    german = Customer.objects.filter(merchant__country="DE", preferred_language="de").first()
    assert german.country == "DE"
    assert german.postal_code.isdigit() and len(german.postal_code) == 5


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_demo_user_logs_in_and_opens_the_admin(client, username):
    call_command("seed_demo")
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": DEMO_PASSWORD, "next": reverse("admin:index")},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["user"].username == username
    assert response.request["PATH_INFO"] == reverse("admin:index")
    assert response.context["app_list"], f"{username} sees no app in the admin"
