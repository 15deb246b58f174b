import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from billing import services
from billing.models import Invoice, InvoiceSequence
from returns import roles
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
    assert InvoiceSequence.objects.get(series="invoice", year=year).last_number == 3


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
