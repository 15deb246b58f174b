"""Customers and the orders the shops recorded for them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from returns.choices import CaseStatus, PaymentMethod, SalesChannel
from returns.common.money import MONEY
from returns.common.phones import phone_normalize
from returns.common.validators import validate_country, validate_currency
from returns.models.merchants import Merchant


class Customer(models.Model):
    """A merchant's customer; the same person at two shops is two customers."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="customers", verbose_name=_("merchant")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    # E.164 (+48226323698), see clean(); a value that is no valid number stays as typed.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES
    )
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    account_opened_at = models.DateTimeField(
        _("customer since"),
        null=True,
        blank=True,
        help_text=_("When the account was opened at the shop (from the order file)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [
            # The agent's search looks customers up by e-mail and phone, case-insensitively.
            models.Index(Lower("email"), name="customer_email_lower_idx"),
            models.Index(fields=["phone"], name="customer_phone_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                "merchant", Lower("email"), name="customer_unique_email_per_merchant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def clean(self) -> None:
        self.phone = self.phone_spelling(self.phone)

    def phone_spelling(self, value: str, *, country: str | None = None) -> str:
        """`value` as the phone field stores it: E.164, a national number read in `country`
        (default: the customer's, else the merchant's); as typed when it is no valid number."""
        region = self.country if country is None else country
        if not region and self.merchant_id:
            region = self.merchant.country
        return phone_normalize(value, region=region) or value.strip()

    @property
    def known_since(self):
        """The account's age as the shop knows it, else when this desk first saw it."""
        return self.account_opened_at or self.created_at


class Order(models.Model):
    """An order as the merchant's shop recorded it; amounts in the order's currency."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="orders", verbose_name=_("merchant")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    number = models.CharField(_("order number"), max_length=64, help_text=_("The shop's own."))
    placed_at = models.DateTimeField(_("placed at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    total_amount = models.DecimalField(
        _("amount paid"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the payment captured, shipping and discounts included."),
        **MONEY,
    )
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices
    )
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    sales_channel = models.CharField(
        _("sales channel"), max_length=20, choices=SalesChannel.choices, default=SalesChannel.WEB
    )
    promotion_code = models.CharField(_("promotion code"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "number"], name="order_unique_number")
        ]
        indexes = [models.Index(fields=["number"], name="order_number_idx")]

    def __str__(self) -> str:
        return self.number


class OrderLineQuerySet(models.QuerySet):
    def with_returnable(self) -> "OrderLineQuerySet":
        """Each line with `taken` (in live cases) and `returnable`: how many may still come back."""
        taken = Coalesce(
            models.Sum(
                "return_lines__quantity",
                filter=~models.Q(return_lines__case__status=CaseStatus.CANCELLED),
            ),
            0,
            output_field=models.IntegerField(),
        )
        return self.annotate(taken=taken).annotate(
            returnable=models.F("quantity") - models.F("taken")
        )


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    sku = models.CharField(_("SKU"), max_length=64)
    product_name = models.CharField(_("product"), max_length=200)
    category = models.CharField(_("category"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )

    history = HistoricalRecords()

    objects = OrderLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    def value_of(self, quantity: int) -> Decimal:
        """What `quantity` of this line cost the customer, before rounding to the currency."""
        return self.unit_price * quantity

    @property
    def line_total(self) -> Decimal:
        return self.value_of(self.quantity)
