"""The demo's customers, named by Faker in their own language, and their orders."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from returns.choices import PaymentMethod, SalesChannel
from returns.demo.content import DEMO_REASON
from returns.demo.merchants import DemoMerchant
from returns.models import Customer, Merchant, Order, OrderLine

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


def seed_customers_and_orders(merchant: Merchant, spec: DemoMerchant) -> int:
    """A merchant without customers gets its demo customers; returns how many were created."""
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
    age_days = rng.randint(3, 60)
    placed_at = now - timedelta(days=age_days, hours=rng.randint(0, 23))
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
        # Delivered at least a day before now, so every demo order can be returned today.
        delivered_at=placed_at + timedelta(days=min(rng.randint(1, 5), age_days - 2)),
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
