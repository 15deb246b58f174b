"""What each rule-kind case sets up before the refund it screens: earlier refunds, orders,
blocklist entries, flags, signals, disputes."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from fraud.models import CustomerFlag
from returns.models import Customer
from tests.factories import CustomerFactory, OrderFactory, ReturnCaseFactory, UserFactory
from tests.fraud.factories import BlocklistEntryFactory, dispute, make_refund, signal

IBAN = "DE89370400440532013000"
OTHER_IBAN = "GB33BUKB20201555555555"
MOMENT = datetime(2026, 3, 14, 12, 0, 0, 123456, tzinfo=UTC)
SECOND = 1 / 86400


def _amount(amount):
    def setup(ctx):
        return make_refund(ctx.merchant, amount=Decimal(amount))

    return setup


def _previous_refunds(count, *, days_ago=1, at_other_merchant=False, by="customer"):
    """`count` earlier refunds of the same customer (or e-mail, or IBAN), then this one.
    By IBAN, the earlier refunds are other customers'; at the other merchant, by customer or
    e-mail, they are those of a customer with the same e-mail there."""

    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant, email="serial@example.org")
        twin = CustomerFactory(merchant=ctx.other_merchant, email="Serial@Example.org")
        for _ in range(count):
            if by == "iban":
                where = ctx.other_merchant if at_other_merchant else ctx.merchant
                make_refund(where, days_ago=days_ago, iban=IBAN)
            elif at_other_merchant:
                make_refund(ctx.other_merchant, customer=twin, days_ago=days_ago, iban=IBAN)
            else:
                make_refund(ctx.merchant, customer=customer, days_ago=days_ago, iban=IBAN)
        return make_refund(ctx.merchant, customer=customer, iban=IBAN)

    return setup


def _return_rate(orders, cases):
    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        made = [OrderFactory(merchant=ctx.merchant, customer=customer) for _ in range(orders)]
        for order in made[: cases - 1]:
            ReturnCaseFactory(order=order)
        return make_refund(ctx.merchant, order=made[-1])

    return setup


def _blocklisted(kind, listed_value, *, expires_in=None, scope="merchant", **customer_fields):
    """An entry expiring `expires_in` (a timedelta, negative: in the past) from now, or never."""

    def setup(ctx):
        merchant = {"merchant": ctx.merchant, "other": ctx.other_merchant, "global": None}[scope]
        entry = BlocklistEntryFactory(kind=kind, value=listed_value, merchant=merchant)
        entry.full_clean()  # normalizes
        if expires_in is not None:
            entry.expires_at = timezone.now() + expires_in
        entry.save()
        customer = CustomerFactory(merchant=ctx.merchant, **customer_fields)
        refund = make_refund(
            ctx.merchant, customer=customer, iban=customer_fields.get("iban_for_refund", "")
        )
        if kind == "ip":
            signal(refund, ip_address="2001:db8::1")
        return refund

    return setup


def _iban_refund(listed_value, **entry):
    def setup(ctx):
        item = BlocklistEntryFactory(
            kind="iban", value=listed_value, merchant=ctx.merchant, **entry
        )
        item.full_clean()
        item.save()
        return make_refund(ctx.merchant, iban=IBAN)

    return setup


def _flagged(level):
    def setup(ctx):
        refund = make_refund(ctx.merchant)
        if level:
            CustomerFlag.objects.create(
                customer=refund.case.customer,
                level=level,
                reason="parcels",
                flagged_by=ctx.user,
                flagged_at=timezone.now(),
            )
        return refund

    return setup


def _countries(shipping, billing, *, with_signal=True):
    def setup(ctx):
        refund = make_refund(ctx.merchant)
        if with_signal:
            signal(refund, shipping_country=shipping, billing_country=billing)
        return refund

    return setup


def _account_age(days, amount, *, opened_days_ago=None):
    """A customer the desk first saw `days` ago; `opened_days_ago`: the shop's own date."""

    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        opened = None
        if opened_days_ago is not None:
            opened = timezone.now() - timedelta(days=opened_days_ago)
        Customer.objects.filter(pk=customer.pk).update(
            created_at=timezone.now() - timedelta(days=days), account_opened_at=opened
        )
        customer.refresh_from_db()
        return make_refund(ctx.merchant, customer=customer, amount=Decimal(amount))

    return setup


def _disputed(where):
    def setup(ctx):
        customer = CustomerFactory(merchant=ctx.merchant)
        refund = make_refund(ctx.merchant, customer=customer)
        if where == "order":
            dispute(refund.order)
        elif where == "other_order":
            dispute(OrderFactory(merchant=ctx.merchant, customer=customer))
        return refund

    return setup


def _shared_iban(other_customers, *, at_other_merchant=False):
    def setup(ctx):
        merchant = ctx.other_merchant if at_other_merchant else ctx.merchant
        for _ in range(other_customers):
            make_refund(merchant, iban=IBAN, days_ago=100)
        make_refund(ctx.merchant, iban=OTHER_IBAN)  # another account counts for nothing
        return make_refund(ctx.merchant, iban=IBAN)

    return setup


V3 = {"count": 3, "days": 30, "by": "customer"}


class Context:
    def __init__(self, merchant, other_merchant):
        self.merchant = merchant
        self.other_merchant = other_merchant
        self.user = UserFactory(username="flagger")
