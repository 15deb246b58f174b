"""Every amount the admin shows is written the reader's way, with its currency (Babel)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice, Tariff
from fraud.models import Dispute
from refunds.choices import RefundState
from tests.factories import OrderFactory
from tests.refunds.factories import RefundFactory, StoreCreditFactory

pytestmark = pytest.mark.django_db

AMOUNT = Decimal("1234.50")
WRITTEN = {"de": "1.234,50\xa0€", "en": "€1,234.50"}


def _refund(merchant, state=RefundState.REQUESTED):
    return RefundFactory(merchant=merchant, amount=AMOUNT, order_total=Decimal("2000"), state=state)


def _invoice(merchant):
    return Invoice.objects.create(
        merchant=merchant,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        starts_at=timezone.now(),
        ends_at=timezone.now(),
        language="de",
        currency="EUR",
        subtotal=AMOUNT,
        vat_amount=Decimal("0"),
        total=AMOUNT,
    )


def _pages(merchant):
    """(family, url) of each page that shows the amount 1234.50 EUR."""
    refund = _refund(merchant)
    _refund(merchant, RefundState.PENDING_APPROVAL)
    batched = _refund(merchant, RefundState.BATCHED)
    StoreCreditFactory(merchant=merchant, initial_value=AMOUNT)
    invoice = _invoice(merchant)
    order = OrderFactory(merchant=merchant, total_amount=AMOUNT)
    Dispute.objects.create(order=order, amount=AMOUNT)
    return [
        ("refunds", reverse("admin:refunds_refund_changelist")),
        ("refunds", reverse("admin:refunds_refund_change", args=[refund.pk])),
        ("refunds", reverse("admin:refunds_refundapprovalqueue_changelist")),
        ("listings", reverse("admin:refunds_refundbatch_changelist")),
        ("listings", reverse("admin:refunds_refundbatch_change", args=[batched.batch.pk])),
        ("store credit", reverse("admin:refunds_storecredit_changelist")),
        ("billing", reverse("admin:billing_invoice_changelist")),
        ("billing", reverse("admin:billing_invoice_change", args=[invoice.pk])),
        ("fraud", reverse("admin:fraud_dispute_changelist")),
        ("returns", reverse("admin:returns_order_changelist")),
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_amounts_are_written_in_the_readers_locale_with_the_currency(
    admin_client, merchant, language
):
    for family, url in _pages(merchant):
        page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert WRITTEN[language] in html, (family, url)
        assert "1234.500" not in html and "1234.50 EUR" not in html, (family, url)


def test_listing_totals_name_the_count_in_singular_and_plural(admin_client, merchant):
    first = _refund(merchant, RefundState.BATCHED)
    page = admin_client.get(
        reverse("admin:refunds_refundbatch_change", args=[first.batch.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "€1,234.50 (1 refund)" in page.content.decode()
    RefundFactory(
        merchant=merchant,
        case__order__merchant=merchant,
        amount=Decimal("10.00"),
        state=RefundState.BATCHED,
        batch=first.batch,
    )
    page = admin_client.get(
        reverse("admin:refunds_refundbatch_change", args=[first.batch.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "€1,244.50 (2 refunds)" in page.content.decode()


def test_the_listing_column_sorts_on_the_underlying_total(admin_client, merchant):
    small = RefundFactory(merchant=merchant, amount=Decimal("9.00"), state=RefundState.BATCHED)
    large = _refund(merchant, RefundState.BATCHED)
    url = reverse("admin:refunds_refundbatch_changelist")
    column = admin_client.get(url).context["cl"].list_display.index("refund_total")
    page = admin_client.get(url, {"o": str(column)}, HTTP_ACCEPT_LANGUAGE="en")
    listed = [batch.pk for batch in page.context["cl"].result_list]
    assert listed == [small.batch.pk, large.batch.pk]


@pytest.mark.parametrize("language, written", [("de", "0,0125\xa0€"), ("en", "€0.0125")])
def test_fees_keep_their_digits_beyond_the_cent(admin_client, merchant, language, written):
    Tariff.objects.create(
        merchant=merchant,
        valid_from=date(2026, 1, 1),
        fee_per_contact=Decimal("0.0125"),
        currency="EUR",
        vat_rate=Decimal("19.00"),
    )
    page = admin_client.get(
        reverse("admin:billing_tariff_changelist"), HTTP_ACCEPT_LANGUAGE=language
    )
    assert written in page.content.decode()
