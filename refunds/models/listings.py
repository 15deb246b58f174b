"""A merchant's refund listing (daily or weekly) and the files exported from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from refunds.choices import BatchState


class RefundBatch(ConcurrentTransitionMixin, models.Model):
    """A merchant's refund listing for one day or one week, which finance pays in bulk."""

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.PROTECT,
        related_name="refund_batches",
        verbose_name=_("merchant"),
    )
    frequency = models.CharField(_("frequency"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), help_text=_("Inclusive."))
    state = FSMField(
        _("state"), default=BatchState.OPEN, choices=BatchState.choices, protected=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        help_text=_(
            "Who opened the listing: by adding its first refund, or by closing the period."
        ),
    )
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
        null=True,
        blank=True,
    )
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refund listing")
        verbose_name_plural = _("refund listings")
        ordering = ["-period_start", "merchant"]
        permissions = [
            ("close_refundbatch", _("Can close refund listings")),
            ("export_refundbatch", _("Can export refund listings")),
            ("confirm_refundbatch", _("Can import the bank's confirmation of a listing")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "frequency", "period_start"], name="batch_unique_period"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @transition(
        state,
        source=[BatchState.OPEN, BatchState.EXPORTED],
        target=BatchState.EXPORTED,
        permission="refunds.export_refundbatch",
    )
    def export(self, *, by, at) -> None:
        """Hand the listing to the bank; refunds can no longer be added to it."""
        self.exported_by = by
        self.exported_at = at

    @transition(
        state,
        source=[BatchState.EXPORTED, BatchState.PARTLY_SETTLED],
        target=RETURN_VALUE(BatchState.PARTLY_SETTLED, BatchState.SETTLED),
        permission="refunds.confirm_refundbatch",
    )
    def settle(self, *, complete: bool) -> str:
        """The bank confirmed payments; settled once no refund of it waits any more."""
        return BatchState.SETTLED if complete else BatchState.PARTLY_SETTLED


def export_upload_to(export: "RefundBatchExport", filename: str) -> str:
    return f"refund-listings/{export.batch.merchant.slug}/{filename}"


class RefundBatchExport(models.Model):
    """A file handed to the bank or to a spreadsheet, kept as it was for auditors."""

    batch = models.ForeignKey(
        RefundBatch, on_delete=models.PROTECT, related_name="exports", verbose_name=_("listing")
    )
    file_format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to=export_upload_to, max_length=255)
    rows = models.PositiveIntegerField(_("rows"))
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("listing export")
        verbose_name_plural = _("listing exports")
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]
