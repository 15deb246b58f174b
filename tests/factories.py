from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from returns.choices import PaymentMethod
from returns.models import Customer, Merchant, Order, OrderLine


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@returns-desk.example")
    password = factory.django.Password("correct horse battery staple")


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    country = "DE"
    default_language = "de"
    currency = "EUR"
    time_zone = "Europe/Berlin"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    merchant = factory.SubFactory(MerchantFactory)
    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"customer{n}@example.org")
    phone = factory.Sequence(lambda n: f"+49 30 {1000000 + n}")
    preferred_language = "de"
    country = "DE"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    merchant = factory.SubFactory(MerchantFactory)
    customer = factory.SubFactory(CustomerFactory, merchant=factory.SelfAttribute("..merchant"))
    number = factory.Sequence(lambda n: f"ORD-{10000 + n}")
    placed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    delivered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    currency = "EUR"
    total_amount = Decimal("100.00")
    payment_method = PaymentMethod.CARD
    payment_reference = factory.Sequence(lambda n: f"PAY-{n}")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    product_name = "Running shoes"
    category = "shoes"
    quantity = 1
    unit_price = Decimal("50.00")
