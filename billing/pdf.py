"""The invoice as a PDF: the merchant's language, amounts and dates in the merchant's locale."""

from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import to_locale

from billing.models import Invoice
from billing.selectors import vat_by_rate
from returns.choices import ContactChannel
from returns.common.money import format_money

TEMPLATE = "billing/invoice.html"


def invoice_context(invoice: Invoice) -> dict:
    """What the template shows, every number already formatted for the invoice's locale."""
    locale = to_locale(invoice.language or "en")
    currency = invoice.currency

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, invoice.language)

    def day(value) -> str:
        return format_date(value, format="medium", locale=locale) if value else ""

    def seconds(value) -> str:
        return format_decimal(Decimal(value), format="#,##0.0", locale=locale)

    lines = [
        {
            "channel": line.get_channel_display(),
            "from": day(line.valid_from),
            "to": day(line.valid_to),
            "quantity": format_decimal(line.quantity, locale=locale),
            # A fee may have more decimals than the currency (0.5525): show them all.
            "fee": format_currency(
                line.unit_fee.normalize(), currency, locale=locale, decimal_quantization=False
            ),
            "vat_rate": format_percent(line.vat_rate / 100, format="#,##0.##%", locale=locale),
            "amount": money(line.amount),
        }
        for line in invoice.lines.all()
    ]
    vat = vat_by_rate(((line.amount, line.vat_rate) for line in invoice.lines.all()), currency)
    vat_rows = [
        {
            "rate": format_percent(rate / 100, format="#,##0.##%", locale=locale),
            "amount": money(amount),
        }
        for rate, amount in sorted(vat.items())
    ]
    channel_names = dict(ContactChannel.choices)
    figures = [
        {
            "channel": channel_names.get(item["channel"], "") if item["channel"] else None,
            "contacts": format_decimal(item["contacts"], locale=locale),
            "average": seconds(item["average_seconds"]),
            "p90": seconds(item["p90_seconds"]),
            "share": format_percent(
                Decimal(item["over_target_share"]) / 100, format="#,##0.0%", locale=locale
            ),
            "target": format_decimal(item["target_seconds"], locale=locale),
            "on_target": Decimal(item["average_seconds"]) <= item["target_seconds"],
        }
        for item in (invoice.handling_figures or {}).get("channels", [])
    ]
    return {
        "invoice": invoice,
        "merchant": invoice.merchant,
        "period_start": day(invoice.period_start),
        "period_end": day(invoice.period_end),
        "issued_on": day(invoice.issued_on),
        "due_on": day(invoice.due_on),
        "lines": lines,
        "subtotal": money(invoice.subtotal),
        "vat_rows": vat_rows,
        "vat_amount": money(invoice.vat_amount),
        "total": money(invoice.total),
        "contact_count": format_decimal(invoice.contact_count, locale=locale),
        "figures": figures,
        "target": figures[-1]["target"] if figures else "",
    }


def invoice_html(invoice: Invoice) -> str:
    with translation.override(invoice.language or "en"):
        return render_to_string(TEMPLATE, invoice_context(invoice))


def invoice_pdf(invoice: Invoice) -> bytes:
    """Render the invoice; the template uses local fonts only, never a URL."""
    from weasyprint import HTML

    return HTML(string=invoice_html(invoice), base_url=str(settings.BASE_DIR)).write_pdf()
