"""Billing benchmarks (make bench): render one invoice PDF; bill a month of 1,000,000 contacts.

Runs on the DATABASE_URL given (SQLite by default). The contacts are made by one
INSERT ... SELECT over a generated series, inside the test's transaction.
"""

import time
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from billing import services
from billing.models import Tariff
from billing.pdf import invoice_pdf
from billing.selectors import month_billing
from returns.common import roles
from returns.models import Contact
from tests.factories import MerchantFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACTS = 1_000_000
# 2 seconds apart from 1 March 2025 00:00 UTC: 1,000,000 contacts fill 23 days of March.
START = "2025-03-01 00:00:00"


def _insert_contacts(merchant_id: int, agent_id: int) -> None:
    table = Contact._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"""
            INSERT INTO {table}
                (merchant_id, channel, direction, started_at, handling_seconds, agent_id, summary)
            SELECT %s, (ARRAY['phone', 'phone', 'email', 'chat', 'portal'])[1 + g %% 5],
                   'inbound', %s::timestamptz + g * interval '2 seconds',
                   30 + (g * 37) %% 150, %s, ''
            FROM generate_series(0, %s - 1) AS g
        """
        params = [merchant_id, START + "+00:00", agent_id, CONTACTS]
    else:
        sql = f"""
            WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < %s - 1)
            INSERT INTO {table}
                (merchant_id, channel, direction, started_at, handling_seconds, agent_id, summary)
            SELECT %s, CASE n %% 5 WHEN 2 THEN 'email' WHEN 3 THEN 'chat'
                                   WHEN 4 THEN 'portal' ELSE 'phone' END,
                   'inbound', strftime('%%Y-%%m-%%d %%H:%%M:%%S', %s, '+' || (n * 2) || ' seconds'),
                   30 + (n * 37) %% 150, %s, ''
            FROM g
        """
        params = [CONTACTS, merchant_id, START, agent_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def _finance(merchant):
    user = UserFactory(username="bench.finance", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FINANCE))
    merchant.staff.add(user)
    return user


def _timed(function, repeat: int = 1) -> tuple[float, object]:
    started = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - started) / repeat, result


def test_bill_a_month_of_a_million_contacts():
    merchant = MerchantFactory(slug="bench", name="Bench GmbH", time_zone="Europe/Berlin")
    finance = _finance(merchant)
    Tariff.objects.create(
        merchant=merchant,
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 3, 14),
        fee_per_contact="0.55",
        vat_rate="19",
    )
    Tariff.objects.create(
        merchant=merchant, valid_from=date(2025, 3, 15), fee_per_contact="0.60", vat_rate="19"
    )
    seconds, _ = _timed(lambda: _insert_contacts(merchant.pk, finance.pk))
    print(f"\n[billing] {connection.vendor}: inserted {CONTACTS:,} contacts in {seconds:.1f} s")

    seconds, billing = _timed(lambda: month_billing(merchant, 2025, 3))
    assert billing.contact_count == CONTACTS
    print(f"[billing] month_billing over {CONTACTS:,} contacts: {seconds:.2f} s")

    seconds, (invoice, created) = _timed(
        lambda: services.invoice_prepare(merchant=merchant, year=2025, month=3, actor=finance)
    )
    assert created and invoice.contact_count == CONTACTS
    print(f"[billing] invoice_prepare (the draft with lines and figures): {seconds:.2f} s")
    print(f"[billing] total {invoice.total} {invoice.currency}")


def test_render_one_invoice_pdf():
    merchant = MerchantFactory(slug="bench-pdf", name="Bench PDF", default_language="de")
    finance = _finance(merchant)
    agent = UserFactory(username="bench.agent")
    Contact.objects.bulk_create(
        Contact(
            merchant=merchant,
            channel=channel,
            started_at=f"2025-03-{day:02d}T10:00:00+00:00",
            handling_seconds=40 + day * 3,
            agent=agent,
        )
        for day in range(1, 29)
        for channel in ("phone", "email", "chat", "portal")
    )
    invoice, _ = services.invoice_prepare(merchant=merchant, year=2025, month=3, actor=finance)
    invoice_pdf(invoice)  # warm up fonts and templates
    seconds, pdf = _timed(lambda: invoice_pdf(invoice), repeat=5)
    assert pdf.startswith(b"%PDF")
    print(f"\n[billing] one invoice PDF: {seconds * 1000:.0f} ms ({len(pdf):,} bytes)")
