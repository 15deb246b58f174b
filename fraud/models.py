from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fraud.choices import (
    BlocklistKind,
    CheckStage,
    FlagLevel,
    ReviewOutcome,
    RuleAction,
    RuleKind,
)
from fraud.normalize import normalize
from returns.common.money import MONEY
from returns.common.validators import validate_country


class FraudRule(models.Model):
    """A rule every refund request and approval is checked against; global or one merchant's."""

    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.CASCADE,
        related_name="fraud_rules",
        verbose_name=_("merchant"),
        null=True,
        blank=True,
        help_text=_("Empty: the rule applies to every merchant."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the rule catches, for the supervisor.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    action = models.CharField(
        _("action"), max_length=10, choices=RuleAction.choices, default=RuleAction.REVIEW
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=10,
        validators=[MaxValueValidator(1000)],
        help_text=_("Added to the check's score when the rule matches."),
    )
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("Backtest a rule before you switch it on.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("fraud rule")
        verbose_name_plural = _("fraud rules")
        ordering = ["merchant__name", "name"]
        indexes = [models.Index(fields=["is_active", "merchant"], name="fraudrule_active_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from fraud.rules import validate_parameters

        if self.kind in RuleKind.values:
            self.parameters = validate_parameters(self.kind, self.parameters or {})


class BlocklistEntry(models.Model):
    """A value (e-mail, phone, IBAN, IP, address) refused for one merchant or for all."""

    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.CASCADE,
        related_name="blocklist_entries",
        verbose_name=_("merchant"),
        null=True,
        blank=True,
        help_text=_("Empty: blocked for every merchant."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BlocklistKind.choices)
    value = models.CharField(
        _("value"),
        max_length=255,
        help_text=_(
            "Stored normalized: e-mail in lower case, phone as +digits, IBAN compact, "
            "address as “street, postal code city”."
        ),
    )
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Empty: never.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"], name="blocklist_kind_value_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "kind", "value"],
                condition=Q(merchant__isnull=False),
                name="blocklist_unique_per_merchant",
            ),
            models.UniqueConstraint(
                fields=["kind", "value"],
                condition=Q(merchant__isnull=True),
                name="blocklist_unique_global",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        if self.kind in BlocklistKind.values and self.value:
            try:
                self.value = normalize(self.kind, self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from None

    def is_active_at(self, moment) -> bool:
        return self.expires_at is None or self.expires_at > moment

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())


class CustomerFlag(models.Model):
    """A supervisor's mark on a customer: watch their requests, or block them."""

    customer = models.OneToOneField(
        "returns.Customer",
        on_delete=models.CASCADE,
        related_name="fraud_flag",
        verbose_name=_("customer"),
    )
    level = models.CharField(_("level"), max_length=10, choices=FlagLevel.choices)
    reason = models.TextField(_("reason"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer flag")
        verbose_name_plural = _("customer flags")
        ordering = ["-flagged_at"]

    def __str__(self) -> str:
        return f"{self.customer}: {self.get_level_display()}"


class Dispute(models.Model):
    """A chargeback the customer opened with their bank or card issuer on an order."""

    order = models.ForeignKey(
        "returns.Order", on_delete=models.PROTECT, related_name="disputes", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **MONEY)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes (chargebacks)")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.order}: {self.amount}"


class RequestSignal(models.Model):
    """What the shop or the desk knew when the return was asked for: from which IP, shipped
    where, billed where. On the case, which exists before any refund of it is screened."""

    case = models.OneToOneField(
        "returns.ReturnCase",
        on_delete=models.CASCADE,
        related_name="fraud_signal",
        verbose_name=_("case"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    shipping_country = models.CharField(
        _("shipping country"), max_length=2, blank=True, validators=[validate_country]
    )
    billing_country = models.CharField(
        _("billing country"), max_length=2, blank=True, validators=[validate_country]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request signal")
        verbose_name_plural = _("request signals")

    def __str__(self) -> str:
        return str(self.case)


class FraudCheckQuerySet(models.QuerySet):
    def awaiting_review(self) -> "FraudCheckQuerySet":
        return self.filter(
            decision__in=[RuleAction.REVIEW, RuleAction.BLOCK], review_outcome=""
        ).order_by("created_at", "pk")


class FraudCheck(models.Model):
    """One evaluation of a refund: its score, its decision and why (the rules and what they saw)."""

    refund = models.ForeignKey(
        "refunds.Refund",
        on_delete=models.CASCADE,
        related_name="fraud_checks",
        verbose_name=_("refund"),
    )
    merchant = models.ForeignKey(
        "returns.Merchant", on_delete=models.PROTECT, related_name="+", verbose_name=_("merchant")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=CheckStage.choices)
    score = models.PositiveIntegerField(_("score"), default=0)
    decision = models.CharField(_("decision"), max_length=10, choices=RuleAction.choices)
    rules_evaluated = models.PositiveIntegerField(_("rules evaluated"), default=0)
    matches = models.JSONField(
        _("matched rules"),
        default=list,
        blank=True,
        help_text=_("For each matched rule: its action, weight and the values it saw."),
    )
    matched_rules = models.ManyToManyField(
        FraudRule, related_name="checks", verbose_name=_("matched rules"), blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("checked at"), default=timezone.now)
    checked_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked for"),
        null=True,
        blank=True,
    )
    review_outcome = models.CharField(
        _("review outcome"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = FraudCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("fraud check")
        verbose_name_plural = _("fraud checks")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_fraudcheck", _("Can review fraud checks"))]
        indexes = [
            models.Index(
                fields=["decision", "review_outcome", "created_at"], name="check_queue_idx"
            )
        ]

    def __str__(self) -> str:
        return _("%(refund)s: %(decision)s (%(stage)s)") % {
            "refund": self.refund,
            "decision": self.get_decision_display(),
            "stage": self.get_stage_display(),
        }


class FraudReviewQueue(FraudCheck):
    """The checks that wait for a supervisor's review, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("check awaiting review")
        verbose_name_plural = _("fraud review queue")
