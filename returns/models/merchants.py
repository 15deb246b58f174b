"""A merchant (a webshop) with its settings, and the query of the merchants a user works for."""

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from simple_history.models import HistoricalRecords

from returns.choices import ItemCondition, ListingFrequency, PolicyOutcome, RefundMethod
from returns.common.money import MONEY
from returns.common.validators import validate_country, validate_currency, validate_time_zone


def default_accepted_conditions() -> list[str]:
    return [
        ItemCondition.UNOPENED,
        ItemCondition.OPENED,
        ItemCondition.DEFECTIVE,
        ItemCondition.DAMAGED_IN_TRANSIT,
    ]


def default_refund_methods() -> list[str]:
    return list(RefundMethod.values)


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
    refund_methods = models.JSONField(
        _("refund methods"),
        default=default_refund_methods,
        blank=True,
        help_text=_("How the desk may pay a refund back; the first one is pre-selected."),
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
        methods = self.refund_methods or []
        if set(methods) - set(RefundMethod.values):
            raise ValidationError(
                {
                    "refund_methods": _("Unknown refund methods: %(codes)s.")
                    % {"codes": ", ".join(sorted(set(methods) - set(RefundMethod.values)))}
                }
            )
        if not methods:
            raise ValidationError({"refund_methods": _("Allow at least one refund method.")})
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
