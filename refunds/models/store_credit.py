"""Store credit a customer spends at the shop, and each use of it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from refunds.choices import StoreCreditState
from returns.common.money import MONEY
from returns.common.validators import validate_currency


class StoreCredit(ConcurrentTransitionMixin, models.Model):
    """Credit a customer spends at the merchant's shop; only the code's hash is stored."""

    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.PROTECT,
        related_name="store_credits",
        verbose_name=_("merchant"),
    )
    customer = models.ForeignKey(
        "returns.Customer",
        on_delete=models.PROTECT,
        related_name="store_credits",
        verbose_name=_("customer"),
    )
    case = models.ForeignKey(
        "returns.ReturnCase",
        on_delete=models.PROTECT,
        related_name="store_credits",
        verbose_name=_("case"),
        null=True,
        blank=True,
    )
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True, editable=False)
    code_last4 = models.CharField(_("code ends with"), max_length=4, editable=False)
    initial_value = models.DecimalField(
        _("initial value"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    balance = models.DecimalField(_("balance"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    expires_at = models.DateTimeField(_("expires at"))
    state = FSMField(
        _("state"),
        default=StoreCreditState.ACTIVE,
        choices=StoreCreditState.choices,
        protected=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("store credit")
        verbose_name_plural = _("store credits")
        ordering = ["-created_at"]
        permissions = [("void_storecredit", _("Can void store credit"))]
        constraints = [
            # The last line of defence: whatever the code does, a balance never goes below zero.
            models.CheckConstraint(
                condition=Q(balance__gte=0) & Q(balance__lte=models.F("initial_value")),
                name="store_credit_balance_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"…{self.code_last4}"

    @transition(state, source=StoreCreditState.ACTIVE, target=StoreCreditState.USED_UP)
    def use_up(self) -> None:
        """The balance reached zero."""

    @transition(state, source=StoreCreditState.ACTIVE, target=StoreCreditState.EXPIRED)
    def expire(self) -> None:
        """The credit passed its expiry date unused."""

    @transition(
        state,
        source=StoreCreditState.ACTIVE,
        target=StoreCreditState.VOID,
        permission="refunds.void_storecredit",
    )
    def void(self) -> None:
        """Withdraw the credit (issued by mistake, fraud)."""


class Redemption(models.Model):
    """One use of store credit at the shop."""

    store_credit = models.ForeignKey(
        StoreCredit,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("store credit"),
    )
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    order_reference = models.CharField(_("shop order"), max_length=64, blank=True)
    redeemed_at = models.DateTimeField(_("redeemed at"), auto_now_add=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("redeemed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-redeemed_at"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.redeemed_at:%Y-%m-%d})"
