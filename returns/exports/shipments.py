"""The replacements waiting to ship, exported for the warehouse."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from returns.choices import ShipmentStatus
from returns.common.spreadsheets import escape_cell
from returns.models import Merchant, Shipment, ShipmentLine


def _column(column: str, attribute: str) -> Field:
    return Field(attribute=attribute, column_name=column)


class ShipmentResource(resources.ModelResource):
    """The replacements waiting to ship, one row per line, for the warehouse."""

    case_reference = _column("case_reference", "shipment__case__reference")
    merchant = _column("merchant", "shipment__merchant__name")
    customer_name = _column("customer_name", "shipment__case__customer__name")
    street = _column("street", "shipment__case__customer__street")
    postal_code = _column("postal_code", "shipment__case__customer__postal_code")
    city = _column("city", "shipment__case__customer__city")
    country = _column("country", "shipment__case__customer__country")
    email = _column("email", "shipment__case__customer__email")
    phone = _column("phone", "shipment__case__customer__phone")
    sku = _column("sku", "order_line__sku")
    product = _column("product", "order_line__product_name")
    quantity = Field(attribute="quantity", column_name="quantity", widget=IntegerWidget())
    created_at = _column("created_at", "shipment__created_at")

    class Meta:
        model = ShipmentLine
        fields = (
            "case_reference",
            "merchant",
            "customer_name",
            "street",
            "postal_code",
            "city",
            "country",
            "email",
            "phone",
            "sku",
            "product",
            "quantity",
            "created_at",
        )

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Shipments waiting to ship"))

    def filter_export(self, queryset, **kwargs) -> QuerySet:
        """The lines that wait to ship among those given, of the user's merchants only."""
        if queryset.model is Shipment:
            queryset = ShipmentLine.objects.filter(shipment__in=queryset.values("pk"))
        queryset = queryset.filter(shipment__status=ShipmentStatus.TO_SHIP)
        if self.user is not None:
            queryset = queryset.filter(
                shipment__merchant__in=Merchant.objects.for_user(self.user).values("pk")
            )
        return queryset.select_related(
            "shipment__merchant", "shipment__case__customer", "order_line"
        ).order_by("shipment__merchant__name", "shipment__created_at", "pk")

    def dehydrate_created_at(self, line: ShipmentLine) -> str:
        shipment = line.shipment
        return timezone.localtime(shipment.created_at, shipment.merchant.zone).strftime(
            "%Y-%m-%d %H:%M"
        )

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))
