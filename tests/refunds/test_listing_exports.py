import csv
import io
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from refunds.choices import BatchState, RefundMethod
from refunds.exports import RefundListingResource
from refunds.listings import ListingError, listing_export
from refunds.models import RefundBatch
from tests.refunds.listing_helpers import approved_refund, close_yesterday

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def listing(merchant, agent, finance_user):
    merchant.debtor_name = "Shop A GmbH"
    merchant.debtor_iban = "DE02120300000000202051"
    merchant.debtor_bic = "BYLADEM1001"
    merchant.save()
    approved_refund(merchant, agent, price=Decimal("12.35"), customer_name=FORMULA)
    approved_refund(merchant, agent, price=Decimal("99.99"))
    approved_refund(merchant, agent, price=Decimal("20.00"), method=RefundMethod.ORIGINAL_PAYMENT)
    return close_yesterday(merchant, finance_user).batch


def _read(export) -> bytes:
    with export.file.open("rb") as handle:
        return handle.read()


def test_xlsx_holds_the_same_rows_and_decimal_amounts_as_the_database(listing, finance_user):
    export = listing_export(batch=listing, actor=finance_user, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(_read(export))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == RefundListingResource().headers()
    by_reference = {row[0]: row for row in rows}
    refunds = listing.refunds.all()
    assert set(by_reference) == {refund.reference for refund in refunds}
    for refund in refunds:
        row = by_reference[refund.reference]
        assert Decimal(str(row[RefundListingResource.AMOUNT_COLUMN])) == refund.amount
        assert row[9] == refund.currency
        assert row[1] == refund.case.reference
    assert export.rows == 3


def test_a_formula_in_a_customer_name_is_escaped_in_csv_and_xlsx(listing, finance_user):
    csv_export = listing_export(batch=listing, actor=finance_user, file_format="csv")
    rows = list(csv.reader(io.StringIO(_read(csv_export).decode("utf-8-sig"))))
    names = [row[3] for row in rows[1:]]
    assert "'" + FORMULA in names
    assert FORMULA not in names
    xlsx_export = listing_export(batch=listing, actor=finance_user, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(_read(xlsx_export))).active
    cells = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + FORMULA in cells
    assert not any(isinstance(cell, str) and cell.startswith("=") for cell in cells)


def test_sepa_file_validates_against_pain_001_and_pays_only_bank_transfers(listing, finance_user):
    export = listing_export(batch=listing, actor=finance_user, file_format="sepa")
    xml = _read(export)
    import sepaxml
    import xmlschema

    schema = xmlschema.XMLSchema(f"{sepaxml.__path__[0]}/schemas/pain.001.001.03.xsd")
    schema.validate(xml.decode())  # raises with the first violation
    document = ElementTree.fromstring(xml)
    namespace = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    amounts = sorted(
        Decimal(node.text)
        for node in document.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", namespace)
    )
    assert amounts == [Decimal("12.35"), Decimal("99.99")]
    assert document.find(".//p:Dbtr/p:Nm", namespace).text == "Shop A GmbH"
    assert export.rows == 2


def test_sepa_needs_the_merchants_account(listing, finance_user, merchant):
    merchant.debtor_iban = ""
    merchant.save()
    with pytest.raises(ListingError, match="account refunds are paid from"):
        listing_export(batch=listing, actor=finance_user, file_format="sepa")
    listing.refresh_from_db()
    assert listing.state == BatchState.OPEN


def test_export_marks_the_listing_exported_and_keeps_the_file(client, listing, finance_user):
    client.force_login(finance_user)
    url = reverse("admin:refunds_refundbatch_export", args=[listing.pk, "csv"])
    assert client.get(url).status_code == 200  # the confirmation step
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    assert listing.refunds.first().reference.encode() in body
    listing.refresh_from_db()
    assert listing.state == BatchState.EXPORTED
    assert listing.exported_by == finance_user
    assert listing.exports.count() == 1


def test_auditor_downloads_past_exports_but_cannot_export(client, listing, finance_user, auditor):
    export = listing_export(batch=listing, actor=finance_user, file_format="csv")
    client.force_login(auditor)
    assert (
        client.post(
            reverse("admin:refunds_refundbatch_export", args=[listing.pk, "csv"])
        ).status_code
        == 403
    )
    download = client.get(
        reverse("admin:refunds_refundbatch_download", args=[listing.pk, export.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == _read(export)
    assert RefundBatch.objects.get().exports.count() == 1


def test_agent_and_supervisor_cannot_export(client, listing, agent, supervisor):
    for user in (agent, supervisor):
        client.force_login(user)
        response = client.post(
            reverse("admin:refunds_refundbatch_export", args=[listing.pk, "xlsx"])
        )
        assert response.status_code in (403, 404)
    listing.refresh_from_db()
    assert listing.state == BatchState.OPEN


def _object_tools(client, batch) -> str:
    page = client.get(reverse("admin:refunds_refundbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return html[
        html.index('class="object-tools"') : html.index("</ul>", html.index("object-tools"))
    ]


def _export_links(tools: str, batch) -> list[str]:
    return [
        file_format
        for file_format in ("csv", "xlsx", "sepa")
        if reverse("admin:refunds_refundbatch_export", args=[batch.pk, file_format]) in tools
    ]


def test_a_listing_offers_only_what_its_state_allows(client, listing, finance_user):
    from refunds.listings import listing_confirm

    client.force_login(finance_user)
    confirmation = reverse("admin:refunds_refundbatch_confirmation", args=[listing.pk])
    tools = _object_tools(client, listing)
    assert _export_links(tools, listing) == ["csv", "xlsx", "sepa"]
    assert confirmation not in tools  # nothing to confirm before the bank has the file

    listing_export(batch=listing, actor=finance_user, file_format="csv")
    tools = _object_tools(client, listing)
    assert _export_links(tools, listing) == ["csv", "xlsx", "sepa"]
    assert confirmation in tools

    rows = "".join(
        f"{refund.reference},paid,BK-{index},2026-11-24,{refund.amount},{refund.currency}\n"
        for index, refund in enumerate(listing.refunds.all())
    )
    content = ("reference,status,bank reference,date,amount,currency\n" + rows).encode()
    listing_confirm(batch=listing, actor=finance_user, content=content, filename="bank.csv")
    listing.refresh_from_db()
    assert listing.state == BatchState.SETTLED
    tools = _object_tools(client, listing)
    assert _export_links(tools, listing) == []
    assert confirmation not in tools


def test_sepa_is_not_offered_without_the_merchants_account_and_the_page_says_why(
    client, listing, finance_user, merchant
):
    merchant.debtor_iban = ""
    merchant.save()
    client.force_login(finance_user)
    assert _export_links(_object_tools(client, listing), listing) == ["csv", "xlsx"]
    page = client.get(reverse("admin:refunds_refundbatch_change", args=[listing.pk]))
    assert "A SEPA file needs the account refunds are paid from" in page.content.decode()


def test_an_auditor_sees_no_export_or_import_button(client, listing, finance_user, auditor):
    listing_export(batch=listing, actor=finance_user, file_format="csv")
    client.force_login(auditor)
    tools = _object_tools(client, listing)
    assert _export_links(tools, listing) == []
    assert reverse("admin:refunds_refundbatch_confirmation", args=[listing.pk]) not in tools
