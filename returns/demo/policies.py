"""A demo merchant's return and rejection reasons, resolution rules and response scripts."""

import copy
from decimal import Decimal

from returns.choices import ItemCondition, PolicyOutcome
from returns.demo.content import (
    DEMO_REASON,
    rejection_reasons,
    response_scripts,
    return_reasons,
)
from returns.models import (
    Merchant,
    RejectionReason,
    ResolutionRule,
    ResponseScript,
    ReturnReason,
)

# (name, outcome, conditions, reason codes), in the order the policy tries them
RULES = [
    (
        "Defective or damaged in transit: replace",
        PolicyOutcome.REPLACEMENT,
        {"item_conditions": [ItemCondition.DEFECTIVE, ItemCondition.DAMAGED_IN_TRANSIT]},
        ["defective", "damaged-in-transit"],
    ),
    (
        "Blenders: a supervisor decides",
        PolicyOutcome.NEEDS_SUPERVISOR,
        {"sku_pattern": "BLENDER-*"},
        [],
    ),
    (
        "Wrong size clothing: replace",
        PolicyOutcome.REPLACEMENT,
        {"category_pattern": "clothing"},
        ["wrong-size"],
    ),
    (
        "Unopened within 14 days: refund",
        PolicyOutcome.REFUND,
        {"item_conditions": [ItemCondition.UNOPENED], "max_days_since_delivery": 14},
        [],
    ),
    (
        "Small orders: store credit",
        PolicyOutcome.STORE_CREDIT,
        {"max_order_value": Decimal("30.00")},
        [],
    ),
]


def _translated(values: dict[str, str], field: str) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in values.items()} | {
        field: values["en"]
    }


def seed_reasons(merchant: Merchant) -> None:
    """Create the return reasons the merchant lacks, labelled in every language."""
    for code, (covered, labels) in return_reasons().items():
        if merchant.return_reasons.filter(code=code).exists():
            continue
        reason = ReturnReason(
            merchant=merchant, code=code, is_covered=covered, **_translated(labels, "label")
        )
        reason.full_clean()
        reason._change_reason = DEMO_REASON
        reason.save()


def seed_rejection_reasons(merchant: Merchant) -> None:
    """Create the rejection reasons the merchant lacks, in every language."""
    for position, (code, texts) in enumerate(rejection_reasons().items(), start=1):
        if merchant.rejection_reasons.filter(code=code).exists():
            continue
        reason = RejectionReason(
            merchant=merchant, code=code, position=position * 10, **_translated(texts, "text")
        )
        reason.full_clean()
        reason._change_reason = DEMO_REASON
        reason.save()


def seed_rules(merchant: Merchant) -> None:
    """A merchant without resolution rules gets the demo's policy."""
    if merchant.resolution_rules.exists():
        return
    by_code = {reason.code: reason for reason in merchant.return_reasons.all()}
    for position, (name, outcome, conditions, reason_codes) in enumerate(RULES, start=1):
        rule = ResolutionRule(
            merchant=merchant,
            position=position * 10,
            name=name,
            outcome=outcome,
            **copy.deepcopy(conditions),  # the condition lists are shared by every merchant
        )
        rule.full_clean()
        rule._change_reason = DEMO_REASON
        rule.save()
        rule.reasons.set([by_code[code] for code in reason_codes])


def seed_scripts(merchant: Merchant) -> None:
    """A merchant without response scripts gets the demo's, in every language."""
    if merchant.response_scripts.exists():
        return
    for texts in response_scripts().values():
        titles = {language: title for language, (title, _body) in texts.items()}
        bodies = {language: body for language, (_title, body) in texts.items()}
        script = ResponseScript(
            merchant=merchant, **_translated(titles, "title"), **_translated(bodies, "body")
        )
        script.full_clean()
        script._change_reason = DEMO_REASON
        script.save()
