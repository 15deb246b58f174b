"""A merchant's month of contacts, counted for the invoice: aggregate queries, never a loop.

Each tariff period's bounds are UTC instants at the merchant's local midnight, so counting
a contact "on its day in the merchant's time zone" is a range test on `started_at`, served
by the (merchant, started_at) index. One query counts every channel in every period with
conditional aggregation.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from billing.exceptions import MixedCurrencies
from billing.selectors.percentiles import (
    ONE_DECIMAL,
    PERCENTILE,
    PercentileCont,
    has_percentile,
    one_decimal,
    percentile,
)
from billing.selectors.periods import Period, local_midnight, month_days, tariff_periods
from returns.choices import ContactChannel
from returns.models import Contact, Merchant


@dataclass(frozen=True)
class LineFigures:
    channel: str
    period: Period
    quantity: int


@dataclass(frozen=True)
class ChannelFigures:
    channel: str  # "" for all channels together
    contacts: int
    average_seconds: Decimal
    p90_seconds: Decimal
    over_target: int
    target_seconds: int

    @property
    def over_target_share(self) -> Decimal:
        """Percent of contacts over the target, one decimal."""
        if not self.contacts:
            return Decimal("0.0")
        return (Decimal(100 * self.over_target) / self.contacts).quantize(ONE_DECIMAL)

    def as_json(self) -> dict:
        return {
            "channel": self.channel,
            "contacts": self.contacts,
            "average_seconds": str(self.average_seconds),
            "p90_seconds": str(self.p90_seconds),
            "over_target": self.over_target,
            "over_target_share": str(self.over_target_share),
            "target_seconds": self.target_seconds,
        }


@dataclass
class MonthBilling:
    merchant: Merchant
    first_day: date
    last_day: date
    starts_at: datetime
    ends_at: datetime
    currency: str
    lines: list[LineFigures] = field(default_factory=list)
    figures: list[ChannelFigures] = field(default_factory=list)

    @property
    def contact_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def month_billing(merchant: Merchant, year: int, month: int) -> MonthBilling:
    """Count a merchant's contacts of a month by channel and tariff period: one query.

    On PostgreSQL the same query gives the 90th percentiles; elsewhere a second query
    reads the month's handling times. Raises MixedCurrencies.
    """
    first_day, last_day = month_days(year, month)
    zone = merchant.zone
    periods = tariff_periods(merchant, first_day, last_day)
    currencies = {period.currency for period in periods}
    if len(currencies) > 1:
        raise MixedCurrencies
    starts_at, ends_at = (
        local_midnight(first_day, zone),
        local_midnight(last_day + timedelta(days=1), zone),
    )
    contacts = Contact.objects.filter(
        merchant=merchant, started_at__gte=starts_at, started_at__lt=ends_at
    )
    channels = list(ContactChannel.values)
    aggregates = {}
    over_target = Q()
    for index, period in enumerate(periods):
        period_start, period_end = period.bounds(zone)
        in_period = Q(started_at__gte=period_start, started_at__lt=period_end)
        over_target |= in_period & Q(handling_seconds__gt=period.target_seconds)
        for channel in channels:
            aggregates[f"n_{index}_{channel}"] = Count("pk", filter=in_period & Q(channel=channel))
    for channel in channels:
        in_channel = Q(channel=channel)
        aggregates[f"over_{channel}"] = Count("pk", filter=in_channel & over_target)
        aggregates[f"seconds_{channel}"] = Sum("handling_seconds", filter=in_channel)
        if has_percentile():
            aggregates[f"p90_{channel}"] = PercentileCont(
                F("handling_seconds"), percentile=PERCENTILE, filter=in_channel
            )
    aggregates["over_all"] = Count("pk", filter=over_target)
    aggregates["seconds_all"] = Sum("handling_seconds")
    if has_percentile():
        aggregates["p90_all"] = PercentileCont(F("handling_seconds"), percentile=PERCENTILE)
    row = contacts.aggregate(**aggregates)

    if not has_percentile():
        by_channel: dict[str, list[int]] = defaultdict(list)
        every: list[int] = []
        for channel, seconds in contacts.order_by("handling_seconds").values_list(
            "channel", "handling_seconds"
        ):
            by_channel[channel].append(seconds)
            every.append(seconds)
        for channel in channels:
            row[f"p90_{channel}"] = percentile(by_channel[channel])
        row["p90_all"] = percentile(every)

    billing = MonthBilling(
        merchant=merchant,
        first_day=first_day,
        last_day=last_day,
        starts_at=starts_at,
        ends_at=ends_at,
        currency=currencies.pop(),
    )
    for channel in channels:
        for index, period in enumerate(periods):
            quantity = row[f"n_{index}_{channel}"]
            if quantity:
                billing.lines.append(LineFigures(channel, period, quantity))
    # The target shown is the month's last one; the over-target counts use each day's own.
    target = periods[-1].target_seconds
    for key in [*channels, "all"]:
        count = (
            sum(row[f"n_{index}_{key}"] for index in range(len(periods)))
            if key != "all"
            else sum(line.quantity for line in billing.lines)
        )
        if not count:
            continue
        billing.figures.append(
            ChannelFigures(
                channel="" if key == "all" else key,
                contacts=count,
                average_seconds=(Decimal(row[f"seconds_{key}"]) / count).quantize(ONE_DECIMAL),
                p90_seconds=one_decimal(row[f"p90_{key}"]),
                over_target=row[f"over_{key}"],
                target_seconds=target,
            )
        )
    return billing
