"""Demo data for `seed_demo`: merchants in three countries, staff per role, customers, orders."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from returns import demo_notifications, services
from returns.choices import (
    ContactChannel,
    ContactDirection,
    ItemCondition,
    ListingFrequency,
    PaymentMethod,
    PolicyOutcome,
    Resolution,
    SalesChannel,
)
from returns.common import roles
from returns.demo_content import REASONS, REJECTION_REASON, SCRIPTS
from returns.models import (
    Customer,
    Merchant,
    Order,
    OrderLine,
    ResolutionRule,
    ResponseScript,
    ReturnReason,
)

DEMO_PASSWORD = "returns-demo"
DEMO_REASON = "demo data"

# language -> (Faker locale, country)
CUSTOMER_LOCALES = {
    "de": ("de_DE", "DE"),
    "es": ("es_ES", "ES"),
    "fr": ("fr_FR", "FR"),
    "nl": ("nl_NL", "NL"),
    "pl": ("pl_PL", "PL"),
    "it": ("it_IT", "IT"),
    "pt": ("pt_PT", "PT"),
    "cs": ("cs_CZ", "CZ"),
    "sv": ("sv_SE", "SE"),
    "en": ("en_IE", "IE"),
}


@dataclass(frozen=True)
class DemoMerchant:
    slug: str
    name: str
    country: str
    language: str
    time_zone: str
    frequency: str
    customer_languages: tuple[str, ...]


MERCHANTS = (
    DemoMerchant(
        "moda-sol",
        "Moda Sol",
        "ES",
        "es",
        "Europe/Madrid",
        ListingFrequency.DAILY,
        ("es", "es", "es", "pt", "it", "en"),
    ),
    DemoMerchant(
        "hausgeraete-nord",
        "Hausgeräte Nord",
        "DE",
        "de",
        "Europe/Berlin",
        ListingFrequency.WEEKLY,
        ("de", "de", "de", "pl", "cs", "nl"),
    ),
    DemoMerchant(
        "maison-claire",
        "Maison Claire",
        "FR",
        "fr",
        "Europe/Paris",
        ListingFrequency.DAILY,
        ("fr", "fr", "fr", "nl", "sv", "en"),
    ),
)

# username -> role; agents work for two shops, the others for all three.
STAFF = {
    "agent": (roles.AGENT, ("moda-sol", "hausgeraete-nord")),
    "supervisor": (roles.SUPERVISOR, ("moda-sol", "hausgeraete-nord", "maison-claire")),
    "finance": (roles.FINANCE, ("moda-sol", "hausgeraete-nord", "maison-claire")),
    "auditor": (roles.AUDITOR, ("moda-sol", "hausgeraete-nord", "maison-claire")),
}

PRODUCTS = (
    ("SHOE-RUN-42", "Running shoes", "shoes", Decimal("89.90")),
    ("JKT-RAIN-M", "Rain jacket", "clothing", Decimal("129.00")),
    ("TSHIRT-ORG-L", "Organic T-shirt", "clothing", Decimal("24.95")),
    ("KETTLE-17", "Electric kettle", "kitchen", Decimal("39.99")),
    ("BLENDER-PRO", "Blender Pro", "kitchen", Decimal("149.00")),
    ("LAMP-DESK", "Desk lamp", "home", Decimal("54.50")),
    ("BAG-TOTE", "Canvas tote bag", "accessories", Decimal("19.90")),
)

CUSTOMERS_PER_MERCHANT = 12


@transaction.atomic
def seed(log) -> dict[str, str]:
    """Create what is missing of the demo; running it again changes nothing."""
    demo_notifications.seed(log)  # first: the cases below write their customers' e-mails
    merchants = {spec.slug: _merchant(spec) for spec in MERCHANTS}
    logins = {}
    for username, (role, slugs) in STAFF.items():
        user = _staff_user(username, role)
        # From the merchant's side: history records the staff list of the merchant.
        for slug in slugs:
            if not merchants[slug].staff.filter(pk=user.pk).exists():
                merchants[slug].staff.add(user)
        logins[username] = role
    admin = _superuser("admin")
    logins[admin.username] = "superuser"
    for spec in MERCHANTS:
        merchant = merchants[spec.slug]
        created = _customers_and_orders(merchant, spec)
        if created:
            log(f"{spec.name}: {created} customers with their orders")
        _reasons(merchant)
        _rules(merchant)
        _scripts(merchant)
        handler = get_user_model().objects.get(
            username="agent" if merchant.staff.filter(username="agent").exists() else "supervisor"
        )
        cases = _cases(
            merchant, handler, supervisor=get_user_model().objects.get(username="supervisor")
        )
        if cases:
            log(f"{spec.name}: {cases} return cases with their contacts and shipments")
    return logins


def _merchant(spec: DemoMerchant) -> Merchant:
    merchant = Merchant.objects.filter(slug=spec.slug).first()
    if merchant:
        return merchant
    merchant = Merchant(
        slug=spec.slug,
        name=spec.name,
        country=spec.country,
        default_language=spec.language,
        currency="EUR",
        time_zone=spec.time_zone,
        refund_listing_frequency=spec.frequency,
        finance_email=f"finance@{spec.slug}.example",
        support_email=f"support@{spec.slug}.example",
    )
    merchant.full_clean()
    merchant._change_reason = DEMO_REASON
    merchant.save()
    return merchant


def _staff_user(username: str, role: str):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "email": f"{username}@returns-desk.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    group = Group.objects.get(name=role)
    if not user.groups.filter(pk=group.pk).exists():  # a second run writes no history
        user.groups.add(group)
    return user


def _superuser(username: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_superuser(
            username, f"{username}@returns-desk.example", DEMO_PASSWORD
        )
    return user


def _customers_and_orders(merchant: Merchant, spec: DemoMerchant) -> int:
    from faker import Faker

    if merchant.customers.exists():
        return 0
    rng = random.Random(spec.slug)
    now = timezone.now()
    for index in range(CUSTOMERS_PER_MERCHANT):
        language = spec.customer_languages[index % len(spec.customer_languages)]
        faker_locale, country = CUSTOMER_LOCALES[language]
        fake = Faker(faker_locale)
        fake.seed_instance(f"{spec.slug}-{index}")
        name = fake.name()
        customer = Customer(
            merchant=merchant,
            name=name,
            email=f"{fake.user_name()}{index}@{fake.free_email_domain()}".lower(),
            phone=fake.phone_number()[:40],
            preferred_language=language,
            country=country,
            street=fake.street_address()[:200],
            postal_code=fake.postcode()[:20],
            city=fake.city()[:100],
        )
        customer.full_clean()
        customer._change_reason = DEMO_REASON
        customer.save()
        for order_index in range(rng.randint(1, 3)):
            _order(
                merchant,
                customer,
                f"{spec.slug[:2].upper()}-{1000 + index * 10 + order_index}",
                now,
                rng,
            )
    return CUSTOMERS_PER_MERCHANT


def _order(merchant, customer, number, now, rng) -> Order:
    placed_at = now - timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 23))
    picked = rng.sample(PRODUCTS, k=rng.randint(1, 3))
    lines = [
        OrderLine(
            sku=sku,
            product_name=name,
            category=category,
            quantity=rng.randint(1, 2),
            unit_price=price,
        )
        for sku, name, category, price in picked
    ]
    shipping = Decimal("4.95")
    order = Order(
        merchant=merchant,
        customer=customer,
        number=number,
        placed_at=placed_at,
        delivered_at=placed_at + timedelta(days=rng.randint(1, 5)),
        currency=merchant.currency,
        total_amount=sum((line.line_total for line in lines), shipping),
        payment_method=rng.choice(
            [PaymentMethod.CARD, PaymentMethod.PAYPAL, PaymentMethod.BANK_TRANSFER]
        ),
        payment_reference=f"PAY-{rng.randint(10**8, 10**9 - 1)}",
        sales_channel=rng.choice([SalesChannel.WEB, SalesChannel.APP]),
    )
    order.full_clean()
    order._change_reason = DEMO_REASON
    order.save()
    for line in lines:
        line.order = order
        line._change_reason = DEMO_REASON
        line.save()
    return order


def _translated(values: dict[str, str], field: str) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in values.items()} | {
        field: values["en"]
    }


def _reasons(merchant: Merchant) -> None:
    for code, (covered, labels) in REASONS.items():
        if merchant.return_reasons.filter(code=code).exists():
            continue
        reason = ReturnReason(
            merchant=merchant, code=code, is_covered=covered, **_translated(labels, "label")
        )
        reason.full_clean()
        reason._change_reason = DEMO_REASON
        reason.save()


def _rules(merchant: Merchant) -> None:
    if merchant.resolution_rules.exists():
        return
    reasons = {reason.code: reason for reason in merchant.return_reasons.all()}
    specs = [
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
    for position, (name, outcome, conditions, reason_codes) in enumerate(specs, start=1):
        rule = ResolutionRule(
            merchant=merchant, position=position * 10, name=name, outcome=outcome, **conditions
        )
        rule.full_clean()
        rule._change_reason = DEMO_REASON
        rule.save()
        rule.reasons.set([reasons[code] for code in reason_codes])


def _scripts(merchant: Merchant) -> None:
    if merchant.response_scripts.exists():
        return
    for texts in SCRIPTS.values():
        titles = {language: title for language, (title, _body) in texts.items()}
        bodies = {language: body for language, (_title, body) in texts.items()}
        script = ResponseScript(
            merchant=merchant, **_translated(titles, "title"), **_translated(bodies, "body")
        )
        script.full_clean()
        script._change_reason = DEMO_REASON
        script.save()


# (reason code, condition, resolution or None, steps after opening)
CASE_PLAN = [
    ("changed-mind", ItemCondition.UNOPENED, None, []),
    ("wrong-size", ItemCondition.OPENED, None, ["await_item"]),
    ("changed-mind", ItemCondition.OPENED, None, ["await_item", "receive_item"]),
    ("defective", ItemCondition.DEFECTIVE, Resolution.REPLACEMENT, []),
    ("damaged-in-transit", ItemCondition.DAMAGED_IN_TRANSIT, Resolution.REPLACEMENT, ["ship"]),
    ("defective", ItemCondition.DEFECTIVE, Resolution.REPLACEMENT, ["ship", "deliver", "close"]),
    ("not-as-described", ItemCondition.USED, Resolution.REJECTED, []),
    ("changed-mind", ItemCondition.UNOPENED, None, ["cancel"]),
]
CHANNELS = [ContactChannel.PHONE, ContactChannel.EMAIL, ContactChannel.CHAT, ContactChannel.PORTAL]


def _cases(merchant: Merchant, agent, *, supervisor) -> int:
    """Cases in every status, each with a contact; resolutions through the services."""
    if merchant.cases.exists():
        return 0
    reasons = {reason.code: reason for reason in merchant.return_reasons.all()}
    orders = list(merchant.orders.order_by("number").prefetch_related("lines")[: len(CASE_PLAN)])
    rng = random.Random(merchant.slug)
    for index, ((code, condition, resolution, steps), order) in enumerate(
        zip(CASE_PLAN, orders, strict=False)
    ):
        order_line = order.lines.all()[0]
        case = services.case_open(
            actor=agent,
            order=order,
            lines=[services.ReturnLineInput(order_line, 1, reasons[code], condition)],
        )
        channel = CHANNELS[index % len(CHANNELS)]
        services.contact_log(
            actor=agent,
            merchant=merchant,
            case=case,
            channel=channel,
            direction=ContactDirection.INBOUND,
            started_at=timezone.now()
            - timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600)),
            handling_seconds=rng.randint(45, 150),
            summary="Customer asked to return an item.",
        )
        if resolution is not None:
            decider = (
                supervisor if not case.inside_policy or resolution == Resolution.REJECTED else agent
            )
            suggested = services.SUGGESTED_RESOLUTION.get(case.suggested_outcome)
            services.case_resolve(
                case=case,
                actor=decider,
                resolution=resolution,
                override_reason=""
                if suggested == resolution
                else "Decided with the customer on the phone.",
                rejection_reason=REJECTION_REASON[case.customer.preferred_language]
                if resolution == Resolution.REJECTED
                else "",
            )
        for step in steps:
            _step(case, step, agent)
    # Contacts without a case, on every channel: questions about delivery and invoices.
    for index, customer in enumerate(merchant.customers.order_by("id")[:4]):
        services.contact_log(
            actor=agent,
            merchant=merchant,
            customer=customer,
            channel=CHANNELS[index],
            direction=ContactDirection.OUTBOUND if index == 3 else ContactDirection.INBOUND,
            started_at=timezone.now() - timedelta(days=index + 1),
            handling_seconds=60 + index * 20,
            summary="Question about a delivery date.",
        )
    return len(orders)


def _step(case, step: str, actor) -> None:
    shipment = case.shipments.first()
    if step == "await_item":
        services.case_await_item(case=case, actor=actor)
    elif step == "receive_item":
        services.case_receive_item(case=case, actor=actor)
    elif step == "cancel":
        services.case_cancel(case=case, actor=actor, reason="The customer keeps the item.")
    elif step == "close":
        services.case_close(case=case, actor=actor)
    elif step == "ship":
        services.shipment_mark_shipped(
            shipment=shipment, actor=actor, carrier="DHL", tracking_number=f"JD0146{case.pk:08d}"
        )
    elif step == "deliver":
        services.shipment_mark_delivered(shipment=shipment, actor=actor)
