"""The refund, its state machine and the order lines it covers."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from simple_history.models import HistoricalRecords

from refunds.choices import Alternative, ApprovalReason, FraudDecision, RefundMethod, RefundState
from refunds.models.listings import RefundBatch
from returns.common.money import MONEY
from returns.common.references import new_reference
from returns.common.validators import validate_currency


def validate_iban(value: str) -> None:
    try:
        IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(
            _("%(value)s is not a valid IBAN: %(error)s"),
            params={"value": value, "error": error},
            code="iban",
        ) from None


def new_refund_reference() -> str:
    return new_reference("F")


def not_blocked_by_fraud(refund: "Refund") -> bool:
    return refund.fraud_decision != FraudDecision.BLOCK


def paid_in_store_credit(refund: "Refund") -> bool:
    return refund.method == RefundMethod.STORE_CREDIT


class Refund(ConcurrentTransitionMixin, models.Model):
    """Money going back to a customer for a return; every step is a transition with a reason."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_refund_reference, editable=False
    )
    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("merchant"),
    )
    case = models.ForeignKey(
        "returns.ReturnCase",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("case"),
    )
    order = models.ForeignKey(
        "returns.Order", on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order")
    )
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=RefundMethod.choices,
        default=RefundMethod.ORIGINAL_PAYMENT,
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    account_holder = models.CharField(_("account holder"), max_length=140, blank=True)
    state = FSMField(
        _("state"), default=RefundState.REQUESTED, choices=RefundState.choices, protected=True
    )
    approval_reason = models.CharField(
        _("why it waits for a supervisor"),
        max_length=20,
        choices=ApprovalReason.choices,
        blank=True,
    )
    fraud_decision = models.CharField(
        _("fraud decision"), max_length=10, choices=FraudDecision.choices, blank=True
    )
    inside_policy = models.BooleanField(_("inside the policy"), default=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    batch = models.ForeignKey(
        RefundBatch,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("listing"),
        null=True,
        blank=True,
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked paid by"),
        null=True,
        blank=True,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("bank or payment reference"), max_length=100, blank=True)
    decision_reason = models.TextField(_("reason of the last decision"), blank=True)
    alternative = models.CharField(
        _("alternative offered"), max_length=20, choices=Alternative.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at"]
        permissions = [
            ("validate_refund", _("Can validate refunds")),
            ("approve_refund", _("Can approve refunds up to the merchant's agent limit")),
            ("escalate_refund", _("Can send refunds to a supervisor")),
            ("hold_refund", _("Can hold refunds for fraud review")),
            ("approve_exception_refund", _("Can approve refunds outside the policy or limit")),
            ("reject_refund", _("Can reject refunds")),
            ("batch_refund", _("Can put refunds into listings")),
            ("pay_refund", _("Can mark refunds paid or failed")),
            ("retry_refund", _("Can retry failed refunds")),
            ("cancel_refund", _("Can cancel refunds")),
        ]
        indexes = [
            models.Index(fields=["merchant", "state"], name="refund_merchant_state_idx"),
            models.Index(fields=["state", "requested_at"], name="refund_state_requested_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            # Paid means paid once: a paid refund carries who marked it and when.
            models.CheckConstraint(
                condition=~Q(state=RefundState.PAID) | Q(paid_at__isnull=False),
                name="refund_paid_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(method=RefundMethod.BANK_TRANSFER) | ~Q(iban=""),
                name="refund_bank_transfer_has_iban",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self):
        if self.method == RefundMethod.BANK_TRANSFER and not self.iban:
            raise ValidationError({"iban": _("A bank transfer needs the customer's IBAN.")})
        if self.iban:
            self.iban = IBAN(self.iban, allow_invalid=True).compact

    # Transitions change fields in memory only; refunds.services locks, checks and saves.

    @transition(
        state,
        source=RefundState.REQUESTED,
        target=RefundState.VALIDATED,
        permission="refunds.validate_refund",
        conditions=[not_blocked_by_fraud],
    )
    def validate(self) -> None:
        """Check the request against the order: lines, amounts, payment details."""

    @transition(
        state,
        source=RefundState.VALIDATED,
        target=RefundState.APPROVED,
        permission="refunds.approve_refund",
        conditions=[not_blocked_by_fraud],
    )
    def approve(self, *, by, at) -> None:
        """Approve a validated refund within the policy and the approver's limit."""
        self.approved_by = by
        self.approved_at = at

    @transition(
        state,
        source=[RefundState.REQUESTED, RefundState.VALIDATED],
        target=RefundState.PENDING_APPROVAL,
        permission="refunds.escalate_refund",
    )
    def escalate(self, *, why: str) -> None:
        """Send the refund to a supervisor (outside the policy, over the limit, or by choice)."""
        self.approval_reason = why

    @transition(
        state,
        source=[RefundState.REQUESTED, RefundState.VALIDATED],
        target=RefundState.PENDING_APPROVAL,
        permission="refunds.hold_refund",
    )
    def hold(self) -> None:
        """Hold the refund for a supervisor's fraud review."""
        self.approval_reason = ApprovalReason.FRAUD_REVIEW

    @transition(
        state,
        source=RefundState.PENDING_APPROVAL,
        target=RefundState.APPROVED,
        permission="refunds.approve_exception_refund",
        conditions=[not_blocked_by_fraud],
    )
    def approve_exception(self, *, by, at) -> None:
        """A supervisor approves what waited for them; never their own request."""
        self.approved_by = by
        self.approved_at = at

    @transition(
        state,
        source=RefundState.PENDING_APPROVAL,
        target=RefundState.REJECTED,
        permission="refunds.reject_refund",
    )
    def reject(self, *, alternative: str, why: str) -> None:
        """A supervisor refuses the refund and offers an alternative."""
        self.alternative = alternative
        self.decision_reason = why

    @transition(
        state,
        source=RefundState.APPROVED,
        target=RefundState.BATCHED,
        permission="refunds.batch_refund",
    )
    def add_to_batch(self, *, batch: RefundBatch) -> None:
        """Put an approved refund into its merchant's listing."""
        self.batch = batch

    @transition(
        state,
        source=RefundState.APPROVED,
        target=RefundState.PAID,
        conditions=[paid_in_store_credit],
    )
    def settle_in_store_credit(self, *, by, at, payment_reference: str) -> None:
        """Paid at approval by issuing store credit: no bank, no listing. No permission of
        its own: only the approval services take it, right after approving."""
        self.paid_by = by
        self.paid_at = at
        self.payment_reference = payment_reference

    @transition(
        state, source=RefundState.BATCHED, target=RefundState.PAID, permission="refunds.pay_refund"
    )
    def mark_paid(self, *, by, at, payment_reference: str) -> None:
        """Record the bank's confirmation; from a listing only, so at most once."""
        self.paid_by = by
        self.paid_at = at
        self.payment_reference = payment_reference

    @transition(
        state,
        source=RefundState.BATCHED,
        target=RefundState.FAILED,
        permission="refunds.pay_refund",
    )
    def mark_failed(self, *, why: str, payment_reference: str = "") -> None:
        """Record that the bank could not pay; the amount is released until a retry."""
        self.decision_reason = why
        self.payment_reference = payment_reference

    @transition(
        state,
        source=RefundState.FAILED,
        target=RefundState.APPROVED,
        permission="refunds.retry_refund",
    )
    def retry(self) -> None:
        """Back to approved for the next listing, e.g. with corrected bank details."""
        self.batch = None

    @transition(
        state,
        source=[
            RefundState.REQUESTED,
            RefundState.VALIDATED,
            RefundState.PENDING_APPROVAL,
            RefundState.APPROVED,
        ],
        target=RefundState.CANCELLED,
        permission="refunds.cancel_refund",
    )
    def cancel(self) -> None:
        """Cancel before the refund is in a listing."""


class RefundLine(models.Model):
    """The part of an order line a refund covers, with its reason code."""

    refund = models.ForeignKey(
        Refund, on_delete=models.CASCADE, related_name="lines", verbose_name=_("refund")
    )
    order_line = models.ForeignKey(
        "returns.OrderLine",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order line"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    reason = models.ForeignKey(
        "returns.ReturnReason",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reason code"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.sku}: {self.amount}"
