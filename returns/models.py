from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from simple_history import register
from simple_history.models import HistoricalRecords

from returns.choices import (
    CaseStatus,
    ContactChannel,
    ContactDirection,
    ItemCondition,
    ListingFrequency,
    NotificationKind,
    NotificationState,
    PaymentMethod,
    PolicyOutcome,
    Resolution,
    SalesChannel,
    ShipmentStatus,
)
from returns.common.money import MONEY
from returns.common.validators import validate_country, validate_currency, validate_time_zone


def default_accepted_conditions() -> list[str]:
    return [
        ItemCondition.UNOPENED,
        ItemCondition.OPENED,
        ItemCondition.DEFECTIVE,
        ItemCondition.DAMAGED_IN_TRANSIT,
    ]


class MerchantQuerySet(models.QuerySet):
    def for_user(self, user) -> "MerchantQuerySet":
        """The merchants a staff user works for; all of them for a superuser."""
        if user.is_superuser:
            return self
        return self.filter(staff=user)

    def lock(self, pk: int) -> None:
        """Hold the merchant's row until the transaction ends: the lock a month's billing
        (drafts, issuing, tariff changes) and the contacts it counts meet on."""
        self.select_for_update().filter(pk=pk).exists()


class Merchant(models.Model):
    """A webshop the call center handles returns for, with its return policy settings."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    country = models.CharField(
        _("country"), max_length=2, validators=[validate_country], help_text=_("ISO 3166 code.")
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES
    )
    currency = models.CharField(
        _("currency"), max_length=3, validators=[validate_currency], help_text=_("ISO 4217 code.")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    return_window_days = models.PositiveSmallIntegerField(
        _("return window (days)"), default=30, help_text=_("Days after delivery.")
    )
    refund_listing_frequency = models.CharField(
        _("refund listing frequency"),
        max_length=10,
        choices=ListingFrequency.choices,
        default=ListingFrequency.DAILY,
    )
    fee_per_contact = models.DecimalField(
        _("fee per contact"),
        default=Decimal("0.55"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("In EUR; what billing charges the merchant for each customer contact."),
        **MONEY,
    )
    default_outcome = models.CharField(
        _("default outcome"),
        max_length=20,
        choices=PolicyOutcome.choices,
        default=PolicyOutcome.REFUND,
        help_text=_("What the policy suggests when none of its rules matches."),
    )
    accepted_conditions = models.JSONField(
        _("accepted item conditions"),
        default=default_accepted_conditions,
        blank=True,
        help_text=_("A return in another condition is outside the policy."),
    )
    agent_approval_limit = models.DecimalField(
        _("agent approval limit"),
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Refunds up to this amount an agent may approve alone; above it, a supervisor."
        ),
        **MONEY,
    )
    debtor_name = models.CharField(
        _("account holder for refunds"),
        max_length=70,
        blank=True,
        help_text=_("The merchant's account that bank-transfer refunds are paid from (SEPA)."),
    )
    debtor_iban = models.CharField(_("IBAN for refunds"), max_length=34, blank=True)
    debtor_bic = models.CharField(_("BIC for refunds"), max_length=11, blank=True)
    finance_email = models.EmailField(_("finance e-mail"), blank=True)
    support_email = models.EmailField(_("support e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        related_name="merchants",
        blank=True,
        help_text=_(
            "Agents and supervisors see and handle only the merchants they are assigned to."
        ),
    )

    history = HistoricalRecords(m2m_fields=[staff])
    objects = MerchantQuerySet.as_manager()

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        unknown = set(self.accepted_conditions or []) - set(ItemCondition.values)
        if unknown:
            raise ValidationError(
                {
                    "accepted_conditions": _("Unknown item conditions: %(codes)s.")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )
        if self.debtor_iban:
            try:
                self.debtor_iban = IBAN(self.debtor_iban).compact
            except SchwiftyException as error:
                raise ValidationError({"debtor_iban": str(error)}) from None
        if self.debtor_bic:
            try:
                self.debtor_bic = BIC(self.debtor_bic).compact
            except SchwiftyException as error:
                raise ValidationError({"debtor_bic": str(error)}) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Customer(models.Model):
    """A merchant's customer; the same person at two shops is two customers."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="customers", verbose_name=_("merchant")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
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

    @property
    def line_total(self) -> Decimal:
        return self.quantity * self.unit_price


class ReturnReason(models.Model):
    """A reason a customer may give for a return, from the merchant's list."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="return_reasons",
        verbose_name=_("merchant"),
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    is_covered = models.BooleanField(
        _("covered by the policy"),
        default=True,
        help_text=_("A return for a reason the policy does not cover needs a supervisor."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["merchant", "code"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "code"], name="reason_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class ResolutionRule(models.Model):
    """One rule of a merchant's resolution policy; the first active rule that matches wins.

    Every condition left empty matches anything.
    """

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="resolution_rules",
        verbose_name=_("merchant"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    reasons = models.ManyToManyField(
        ReturnReason, verbose_name=_("return reasons"), blank=True, related_name="rules"
    )
    item_conditions = models.JSONField(_("item conditions"), default=list, blank=True)
    max_days_since_delivery = models.PositiveSmallIntegerField(
        _("at most days since delivery"), null=True, blank=True
    )
    max_order_value = models.DecimalField(_("at most order value"), null=True, blank=True, **MONEY)
    sku_pattern = models.CharField(
        _("SKU pattern"), max_length=100, blank=True, help_text=_("Shell-style, e.g. SHOE-*.")
    )
    category_pattern = models.CharField(
        _("category pattern"),
        max_length=100,
        blank=True,
        help_text=_("Shell-style, e.g. kitchen*."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=PolicyOutcome.choices)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[reasons])

    class Meta:
        verbose_name = _("resolution rule")
        verbose_name_plural = _("resolution rules")
        ordering = ["merchant", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self):
        unknown = set(self.item_conditions or []) - set(ItemCondition.values)
        if unknown:
            raise ValidationError(
                {
                    "item_conditions": _("Unknown item conditions: %(codes)s.")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )


def new_case_reference() -> str:
    from returns.common.references import new_reference

    return new_reference()


class ReturnCase(ConcurrentTransitionMixin, models.Model):
    """A customer's request to return items of one order, and how it was resolved."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_case_reference, editable=False
    )
    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("merchant")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="cases", verbose_name=_("customer")
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="cases", verbose_name=_("order")
    )
    status = FSMField(
        _("status"), default=CaseStatus.OPEN, choices=CaseStatus.choices, protected=True
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        help_text=_("Empty for a case the shop sent."),
    )
    suggested_outcome = models.CharField(
        _("suggested outcome"), max_length=20, choices=PolicyOutcome.choices, blank=True
    )
    inside_policy = models.BooleanField(_("inside the policy"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True
    )
    override_reason = models.TextField(_("why the suggestion was overridden"), blank=True)
    rejection_reason = models.TextField(
        _("reason given to the customer"),
        blank=True,
        help_text=_("For a rejection: the customer reads it in the e-mail and on the status page."),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.TextField(_("internal note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return case")
        verbose_name_plural = _("return cases")
        ordering = ["-opened_at"]
        permissions = [
            ("resolve_returncase", _("Can resolve return cases")),
            ("cancel_returncase", _("Can cancel return cases")),
            (
                "resolve_out_of_policy_returncase",
                _("Can resolve return cases outside the policy"),
            ),
        ]
        indexes = [models.Index(fields=["merchant", "status"], name="case_merchant_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @transition(
        status,
        source=CaseStatus.OPEN,
        target=CaseStatus.AWAITING_ITEM,
        permission="returns.change_returncase",
    )
    def await_item(self) -> None:
        """Wait for the customer to send the items back."""

    @transition(
        status,
        source=[CaseStatus.OPEN, CaseStatus.AWAITING_ITEM],
        target=CaseStatus.ITEM_RECEIVED,
        permission="returns.change_returncase",
    )
    def receive_item(self) -> None:
        """Record that the returned items arrived."""

    @transition(
        status,
        source=[CaseStatus.OPEN, CaseStatus.AWAITING_ITEM, CaseStatus.ITEM_RECEIVED],
        target=CaseStatus.RESOLVED,
        permission="returns.resolve_returncase",
    )
    def resolve(self, *, resolution: str, by, at) -> None:
        """Record the decision on the case."""
        self.resolution = resolution
        self.resolved_by = by
        self.resolved_at = at

    @transition(
        status,
        source=CaseStatus.RESOLVED,
        target=CaseStatus.CLOSED,
        permission="returns.change_returncase",
    )
    def close(self) -> None:
        """Close a resolved case once nothing is left to do on it."""

    @transition(
        status,
        source=[CaseStatus.OPEN, CaseStatus.AWAITING_ITEM, CaseStatus.ITEM_RECEIVED],
        target=CaseStatus.CANCELLED,
        permission="returns.cancel_returncase",
    )
    def cancel(self) -> None:
        """Cancel a case that is not resolved yet (the customer keeps the items)."""


class ReturnCaseLine(models.Model):
    case = models.ForeignKey(
        ReturnCase, on_delete=models.CASCADE, related_name="lines", verbose_name=_("case")
    )
    order_line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        related_name="return_lines",
        verbose_name=_("order line"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    reason = models.ForeignKey(
        ReturnReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason")
    )
    condition = models.CharField(_("item condition"), max_length=30, choices=ItemCondition.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.product_name}"


class Contact(models.Model):
    """One interaction with a customer, with or without a case; billing counts these."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("merchant")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("customer"),
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        ReturnCase,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("case"),
        null=True,
        blank=True,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=ContactDirection.choices,
        default=ContactDirection.INBOUND,
    )
    started_at = models.DateTimeField(_("started at"))
    handling_seconds = models.PositiveIntegerField(
        _("handling time (seconds)"), help_text=_("Call or chat plus the admin work after it.")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("agent"),
    )
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-started_at"]
        indexes = [
            # Billing and the handling-time report read a merchant's contacts by period.
            models.Index(fields=["merchant", "started_at"], name="contact_merchant_started_idx"),
        ]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at, self.merchant.zone)
        return f"{self.get_channel_display()} {started:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        # The service checks the same; this covers the admin's form, which saves directly.
        errors = {}
        if self.customer_id and self.merchant_id and self.customer.merchant_id != self.merchant_id:
            errors["customer"] = _("The customer belongs to another merchant.")
        if self.case_id and self.merchant_id and self.case.merchant_id != self.merchant_id:
            errors["case"] = _("The case belongs to another merchant.")
        if errors:
            raise ValidationError(errors)


class Shipment(ConcurrentTransitionMixin, models.Model):
    """A replacement to send to the customer."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("merchant")
    )
    case = models.ForeignKey(
        ReturnCase, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("case")
    )
    status = FSMField(
        _("status"), default=ShipmentStatus.TO_SHIP, choices=ShipmentStatus.choices, protected=True
    )
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-created_at"]
        permissions = [("ship_shipment", _("Can mark shipments shipped or delivered"))]
        indexes = [models.Index(fields=["merchant", "status"], name="shipment_merchant_status_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} / {self.get_status_display()}"

    @transition(
        status,
        source=ShipmentStatus.TO_SHIP,
        target=ShipmentStatus.SHIPPED,
        permission="returns.ship_shipment",
    )
    def ship(self, *, carrier: str, tracking_number: str, at) -> None:
        """Hand the replacement to the carrier."""
        self.carrier = carrier
        self.tracking_number = tracking_number
        self.shipped_at = at

    @transition(
        status,
        source=ShipmentStatus.SHIPPED,
        target=ShipmentStatus.DELIVERED,
        permission="returns.ship_shipment",
    )
    def deliver(self, *, at) -> None:
        """Record the carrier's delivery."""
        self.delivered_at = at


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("shipment")
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("order line")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.sku}"


class ResponseScript(models.Model):
    """Canned text an agent inserts into a summary or a reply, in the customer's language."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="response_scripts",
        verbose_name=_("merchant"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("response script")
        verbose_name_plural = _("response scripts")
        ordering = ["merchant", "title"]

    def __str__(self) -> str:
        return self.title


# Customer notifications and the follow-up survey


class NotificationTemplate(models.Model):
    """The e-mail a customer receives for one kind of event; a merchant's own template wins over
    the global one (no merchant). Subject and body are translated and use Django template
    syntax with the variables listed in NOTIFICATION_VARIABLES (returns.notifications)."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="notification_templates",
        verbose_name=_("merchant"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the global template every merchant falls back to."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; variables such as {{ customer_name }}, {{ case_reference }} and "
            "{{ status_url }}. The HTML version is made from it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["kind", "merchant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "kind"], name="notification_template_unique_kind"
            ),
            # NULLs are distinct in a unique constraint: one global template per kind too.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(merchant__isnull=True),
                name="notification_template_unique_global_kind",
            ),
        ]

    def __str__(self) -> str:
        owner = self.merchant.name if self.merchant_id else _("global")
        return f"{self.get_kind_display()} ({owner})"

    def clean(self):
        from returns.notifications.rendering import validate_template_text

        errors = {}
        for field in ("subject", "body"):
            for name in [field, *(f"{field}_{code}" for code, _name in settings.LANGUAGES)]:
                text = getattr(self, name, "") or ""
                try:
                    validate_template_text(text)
                except ValidationError as error:
                    errors.setdefault(name, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """The outbox: one e-mail to a customer, rendered in their language when the event
    happened, written in the same transaction and sent by a task after the commit."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("merchant")
    )
    case = models.ForeignKey(
        ReturnCase,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("case"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    event_key = models.CharField(
        _("event key"),
        max_length=64,
        blank=True,
        help_text=_("Tells events of one kind on one case apart (a shipment, a refund)."),
    )
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The bodies never change once written, and one may hold a store credit code until it is
    # sent (then masked): the history tracks the sending, not the text.
    history = HistoricalRecords(excluded_fields=["body_text", "body_html"])

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        permissions = [("retry_notification", _("Can retry failed notifications"))]
        constraints = [
            # An event is told once: a listener run twice (or two workers) cannot send twice.
            models.UniqueConstraint(
                fields=["case", "kind", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            # The sweep reads pending rows by age; the admin lists a merchant's by state.
            models.Index(fields=["state", "next_attempt_at"], name="notif_state_next_idx"),
            models.Index(fields=["merchant", "state"], name="notif_merchant_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class SurveyResponse(models.Model):
    """A customer's answer to the follow-up survey: one per case."""

    case = models.OneToOneField(
        ReturnCase,
        on_delete=models.PROTECT,
        related_name="survey_response",
        verbose_name=_("case"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.score}/5"


# Who gave whom which role: staff accounts and groups keep history too, memberships
# included. Their history lives in this app (auth's migrations are Django's own); the
# password hash and the last login are left out, so an auditor reading it sees neither.
register(
    User,
    app="returns",
    excluded_fields=["password", "last_login"],
    m2m_fields=[User.groups.field],
)
register(Group, app="returns", m2m_fields=[Group.permissions.field])
