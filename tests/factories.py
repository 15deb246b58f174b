from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from returns.choices import ContactChannel, ItemCondition, PaymentMethod, PolicyOutcome
from returns.models import (
    Contact,
    Customer,
    Merchant,
    Order,
    OrderLine,
    ResolutionRule,
    ResponseScript,
    ReturnCase,
    ReturnCaseLine,
    ReturnReason,
    Shipment,
)


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


class ReturnReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnReason
        django_get_or_create = ["merchant", "code"]

    merchant = factory.SubFactory(MerchantFactory)
    code = factory.Sequence(lambda n: f"reason-{n}")
    label = factory.LazyAttribute(lambda reason: reason.code.replace("-", " ").capitalize())
    is_covered = True


class ResolutionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolutionRule
        skip_postgeneration_save = True

    merchant = factory.SubFactory(MerchantFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Rule {n}")
    outcome = PolicyOutcome.REFUND

    @factory.post_generation
    def reasons(self, create, extracted, **kwargs):
        if create and extracted:
            self.reasons.set(extracted)


class ReturnCaseFactory(factory.django.DjangoModelFactory):
    """A case with one line returning the first line of its order."""

    class Meta:
        model = ReturnCase
        skip_postgeneration_save = True

    order = factory.SubFactory(OrderFactory)
    merchant = factory.SelfAttribute("order.merchant")
    customer = factory.SelfAttribute("order.customer")

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        order_line = self.order.lines.first() or OrderLineFactory(order=self.order)
        ReturnCaseLine.objects.create(
            case=self,
            order_line=order_line,
            quantity=1,
            reason=ReturnReasonFactory(merchant=self.merchant, code="changed-mind"),
            condition=ItemCondition.UNOPENED,
        )


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    merchant = factory.SubFactory(MerchantFactory)
    customer = factory.SubFactory(CustomerFactory, merchant=factory.SelfAttribute("..merchant"))
    channel = ContactChannel.PHONE
    started_at = factory.LazyFunction(timezone.now)
    handling_seconds = 80
    agent = factory.SubFactory(UserFactory)
    summary = "Customer asked about a return."


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    case = factory.SubFactory(ReturnCaseFactory)
    merchant = factory.SelfAttribute("case.merchant")


class ResponseScriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseScript

    merchant = factory.SubFactory(MerchantFactory)
    title = "Return label"
    body = "We have sent you a prepaid return label by e-mail."
