"""The merchant's resolution policy: rule conditions, rule order, the default, the window."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from returns.choices import ItemCondition, PolicyOutcome
from returns.models import Merchant, ResolutionRule
from returns.policy import (
    ReturnItem,
    days_since_delivery,
    rule_matches,
    suggest,
    suggest_resolution,
    within_window,
)
from tests.factories import (
    OrderFactory,
    ResolutionRuleFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

DEFECT = 1
CHANGED_MIND = 2


def _item(**overrides) -> ReturnItem:
    values = {
        "sku": "SHOE-42",
        "category": "Shoes",
        "reason_id": DEFECT,
        "reason_covered": True,
        "condition": ItemCondition.UNOPENED,
    }
    return ReturnItem(**{**values, **overrides})


def _rule(**conditions) -> ResolutionRule:
    return ResolutionRule(name="rule", outcome=PolicyOutcome.REPLACEMENT, **conditions)


# One condition at a time: (rule conditions, rule's reasons, the return, days, order value).
CONDITIONS = [
    pytest.param({}, set(), [_item()], 3, "100", True, id="a rule without conditions matches"),
    pytest.param(
        {}, {DEFECT}, [_item()], 3, "100", True, id="a reason among the rule's reasons matches"
    ),
    pytest.param(
        {},
        {DEFECT},
        [_item(reason_id=CHANGED_MIND)],
        3,
        "100",
        False,
        id="a reason not among the rule's reasons does not match",
    ),
    pytest.param(
        {},
        {DEFECT},
        [_item(), _item(reason_id=CHANGED_MIND)],
        3,
        "100",
        False,
        id="one line with another reason spoils the match for the whole return",
    ),
    pytest.param(
        {"item_conditions": [ItemCondition.DEFECTIVE, ItemCondition.UNOPENED]},
        set(),
        [_item()],
        3,
        "100",
        True,
        id="an item condition the rule lists matches",
    ),
    pytest.param(
        {"item_conditions": [ItemCondition.DEFECTIVE]},
        set(),
        [_item(condition=ItemCondition.USED)],
        3,
        "100",
        False,
        id="an item condition the rule does not list does not match",
    ),
    pytest.param(
        {"max_days_since_delivery": 14},
        set(),
        [_item()],
        14,
        "100",
        True,
        id="exactly the rule's maximum days since delivery matches",
    ),
    pytest.param(
        {"max_days_since_delivery": 14},
        set(),
        [_item()],
        15,
        "100",
        False,
        id="one day over the rule's maximum days does not match",
    ),
    pytest.param(
        {"max_days_since_delivery": 14},
        set(),
        [_item()],
        None,
        "100",
        False,
        id="an order not delivered yet does not match a rule on days since delivery",
    ),
    pytest.param(
        {"max_order_value": Decimal("100.00")},
        set(),
        [_item()],
        3,
        "100.00",
        True,
        id="exactly the rule's maximum order value matches",
    ),
    pytest.param(
        {"max_order_value": Decimal("100.00")},
        set(),
        [_item()],
        3,
        "100.01",
        False,
        id="one cent over the rule's maximum order value does not match",
    ),
    pytest.param(
        {"sku_pattern": "shoe-*"},
        set(),
        [_item(sku="SHOE-42")],
        3,
        "100",
        True,
        id="a SKU pattern matches shell-style whatever the case",
    ),
    pytest.param(
        {"sku_pattern": "SHOE-*"},
        set(),
        [_item(sku="BOOT-42")],
        3,
        "100",
        False,
        id="a SKU outside the pattern does not match",
    ),
    pytest.param(
        {"sku_pattern": "SHOE-?"},
        set(),
        [_item(sku="SHOE-42")],
        3,
        "100",
        False,
        id="a SKU pattern with a question mark matches exactly one character",
    ),
    pytest.param(
        {"category_pattern": "kitchen*"},
        set(),
        [_item(category="Kitchen appliances")],
        3,
        "100",
        True,
        id="a category pattern matches shell-style whatever the case",
    ),
    pytest.param(
        {"category_pattern": "kitchen*"},
        set(),
        [_item(category="Garden")],
        3,
        "100",
        False,
        id="a category outside the pattern does not match",
    ),
    pytest.param(
        {
            "item_conditions": [ItemCondition.UNOPENED],
            "max_days_since_delivery": 30,
            "max_order_value": Decimal("500"),
            "sku_pattern": "SHOE-*",
            "category_pattern": "shoes",
        },
        {DEFECT},
        [_item()],
        30,
        "500",
        True,
        id="a rule matches when every one of its conditions holds",
    ),
    pytest.param(
        {
            "item_conditions": [ItemCondition.UNOPENED],
            "max_days_since_delivery": 30,
            "max_order_value": Decimal("500"),
            "sku_pattern": "SHOE-*",
            "category_pattern": "boots",
        },
        {DEFECT},
        [_item()],
        30,
        "500",
        False,
        id="a rule does not match when a single one of its conditions fails",
    ),
]


@pytest.mark.parametrize(("conditions", "reasons", "items", "days", "value", "matches"), CONDITIONS)
def test_rule_condition(conditions, reasons, items, days, value, matches):
    assert (
        rule_matches(
            _rule(**conditions),
            items,
            days=days,
            order_value=Decimal(value),
            reason_ids=reasons,
        )
        is matches
    )


# --- rule order and the default, with rules from the database ---------------------------------


@pytest.fixture
def shop(db):
    from tests.factories import MerchantFactory

    return MerchantFactory(
        slug="policy-shop",
        time_zone="Europe/Berlin",
        return_window_days=30,
        default_outcome=PolicyOutcome.STORE_CREDIT,
    )


def _order(shop, *, delivered_days_ago=5, total="80.00"):
    now = datetime(2025, 6, 15, 10, 0, tzinfo=UTC)
    return (
        OrderFactory(
            merchant=shop,
            delivered_at=now - timedelta(days=delivered_days_ago),
            total_amount=Decimal(total),
        ),
        now,
    )


ORDERS = [
    pytest.param(
        [(1, "SHOE-*", PolicyOutcome.REPLACEMENT, True), (2, "", PolicyOutcome.REFUND, True)],
        PolicyOutcome.REPLACEMENT,
        0,
        id="the first matching rule by position wins over a later one",
    ),
    pytest.param(
        [(2, "SHOE-*", PolicyOutcome.REPLACEMENT, True), (1, "", PolicyOutcome.REFUND, True)],
        PolicyOutcome.REFUND,
        1,
        id="position decides, not the order the rules were created in",
    ),
    pytest.param(
        [(1, "BOOT-*", PolicyOutcome.REPLACEMENT, True), (2, "", PolicyOutcome.REFUND, True)],
        PolicyOutcome.REFUND,
        1,
        id="a rule that does not match is passed over for the next one",
    ),
    pytest.param(
        [(1, "", PolicyOutcome.REPLACEMENT, False), (2, "", PolicyOutcome.REFUND, True)],
        PolicyOutcome.REFUND,
        1,
        id="an inactive rule is passed over even when it would match",
    ),
    pytest.param(
        [(1, "BOOT-*", PolicyOutcome.REPLACEMENT, True)],
        PolicyOutcome.STORE_CREDIT,
        None,
        id="the merchant's default outcome applies when no rule matches",
    ),
    pytest.param(
        [],
        PolicyOutcome.STORE_CREDIT,
        None,
        id="the merchant's default outcome applies when there are no rules",
    ),
]


@pytest.mark.parametrize(("rules", "outcome", "winner"), ORDERS)
def test_rule_order_and_default(shop, rules, outcome, winner):
    order, now = _order(shop)
    created = [
        ResolutionRuleFactory(
            merchant=shop, position=position, sku_pattern=pattern, outcome=out, is_active=active
        )
        for position, pattern, out, active in rules
    ]
    reason = ReturnReasonFactory(merchant=shop, code="defect")
    suggestion = suggest(shop, order, [_item(reason_id=reason.pk)], at=now)
    assert suggestion.outcome == outcome
    assert suggestion.rule == (created[winner] if winner is not None else None)


def test_inactive_rules_given_explicitly_are_passed_over_too(shop):
    order, now = _order(shop)
    inactive = ResolutionRuleFactory(merchant=shop, outcome=PolicyOutcome.REPLACEMENT)
    inactive.is_active = False
    suggestion = suggest(shop, order, [_item()], at=now, rules=[inactive])
    assert suggestion.outcome == PolicyOutcome.STORE_CREDIT


def test_a_rule_on_reasons_matches_the_return_reasons_it_lists(shop):
    order, now = _order(shop)
    defect = ReturnReasonFactory(merchant=shop, code="defect")
    changed_mind = ReturnReasonFactory(merchant=shop, code="changed-mind")
    rule = ResolutionRuleFactory(merchant=shop, outcome=PolicyOutcome.REPLACEMENT, reasons=[defect])
    assert suggest(shop, order, [_item(reason_id=defect.pk)], at=now).rule == rule
    assert suggest(shop, order, [_item(reason_id=changed_mind.pk)], at=now).rule is None


def test_a_rule_on_days_since_delivery_counts_the_merchants_calendar_days(shop):
    # Delivered 23:30 in Berlin on 1 June, asked 00:30 in Berlin on 3 June: two days, not one.
    delivered = datetime(2025, 6, 1, 21, 30, tzinfo=UTC)
    order = OrderFactory(merchant=shop, delivered_at=delivered)
    ResolutionRuleFactory(
        merchant=shop, max_days_since_delivery=1, outcome=PolicyOutcome.REPLACEMENT
    )
    at = datetime(2025, 6, 2, 22, 30, tzinfo=UTC)
    suggestion = suggest(shop, order, [_item()], at=at)
    assert suggestion.days_since_delivery == 2
    assert suggestion.outcome == PolicyOutcome.STORE_CREDIT


# --- inside or outside the policy ----------------------------------------------------------

INSIDE = [
    pytest.param(
        {}, True, [], id="within the window a covered reason and accepted condition is inside"
    ),
    pytest.param(
        {"delivered_days_ago": 30},
        True,
        [],
        id="the last day of the window is still inside",
    ),
    pytest.param(
        {"delivered_days_ago": 31},
        False,
        ["delivered 31 days ago, the return window is 30 days"],
        id="the day after the window is outside and says by how much",
    ),
    pytest.param(
        {"reason_covered": False},
        False,
        ["a return reason the policy does not cover"],
        id="a reason the policy does not cover is outside",
    ),
    pytest.param(
        {"condition": ItemCondition.USED},
        False,
        ["an item condition the policy does not accept"],
        id="an item condition the merchant does not accept is outside",
    ),
    pytest.param(
        {"delivered_days_ago": 40, "reason_covered": False, "condition": ItemCondition.USED},
        False,
        [
            "delivered 40 days ago, the return window is 30 days",
            "a return reason the policy does not cover",
            "an item condition the policy does not accept",
        ],
        id="every breach is named when there are several",
    ),
]


@pytest.mark.parametrize(("case", "inside", "breaches"), INSIDE)
def test_inside_the_policy(shop, case, inside, breaches):
    order, now = _order(shop, delivered_days_ago=case.get("delivered_days_ago", 5))
    item = _item(
        reason_covered=case.get("reason_covered", True),
        condition=case.get("condition", ItemCondition.UNOPENED),
    )
    suggestion = suggest(shop, order, [item], at=now)
    assert suggestion.inside_policy is inside
    assert suggestion.breaches == breaches
    assert ("inside the policy" in suggestion.explanation) is inside


def test_an_order_not_delivered_yet_is_within_the_window(shop):
    order = OrderFactory(merchant=shop, delivered_at=None)
    suggestion = suggest(shop, order, [_item()])
    assert suggestion.days_since_delivery is None
    assert suggestion.inside_policy


def test_the_merchants_accepted_conditions_decide(shop):
    shop.accepted_conditions = [ItemCondition.DEFECTIVE]
    order, now = _order(shop)
    assert not suggest(shop, order, [_item(condition=ItemCondition.UNOPENED)], at=now).inside_policy
    assert suggest(shop, order, [_item(condition=ItemCondition.DEFECTIVE)], at=now).inside_policy


def test_suggestion_for_a_case_reads_its_lines_and_the_time_it_was_opened(shop):
    ResolutionRuleFactory(merchant=shop, sku_pattern="SHOE-*", outcome=PolicyOutcome.REPLACEMENT)
    case = ReturnCaseFactory(order=OrderFactory(merchant=shop))
    case.lines.update(condition=ItemCondition.USED)
    line = case.lines.get()
    line.order_line.sku = "SHOE-1"
    line.order_line.save()
    suggestion = suggest_resolution(case)
    assert suggestion.outcome == PolicyOutcome.REPLACEMENT
    assert not suggestion.inside_policy


# --- the window, whatever the time zone -----------------------------------------------------

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
