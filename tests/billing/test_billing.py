from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from billing import services
from billing.choices import InvoiceState
from billing.exceptions import InvalidTariff, InvoiceLocked, InvoiceOutOfDate, ReasonRequired
from billing.models import CreditNote, Invoice, Tariff
from billing.selectors import month_billing, percentile
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from tests.billing.conftest import at, contact, draft, tariff
from tests.factories import MerchantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_with_price_change(merchant):
    """Berlin merchant: 0.55 until 14 March 2025, 0.60 from the 15th, 19 % VAT both."""
    tariff(merchant, date(2025, 1, 1), date(2025, 3, 14), fee="0.55")
    tariff(merchant, date(2025, 3, 15), fee="0.60")
    for day in (3, 7, 10):
        contact(merchant, at(merchant, 2025, 3, day, 10))
    # 23:30 in Berlin on the 14th is 22:30 UTC: still the old fee.
    contact(merchant, at(merchant, 2025, 3, 14, 23, 30))
    # 00:15 in Berlin on the 15th is 23:15 UTC on the 14th: already the new fee.
    contact(merchant, at(merchant, 2025, 3, 15, 0, 15))
    contact(merchant, at(merchant, 2025, 3, 20, 9), seconds=120)
    contact(merchant, at(merchant, 2025, 3, 21, 9))
    # The last evening of March (after the switch to summer time) is March's, local time.
    contact(merchant, at(merchant, 2025, 3, 31, 23, 30), seconds=200)
    contact(merchant, at(merchant, 2025, 3, 25, 15), channel="email", seconds=40)
    # Local April and local February: not March's, though UTC says otherwise for one.
    contact(merchant, at(merchant, 2025, 4, 1, 0, 30))
    contact(merchant, at(merchant, 2025, 2, 28, 23, 30))
    return merchant


def test_a_month_with_a_price_change_bills_each_contact_at_its_days_fee(
    march_with_price_change, finance_user
):
    invoice = draft(march_with_price_change, finance_user)
    lines = {
        (line.channel, line.unit_fee): (line.quantity, line.amount) for line in invoice.lines.all()
    }
    assert lines == {
        ("phone", Decimal("0.5500")): (4, Decimal("2.20")),
        ("phone", Decimal("0.6000")): (4, Decimal("2.40")),
        ("email", Decimal("0.6000")): (1, Decimal("0.60")),
    }
    assert invoice.contact_count == 9
    assert invoice.subtotal == Decimal("5.20")
    assert invoice.vat_amount == Decimal("0.99")  # 19 % of 5.20 = 0.988, half-up
    assert invoice.total == Decimal("6.19")
    assert invoice.currency == "EUR"
    assert invoice.state == InvoiceState.DRAFT
    assert invoice.number == ""


def test_billing_a_month_is_one_query(march_with_price_change, django_assert_max_num_queries):
    # The tariffs, the aggregate, and (not on PostgreSQL) the handling times for percentiles.
    with django_assert_max_num_queries(3):
        billing = month_billing(march_with_price_change, 2025, 3)
    assert billing.contact_count == 9


def test_handling_figures_per_channel_and_overall(march_with_price_change):
    figures = {
        item.channel: item for item in month_billing(march_with_price_change, 2025, 3).figures
    }
    phone = figures["phone"]
    assert phone.contacts == 8
    assert phone.average_seconds == Decimal("100.0")  # (6 x 80 + 120 + 200) / 8
    assert phone.over_target == 2
    assert phone.over_target_share == Decimal("25.0")
    assert phone.p90_seconds == Decimal("144.0")  # between 120 and 200 at rank 6.3
    assert figures["email"].average_seconds == Decimal("40.0")
    assert figures[""].contacts == 9
    assert figures[""].target_seconds == 90


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) == Decimal("91.0")
    assert percentile([7]) == Decimal("7.0")
    assert percentile([]) == Decimal("0.0")


def test_without_a_tariff_the_merchants_fee_and_the_default_vat_apply(merchant, finance_user):
    merchant.fee_per_contact = Decimal("0.50")
    merchant.save()
    contact(merchant, at(merchant, 2025, 3, 5, 10))
    contact(merchant, at(merchant, 2025, 3, 6, 10))
    invoice = draft(merchant, finance_user)
    line = invoice.lines.get()
    assert (line.quantity, line.unit_fee, line.vat_rate) == (2, Decimal("0.50"), Decimal("21"))
    assert invoice.total == Decimal("1.21")


def test_default_vat_rate_comes_from_settings(merchant, finance_user, settings):
    settings.BILLING_DEFAULT_VAT_RATE = "19"
    contact(merchant, at(merchant, 2025, 3, 5, 10))
    assert draft(merchant, finance_user).lines.get().vat_rate == Decimal("19")


def test_overlapping_tariffs_are_refused(merchant, finance_user):
    tariff(merchant, date(2025, 1, 1))
    overlapping = Tariff(
        merchant=merchant,
        valid_from=date(2025, 3, 1),
        fee_per_contact=Decimal("0.6"),
        vat_rate=Decimal("19"),
    )
    with pytest.raises(InvalidTariff):
        services.tariff_save(tariff=overlapping, actor=finance_user)


def test_supervisor_cannot_edit_tariffs(merchant, supervisor):
    with pytest.raises(ActionNotPermitted):
        services.tariff_save(
            tariff=Tariff(
                merchant=merchant,
                valid_from=date(2025, 1, 1),
                fee_per_contact=Decimal("0.6"),
                vat_rate=Decimal("19"),
            ),
            actor=supervisor,
        )


def test_issue_invoices_command_creates_drafts_once(march_with_price_change, other_merchant):
    contact(other_merchant, at(other_merchant, 2025, 3, 2, 12))
    call_command("issue_invoices", month="2025-03")
    assert Invoice.objects.filter(state=InvoiceState.DRAFT).count() == 2
    before = list(Invoice.objects.values_list("pk", "total", "contact_count"))
    call_command("issue_invoices", month="2025-03")
    assert list(Invoice.objects.values_list("pk", "total", "contact_count")) == before


def test_prepare_month_skips_merchants_without_contacts(march_with_price_change, finance_user):
    MerchantFactory(slug="quiet", name="Quiet")
    result = services.invoices_prepare_month(year=2025, month=3, actor=finance_user)
    assert [invoice.merchant for invoice in result.created] == [march_with_price_change]
    assert Invoice.objects.count() == 1
    again = services.invoices_prepare_month(year=2025, month=3, actor=finance_user)
    assert again.created == [] and len(again.existing) == 1


def test_finance_issues_a_draft_with_number_date_and_pdf(march_with_price_change, finance_user):
    invoice = services.invoice_issue(
        invoice=draft(march_with_price_change, finance_user), actor=finance_user
    )
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.ISSUED
    assert invoice.number_sequence == 1
    assert invoice.number == f"{invoice.number_year}-00001"
    assert invoice.issued_by == finance_user
    assert invoice.pdf.name.endswith(".pdf")
    assert invoice.pdf.read().startswith(b"%PDF")
    assert invoice.history.filter(
        history_change_reason="issued", state=InvoiceState.ISSUED
    ).exists()
    assert invoice.history.latest().history_user == finance_user


def test_supervisor_may_not_issue(march_with_price_change, finance_user, supervisor):
    invoice = draft(march_with_price_change, finance_user)
    with pytest.raises(ActionNotPermitted):
        services.invoice_issue(invoice=invoice, actor=supervisor)
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.DRAFT and invoice.number == ""


def test_finance_of_another_merchant_may_not_issue(march_with_price_change, finance_user):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    stranger = UserFactory(username="frank.finance", is_staff=True)
    stranger.groups.add(Group.objects.get(name="finance"))
    with pytest.raises(NotAssigned):
        services.invoice_issue(invoice=draft(march_with_price_change, finance_user), actor=stranger)


def test_a_draft_whose_contacts_changed_must_be_recalculated(march_with_price_change, finance_user):
    invoice = draft(march_with_price_change, finance_user)
    contact(march_with_price_change, at(march_with_price_change, 2025, 3, 28, 10))
    with pytest.raises(InvoiceOutOfDate):
        services.invoice_issue(invoice=invoice, actor=finance_user)
    invoice = services.invoice_recalculate(invoice=invoice, actor=finance_user)
    assert invoice.contact_count == 10
    assert services.invoice_issue(invoice=invoice, actor=finance_user).state == InvoiceState.ISSUED


def test_paid_after_issued_and_not_before(march_with_price_change, finance_user):
    invoice = draft(march_with_price_change, finance_user)
    with pytest.raises(TransitionNotAllowed):
        services.invoice_mark_paid(invoice=invoice, actor=finance_user, payment_reference="X")
    services.invoice_issue(invoice=invoice, actor=finance_user)
    paid = services.invoice_mark_paid(
        invoice=invoice, actor=finance_user, payment_reference="SEPA-1"
    )
    assert paid.state == InvoiceState.PAID
    assert paid.history.latest().history_change_reason == "paid"


def test_supervisor_may_not_mark_paid(march_with_price_change, finance_user, supervisor):
    invoice = services.invoice_issue(
        invoice=draft(march_with_price_change, finance_user), actor=finance_user
    )
    with pytest.raises(ActionNotPermitted):
        services.invoice_mark_paid(invoice=invoice, actor=supervisor, payment_reference="X")


def test_voiding_an_issued_invoice_makes_a_credit_note(march_with_price_change, finance_user):
    invoice = services.invoice_issue(
        invoice=draft(march_with_price_change, finance_user), actor=finance_user
    )
    with pytest.raises(ReasonRequired):
        services.invoice_void(invoice=invoice, actor=finance_user, reason=" ")
    services.invoice_void(invoice=invoice, actor=finance_user, reason="Wrong fee")
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.VOID
    credit_note = CreditNote.objects.get(invoice=invoice)
    assert credit_note.number == f"CN-{credit_note.number_year}-00001"
    assert credit_note.total == -invoice.total
    # The month can be billed again, and the new invoice takes the next number.
    again = draft(march_with_price_change, finance_user)
    assert services.invoice_issue(invoice=again, actor=finance_user).number_sequence == 2


def test_voiding_a_draft_makes_no_credit_note(march_with_price_change, finance_user):
    invoice = draft(march_with_price_change, finance_user)
    invoice = services.invoice_void(invoice=invoice, actor=finance_user, reason="Not needed")
    assert invoice.state == InvoiceState.VOID
    assert not CreditNote.objects.exists()


def test_a_paid_invoice_cannot_be_voided(march_with_price_change, finance_user):
    invoice = services.invoice_issue(
        invoice=draft(march_with_price_change, finance_user), actor=finance_user
    )
    services.invoice_mark_paid(invoice=invoice, actor=finance_user, payment_reference="X")
    with pytest.raises(TransitionNotAllowed):
        services.invoice_void(invoice=invoice, actor=finance_user, reason="late")


def test_an_issued_invoice_refuses_change(march_with_price_change, finance_user):
    invoice = services.invoice_issue(
        invoice=draft(march_with_price_change, finance_user), actor=finance_user
    )
    invoice.refresh_from_db()
    invoice.total = Decimal("1.00")
    with pytest.raises(InvoiceLocked):
        invoice.save()
    invoice.refresh_from_db()
    line = invoice.lines.first()
    line.quantity = 99
    with pytest.raises(InvoiceLocked):
        line.save()
    # Deleting runs in Django's own atomic block: a savepoint keeps the test's usable.
    with pytest.raises(InvoiceLocked), transaction.atomic():
        line.delete()
    with pytest.raises(InvoiceLocked), transaction.atomic():
        invoice.delete()
    with pytest.raises(InvoiceLocked):
        services.invoice_recalculate(invoice=invoice, actor=finance_user)
    invoice.refresh_from_db()
    assert invoice.total == Decimal("6.19")
    assert invoice.lines.count() == 3


def test_seed_demo_has_paid_issued_and_draft_invoices():
    call_command("seed_demo")
    states = set(Invoice.objects.values_list("state", flat=True))
    assert {InvoiceState.PAID, InvoiceState.ISSUED, InvoiceState.DRAFT} <= states
    assert Tariff.objects.filter(merchant__slug="hausgeraete-nord").count() == 2
