"""The merchant's resolution policy: the outcome a return gets, and whether it is in policy."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from fnmatch import fnmatchcase
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import PolicyOutcome
from returns.models import Merchant, Order, ResolutionRule


@dataclass(frozen=True)
class ReturnItem:
    """One line of a return as the policy sees it."""

    sku: str
    category: str
    reason_id: int
    reason_covered: bool
    condition: str


@dataclass(frozen=True)
class Suggestion:
    outcome: str
    rule: ResolutionRule | None
    inside_policy: bool
    days_since_delivery: int | None
    breaches: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        if self.rule is not None:
            why = _("Rule “%(rule)s” matched.") % {"rule": self.rule.name}
        else:
            why = _("No rule matched; the merchant's default applies.")
        if self.inside_policy:
            return why + " " + _("The request is inside the policy.")
        return " ".join([why, _("Outside the policy:"), "; ".join(self.breaches) + "."])


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar day `instant` falls on in `zone`, never going back as time goes on."""
    local = instant.astimezone(zone)
    if local.fold:
        # The clocks were set back and this wall time happens a second time. Where that
        # happens at midnight (Asia/Beirut, Africa/Cairo) the first pass already reached
        # the next day; count from it, so a day once begun is not started again.
        first_pass_offset = local.replace(fold=0).utcoffset()
        return max(local.date(), (instant.astimezone(UTC) + first_pass_offset).date())
    return local.date()


def days_since_delivery(
    merchant: Merchant, delivered_at: datetime | None, at: datetime
) -> int | None:
    """Whole calendar days between delivery and `at`, counted in the merchant's time zone."""
    if delivered_at is None:
        return None
    zone = merchant.zone
    return (local_date(at, zone) - local_date(delivered_at, zone)).days


def within_window(merchant: Merchant, delivered_at: datetime | None, at: datetime) -> bool:
    """A return may be asked for up to the end of the window's last day, merchant's local time."""
    days = days_since_delivery(merchant, delivered_at, at)
    return days is None or days <= merchant.return_window_days


def rule_matches(
    rule: ResolutionRule,
    items: list[ReturnItem],
    *,
    days: int | None,
    order_value: Decimal,
    reason_ids: set[int],
) -> bool:
    """A rule matches when every line of the return satisfies each of its conditions."""
    if rule.max_days_since_delivery is not None and (
        days is None or days > rule.max_days_since_delivery
    ):
        return False
    if rule.max_order_value is not None and order_value > rule.max_order_value:
        return False
    for item in items:
        if reason_ids and item.reason_id not in reason_ids:
            return False
        if rule.item_conditions and item.condition not in rule.item_conditions:
            return False
        if rule.sku_pattern and not fnmatchcase(item.sku.upper(), rule.sku_pattern.upper()):
            return False
        if rule.category_pattern and not fnmatchcase(
            item.category.lower(), rule.category_pattern.lower()
        ):
            return False
    return True


def suggest(
    merchant: Merchant,
    order: Order,
    items: list[ReturnItem],
    *,
    at: datetime | None = None,
    rules: list[ResolutionRule] | None = None,
) -> Suggestion:
    """The outcome the policy suggests for returning `items` of `order` at `at` (now)."""
    at = at or timezone.now()
    if rules is None:
        rules = list(merchant.resolution_rules.filter(is_active=True).prefetch_related("reasons"))
    days = days_since_delivery(merchant, order.delivered_at, at)

    breaches = []
    if not within_window(merchant, order.delivered_at, at):
        breaches.append(
            _("delivered %(days)s days ago, the return window is %(window)s days")
            % {"days": days, "window": merchant.return_window_days}
        )
    if any(not item.reason_covered for item in items):
        breaches.append(_("a return reason the policy does not cover"))
    accepted = set(merchant.accepted_conditions or [])
    if any(item.condition not in accepted for item in items):
        breaches.append(_("an item condition the policy does not accept"))

    for rule in rules:
        if not rule.is_active:
            continue
        reason_ids = {reason.pk for reason in rule.reasons.all()}
        if rule_matches(
            rule, items, days=days, order_value=order.total_amount, reason_ids=reason_ids
        ):
            return Suggestion(rule.outcome, rule, not breaches, days, breaches)
    return Suggestion(merchant.default_outcome, None, not breaches, days, breaches)


def suggest_resolution(case, *, at: datetime | None = None) -> Suggestion:
    """The policy's suggestion for a return case, from its lines."""
    lines = case.lines.select_related("order_line", "reason")
    items = [
        ReturnItem(
            sku=line.order_line.sku,
            category=line.order_line.category,
            reason_id=line.reason_id,
            reason_covered=line.reason.is_covered,
            condition=line.condition,
        )
        for line in lines
    ]
    return suggest(case.merchant, case.order, items, at=at or case.opened_at)


__all__ = ["PolicyOutcome", "ReturnItem", "Suggestion", "suggest", "suggest_resolution"]
