"""Replacements sent to customers, and their lines."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from returns.choices import ShipmentStatus
from returns.models.cases import ReturnCase
from returns.models.merchants import Merchant
from returns.models.orders import OrderLine


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
