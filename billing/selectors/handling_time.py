"""The handling-time report: per merchant, agent and channel, with subtotals."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from billing.choices import DEFAULT_TARGET_SECONDS
from billing.models import Tariff
from billing.selectors.percentiles import (
    ONE_DECIMAL,
    PERCENTILE,
    PercentileCont,
    has_percentile,
    one_decimal,
    percentile,
)
from billing.selectors.periods import local_midnight
from returns.models import Contact, Merchant


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
    if has_percentile():
        annotations["p90"] = PercentileCont(F("handling_seconds"), percentile=PERCENTILE)
    p90s: dict[tuple, Decimal] = {}
    if not has_percentile():
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
                p90_seconds=one_decimal(item["p90"]) if "p90" in item else p90s[key],
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
