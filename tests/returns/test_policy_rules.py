"""A policy rule's conditions, one at a time: each matches or fails on its own."""

from decimal import Decimal

import pytest

from returns.choices import ItemCondition, PolicyOutcome
from returns.models import ResolutionRule
from returns.policy import ReturnItem, rule_matches

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
