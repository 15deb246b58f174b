"""The sums an invoice is made of, and the issued invoice a moment belongs to."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from billing.choices import BINDING_STATES
from billing.models import Invoice
from returns.common.money import quantize


def line_amount(quantity: int, fee: Decimal, currency: str) -> Decimal:
    return quantize(quantity * fee, currency)


def vat_by_rate(lines: Iterable[tuple[Decimal, Decimal]], currency: str) -> dict[Decimal, Decimal]:
    """VAT per rate from (amount, rate) pairs, rounded once per rate as invoices must."""
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for amount, rate in lines:
        bases[rate] += amount
    return {rate: quantize(base * rate / 100, currency) for rate, base in bases.items()}


def binding_invoice_at(merchant_id: int, moment: datetime) -> Invoice | None:
    """The issued or paid invoice whose month holds this moment of this merchant, if any."""
    return (
        Invoice.objects.filter(
            merchant_id=merchant_id,
            state__in=BINDING_STATES,
            starts_at__lte=moment,
            ends_at__gt=moment,
        )
        .only("pk", "number")
        .first()
    )
