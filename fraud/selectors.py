"""Reads of the fraud app: the facts an evaluation needs, the review queue, rule statistics."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from fraud.choices import BlocklistKind, ReviewOutcome, RuleKind
from fraud.models import BlocklistEntry, Dispute, FraudCheck, FraudRule
from fraud.normalize import customer_address, normalize
from fraud.rules import NEEDS, DisputeRow, Facts, ListedValue, RefundRow
from refunds.models import Refund
from returns.models import Order, ReturnCase


def rules_for(merchant_id: int, *, active_only: bool = True) -> list[FraudRule]:
    """The global rules and the merchant's own, in one query."""
    rules = FraudRule.objects.filter(Q(merchant__isnull=True) | Q(merchant_id=merchant_id))
    if active_only:
        rules = rules.filter(is_active=True)
    return list(rules.order_by("pk"))


def refund_for_screening(refund_id: int) -> Refund:
    """The refund with everything rules read from it (customer, flag, signal) in one query."""
    return Refund.objects.select_related(
        "merchant", "case__customer__fraud_flag", "case__fraud_signal"
    ).get(pk=refund_id)


def _candidates(refund: Refund) -> dict[str, str]:
    customer = refund.case.customer
    signal = getattr(refund.case, "fraud_signal", None)
    raw = {
        BlocklistKind.EMAIL: customer.email,
        BlocklistKind.PHONE: customer.phone,
        BlocklistKind.IBAN: refund.iban,
        BlocklistKind.IP: signal.ip_address if signal else "",
    }
    values = {}
    for kind, value in raw.items():
        if not value:
            continue
        try:
            values[kind] = normalize(kind, value)
        except ValidationError:  # a value that cannot be normalized is on no list
            continue
    address = customer_address(customer)
    if address:
        values[BlocklistKind.ADDRESS] = address
    return values


def gather_facts(refund: Refund, rules: list[FraudRule], *, at: datetime | None = None) -> Facts:
    """Everything these rules need about the refund: one query per kind of fact, whatever
    the number of rules. `refund` comes from refund_for_screening. `at` is "now" for a live
    check, the request time for a backtest: blocklist entries and the customer's flag count
    only if they were there at that moment (a flag changed since counts from its change)."""
    at = at or timezone.now()
    customer = refund.case.customer
    flag = getattr(customer, "fraud_flag", None)
    if flag is not None and flag.flagged_at > at:
        flag = None  # a backtest: the flag was set after the request
    signal = getattr(refund.case, "fraud_signal", None)
    facts = Facts(
        at=at,
        refund_id=refund.pk,
        merchant_id=refund.merchant_id,
        amount=refund.amount,
        currency=refund.currency,
        iban=refund.iban,
        order_id=refund.order_id,
        customer_id=customer.pk,
        email=customer.email.strip().lower(),
        customer_created_at=customer.known_since,
        flag_level=flag.level if flag else "",
        flag_reason=flag.reason if flag else "",
        shipping_country=signal.shipping_country if signal else "",
        billing_country=(signal.billing_country or customer.country) if signal else "",
    )
    needs = set().union(*(NEEDS.get(rule.kind, set()) for rule in rules)) if rules else set()
    if "refunds" in needs:
        facts.refunds = _refund_rows(refund, rules, facts)
    if "return_rate" in needs:
        facts.orders_count = Order.objects.filter(
            customer_id=customer.pk, placed_at__lte=at
        ).count()
        facts.cases_count = ReturnCase.objects.filter(
            customer_id=customer.pk, opened_at__lte=at
        ).count()
    if "blocklist" in needs:
        facts.candidates = _candidates(refund)
        facts.listed = _listed(facts)
    if "disputes" in needs:
        facts.disputes = [
            DisputeRow(row["order_id"], row["order__number"], row["amount"], row["opened_at"])
            for row in Dispute.objects.filter(order__customer_id=customer.pk).values(
                "order_id", "order__number", "amount", "opened_at"
            )
        ]
    return facts


def _refund_rows(refund: Refund, rules: list[FraudRule], facts: Facts) -> list[RefundRow]:
    """The refunds velocity and shared-IBAN rules count, in one query: the customer's (or
    their e-mail's) within the longest window, and every refund to the same IBAN."""
    longest = max(
        (
            int(rule.parameters.get("days") or 0)
            for rule in rules
            if rule.kind == RuleKind.VELOCITY and str(rule.parameters.get("days", "")).isdigit()
        ),
        default=0,
    )
    since = facts.at - timedelta(days=longest)
    who = Q(case__customer_id=facts.customer_id) | Q(case__customer__email__iexact=facts.email)
    if facts.iban:
        who |= Q(iban=facts.iban)
    window = Q(requested_at__gt=since)
    if facts.iban and any(rule.kind == RuleKind.SHARED_IBAN for rule in rules):
        window |= Q(iban=facts.iban)
    rows = Refund.objects.filter(who, window, requested_at__lte=facts.at)
    # Another merchant's refunds matter only to a global rule.
    if all(rule.merchant_id is not None for rule in rules if rule.kind in NEEDS_REFUNDS):
        rows = rows.filter(merchant_id=facts.merchant_id)
    return [
        RefundRow(
            row["pk"],
            row["merchant_id"],
            row["case__customer_id"],
            row["case__customer__email"].strip().lower(),
            row["iban"],
            row["requested_at"],
        )
        for row in rows.values(
            "pk",
            "merchant_id",
            "case__customer_id",
            "case__customer__email",
            "iban",
            "requested_at",
        )
    ]


NEEDS_REFUNDS = {RuleKind.VELOCITY, RuleKind.SHARED_IBAN}
REFUND_ROW_FIELDS = (
    "pk",
    "merchant_id",
    "case__customer_id",
    "case__customer__email",
    "iban",
    "requested_at",
)


def _listed(facts: Facts) -> list[ListedValue]:
    if not facts.candidates:
        return []
    values = Q()
    for kind, value in facts.candidates.items():
        values |= Q(kind=kind, value=value)
    entries = (
        BlocklistEntry.objects.filter(values)
        .filter(Q(merchant__isnull=True) | Q(merchant_id=facts.merchant_id))
        # As of the moment: for a backtest, entries added since did not exist yet.
        .filter(created_at__lte=facts.at)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=facts.at))
        .values("pk", "kind", "value", "merchant_id", "reason")
    )
    return [
        ListedValue(row["kind"], row["value"], row["merchant_id"], row["pk"], row["reason"])
        for row in entries
    ]


def cleared_rule_ids(refund_id: int) -> set[int]:
    """Rules a supervisor already judged a false positive for this refund."""
    return set(
        FraudCheck.matched_rules.through.objects.filter(
            fraudcheck__refund_id=refund_id,
            fraudcheck__review_outcome=ReviewOutcome.FALSE_POSITIVE,
        ).values_list("fraudrule_id", flat=True)
    )


def rules_with_review_counts(queryset):
    """Rules annotated with how their reviewed matches turned out: the fraud ratio."""
    return queryset.annotate(
        reviewed_count=Count("checks", filter=~Q(checks__review_outcome="")),
        confirmed_count=Count(
            "checks", filter=Q(checks__review_outcome=ReviewOutcome.CONFIRMED_FRAUD)
        ),
    )


def fraud_ratio(checks) -> tuple[int, int]:
    """(confirmed fraud, reviewed) among these checks."""
    counts = checks.aggregate(
        reviewed=Count("pk", filter=~Q(review_outcome="")),
        confirmed=Count("pk", filter=Q(review_outcome=ReviewOutcome.CONFIRMED_FRAUD)),
    )
    return counts["confirmed"], counts["reviewed"]
