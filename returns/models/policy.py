"""A merchant's return policy: the reasons it accepts and its resolution rules."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from returns.choices import ItemCondition, PolicyOutcome
from returns.common.money import MONEY
from returns.models.merchants import Merchant


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
