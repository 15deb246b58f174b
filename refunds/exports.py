"""The refund listing as finance and the bank read it (django-import-export resources)."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from refunds.choices import RefundMethod
from refunds.models import Refund, RefundLine


class RefundListingResource(resources.ModelResource):
    """One row per refund of a listing; the columns finance reconciles against the bank."""

    reference = fields.Field(attribute="reference", column_name=_("Refund"))
    case = fields.Field(attribute="case__reference", column_name=_("Case"))
    order = fields.Field(attribute="order__number", column_name=_("Order"))
    customer = fields.Field(attribute="case__customer__name", column_name=_("Customer"))
    email = fields.Field(attribute="case__customer__email", column_name=_("E-mail"))
    method = fields.Field(column_name=_("Payment method"))
    iban = fields.Field(column_name=_("IBAN"))
    account_holder = fields.Field(attribute="account_holder", column_name=_("Account holder"))
    amount = fields.Field(attribute="amount", column_name=_("Amount"))
    currency = fields.Field(attribute="currency", column_name=_("Currency"))
    reason = fields.Field(column_name=_("Reason"))
    approved_by = fields.Field(attribute="approved_by__username", column_name=_("Approved by"))
    approved_at = fields.Field(attribute="approved_at", column_name=_("Approved at (UTC)"))

    AMOUNT_COLUMN = 8

    class Meta:
        model = Refund
        fields = (
            "reference",
            "case",
            "order",
            "customer",
            "email",
            "method",
            "iban",
            "account_holder",
            "amount",
            "currency",
            "reason",
            "approved_by",
            "approved_at",
        )
        export_order = fields

    def dehydrate_method(self, refund: Refund) -> str:
        return str(refund.get_method_display())

    def dehydrate_iban(self, refund: Refund) -> str:
        return refund.iban if refund.method == RefundMethod.BANK_TRANSFER else ""

    def dehydrate_reason(self, refund: Refund) -> str:
        return "; ".join(str(line.reason.label) for line in refund.lines.all())

    def export_field(self, field, instance, **kwargs):
        # Amounts and dates stay typed (the XLSX keeps numbers); text goes through the field.
        if field.attribute in ("amount", "approved_at"):
            return getattr(instance, field.attribute)
        return super().export_field(field, instance, **kwargs)

    @staticmethod
    def queryset_for(batch) -> QuerySet:
        return (
            Refund.objects.filter(batch=batch)
            .select_related("case__customer", "order", "approved_by")
            .prefetch_related(
                Prefetch("lines", queryset=RefundLine.objects.select_related("reason"))
            )
            .order_by("reference")
        )

    def rows(self, queryset: QuerySet, chunk_size: int = 2000):
        """The rows, fetched a chunk at a time."""
        for refund in queryset.iterator(chunk_size=chunk_size):
            yield self.export_resource(refund)

    def headers(self) -> list[str]:
        return [str(header) for header in self.get_export_headers()]
