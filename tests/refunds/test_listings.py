import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from refunds.choices import BatchState, RefundState
from refunds.exceptions import ListingError
from refunds.listings import listing_close, listings_close_due
from refunds.models import Refund, RefundBatch
from returns.choices import ListingFrequency
from returns.common.system import system_user
from tests.refunds.listing_helpers import approved_refund, close_yesterday

pytestmark = pytest.mark.django_db


def _approve_at(refund, moment: datetime) -> None:
    Refund.objects.filter(pk=refund.pk).update(approved_at=moment)


def test_close_command_gathers_the_days_approved_refunds_and_twice_changes_nothing(
    merchant, agent, capsys
):
    refunds = [approved_refund(merchant, agent) for _ in range(3)]
    berlin = ZoneInfo("Europe/Berlin")
    for refund in refunds:
        _approve_at(refund, datetime(2026, 11, 20, 15, 0, tzinfo=berlin))
    call_command("close_refund_listings", "--date", "2026-11-20")
    batch = RefundBatch.objects.get()
    assert batch.period_start == batch.period_end == date(2026, 11, 20)
    assert set(batch.refunds.values_list("state", flat=True)) == {RefundState.BATCHED}
    history_rows = Refund.history.count()
    call_command("close_refund_listings", "--date", "2026-11-20")
    assert RefundBatch.objects.count() == 1
    assert batch.refunds.count() == 3
    assert Refund.history.count() == history_rows
    out = capsys.readouterr().out
    assert f"{batch.reference}: 3 refunds added." in out
    assert "nothing added, every refund approved in the period is already in it" in out


def test_a_refund_approved_after_local_midnight_waits_for_the_next_day(merchant, agent):
    # 23:30 UTC on the 20th is 00:30 on the 21st in Berlin: not part of the 20th's listing.
    late = approved_refund(merchant, agent)
    _approve_at(late, datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("UTC")))
    early = approved_refund(merchant, agent)
    _approve_at(early, datetime(2026, 11, 20, 22, 30, tzinfo=ZoneInfo("UTC")))
    listing_close(merchant=merchant, day=date(2026, 11, 20), actor=system_user())
    late.refresh_from_db()
    early.refresh_from_db()
    assert early.state == RefundState.BATCHED
    assert late.state == RefundState.APPROVED


def test_weekly_merchants_close_on_sundays_only_with_the_whole_week(merchant, agent):
    merchant.refund_listing_frequency = ListingFrequency.WEEKLY
    merchant.save()
    refund = approved_refund(merchant, agent)
    _approve_at(refund, datetime(2026, 11, 17, 10, 0, tzinfo=merchant.zone))  # a Tuesday
    assert listings_close_due(actor=system_user(), day=date(2026, 11, 21)) == []  # Saturday
    (closed,) = listings_close_due(actor=system_user(), day=date(2026, 11, 22))  # Sunday
    assert (closed.batch.period_start, closed.batch.period_end) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
    )
    assert closed.added == 1


def test_no_empty_listing_is_made(merchant):
    (closed,) = listings_close_due(actor=system_user(), day=date(2026, 11, 20))
    assert closed.batch is None
    assert not RefundBatch.objects.exists()


def test_an_exported_listing_takes_no_more_refunds_and_says_so(merchant, agent, finance_user):
    from refunds.listings import listing_export

    approved_refund(merchant, agent)
    closed = close_yesterday(merchant, finance_user)
    listing_export(batch=closed.batch, actor=finance_user, file_format="csv")
    late = approved_refund(merchant, agent)
    _approve_at(late, datetime.combine(closed.batch.period_end, time(18), tzinfo=merchant.zone))
    again = listing_close(merchant=merchant, day=closed.batch.period_end, actor=finance_user)
    assert again.added == 0
    assert closed.batch.refunds.count() == 1
    assert RefundBatch.objects.get().state == BatchState.EXPORTED
    assert "nothing added, the listing was already exported on" in again.message
    assert "1 approved refund waits for the next listing" in again.message


def test_closing_again_says_every_refund_is_already_listed(merchant, agent, finance_user):
    approved_refund(merchant, agent)
    closed = close_yesterday(merchant, finance_user)
    again = listing_close(merchant=merchant, day=closed.batch.period_end, actor=finance_user)
    assert again.added == 0
    assert again.message == (
        f"{closed.batch.reference}: nothing added, "
        "every refund approved in the period is already in it."
    )


def test_a_period_without_approved_refunds_says_so(merchant, finance_user):
    closed = listing_close(merchant=merchant, day=date(2026, 11, 20), actor=finance_user)
    assert closed.message == (
        f"{merchant.name}: nothing added, no approved refund waits for this period."
    )


def test_the_added_count_is_singular_for_one_refund_and_plural_for_more(
    merchant, agent, finance_user
):
    approved_refund(merchant, agent)
    one = close_yesterday(merchant, finance_user)
    assert one.message == f"{one.batch.reference}: 1 refund added."
    for _index in range(2):
        approved_refund(merchant, agent)
    day = one.batch.period_end - timedelta(days=1)
    Refund.objects.filter(batch__isnull=True).update(
        approved_at=datetime.combine(day, time(12), tzinfo=merchant.zone)
    )
    two = listing_close(merchant=merchant, day=day, actor=finance_user)
    assert two.message == f"{two.batch.reference}: 2 refunds added."


@pytest.mark.parametrize("days_ahead", [0, 1])
def test_a_period_that_has_not_ended_is_refused(merchant, agent, finance_user, days_ahead):
    approved_refund(merchant, agent)
    today = timezone.localdate(timezone=merchant.zone)
    with pytest.raises(ListingError, match="has not ended yet"):
        listing_close(merchant=merchant, day=today + timedelta(days=days_ahead), actor=finance_user)
    assert not RefundBatch.objects.exists()


def test_this_weeks_listing_is_refused_until_sunday_is_over(merchant, agent, finance_user):
    merchant.refund_listing_frequency = ListingFrequency.WEEKLY
    merchant.save()
    approved_refund(merchant, agent)
    today = timezone.localdate(timezone=merchant.zone)
    monday = today - timedelta(days=today.weekday())
    with pytest.raises(ListingError, match="has not ended yet"):
        listing_close(merchant=merchant, day=monday, actor=finance_user)


def test_the_period_ends_on_the_merchants_clock(merchant, agent, finance_user):
    # 23:30 UTC on the 20th is already the 21st in Berlin: the 20th is over there, not the 21st.
    merchant.time_zone = "Europe/Berlin"
    merchant.save()
    moment = datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("UTC"))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        listing_close(merchant=merchant, day=date(2026, 11, 20), actor=finance_user)
        with pytest.raises(ListingError):
            listing_close(merchant=merchant, day=date(2026, 11, 21), actor=finance_user)


def test_the_command_refuses_a_date_not_yet_over(merchant, agent):
    approved_refund(merchant, agent)
    today = timezone.localdate(timezone=merchant.zone)
    with pytest.raises(CommandError, match="has not ended yet"):
        call_command("close_refund_listings", "--date", today.isoformat())
    assert not RefundBatch.objects.exists()


def test_the_admin_refuses_a_future_period_and_explains_nothing_added(
    client, merchant, agent, finance_user
):
    approved_refund(merchant, agent)
    client.force_login(finance_user)
    url = reverse("admin:refunds_refundbatch_close")
    today = timezone.localdate(timezone=merchant.zone)
    page = client.post(url, {"day": today.isoformat(), "merchants": [merchant.pk]}, follow=True)
    assert "has not ended yet" in page.content.decode()
    assert not RefundBatch.objects.exists()
    past = today - timedelta(days=30)
    page = client.post(url, {"day": past.isoformat(), "merchants": [merchant.pk]}, follow=True)
    assert "nothing added, no approved refund waits for this period" in page.content.decode()


def test_a_listing_remembers_who_opened_it_not_who_closes_it_later(merchant, agent, finance_user):
    from refunds import services

    first = approved_refund(merchant, agent)
    day = timezone.localdate(timezone=merchant.zone) - timedelta(days=1)
    _approve_at(first, datetime.combine(day, time(12), tzinfo=merchant.zone))
    opened = services.refund_batch_open(merchant=merchant, day=day, actor=agent)
    second = approved_refund(merchant, agent)
    _approve_at(second, datetime.combine(day, time(13), tzinfo=merchant.zone))
    closed = listing_close(merchant=merchant, day=day, actor=finance_user)
    assert closed.batch == opened
    closed.batch.refresh_from_db()
    assert closed.batch.opened_by == agent
    assert closed.batch.history.earliest().opened_by == agent


def test_only_finance_closes_listings(client, merchant, agent, supervisor, finance_user):
    approved_refund(merchant, agent)
    for user, status in [(agent, 403), (supervisor, 403), (finance_user, 200)]:
        client.force_login(user)
        assert client.get(reverse("admin:refunds_refundbatch_close")).status_code == status


def test_finance_closes_a_listing_from_the_admin(client, merchant, agent, finance_user):
    refund = approved_refund(merchant, agent)
    client.force_login(finance_user)
    day = timezone.localdate(timezone=merchant.zone) - timedelta(days=1)
    _approve_at(refund, datetime.combine(day, time(12), tzinfo=merchant.zone))
    response = client.post(
        reverse("admin:refunds_refundbatch_close"),
        {"day": day.isoformat(), "merchants": [merchant.pk]},
        follow=True,
    )
    assert "1 refund added." in response.content.decode()
    refund.refresh_from_db()
    assert refund.state == RefundState.BATCHED
    assert refund.history.latest().history_user == finance_user


@pytest.mark.parametrize("rows", [10, 60])
def test_listing_changelist_queries_do_not_grow(
    client, merchant, agent, finance_user, django_assert_max_num_queries, rows
):
    for index in range(rows):
        refund = approved_refund(merchant, agent, price=Decimal("10.00"))
        _approve_at(refund, datetime(2026, 10, 1, 12, tzinfo=merchant.zone) + timedelta(days=index))
        listing_close(
            merchant=merchant, day=date(2026, 10, 1) + timedelta(days=index), actor=finance_user
        )
    client.force_login(finance_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:refunds_refundbatch_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(rows, 100)


def _close_at(moment: datetime) -> str:
    """Run the nightly command without --date as if the clock showed `moment`."""
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("close_refund_listings", stdout=out)
    return out.getvalue()


def _local_yesterday(moment: datetime, merchant) -> date:
    return moment.astimezone(merchant.zone).date() - timedelta(days=1)


def _approved_by_end_of(merchant, day: date) -> set[str]:
    """The merchant's refunds approved on or before `day` on the merchant's own clock."""
    return {
        refund.reference
        for refund in Refund.objects.filter(merchant=merchant)
        if refund.approved_at.astimezone(merchant.zone).date() <= day
    }


def _listed(merchant) -> dict[tuple[date, date, str], set[str]]:
    return {
        (batch.period_start, batch.period_end, batch.frequency): set(
            batch.refunds.values_list("reference", flat=True)
        )
        for batch in RefundBatch.objects.filter(merchant=merchant)
    }


def _snapshot():
    return (
        list(Refund.objects.order_by("pk").values_list("reference", "state", "batch_id")),
        list(RefundBatch.objects.order_by("pk").values_list("reference", "state")),
        Refund.history.count(),
        RefundBatch.history.count(),
    )


def test_close_command_without_date_closes_each_merchants_yesterday_on_its_own_clock(
    merchant, other_merchant, agent, outsider
):
    utc = ZoneInfo("UTC")
    merchant.time_zone = "Europe/Berlin"
    merchant.refund_listing_frequency = ListingFrequency.DAILY
    merchant.save()
    other_merchant.time_zone = "America/Los_Angeles"
    other_merchant.refund_listing_frequency = ListingFrequency.WEEKLY
    other_merchant.save()
    berlin, los_angeles = merchant, other_merchant
    for moment in [
        datetime(2026, 11, 22, 10, 0, tzinfo=berlin.zone),
        datetime(2026, 11, 22, 22, 30, tzinfo=utc),  # 23:30 on the 22nd in Berlin
        datetime(2026, 11, 22, 23, 30, tzinfo=utc),  # already the 23rd in Berlin
    ]:
        _approve_at(approved_refund(berlin, agent), moment)
    tuesday = datetime(2026, 11, 17, 10, 0, tzinfo=los_angeles.zone)
    _approve_at(approved_refund(los_angeles, outsider), tuesday)

    # 06:00 on Monday in Berlin, still Sunday evening in Los Angeles.
    first = datetime(2026, 11, 23, 5, 0, tzinfo=utc)
    berlin_day = _local_yesterday(first, berlin)
    assert _local_yesterday(first, los_angeles).weekday() != 6
    out = _close_at(first)

    berlin_due = _approved_by_end_of(berlin, berlin_day)
    assert berlin_due != _approved_by_end_of(berlin, berlin_day + timedelta(days=1))
    assert _listed(berlin) == {(berlin_day, berlin_day, ListingFrequency.DAILY): berlin_due}
    batch = RefundBatch.objects.get(merchant=berlin)
    assert f"{batch.reference}: {len(berlin_due)} refunds added." in out
    assert _listed(los_angeles) == {}

    for moment in [
        datetime(2026, 11, 22, 23, 30, tzinfo=los_angeles.zone),  # Sunday night, Monday in UTC
        datetime(2026, 11, 23, 0, 30, tzinfo=los_angeles.zone),  # Monday: next week
    ]:
        _approve_at(approved_refund(los_angeles, outsider), moment)

    # 01:00 on Monday in Los Angeles: its week ended on the Sunday just gone.
    second = datetime(2026, 11, 23, 9, 0, tzinfo=utc)
    sunday = _local_yesterday(second, los_angeles)
    assert sunday.weekday() == 6
    _close_at(second)

    week_due = _approved_by_end_of(los_angeles, sunday)
    assert week_due != _approved_by_end_of(los_angeles, sunday + timedelta(days=1))
    assert _listed(los_angeles) == {
        (sunday - timedelta(days=6), sunday, ListingFrequency.WEEKLY): week_due
    }
    assert _listed(berlin) == {(berlin_day, berlin_day, ListingFrequency.DAILY): berlin_due}
    waiting = Refund.objects.filter(state=RefundState.APPROVED, batch__isnull=True)
    assert set(waiting.values_list("reference", flat=True)) == (
        set(Refund.objects.values_list("reference", flat=True)) - berlin_due - week_due
    )

    before = _snapshot()
    _close_at(second)
    assert _snapshot() == before
