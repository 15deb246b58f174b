"""How each kind of rule judges the facts of one refund: a pure function per kind."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from fraud.choices import DisputeScope, FlagLevel, RuleKind, VelocityKey
from fraud.rules.explain import explain
from fraud.rules.facts import Facts, RefundRow
from fraud.rules.parameters import validate_parameters


@dataclass(frozen=True)
class Match:
    """A rule that matched, and what it saw (JSON-ready: stored on the FraudCheck)."""

    rule_id: int
    name: str
    kind: str
    action: str
    weight: int
    seen: dict

    def as_json(self) -> dict:
        return {
            "rule": self.rule_id,
            "name": self.name,
            "kind": self.kind,
            "action": self.action,
            "weight": self.weight,
            "seen": self.seen,
            "message": explain(self.kind, self.seen),
        }


def _in_scope(rule, merchant_id: int | None) -> bool:
    """A merchant's rule counts only that merchant's data; a global rule counts everyone's."""
    return rule.merchant_id is None or merchant_id is None or rule.merchant_id == merchant_id


def _amount_over(rule, facts: Facts, params) -> dict | None:
    limit = Decimal(params["amount"])
    if facts.amount > limit:
        return {"amount": str(facts.amount), "limit": str(limit), "currency": facts.currency}
    return None


def _velocity(rule, facts: Facts, params) -> dict | None:
    """More than `count` refunds in the `days` days up to the moment, that moment included:
    a refund exactly `days` days old has left the window (as an account exactly `days` days
    old is no longer new). fraud.selectors reads the same window."""
    since = facts.at - timedelta(days=params["days"])
    by = params["by"]
    if by == VelocityKey.IBAN and not facts.iban:
        return None

    def same(row: RefundRow) -> bool:
        if by == VelocityKey.CUSTOMER:
            return row.customer_id == facts.customer_id
        if by == VelocityKey.EMAIL:
            return row.email == facts.email
        return row.iban == facts.iban

    count = sum(
        1
        for row in facts.refunds
        if since < row.requested_at <= facts.at and same(row) and _in_scope(rule, row.merchant_id)
    )
    if count > params["count"]:
        return {"count": count, "days": params["days"], "limit": params["count"], "by": by}
    return None


def _return_rate(rule, facts: Facts, params) -> dict | None:
    if facts.orders_count < params["min_orders"] or not facts.orders_count:
        return None
    rate = (Decimal(facts.cases_count) * 100 / Decimal(facts.orders_count)).quantize(Decimal("0.1"))
    limit = Decimal(params["percent"])
    if rate > limit:
        return {
            "rate": str(rate),
            "limit": str(limit),
            "cases": facts.cases_count,
            "orders": facts.orders_count,
        }
    return None


def _blocklisted(rule, facts: Facts, params) -> dict | None:
    hits = [
        {"list": item.kind, "value": item.value, "entry": item.entry_id, "reason": item.reason}
        for item in facts.listed
        if item.kind in params["lists"]
        and facts.candidates.get(item.kind) == item.value
        and (item.merchant_id is None or item.merchant_id == facts.merchant_id)
    ]
    return {"hits": hits} if hits else None


def _customer_flagged(rule, facts: Facts, params) -> dict | None:
    levels = [FlagLevel.WATCH, FlagLevel.BLOCKED]
    if facts.flag_level and levels.index(facts.flag_level) >= levels.index(params["level"]):
        return {"level": facts.flag_level, "reason": facts.flag_reason}
    return None


def _country_mismatch(rule, facts: Facts, params) -> dict | None:
    shipping, billing = facts.shipping_country, facts.billing_country
    if shipping and billing and shipping != billing:
        return {"shipping": shipping, "billing": billing}
    return None


def _new_account(rule, facts: Facts, params) -> dict | None:
    age = facts.at - facts.customer_created_at
    limit = Decimal(params["amount"])
    if age < timedelta(days=params["days"]) and facts.amount > limit:
        return {
            "age_days": age.days,
            "days": params["days"],
            "amount": str(facts.amount),
            "limit": str(limit),
            "currency": facts.currency,
        }
    return None


def _dispute(rule, facts: Facts, params) -> dict | None:
    found = [
        row
        for row in facts.disputes
        if row.opened_at <= facts.at
        and (params["on"] == DisputeScope.CUSTOMER or row.order_id == facts.order_id)
    ]
    if found:
        return {
            "count": len(found),
            "orders": sorted({row.order_number for row in found}),
            "amount": str(sum((row.amount for row in found), Decimal(0))),
        }
    return None


def _shared_iban(rule, facts: Facts, params) -> dict | None:
    if not facts.iban:
        return None
    customers = {
        row.customer_id
        for row in facts.refunds
        if row.iban == facts.iban
        and row.requested_at <= facts.at
        and _in_scope(rule, row.merchant_id)
    }
    customers.add(facts.customer_id)
    if len(customers) > params["customers"]:
        return {"customers": len(customers), "limit": params["customers"], "iban": facts.iban}
    return None


JUDGES: dict[str, Callable[..., dict | None]] = {
    RuleKind.AMOUNT_OVER: _amount_over,
    RuleKind.VELOCITY: _velocity,
    RuleKind.RETURN_RATE: _return_rate,
    RuleKind.BLOCKLISTED: _blocklisted,
    RuleKind.CUSTOMER_FLAGGED: _customer_flagged,
    RuleKind.COUNTRY_MISMATCH: _country_mismatch,
    RuleKind.NEW_ACCOUNT: _new_account,
    RuleKind.DISPUTE: _dispute,
    RuleKind.SHARED_IBAN: _shared_iban,
}


def judge(rule, facts: Facts) -> Match | None:
    """The rule's match on these facts, or None. Parameters are validated when saved; a rule
    stored with bad ones (edited outside the admin) is skipped rather than failing a refund."""
    try:
        params = validate_parameters(rule.kind, rule.parameters or {})
    except (ValidationError, KeyError):
        return None
    seen = JUDGES[rule.kind](rule, facts, params)
    if seen is None:
        return None
    return Match(rule.pk, rule.name, rule.kind, rule.action, rule.weight, seen)
