from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from refunds.choices import Alternative, RefundState, StoreCreditState
from refunds.models import Redemption, Refund, StoreCredit
from returns.choices import CaseStatus, ContactChannel, NotificationKind, Resolution, ShipmentStatus
from returns.demo import DEMO_PASSWORD
from returns.demo.content import rejection_reasons
from returns.demo.notification_templates import frame
from returns.models import Contact, Customer, Merchant, Notification, Order, ReturnCase, Shipment

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


def _values(model, field: str) -> set[str]:
    return set(model.objects.values_list(field, flat=True))


# One seed for all the content checks below: loading the demo takes seconds.
def test_seed_demo_shows_every_state_a_new_user_meets():
    call_command("seed_demo")

    assert _values(ReturnCase, "status") == set(CaseStatus.values)
    assert _values(Contact, "channel") == set(ContactChannel.values)
    assert _values(Shipment, "status") == set(ShipmentStatus.values)
    assert _values(Refund, "state") == set(RefundState.values)
    assert _values(StoreCredit, "state") == set(StoreCreditState.values)
    merchants = Merchant.objects.all()
    assert merchants
    for merchant in merchants:
        assert merchant.resolution_rules.exists(), merchant.slug
    _assert_store_credit_balances_are_what_the_redemptions_left()
    _assert_rejected_refunds_carry_the_alternative_they_offered()
    _assert_customers_get_their_e_mails_in_their_own_language()
    _assert_rejected_cases_tell_a_chosen_reason_in_the_customers_language()


def _assert_rejected_cases_tell_a_chosen_reason_in_the_customers_language():
    for merchant in Merchant.objects.all():
        codes = set(merchant.rejection_reasons.values_list("code", flat=True))
        assert codes == set(rejection_reasons()), merchant.slug
    rejected = ReturnCase.objects.filter(resolution=Resolution.REJECTED).select_related(
        "customer", "rejection_choice"
    )
    assert rejected
    for case in rejected:
        language = case.customer.preferred_language
        assert case.rejection_choice is not None, case.reference
        text = rejection_reasons()[case.rejection_choice.code][language]
        mail = case.notifications.get(kind=NotificationKind.DECISION_REJECTED, event_key="")
        assert text in mail.body_text, (case.reference, language)


def _assert_store_credit_balances_are_what_the_redemptions_left():
    redeemed = {
        row["store_credit"]: row["total"]
        for row in Redemption.objects.values("store_credit").annotate(total=Sum("amount"))
    }
    assert redeemed
    for credit in StoreCredit.objects.all():
        assert credit.balance == credit.initial_value - redeemed.get(credit.pk, Decimal(0)), credit
        assert (credit.balance == 0) == (credit.state == StoreCreditState.USED_UP), credit
    # The expired and the void credit ended some other way than being spent.
    for state in (StoreCreditState.EXPIRED, StoreCreditState.VOID):
        assert StoreCredit.objects.filter(state=state, balance__gt=0).exists(), state


def _assert_rejected_refunds_carry_the_alternative_they_offered():
    rejected = Refund.objects.filter(state=RefundState.REJECTED).select_related("case")
    assert {refund.alternative for refund in rejected} == set(Alternative.values)
    for refund in rejected:
        assert refund.decision_reason, refund.reference
        if refund.alternative == Alternative.STORE_CREDIT:
            assert refund.case.store_credits.filter(initial_value=refund.amount).exists()
        else:
            assert refund.case.shipments.exists(), refund.reference


def _assert_customers_get_their_e_mails_in_their_own_language():
    told = defaultdict(set)
    for notification in Notification.objects.select_related("customer"):
        customer = notification.customer
        language = customer.preferred_language
        assert notification.language == language, notification.pk
        greeting, follow, closing = frame(language)
        body = notification.body_text
        assert body.startswith(greeting.replace("{{ customer_name }}", customer.name)), body
        assert follow in body and closing in body, body
        told[language].add(customer.pk)
    assert len(told) >= 8, sorted(told)


def test_seed_demo_dates_follow_each_other_placed_delivered_opened_now():
    call_command("seed_demo")
    now = timezone.now()

    orders = Order.objects.all()
    assert orders
    for order in orders:
        assert order.delivered_at is not None, order.number
        assert order.placed_at < order.delivered_at < now, order.number
    cases = ReturnCase.objects.select_related("order").prefetch_related("contacts")
    assert cases
    for case in cases:
        assert case.order.delivered_at < case.opened_at <= now, case.reference
        if case.resolved_at is not None:
            assert case.opened_at <= case.resolved_at <= now, case.reference
        for contact in case.contacts.all():
            assert case.order.delivered_at < contact.started_at <= now, case.reference
    # The returns demo's contacts without a case (questions about a delivery) follow an order.
    questions = Contact.objects.filter(case__isnull=True, summary__contains="delivery date")
    assert questions
    for contact in questions.select_related("customer"):
        first_order = contact.customer.orders.order_by("placed_at").first()
        assert first_order.placed_at < contact.started_at <= now, contact.pk


def test_seed_demo_logins_prints_the_url_the_admin_and_every_login_and_loads_nothing():
    out = StringIO()
    call_command("seed_demo", "--logins", "--url", "http://127.0.0.1:8001", stdout=out)
    lines = out.getvalue().splitlines()

    assert "http://127.0.0.1:8001/" in lines[1]
    assert "http://127.0.0.1:8001/admin/" in lines[2]
    assert DEMO_PASSWORD in lines[3]
    roles = {"agent": "agent", "supervisor": "supervisor", "finance": "finance"}
    roles |= {"auditor": "auditor", "admin": "superuser"}
    assert [line.split() for line in lines[4:-1]] == [
        [username, DEMO_PASSWORD, f"({roles[username]})"] for username in DEMO_USERS
    ]
    assert "Ctrl-C" in lines[-1]
    assert not Merchant.objects.exists()
