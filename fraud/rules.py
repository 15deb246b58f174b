"""What each kind of rule takes as parameters, and how it judges the facts of one refund.

Evaluation is in two steps so that its cost does not grow with the number of rules:
fraud.selectors gathers the facts a set of rules needs (one query per kind of fact), then
each rule is a pure function of those facts here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fraud.choices import BlocklistKind, DisputeScope, FlagLevel, RuleAction, RuleKind, VelocityKey

# Actions from mild to strict; the strictest matched rule decides.
RANK = {RuleAction.ALLOW: 0, RuleAction.REVIEW: 1, RuleAction.BLOCK: 2}
# A score this high holds the refund for review even when every matched rule only allows.
REVIEW_SCORE = 100


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    type: str  # "amount", "int", "percent", "choice", "choices"
    required: bool = True
    minimum: int | Decimal = 0
    choices: tuple[tuple[str, str], ...] = ()
    default: object = None


PARAMS: dict[str, tuple[Param, ...]] = {
    RuleKind.AMOUNT_OVER: (Param("amount", gettext_lazy("amount"), "amount", minimum=Decimal(0)),),
    RuleKind.VELOCITY: (
        Param("count", gettext_lazy("at most this many refunds"), "int", minimum=1),
        Param("days", gettext_lazy("days"), "int", minimum=1),
        Param(
            "by",
            gettext_lazy("counted for"),
            "choice",
            choices=tuple(VelocityKey.choices),
            required=False,
            default=VelocityKey.CUSTOMER,
        ),
    ),
    RuleKind.RETURN_RATE: (
        Param("percent", gettext_lazy("percent"), "percent", minimum=Decimal(0)),
        Param(
            "min_orders",
            gettext_lazy("only from this many orders"),
            "int",
            minimum=1,
            required=False,
            default=1,
        ),
    ),
    RuleKind.BLOCKLISTED: (
        Param(
            "lists",
            gettext_lazy("blocklists"),
            "choices",
            choices=tuple(BlocklistKind.choices),
            required=False,
            default=list(BlocklistKind.values),
        ),
    ),
    RuleKind.CUSTOMER_FLAGGED: (
        Param(
            "level",
            gettext_lazy("from flag level"),
            "choice",
            choices=tuple(FlagLevel.choices),
            required=False,
            default=FlagLevel.WATCH,
        ),
    ),
    RuleKind.COUNTRY_MISMATCH: (),
    RuleKind.NEW_ACCOUNT: (
        Param("days", gettext_lazy("days"), "int", minimum=1),
        Param("amount", gettext_lazy("amount"), "amount", minimum=Decimal(0)),
    ),
    RuleKind.DISPUTE: (
        Param(
            "on",
            gettext_lazy("a dispute on"),
            "choice",
            choices=tuple(DisputeScope.choices),
            required=False,
            default=DisputeScope.ORDER,
        ),
    ),
    RuleKind.SHARED_IBAN: (
        Param("customers", gettext_lazy("at most this many customers"), "int", minimum=1),
    ),
}
PARAM_NAMES = sorted({param.name for params in PARAMS.values() for param in params})


def _convert(param: Param, raw):
    if param.type in ("amount", "percent"):
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number.")) from None
        if not value.is_finite():
            raise ValidationError(_("Enter a number."))
        if param.type == "percent" and value > 100:
            raise ValidationError(_("A percentage is at most 100."))
        if value < param.minimum:
            raise ValidationError(_("Enter at least %(minimum)s.") % {"minimum": param.minimum})
        return str(value.quantize(Decimal("0.01")))
    if param.type == "int":
        if isinstance(raw, bool):
            raise ValidationError(_("Enter a whole number."))
        try:
            value = int(str(raw))
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
        if value < param.minimum:
            raise ValidationError(_("Enter at least %(minimum)s.") % {"minimum": param.minimum})
        return value
    allowed = {value for value, _label in param.choices}
    if param.type == "choice":
        if raw not in allowed:
            raise ValidationError(_("Choose one of the offered values."))
        return raw
    values = [raw] if isinstance(raw, str) else list(raw or [])
    if not values or set(values) - allowed:
        raise ValidationError(_("Choose at least one of the offered values."))
    return sorted(set(values))


def validate_parameters(kind: str, raw: dict) -> dict:
    """The kind's parameters, converted; ValidationError keyed by parameter name otherwise.

    Those names are also the fields of the admin form, so each error shows on its field.
    """
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for param in PARAMS[kind]:
        value = raw.get(param.name)
        if value in (None, "", []):
            if param.required:
                errors[param.name] = [
                    _("A rule of the kind “%(kind)s” needs this.") % {"kind": RuleKind(kind).label}
                ]
                continue
            value = param.default
        try:
            cleaned[param.name] = _convert(param, value)
        except ValidationError as error:
            errors[param.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


# Facts: what a rule may look at, gathered once per evaluation.


@dataclass(frozen=True)
class RefundRow:
    """A refund counted by velocity and shared-IBAN rules."""

    pk: int
    merchant_id: int
    customer_id: int
    email: str
    iban: str
    requested_at: datetime


@dataclass(frozen=True)
class ListedValue:
    kind: str
    value: str
    merchant_id: int | None
    entry_id: int
    reason: str


@dataclass(frozen=True)
class DisputeRow:
    order_id: int
    order_number: str
    amount: Decimal
    opened_at: datetime


@dataclass
class Facts:
    at: datetime
    refund_id: int
    merchant_id: int
    amount: Decimal
    currency: str
    iban: str
    order_id: int
    customer_id: int
    email: str
    customer_created_at: datetime
    flag_level: str = ""
    flag_reason: str = ""
    shipping_country: str = ""
    billing_country: str = ""
    candidates: dict[str, str] = field(default_factory=dict)  # blocklist kind -> value
    refunds: list[RefundRow] = field(default_factory=list)
    orders_count: int = 0
    cases_count: int = 0
    listed: list[ListedValue] = field(default_factory=list)
    disputes: list[DisputeRow] = field(default_factory=list)


# The kinds of fact each rule kind needs beyond the refund, customer, flag and signal.
NEEDS = {
    RuleKind.VELOCITY: {"refunds"},
    RuleKind.SHARED_IBAN: {"refunds"},
    RuleKind.RETURN_RATE: {"return_rate"},
    RuleKind.BLOCKLISTED: {"blocklist"},
    RuleKind.DISPUTE: {"disputes"},
}


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


@dataclass(frozen=True)
class Verdict:
    score: int
    decision: str
    matches: list[Match]


def decide(matches: list[Match]) -> Verdict:
    """The strictest action of the matched rules; a high enough score means at least review."""
    score = sum(match.weight for match in matches)
    decision = RuleAction.ALLOW
    for match in matches:
        if RANK[match.action] > RANK[decision]:
            decision = RuleAction(match.action)
    if score >= REVIEW_SCORE and decision == RuleAction.ALLOW:
        decision = RuleAction.REVIEW
    return Verdict(score, decision, matches)


def explain(kind: str, seen: dict) -> str:
    """What a match saw, in the reader's language: '4 refunds in 30 days, limit 3'."""
    if kind == RuleKind.AMOUNT_OVER:
        return _("amount %(amount)s %(currency)s, limit %(limit)s") % seen
    if kind == RuleKind.VELOCITY:
        by = VelocityKey(seen["by"]).label
        return _("%(count)s refunds in %(days)s days for %(by)s, limit %(limit)s") % {
            **seen,
            "by": by,
        }
    if kind == RuleKind.RETURN_RATE:
        return (
            _("return rate %(rate)s %% (%(cases)s cases on %(orders)s orders), limit %(limit)s %%")
            % seen
        )
    if kind == RuleKind.BLOCKLISTED:
        return "; ".join(
            _("%(list)s %(value)s is on the blocklist (%(reason)s)")
            % {**hit, "list": BlocklistKind(hit["list"]).label}
            for hit in seen["hits"]
        )
    if kind == RuleKind.CUSTOMER_FLAGGED:
        return _("customer flagged “%(level)s”: %(reason)s") % {
            **seen,
            "level": FlagLevel(seen["level"]).label,
        }
    if kind == RuleKind.COUNTRY_MISMATCH:
        return _("shipping to %(shipping)s, billing in %(billing)s") % seen
    if kind == RuleKind.NEW_ACCOUNT:
        return (
            _(
                "account %(age_days)s days old (younger than %(days)s) asks for %(amount)s "
                "%(currency)s, limit %(limit)s"
            )
            % seen
        )
    if kind == RuleKind.DISPUTE:
        return _("%(count)s dispute(s) on order(s) %(orders)s, %(amount)s in total") % {
            **seen,
            "orders": ", ".join(seen["orders"]),
        }
    if kind == RuleKind.SHARED_IBAN:
        return _("IBAN %(iban)s used by %(customers)s customers, limit %(limit)s") % seen
    return ""
