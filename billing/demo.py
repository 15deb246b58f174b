"""Demo billing: tariffs (one changing mid-month), paid, issued and draft invoices.

The returns demo's contacts are of the last few weeks; the months billed here get their
own contacts, logged through the returns service with dates in the past.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from billing import services
from billing.models import Tariff
from billing.selectors import month_days
from returns import services as returns_services
from returns.choices import ContactChannel
from returns.models import Merchant

DEMO_REASON = "demo data"
# slug -> (fee, VAT rate, target seconds); Hausgeräte Nord's fee rises mid-month.
TARIFFS = {
    "moda-sol": (Decimal("0.55"), Decimal("21.00"), 90),
    "hausgeraete-nord": (Decimal("0.55"), Decimal("19.00"), 90),
    "maison-claire": (Decimal("0.50"), Decimal("20.00"), 80),
}
RAISED_FEE = Decimal("0.60")
CHANNELS = (
    ContactChannel.PHONE,
    ContactChannel.PHONE,
    ContactChannel.EMAIL,
    ContactChannel.CHAT,
    ContactChannel.PORTAL,
)


def _months_back(today: date, count: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - count
    return index // 12, index % 12 + 1


@transaction.atomic
def seed(log) -> dict[str, str]:
    users = get_user_model().objects
    supervisor, finance = users.get(username="supervisor"), users.get(username="finance")
    today = timezone.localdate()
    # Three months ago: paid; two: issued; last month: a draft for finance to review.
    months = [_months_back(today, back) for back in (3, 2, 1)]
    for merchant in Merchant.objects.filter(slug__in=TARIFFS).order_by("slug"):
        if merchant.invoices.exists():
            continue
        _tariffs(merchant, months[1], actor=finance)
        handler = (
            users.get(username="agent")
            if merchant.staff.filter(username="agent").exists()
            else supervisor
        )
        contacts = sum(_contacts(merchant, year, month, handler) for year, month in months)
        made = []
        for index, (year, month) in enumerate(months):
            invoice, _created = services.invoice_prepare(
                merchant=merchant, year=year, month=month, actor=finance
            )
            if invoice is None:
                continue
            if index < 2:
                invoice = services.invoice_issue(invoice=invoice, actor=finance)
            if index == 0:
                invoice = services.invoice_mark_paid(
                    invoice=invoice, actor=finance, payment_reference=f"SEPA-{invoice.number}"
                )
            made.append(f"{invoice} ({invoice.get_state_display()})")
        log(f"{merchant.name}: tariffs, {contacts} past contacts, invoices {', '.join(made)}")
    return {}


def _tariffs(merchant: Merchant, change_month: tuple[int, int], *, actor) -> None:
    fee, vat_rate, target = TARIFFS[merchant.slug]
    start = date(change_month[0], change_month[1], 1) - timedelta(days=120)
    if merchant.slug == "hausgeraete-nord":
        change = date(change_month[0], change_month[1], 15)
        periods = [(start, change - timedelta(days=1), fee), (change, None, RAISED_FEE)]
    else:
        periods = [(start, None, fee)]
    for valid_from, valid_to, period_fee in periods:
        services.tariff_save(
            tariff=Tariff(
                merchant=merchant,
                valid_from=valid_from,
                valid_to=valid_to,
                fee_per_contact=period_fee,
                currency="EUR",
                vat_rate=vat_rate,
                handling_target_seconds=target,
            ),
            actor=actor,
            reason=DEMO_REASON,
        )


def _contacts(merchant: Merchant, year: int, month: int, handler) -> int:
    rng = random.Random(f"{merchant.slug}-{year}-{month}")
    first_day, last_day = month_days(year, month)
    customers = list(merchant.customers.order_by("pk"))
    count = rng.randint(24, 40)
    for _index in range(count):
        day = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        moment = datetime.combine(
            day, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=merchant.zone
        )
        returns_services.contact_log(
            actor=handler,
            merchant=merchant,
            channel=rng.choice(CHANNELS),
            handling_seconds=int(rng.triangular(35, 200, 75)),
            customer=rng.choice(customers) if customers else None,
            started_at=moment,
            summary="Asked where the refund is.",
        )
    return count
