import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from billing import services
from billing.choices import InvoiceState, NumberSeries
from billing.models import Invoice, InvoiceSequence
from returns.common import roles
from tests.billing.conftest import at, contact, draft
from tests.factories import MerchantFactory, UserFactory


@pytest.mark.django_db
def test_numbers_follow_each_other_within_a_year(finance_user, merchant):
    numbers = []
    for month in (1, 2, 3):
        contact(merchant, at(merchant, 2025, month, 10, 12))
        invoice = services.invoice_issue(
            invoice=draft(merchant, finance_user, month=month), actor=finance_user
        )
        numbers.append(invoice.number_sequence)
    assert numbers == [1, 2, 3]
    year = Invoice.objects.first().number_year
    assert InvoiceSequence.objects.get(series=NumberSeries.INVOICE, year=year).last_number == 3


@pytest.mark.django_db
def test_a_refused_issue_gives_its_number_back(finance_user, supervisor, merchant):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = draft(merchant, finance_user)
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is the number
        services.invoice_issue(invoice=invoice, actor=supervisor)
    issued = services.invoice_issue(invoice=invoice, actor=finance_user)
    assert issued.number_sequence == 1


ISSUERS = 20


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_gapless_unique_numbers(monkeypatch):
    # The PDF is beside the point here and WeasyPrint is not meant for threads.
    monkeypatch.setattr("billing.pdf.invoice_pdf", lambda invoice: b"%PDF-1.7 test")
    finance = UserFactory(username="fiona.finance", is_staff=True)
    finance.groups.add(Group.objects.get(name=roles.FINANCE))
    drafts = []
    for index in range(ISSUERS):
        merchant = MerchantFactory(slug=f"shop-{index}", name=f"Shop {index}")
        merchant.staff.add(finance)
        contact(merchant, at(merchant, 2025, 3, 10, 12))
        drafts.append(draft(merchant, finance))
    barrier = threading.Barrier(ISSUERS)
    errors = []

    def issue(invoice):
        try:
            barrier.wait()
            services.invoice_issue(invoice=invoice, actor=finance)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(invoice,)) for invoice in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number_sequence", flat=True))
    assert numbers == list(range(1, ISSUERS + 1))
    assert len(set(Invoice.objects.values_list("number", flat=True))) == ISSUERS


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_contact_logged_while_its_month_is_issued_waits_and_is_refused(monkeypatch):
    """Issuing recounts the month and commits some time later (the PDF is made in between):
    a contact for that month logged in the gap must not slip in unbilled."""
    from billing.exceptions import ContactInvoiced
    from returns import services as returns_services
    from returns.models import Contact

    finance = UserFactory(username="fiona.finance", is_staff=True)
    finance.groups.add(Group.objects.get(name=roles.FINANCE))
    agent = UserFactory(username="anna.agent", is_staff=True)
    agent.groups.add(Group.objects.get(name=roles.AGENT))
    merchant = MerchantFactory(slug="shop-race", name="Shop Race")
    merchant.staff.add(finance, agent)
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = draft(merchant, finance)
    recounted, release = threading.Event(), threading.Event()

    def slow_pdf(invoice):
        recounted.set()  # the month is counted and numbered; the commit is still to come
        assert release.wait(timeout=30)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("billing.pdf.invoice_pdf", slow_pdf)
    outcome = {}

    def issue():
        try:
            services.invoice_issue(invoice=invoice, actor=finance)
        finally:
            connection.close()

    def log_contact():
        try:
            assert recounted.wait(timeout=30)
            returns_services.contact_log(
                actor=agent,
                merchant=merchant,
                channel="phone",
                handling_seconds=60,
                started_at=at(merchant, 2025, 3, 31, 23, 30),
            )
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    issuer, logger = threading.Thread(target=issue), threading.Thread(target=log_contact)
    issuer.start()
    logger.start()
    # Give the contact time to reach the merchant's lock; without that lock it would have
    # committed by now, before the invoice, and the assertions below would fail.
    logger.join(timeout=1)
    release.set()
    issuer.join()
    logger.join()

    assert isinstance(outcome.get("error"), ContactInvoiced), outcome
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.ISSUED
    billed = sum(line.quantity for line in invoice.lines.all())
    assert Contact.objects.filter(merchant=merchant).count() == billed == 1
