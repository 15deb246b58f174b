import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from returns.common import roles
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _product_models():
    for model in apps.get_models():
        if model._meta.app_label in roles.PRODUCT_APPS and not issubclass(model, HistoricalChanges):
            yield model


def test_every_product_model_keeps_history():
    without = [
        model._meta.label
        for model in _product_models()
        if not hasattr(model, "history") and not model._meta.auto_created
    ]
    assert without == []


def test_every_product_model_admin_shows_history():
    admins = [
        admin.site._registry[model] for model in _product_models() if model in admin.site._registry
    ]
    assert admins, "no product model is in the admin"
    assert all(isinstance(model_admin, SimpleHistoryAdmin) for model_admin in admins)


def test_a_change_in_the_admin_records_who_made_it(client, supervisor, merchant):
    customer = CustomerFactory(merchant=merchant, name="Old Name")
    client.force_login(supervisor)
    url = reverse("admin:returns_customer_change", args=[customer.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="New Name", merchant=merchant.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = customer.history.latest()
    assert latest.name == "New Name"
    assert latest.history_user == supervisor
    assert latest.prev_record.name == "Old Name"


def test_auditor_can_open_the_history_but_not_the_change_form(client, auditor, merchant):
    customer = CustomerFactory(merchant=merchant)
    client.force_login(auditor)
    history = client.get(reverse("admin:returns_customer_history", args=[customer.pk]))
    assert history.status_code == 200
    change = client.get(reverse("admin:returns_customer_change", args=[customer.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert client.post(change.request["PATH_INFO"], {"name": "x"}).status_code == 403


def test_every_product_model_with_history_has_a_page_showing_it():
    """Lines too: an auditor reads how an order line looked before a supervisor edited it."""
    internal = {"billing.InvoiceSequence"}  # a per-year counter, not a business record
    missing = [
        model._meta.label
        for model in _product_models()
        if hasattr(model, "history")
        and model not in admin.site._registry
        and model._meta.label not in internal
    ]
    assert missing == []


def test_auditor_reads_an_order_lines_history_but_another_merchants_is_not_there(
    client, auditor, merchant, other_merchant
):
    from tests.factories import OrderLineFactory

    line = OrderLineFactory(order__merchant=merchant, order__customer__merchant=merchant)
    theirs = OrderLineFactory(
        order__merchant=other_merchant, order__customer__merchant=other_merchant
    )
    client.force_login(auditor)

    history = client.get(reverse("admin:returns_orderline_history", args=[line.pk]))
    assert history.status_code == 200
    assert str(line) in history.text
    order = client.get(reverse("admin:returns_order_change", args=[line.order_id]))
    assert reverse("admin:returns_orderline_change", args=[line.pk]) in order.text
    assert (
        client.get(reverse("admin:returns_orderline_history", args=[theirs.pk])).status_code == 404
    )


def test_auditor_reads_who_gave_a_user_a_role_and_not_the_password(client, admin_user, auditor):
    from django.contrib.auth.models import Group, User

    colleague = User.objects.create_user("new.colleague", password="secret-123", is_staff=True)
    supervisors = Group.objects.get(name=roles.SUPERVISOR)
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[colleague.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update(groups=[supervisors.pk], date_joined_0="2026-01-05", date_joined_1="09:00:00")
    data.pop("password", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = colleague.history.latest()
    assert latest.history_user == admin_user
    assert [m.group for m in latest.groups.all()] == [supervisors]
    assert not hasattr(latest, "password")

    client.force_login(auditor)
    history = client.get(reverse("admin:auth_user_history", args=[colleague.pk]))
    assert history.status_code == 200
    assert admin_user.username in history.text
    assert "pbkdf2" not in history.text
    assert client.post(url, data).status_code == 403


def test_auditor_reads_who_approved_a_refund_when_and_how_it_looked_before_in_two_clicks(
    client, auditor, supervisor, agent, merchant
):
    import re

    from refunds import services
    from refunds.choices import RefundState
    from tests.refunds.factories import RefundFactory

    refund = RefundFactory(
        merchant=merchant, state=RefundState.PENDING_APPROVAL, requested_by=agent
    )
    services.refund_approve_exception(refund=refund, actor=supervisor, reason="loyal customer")
    client.force_login(auditor)
    page = client.get(reverse("admin:refunds_refund_change", args=[refund.pk])).text

    history_url = reverse("admin:refunds_refund_history", args=[refund.pk])
    assert history_url in page  # click 1
    history = client.get(history_url).text
    assert "Pending approval" in history and "Approved" in history
    assert "pending_approval" not in history
    assert "Deleted user" not in history and "pk=None" not in history
    assert "HISTORY_CHANGE_REASON" not in history.upper().replace("CHANGE REASON", "")
    assert history.count("loyal customer") == 1
    assert str(supervisor) in history
    assert "system" in history  # the factory's row has no user
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", history)  # no microseconds
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", history)  # no raw timestamps

    before = refund.history.order_by("history_date").first()
    version_url = reverse("admin:refunds_refund_simple_history", args=[refund.pk, before.pk])
    assert version_url in history  # click 2
    version = client.get(version_url)
    assert version.status_code == 200
    assert "Pending approval" in version.text
