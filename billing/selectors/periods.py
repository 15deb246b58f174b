"""A month cut into tariff periods; a day without a tariff bills at the merchant's fee."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from billing.choices import DEFAULT_TARGET_SECONDS, DEFAULT_VAT_RATE, FALLBACK_CURRENCY
from billing.models import Tariff
from returns.models import Merchant


def default_vat_rate() -> Decimal:
    """settings.BILLING_DEFAULT_VAT_RATE (percent), else 21 %."""
    return Decimal(str(getattr(settings, "BILLING_DEFAULT_VAT_RATE", DEFAULT_VAT_RATE)))


@dataclass(frozen=True)
class Period:
    """Days (inclusive) billed at one fee."""

    first_day: date
    last_day: date
    fee: Decimal
    currency: str
    vat_rate: Decimal
    target_seconds: int
    tariff: Tariff | None

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return local_midnight(self.first_day, zone), local_midnight(
            self.last_day + timedelta(days=1), zone
        )


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def month_days(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def tariff_periods(merchant: Merchant, first_day: date, last_day: date) -> list[Period]:
    """The days first_day..last_day cut into periods of one fee, in order."""
    tariffs = Tariff.objects.filter(merchant=merchant, valid_from__lte=last_day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first_day)
    )
    fallback = {
        "fee": merchant.fee_per_contact,
        "currency": FALLBACK_CURRENCY,
        "vat_rate": default_vat_rate(),
        "target_seconds": DEFAULT_TARGET_SECONDS,
        "tariff": None,
    }
    periods: list[Period] = []
    cursor = first_day
    for tariff in tariffs.order_by("valid_from"):
        start = max(tariff.valid_from, cursor)
        if start > cursor:
            periods.append(Period(cursor, start - timedelta(days=1), **fallback))
        end = min(tariff.valid_to or last_day, last_day)
        periods.append(
            Period(
                start,
                end,
                fee=tariff.fee_per_contact,
                currency=tariff.currency,
                vat_rate=tariff.vat_rate,
                target_seconds=tariff.handling_target_seconds,
                tariff=tariff,
            )
        )
        cursor = end + timedelta(days=1)
    if cursor <= last_day:
        periods.append(Period(cursor, last_day, **fallback))
    return periods
