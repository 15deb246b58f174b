"""Demo fraud rules of every kind, a blocklist, a flagged customer, a blocked and a held
request, and reviews of both outcomes."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from fraud import services
from fraud.choices import (
    BlocklistKind,
    DisputeScope,
    FlagLevel,
    ReviewOutcome,
    RuleAction,
    RuleKind,
    VelocityKey,
)
from fraud.models import FraudCheck, FraudRule, RequestSignal
from refunds import services as refund_services
from refunds.choices import RefundMethod
from returns import services as returns_services
from returns.choices import ItemCondition
from returns.models import Merchant

DEMO_REASON = "demo data"
BLOCKED_IBAN = "DE89 3704 0044 0532 0130 00"

# (merchant slug or None for every merchant, name, kind, parameters, action, weight, description)
RULES = [
    (
        None,
        "Refund over 1,000",
        RuleKind.AMOUNT_OVER,
        {"amount": "1000"},
        RuleAction.REVIEW,
        40,
        "Large refunds are checked by a supervisor.",
    ),
    (
        None,
        "Serial returner",
        RuleKind.VELOCITY,
        {"count": 5, "days": 30, "by": VelocityKey.CUSTOMER},
        RuleAction.REVIEW,
        30,
        "More than five refunds for one customer in thirty days.",
    ),
    (
        None,
        "Same IBAN, many refunds",
        RuleKind.VELOCITY,
        {"count": 3, "days": 7, "by": VelocityKey.IBAN},
        RuleAction.REVIEW,
        30,
        "More than three refunds to one IBAN in a week.",
    ),
    (
        None,
        "Returns most of what they buy",
        RuleKind.RETURN_RATE,
        {"percent": "80", "min_orders": 3},
        RuleAction.ALLOW,
        30,
        "Adds to the score of customers returning over 80 % of their orders.",
    ),
    (
        None,
        "Blocklisted detail",
        RuleKind.BLOCKLISTED,
        {},
        RuleAction.BLOCK,
        100,
        "An e-mail, phone, IBAN, IP or address on a blocklist.",
    ),
    (
        None,
        "Watched customer",
        RuleKind.CUSTOMER_FLAGGED,
        {"level": FlagLevel.WATCH},
        RuleAction.REVIEW,
        50,
        "A supervisor asked to see this customer's requests.",
    ),
    (
        None,
        "Blocked customer",
        RuleKind.CUSTOMER_FLAGGED,
        {"level": FlagLevel.BLOCKED},
        RuleAction.BLOCK,
        100,
        "A supervisor blocked this customer.",
    ),
    (
        None,
        "Ships abroad",
        RuleKind.COUNTRY_MISMATCH,
        {},
        RuleAction.ALLOW,
        20,
        "Shipping and billing countries differ.",
    ),
    (
        None,
        "New account, big refund",
        RuleKind.NEW_ACCOUNT,
        {"days": 3, "amount": "300"},
        RuleAction.REVIEW,
        40,
        "An account younger than three days asking for more than 300.",
    ),
    (
        None,
        "Chargeback on the order",
        RuleKind.DISPUTE,
        {"on": DisputeScope.ORDER},
        RuleAction.BLOCK,
        100,
        "The customer also disputed the payment: no double refund.",
    ),
    (
        None,
        "One IBAN, many customers",
        RuleKind.SHARED_IBAN,
        {"customers": 2},
        RuleAction.BLOCK,
        80,
        "The same account receiving refunds for more than two customers.",
    ),
    (
        "maison-claire",
        "Maison Claire: over 250",
        RuleKind.AMOUNT_OVER,
        {"amount": "250"},
        RuleAction.REVIEW,
        20,
        "Maison Claire's own, lower limit.",
    ),
]


@transaction.atomic
def seed(log) -> dict[str, str]:
    if FraudRule.objects.exists():
        return {}
    users = get_user_model().objects
    supervisor = users.get(username="supervisor")
    admin = users.get(username="admin")
    merchants = {merchant.slug: merchant for merchant in Merchant.objects.all()}
    for slug, name, kind, parameters, action, weight, description in RULES:
        rule = FraudRule(
            merchant=merchants.get(slug) if slug else None,
            name=name,
            kind=kind,
            parameters=parameters,
            action=action,
            weight=weight,
            is_active=True,
            description=description,
            description_en=description,
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
        f"{merchant.name}: {len(RULES)} fraud rules, a blocklisted IBAN, watched customers, "
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
