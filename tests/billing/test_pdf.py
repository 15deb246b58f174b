import io
import re
import statistics
from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent
from pypdf import PdfReader

from billing import services
from billing.pdf import invoice_html
from tests.billing.conftest import at, contact, draft, tariff
from tests.factories import MerchantFactory

pytestmark = pytest.mark.django_db

TARGET_SECONDS = 90
# Chosen so the figures need a decimal: 86.7 s average, 102.2 s percentile, 66.7 % over.
HANDLING_SECONDS = (61, 95, 104)


def _text(invoice) -> str:
    invoice.pdf.open("rb")
    reader = PdfReader(io.BytesIO(invoice.pdf.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Babel puts a no-break space between amount and sign; PDF text may split lines.
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _issued(merchant, finance_user, *, vat: str):
    merchant.staff.add(finance_user)
    # 1,000.00 a contact makes the total big enough to show the locale's grouping.
    tariff(merchant, date(2025, 1, 1), fee="1000.00", vat=vat, target=TARGET_SECONDS)
    for day, seconds in enumerate(HANDLING_SECONDS, start=4):
        contact(merchant, at(merchant, 2025, 3, day, 10), seconds=seconds)
    return services.invoice_issue(invoice=draft(merchant, finance_user), actor=finance_user)


def _handling_figures(locale: str) -> list[str]:
    """Average, 90th percentile and share over the target of the test's contacts, as shown."""
    tenth = Decimal("0.1")
    average = (Decimal(sum(HANDLING_SECONDS)) / len(HANDLING_SECONDS)).quantize(tenth)
    # "inclusive" interpolates between the closest ranks, as PostgreSQL's percentile_cont.
    p90 = statistics.quantiles(HANDLING_SECONDS, n=10, method="inclusive")[8]
    over = sum(seconds > TARGET_SECONDS for seconds in HANDLING_SECONDS)
    share = (Decimal(100 * over) / len(HANDLING_SECONDS)).quantize(tenth)
    return [
        format_decimal(average, format="#,##0.0", locale=locale),
        format_decimal(Decimal(str(p90)).quantize(tenth), format="#,##0.0", locale=locale),
        format_percent(share / 100, format="#,##0.0%", locale=locale),
    ]


def test_german_invoice_pdf_has_number_total_and_german_amounts(finance_user):
    merchant = MerchantFactory(
        slug="nord", name="Nord GmbH", default_language="de", time_zone="Europe/Berlin"
    )
    invoice = _issued(merchant, finance_user, vat="19.00")
    text = _text(invoice)
    assert invoice.number in text
    assert "3.570,00 €" in text  # 3 x 1.000,00 + 19 % VAT
    assert "3.000,00 €" in text
    assert "01.03.2025" in text and "31.03.2025" in text
    # From locale/de (compiled by `make messages`): the labels are German.
    assert "Rechnung" in text and "Invoice" not in text
    assert "90. Perzentil (s)" in text and "Über dem Zielwert" in text
    for figure in _handling_figures("de_DE"):
        assert figure in text


def test_spanish_invoice_pdf_has_number_total_and_spanish_amounts(finance_user):
    merchant = MerchantFactory(
        slug="sol", name="Moda Sol", default_language="es", time_zone="Europe/Madrid"
    )
    invoice = _issued(merchant, finance_user, vat="21.00")
    text = _text(invoice)
    assert invoice.number in text
    assert "3.630,00 €" in text  # 3 x 1.000,00 + 21 % VAT
    assert "1 mar 2025" in text and "31 mar 2025" in text
    # From locale/es (compiled by `make messages`): the labels are Spanish.
    assert "Factura" in text and "Invoice" not in text
    assert "Percentil 90 (s)" in text and "Por encima del objetivo" in text
    for figure in _handling_figures("es_ES"):
        assert figure in text


def test_the_template_uses_no_url(finance_user, merchant):
    contact(merchant, at(merchant, 2025, 3, 4, 10))
    html = invoice_html(draft(merchant, finance_user))
    assert "http" not in html and "url(" not in html
