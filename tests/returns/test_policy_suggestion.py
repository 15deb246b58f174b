"""The policy's suggestion from the database: rule order, the default, inside or outside."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from returns.choices import ItemCondition, PolicyOutcome
from returns.policy import ReturnItem, suggest, suggest_resolution
from tests.factories import (
    OrderFactory,
    ResolutionRuleFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

DEFECT = 1


def _item(**overrides) -> ReturnItem:
    values = {
        "sku": "SHOE-42",
        "category": "Shoes",
        "reason_id": DEFECT,
        "reason_covered": True,
        "condition": ItemCondition.UNOPENED,
    }
    return ReturnItem(**{**values, **overrides})


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
