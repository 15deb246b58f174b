"""Demo data for `seed_demo`: merchants in three countries, staff per role, customers, orders."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from returns import roles
from returns.choices import ListingFrequency, PaymentMethod, SalesChannel
from returns.models import Customer, Merchant, Order, OrderLine

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
        created = _customers_and_orders(merchants[spec.slug], spec)
        if created:
            log(f"{spec.name}: {created} customers with their orders")
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
    user.groups.add(Group.objects.get(name=role))
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
