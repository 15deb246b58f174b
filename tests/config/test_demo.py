import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from returns.demo import DEMO_PASSWORD
from returns.models import Customer, Merchant, Order

pytestmark = pytest.mark.django_db

DEMO_USERS = ["agent", "supervisor", "finance", "auditor", "admin"]
PRODUCT_APPS = {"returns", "refunds", "fraud", "billing", "auth"}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PRODUCT_APPS
    }


# The demo is large, so one test loads it and checks what a new user relies on.
def test_seed_demo_loads_merchants_customers_and_logins_and_twice_changes_nothing(client, capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    for username in DEMO_USERS:
        assert username in printed
    assert DEMO_PASSWORD in printed

    merchants = Merchant.objects.all()
    assert {m.country for m in merchants} == {"ES", "DE", "FR"}
    assert {m.default_language for m in merchants} == {"es", "de", "fr"}
    assert Order.objects.filter(lines__isnull=False).distinct().count() == Order.objects.count()
    assert len(set(Customer.objects.values_list("preferred_language", flat=True))) >= 8
    german = Customer.objects.filter(merchant__country="DE", preferred_language="de").first()
    assert german.postal_code.isdigit() and len(german.postal_code) == 5

    for username in DEMO_USERS:
        client.logout()
        response = client.post(
            reverse("admin:login"),
            {"username": username, "password": DEMO_PASSWORD, "next": reverse("admin:index")},
            follow=True,
        )
        assert response.context["user"].username == username, username
        assert response.request["PATH_INFO"] == reverse("admin:index"), username
        assert response.context["app_list"], f"{username} sees no app in the admin"

    before = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == before
