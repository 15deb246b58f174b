"""The return case, its lines and its status transitions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from returns.choices import CaseStatus, ItemCondition, PolicyOutcome, Resolution
from returns.models.merchants import Merchant
from returns.models.orders import Customer, Order, OrderLine
from returns.models.policy import ReturnReason


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
    rejection_choice = models.ForeignKey(
        "returns.RejectionReason",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reason given to the customer"),
        null=True,
        blank=True,
        help_text=_(
            "For a rejection: the customer reads it in their language, in the e-mail and on "
            "the status page."
        ),
    )
    rejection_reason = models.TextField(
        _("addition for the customer"),
        blank=True,
        help_text=_("For a rejection: written by staff, the customer reads it after the reason."),
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

    def rejection_text(self, language: str) -> str:
        """The rejection's reason as the customer reads it: the chosen reason in `language`
        (the default language where it has no text in it), then what staff added."""
        parts = []
        if self.rejection_choice is not None:
            with translation.override(language):
                parts.append(self.rejection_choice.text.strip())
        if self.rejection_reason.strip():
            parts.append(self.rejection_reason.strip())
        return " ".join(part for part in parts if part)

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
