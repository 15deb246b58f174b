"""Demo fraud rules of every kind, a blocklist, a flagged customer, a blocked and a held
request, and reviews of both outcomes."""

import json
from decimal import Decimal
from importlib.resources import files

from django.contrib.auth import get_user_model
from django.db import transaction

from fraud import services
from fraud.choices import (
    BlocklistKind,
    FlagLevel,
    ReviewOutcome,
    RuleAction,
    RuleKind,
)
from fraud.models import FraudCheck, FraudRule, RequestSignal
from refunds import services as refund_services
from refunds.choices import RefundMethod
from returns import services as returns_services
from returns.choices import ItemCondition
from returns.models import Merchant

DEMO_REASON = "demo data"
BLOCKED_IBAN = "DE89 3704 0044 0532 0130 00"

RULES_FILE = files(__package__).joinpath("demo_data", "fraud_rules.json")


def rules() -> list[dict]:
    """The demo's fraud rules; `merchant` is a slug, or null for a rule of every merchant."""
    specs = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    for spec in specs:
        # A kind or action the code no longer knows fails here rather than in full_clean.
        spec["kind"], spec["action"] = RuleKind(spec["kind"]), RuleAction(spec["action"])
    return specs


@transaction.atomic
def seed(log) -> dict[str, str]:
    if FraudRule.objects.exists():
        return {}
    users = get_user_model().objects
    supervisor = users.get(username="supervisor")
    admin = users.get(username="admin")
    merchants = {merchant.slug: merchant for merchant in Merchant.objects.all()}
    specs = rules()
    for spec in specs:
        slug = spec["merchant"]
        rule = FraudRule(
            merchant=merchants.get(slug) if slug else None,
            name=spec["name"],
            kind=spec["kind"],
            parameters=spec["parameters"],
            action=spec["action"],
            weight=spec["weight"],
            is_active=True,
            description=spec["description"],
            description_en=spec["description"],
        )
        rule.full_clean()
        rule._change_reason = DEMO_REASON
        rule._history_user = admin
        rule.save()
    merchant = merchants["maison-claire"]
    services.blocklist_add(
        actor=supervisor,
        kind=BlocklistKind.IBAN,
        value=BLOCKED_IBAN,
        merchant=merchant,
        reason="Refunds to this account were reported as stolen-card fraud.",
    )
    orders = list(
        merchant.orders.filter(cases__isnull=True)
        .order_by("number")
        .select_related("customer")
        .prefetch_related("lines")[:4]
    )
    if len(orders) < 4:
        log("Maison Claire: not enough orders left for the fraud demo")
        return {}
    blocked, held, confirmed, cleared = orders
    _request(blocked, supervisor, iban=BLOCKED_IBAN)
    for order in (held, confirmed, cleared):
        if not hasattr(order.customer, "fraud_flag"):
            services.customer_flag(
                actor=supervisor,
                customer=order.customer,
                level=FlagLevel.WATCH,
                reason="Several parcels reported as never arrived.",
            )
    _request(held, supervisor, shipping_country="BE")
    for order, outcome, note in (
        (confirmed, ReviewOutcome.CONFIRMED_FRAUD, "The parcel was signed for by the customer."),
        (cleared, ReviewOutcome.FALSE_POSITIVE, "The carrier confirmed the loss."),
    ):
        refund = _request(order, supervisor)
        check = FraudCheck.objects.awaiting_review().filter(refund=refund).first()
        if check is not None:
            services.check_review(check=check, actor=admin, outcome=outcome, note=note)
    log(
        f"{merchant.name}: {len(specs)} fraud rules, a blocklisted IBAN, watched customers, "
        "a blocked and a held refund, two reviewed checks"
    )
    return {}


def _request(order, actor, *, iban: str = "", shipping_country: str = ""):
    reason = order.merchant.return_reasons.get(code="changed-mind")
    line = min(order.lines.all(), key=lambda order_line: order_line.unit_price)
    case = returns_services.case_open(
        actor=actor,
        order=order,
        lines=[returns_services.ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
    )
    if shipping_country:
        signal = RequestSignal(
            case=case,
            ip_address="203.0.113.7",
            shipping_country=shipping_country,
            billing_country=order.customer.country,
        )
        signal.full_clean()
        signal._change_reason = DEMO_REASON
        signal.save()
    return refund_services.refund_request(
        actor=actor,
        case=case,
        lines=[refund_services.RefundLineInput(line, 1, reason, Decimal(line.unit_price))],
        method=RefundMethod.BANK_TRANSFER if iban else RefundMethod.ORIGINAL_PAYMENT,
        iban=iban,
        account_holder=order.customer.name if iban else "",
        reason=DEMO_REASON,
    )
