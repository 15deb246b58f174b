"""Reading what a month costs and how long contacts took: aggregate queries, never a loop.

A month is split into tariff periods (each day has at most one tariff; a day without one
bills at the merchant's default fee). Each period's bounds become UTC instants at the
merchant's local midnight, so counting a contact "on its day in the merchant's time zone"
is a range test on `started_at`, served by the (merchant, started_at) index. One query
counts every channel in every period with conditional aggregation.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, QuerySet, Sum

from billing.choices import (
    BINDING_STATES,
    DEFAULT_TARGET_SECONDS,
    DEFAULT_VAT_RATE,
    FALLBACK_CURRENCY,
)
from billing.exceptions import MixedCurrencies
from billing.models import Invoice, Tariff
from returns.choices import ContactChannel
from returns.common.money import quantize
from returns.models import Contact, Merchant

PERCENTILE = Decimal("0.9")
ONE_DECIMAL = Decimal("0.1")


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


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: linear interpolation between the closest ranks."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, percentile: Decimal, **extra):
        super().__init__(expression, percentile=str(Decimal(percentile)), **extra)


def percentile(sorted_values: list[int], fraction: Decimal = PERCENTILE) -> Decimal:
    """As percentile_cont: the value at rank (n - 1) * fraction, interpolated."""
    if not sorted_values:
        return Decimal("0.0")
    rank = (len(sorted_values) - 1) * fraction
    lower = int(rank)
    upper = min(lower + 1, len(sorted_values) - 1)
    low, high = sorted_values[lower], sorted_values[upper]
    return (low + (high - low) * (rank - lower)).quantize(ONE_DECIMAL)


def _one_decimal(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(ONE_DECIMAL)


def _has_percentile() -> bool:
    return connection.vendor == "postgresql"


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
        if _has_percentile():
            aggregates[f"p90_{channel}"] = PercentileCont(
                F("handling_seconds"), percentile=PERCENTILE, filter=in_channel
            )
    aggregates["over_all"] = Count("pk", filter=over_target)
    aggregates["seconds_all"] = Sum("handling_seconds")
    if _has_percentile():
        aggregates["p90_all"] = PercentileCont(F("handling_seconds"), percentile=PERCENTILE)
    row = contacts.aggregate(**aggregates)

    if not _has_percentile():
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
                p90_seconds=_one_decimal(row[f"p90_{key}"]),
                over_target=row[f"over_{key}"],
                target_seconds=target,
            )
        )
    return billing


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


@dataclass(frozen=True)
class ReportRow:
    """One line of the handling-time report; "" for agent or channel means all of them."""

    merchant_id: int
    merchant: str
    agent: str
    channel: str
    contacts: int
    average_seconds: Decimal
    p90_seconds: Decimal
    over_target: int
    target_seconds: int

    @property
    def over_target_share(self) -> Decimal:
        return (Decimal(100 * self.over_target) / self.contacts).quantize(ONE_DECIMAL)

    @property
    def on_target(self) -> bool:
        return self.average_seconds <= self.target_seconds

    @property
    def is_merchant_total(self) -> bool:
        """The merchant over all agents and channels: the figure the target applies to."""
        return not self.agent

    @property
    def is_agent_total(self) -> bool:
        return bool(self.agent) and not self.channel


# The report's groupings, finest first: its rows, each agent's subtotal, each merchant's.
REPORT_GROUPS = (
    ("merchant_id", "merchant__name", "agent__username", "channel"),
    ("merchant_id", "merchant__name", "agent__username"),
    ("merchant_id", "merchant__name"),
)


def handling_time_report(
    *, merchants: QuerySet[Merchant], first_day: date, last_day: date
) -> list[ReportRow]:
    """Handling time per merchant, agent and channel from first_day to last_day inclusive.

    After each agent's channels comes the agent's subtotal, after each merchant's agents the
    merchant's. Days are the merchant's own; the target is each merchant's tariff on
    last_day. One query per grouping (one more off PostgreSQL), whatever the number of rows.
    """
    merchants = list(merchants.order_by("name"))
    if not merchants:
        return []
    targets = {merchant.pk: DEFAULT_TARGET_SECONDS for merchant in merchants}
    for tariff in Tariff.objects.filter(merchant__in=merchants, valid_from__lte=last_day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=last_day)
    ):
        targets[tariff.merchant_id] = tariff.handling_target_seconds
    in_range = Q()
    over_target = Q()
    for merchant in merchants:
        zone = merchant.zone
        mine = Q(
            merchant=merchant,
            started_at__gte=local_midnight(first_day, zone),
            started_at__lt=local_midnight(last_day + timedelta(days=1), zone),
        )
        in_range |= mine
        over_target |= Q(merchant=merchant, handling_seconds__gt=targets[merchant.pk])
    contacts = Contact.objects.filter(in_range)
    annotations = {
        "contacts": Count("pk"),
        "seconds": Sum("handling_seconds"),
        "over": Count("pk", filter=over_target),
    }
    if _has_percentile():
        annotations["p90"] = PercentileCont(F("handling_seconds"), percentile=PERCENTILE)
    p90s: dict[tuple, Decimal] = {}
    if not _has_percentile():
        # Keys as in _report_key: (merchant, agent, channel), "" where a subtotal spans all.
        values: dict[tuple, list[int]] = defaultdict(list)
        for merchant_id, username, channel, seconds in contacts.order_by(
            "handling_seconds"
        ).values_list("merchant_id", "agent__username", "channel", "handling_seconds"):
            for key in (
                (merchant_id, username, channel),
                (merchant_id, username, ""),
                (merchant_id, "", ""),
            ):
                values[key].append(seconds)
        p90s = {key: percentile(seconds) for key, seconds in values.items()}
    by_key: dict[tuple, ReportRow] = {}
    for group in REPORT_GROUPS:
        for item in contacts.values(*group).annotate(**annotations).order_by():
            key = _report_key(item)
            by_key[key] = ReportRow(
                merchant_id=item["merchant_id"],
                merchant=item["merchant__name"],
                agent=key[1],
                channel=key[2],
                contacts=item["contacts"],
                average_seconds=(Decimal(item["seconds"]) / item["contacts"]).quantize(ONE_DECIMAL),
                p90_seconds=_one_decimal(item["p90"]) if "p90" in item else p90s[key],
                over_target=item["over"],
                target_seconds=targets[item["merchant_id"]],
            )
    # Sorted so that "" (the subtotal) follows the agents or channels it sums up.
    order = {merchant.pk: position for position, merchant in enumerate(merchants)}
    return [
        by_key[key]
        for key in sorted(
            by_key, key=lambda key: (order[key[0]], key[1] == "", key[1], key[2] == "", key[2])
        )
    ]


def _report_key(item: dict) -> tuple[int, str, str]:
    return item["merchant_id"], item.get("agent__username", ""), item.get("channel", "")
