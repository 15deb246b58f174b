"""The return window counted in the merchant's time zone, whatever the zone."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from returns.models import Merchant
from returns.policy import days_since_delivery, within_window

ZONES = [
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
    "America/St_Johns",  # a half-hour offset, DST
    "Asia/Kathmandu",  # a quarter-hour offset
    "Europe/Berlin",  # DST at 02:00/03:00
    "Asia/Beirut",  # DST ends at midnight: the local date goes back for an hour
    "UTC",
]

delivery_instants = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2036, 12, 31), timezones=st.just(UTC)
).map(lambda instant: instant.replace(microsecond=0))


def _merchant(zone: str, window: int) -> Merchant:
    return Merchant(time_zone=zone, return_window_days=window)


@settings(max_examples=300, deadline=None)
@given(delivered=delivery_instants, zone=st.sampled_from(ZONES), window=st.integers(0, 400))
def test_the_last_local_second_of_the_last_day_is_inside_and_the_next_is_outside(
    delivered, zone, window
):
    merchant = _merchant(zone, window)
    local = delivered.astimezone(ZoneInfo(zone))
    assume(not local.fold)
    last_day = local.date() + timedelta(days=window)
    last_second = datetime.combine(last_day, time(23, 59, 59), tzinfo=ZoneInfo(zone))
    next_day = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(zone))

    assert within_window(merchant, delivered, last_second.astimezone(UTC))
    assert days_since_delivery(merchant, delivered, last_second.astimezone(UTC)) == window
    assert not within_window(merchant, delivered, next_day.astimezone(UTC))
    assert days_since_delivery(merchant, delivered, next_day.astimezone(UTC)) == window + 1


@settings(max_examples=300, deadline=None)
@given(
    delivered=delivery_instants,
    zone=st.sampled_from(ZONES),
    first=st.integers(-86_400 * 3, 86_400 * 500),
    later_by=st.integers(0, 86_400 * 3),
)
def test_days_since_delivery_never_goes_back_as_time_goes_on(delivered, zone, first, later_by):
    merchant = _merchant(zone, 30)
    earlier = delivered + timedelta(seconds=first)
    later = earlier + timedelta(seconds=later_by)
    assert days_since_delivery(merchant, delivered, earlier) <= days_since_delivery(
        merchant, delivered, later
    )


@pytest.mark.parametrize(
    ("at", "days"),
    [
        pytest.param(datetime(2024, 10, 26, 20, 59, 59, tzinfo=UTC), 0, id="23:59:59 before"),
        pytest.param(datetime(2024, 10, 26, 21, 0, 0, tzinfo=UTC), 1, id="the first midnight"),
        pytest.param(
            datetime(2024, 10, 26, 21, 30, 0, tzinfo=UTC),
            1,
            id="the repeated hour after midnight still counts as the next day",
        ),
        pytest.param(datetime(2024, 10, 26, 22, 0, 0, tzinfo=UTC), 1, id="the second midnight"),
    ],
)
def test_a_day_is_not_started_twice_where_clocks_go_back_at_midnight(at, days):
    # Beirut: on 27 October 2024 at 00:00 the clocks went back to 23:00 on the 26th.
    merchant = _merchant("Asia/Beirut", 0)
    delivered = datetime(2024, 10, 26, 12, 0, tzinfo=UTC)
    assert days_since_delivery(merchant, delivered, at) == days
    assert within_window(merchant, delivered, at) is (days == 0)


def test_window_days_are_counted_in_the_merchants_zone_not_in_utc():
    # 10:30 UTC on 1 March is already 2 March in Kiritimati (UTC+14).
    delivered = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)  # 23:00 on 1 March in Kiritimati
    at = datetime(2025, 3, 1, 10, 30, tzinfo=UTC)  # 00:30 on 2 March in Kiritimati
    assert days_since_delivery(_merchant("Pacific/Kiritimati", 0), delivered, at) == 1
    assert days_since_delivery(_merchant("UTC", 0), delivered, at) == 0
    assert days_since_delivery(_merchant("Pacific/Pago_Pago", 0), delivered, at) == 0
