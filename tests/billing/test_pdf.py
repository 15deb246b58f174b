import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from billing import services
from billing.pdf import invoice_html
from tests.billing.conftest import at, contact, draft, tariff
from tests.factories import MerchantFactory

pytestmark = pytest.mark.django_db


def _text(invoice) -> str:
    invoice.pdf.open("rb")
    reader = PdfReader(io.BytesIO(invoice.pdf.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Babel puts a no-break space between amount and sign; PDF text may split lines.
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _issued(merchant, finance_user, *, vat: str):
    merchant.staff.add(finance_user)
    # 1,000.00 a contact makes the total big enough to show the locale's grouping.
    tariff(merchant, date(2025, 1, 1), fee="1000.00", vat=vat)
    contact(merchant, at(merchant, 2025, 3, 4, 10), seconds=60)
    contact(merchant, at(merchant, 2025, 3, 5, 10), seconds=100)
    return services.invoice_issue(invoice=draft(merchant, finance_user), actor=finance_user)


def test_german_invoice_pdf_has_number_total_and_german_amounts(finance_user):
    merchant = MerchantFactory(
        slug="nord", name="Nord GmbH", default_language="de", time_zone="Europe/Berlin"
    )
    invoice = _issued(merchant, finance_user, vat="19.00")
    text = _text(invoice)
    assert invoice.number in text
    assert "2.380,00 €" in text  # 2 x 1.000,00 + 19 % VAT
    assert "2.000,00 €" in text
    assert "01.03.2025" in text and "31.03.2025" in text
    assert "80,0" in text  # average handling time, German decimal comma


def test_spanish_invoice_pdf_has_number_total_and_spanish_amounts(finance_user):
    merchant = MerchantFactory(
        slug="sol", name="Moda Sol", default_language="es", time_zone="Europe/Madrid"
    )
    invoice = _issued(merchant, finance_user, vat="21.00")
    text = _text(invoice)
    assert invoice.number in text
    assert "2.420,00 €" in text  # 2 x 1.000,00 + 21 % VAT
    assert "1 mar 2025" in text and "31 mar 2025" in text


def test_the_template_uses_no_url(finance_user, merchant):
    contact(merchant, at(merchant, 2025, 3, 4, 10))
    html = invoice_html(draft(merchant, finance_user))
    assert "http" not in html and "url(" not in html
