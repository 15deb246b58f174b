import statistics
from datetime import date
from decimal import Decimal

import pytest

from billing.selectors import handling_time_report
from returns.models import Merchant
from tests.billing.conftest import at, contact, tariff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARCH = {"first_day": date(2025, 3, 1), "last_day": date(2025, 3, 31)}
TENTH = Decimal("0.1")

# merchant -> agent -> channel -> handling seconds of that agent's contacts in March. The
# agents' counts differ, so a mean of their averages would not be the merchant's average.
HANDLING = {
    "Shop A": {
        "anna.agent": {"phone": [60, 80, 200], "chat": [100]},
        "ben.agent": {"phone": [70], "email": [150, 40]},
    },
    "Shop B": {"anna.agent": {"phone": [130, 100]}},
}
TARGETS = {"Shop A": 90, "Shop B": 120}


def _figures(seconds: list[int], target: int) -> tuple:
    """Contacts, average, 90th percentile and count over the target, computed independently."""
    if len(seconds) > 1:
        # "inclusive" interpolates between the closest ranks, as PostgreSQL's percentile_cont.
        p90 = statistics.quantiles(seconds, n=10, method="inclusive")[8]
    else:
        p90 = seconds[0]
    return (
        len(seconds),
        (Decimal(sum(seconds)) / len(seconds)).quantize(TENTH),
        Decimal(str(p90)).quantize(TENTH),
        sum(value > target for value in seconds),
    )


def _seconds(merchant: str, agent: str = "", channel: str = "") -> list[int]:
    """The test's handling times of a merchant, narrowed to an agent and channel if given."""
    return [
        value
        for name, channels in HANDLING[merchant].items()
        if agent in ("", name)
        for kind, values in channels.items()
        if channel in ("", kind)
        for value in values
    ]


@pytest.fixture
def march(merchant, other_merchant):
    agents = {
        name: UserFactory(username=name, is_staff=True) for name in ("anna.agent", "ben.agent")
    }
    for shop in (merchant, other_merchant):
        tariff(shop, date(2025, 1, 1), target=TARGETS[shop.name])
        day = 1
        for agent, channels in HANDLING[shop.name].items():
            for channel, seconds in channels.items():
                for value in seconds:
                    day += 1
                    contact(
                        shop,
                        at(shop, 2025, 3, day, 10),
                        channel=channel,
                        seconds=value,
                        agent=agents[agent],
                    )
    # Local April: outside the report, however long it took.
    contact(merchant, at(merchant, 2025, 4, 1, 0, 30), seconds=900, agent=agents["anna.agent"])
    return Merchant.objects.filter(pk__in=[merchant.pk, other_merchant.pk])


def test_each_agent_and_each_merchant_gets_a_subtotal_after_its_rows(march):
    rows = handling_time_report(merchants=march, **MARCH)
    assert [(row.merchant, row.agent, row.channel) for row in rows] == [
        ("Shop A", "anna.agent", "chat"),
        ("Shop A", "anna.agent", "phone"),
        ("Shop A", "anna.agent", ""),
        ("Shop A", "ben.agent", "email"),
        ("Shop A", "ben.agent", "phone"),
        ("Shop A", "ben.agent", ""),
        ("Shop A", "", ""),
        ("Shop B", "anna.agent", "phone"),
        ("Shop B", "anna.agent", ""),
        ("Shop B", "", ""),
    ]
    assert [row.is_merchant_total for row in rows].count(True) == 2
    assert [row.is_agent_total for row in rows].count(True) == 3


def test_every_row_and_subtotal_counts_the_contacts_it_spans(march):
    for row in handling_time_report(merchants=march, **MARCH):
        target = TARGETS[row.merchant]
        expected = _figures(_seconds(row.merchant, row.agent, row.channel), target)
        figures = (row.contacts, row.average_seconds, row.p90_seconds, row.over_target)
        assert figures == expected, (row.merchant, row.agent, row.channel)
        assert row.target_seconds == target


def test_the_merchant_total_is_measured_against_the_merchants_target(march):
    totals = [
        row for row in handling_time_report(merchants=march, **MARCH) if row.is_merchant_total
    ]
    for row in totals:
        average = _figures(_seconds(row.merchant), TARGETS[row.merchant])[1]
        assert row.on_target == (average <= TARGETS[row.merchant])
    # Shop A: 700 s over 7 contacts, over its 90 s; Shop B: 230 s over 2, under its 120 s.
    assert [(row.merchant, row.on_target) for row in totals] == [
        ("Shop A", False),
        ("Shop B", True),
    ]


@pytest.mark.parametrize("extra_agents", [0, 8])
def test_the_report_takes_the_same_queries_whatever_its_rows(
    march, merchant, django_assert_max_num_queries, extra_agents
):
    for index in range(extra_agents):
        helper = UserFactory(username=f"helper{index}", is_staff=True)
        for channel in ("phone", "email", "chat"):
            contact(merchant, at(merchant, 2025, 3, 15, 9), channel=channel, agent=helper)
    # Merchants, tariffs, one query per grouping, and the percentiles' query off PostgreSQL.
    with django_assert_max_num_queries(6):
        rows = handling_time_report(merchants=march, **MARCH)
    # Each extra agent: three channel rows and a subtotal.
    assert len(rows) == 10 + extra_agents * 4


def test_no_contacts_no_rows(merchant):
    assert handling_time_report(merchants=Merchant.objects.filter(pk=merchant.pk), **MARCH) == []
