"""The merchant's order file in and out; the file's rows are written through `order_upsert`.

The order file is the merchant's own export, one row per order line (see `columns.COLUMNS`).
A row creates or updates its customer (merchant + e-mail, any case), its order (merchant +
number) and its line (order + SKU), so importing the same file again changes nothing. The
order export writes the same columns, so an exported file imports again as it is.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult

from returns import services
from returns.common.exceptions import DomainError
from returns.common.spreadsheets import escape_cell
from returns.exceptions import InvalidOrder, ReturnsError
from returns.exports.columns import COLUMN_NAMES, COLUMN_OF, COLUMNS, REQUIRED_COLUMNS, Column
from returns.exports.parsing import cell_text, normalize_header
from returns.models import Merchant, Order, OrderLine


class OrderImportError(ReturnsError):
    default_message = _("The order file cannot be imported.")


@dataclass
class ParsedRow:
    """One row of the order file, turned into the service's values, and what was wrong with it."""

    number: int
    order: dict = field(default_factory=dict)
    customer: dict = field(default_factory=dict)
    line: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def add_error(self, column: str, message) -> None:
        self.errors.setdefault(column, []).append(message)

    def values(self, part: str) -> dict:
        return {"order": self.order, "customer": self.customer, "line": self.line}[part]

    def as_input(self) -> services.OrderInput:
        return services.OrderInput(
            **self.order,
            customer=services.CustomerInput(**self.customer),
            lines=[services.OrderLineInput(**self.line)],
        )


def _column_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service's field errors (`number`, `customer.email`, `lines.0.sku`) by column."""
    by_column: dict[str, list[str]] = {}
    for name, messages in errors.items():
        path = name.split(".")
        if path[0] == "customer":
            part, field_name = "customer", path[-1]
        elif path[0] == "lines":
            part, field_name = "line", path[-1]
        else:
            part, field_name = "order", path[0]
        column = COLUMN_OF.get((part, field_name), field_name)
        by_column.setdefault(column, []).extend(messages)
    return by_column


# Dates go out as the import reads them: the merchant's time zone, no offset.
MOMENT_COLUMNS = frozenset(column.name for column in COLUMNS if column.is_moment)

# import-export takes a resource's columns from its Field attributes: these are the list's.
_OrderFileColumns = type(resources.Resource)(
    "_OrderFileColumns",
    (resources.Resource,),
    {
        "__module__": __name__,
        **{c.name: Field(attribute=c.attribute, column_name=c.name) for c in COLUMNS},
    },
)


class OrderFileResource(_OrderFileColumns, resources.ModelResource):
    """The merchant's order file, one row per order line; see the module docstring.

    Import: all or nothing, a row with an error leaves the whole file unimported.
    Export: the lines of the orders given, of `user`'s merchants only.
    """

    class Meta:
        model = OrderLine
        fields = COLUMN_NAMES
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, merchant: Merchant | None = None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.merchant = merchant
        self.user = user
        self._start(user=None, file_name="")

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Orders (one row per order line)"))

    def filter_export(self, queryset, **kwargs) -> QuerySet:
        if queryset.model is Order:
            queryset = OrderLine.objects.filter(order__in=queryset.values("pk"))
        if self.user is not None:
            queryset = queryset.filter(
                order__merchant__in=Merchant.objects.for_user(self.user).values("pk")
            )
        return queryset.select_related("order__merchant", "order__customer").order_by(
            "order__merchant__name", "order__placed_at", "order__number", "pk"
        )

    def _local(self, moment: datetime | None, line: OrderLine) -> str:
        if moment is None:
            return ""
        return timezone.localtime(moment, line.order.merchant.zone).strftime("%Y-%m-%d %H:%M")

    def export_field(self, field, instance, **kwargs):
        if field.column_name in MOMENT_COLUMNS:
            return escape_cell(self._local(field.get_value(instance), instance))
        return escape_cell(super().export_field(field, instance, **kwargs))

    def _start(self, *, user, file_name: str) -> None:
        self.actor = user
        self.reason = _("imported from %(file)s") % {"file": file_name or "?"}
        self.columns: set[str] = set()
        self.row: ParsedRow | None = None
        self.existing_order: Order | None = None
        self.outcome: services.OrderUpsertResult | None = None
        # What earlier rows of this file said, to catch an order told two ways or a line twice.
        self.orders_seen: dict[str, ParsedRow] = {}
        self.lines_seen: dict[tuple[str, str], int] = {}

    def import_data(self, dataset, **kwargs):
        # import-export rolls back on an exception, and on a row's validation error only when
        # asked; one bad row must leave the whole file unimported.
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs["use_transactions"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self._start(user=kwargs.get("user"), file_name=kwargs.get("file_name") or "")
        dataset.headers = [normalize_header(header) for header in dataset.headers or []]
        self.columns = set(dataset.headers)
        problem = None
        if self.merchant is None:
            problem = OrderImportError(_("Choose the merchant the orders belong to."))
        elif self.actor is None:
            # Every write names who made it; the service takes no anonymous writer.
            problem = OrderImportError()
        else:
            try:
                services.order_upsert_check(actor=self.actor, merchant=self.merchant)
            except DomainError as error:
                problem = error
        missing = [column for column in REQUIRED_COLUMNS if column not in self.columns]
        if problem is None and missing:
            problem = OrderImportError(
                _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        if problem is not None:
            # Reported once for the file; with no rows left, no row piles errors onto it.
            headers = dataset.headers
            dataset.wipe()
            dataset.headers = headers
            raise problem

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the id sequence here, for files that carry ids. Ours never do,
        # and a sequence reset races with other machines inserting order lines.
        pass

    def import_row(self, row, instance_loader, **kwargs):
        if not any(cell_text(value) for value in row.values()):
            # A blank line (XLSX often ends with some) is not an order line.
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        self.row = self._parse(row, kwargs.get("row_number") or 0)
        self.existing_order = None
        self.outcome = None

    def _parse(self, row, number: int) -> ParsedRow:
        parsed = ParsedRow(number=number)
        for column in COLUMNS:
            if column.name in self.columns:
                self._take(parsed, column, row.get(column.name))
            if column.name == "currency" and parsed.order.get("currency"):
                # Checked here too, so that the row names it beside any other wrong cell.
                for message in services.order_currency_errors(
                    merchant=self.merchant, currency=parsed.order["currency"]
                ):
                    parsed.add_error("currency", message)
        self._check_against_earlier_rows(parsed)
        return parsed

    def _take(self, parsed: ParsedRow, column: Column, value) -> None:
        target = parsed.values(column.part)
        if not cell_text(value):
            if column.required:
                parsed.add_error(column.name, _("A value is required."))
            elif column.empty_value is not services.KEEP:
                target[column.field] = column.empty_value
            return
        if column.parse is None:
            target[column.field] = cell_text(value)
            return
        try:
            target[column.field] = column.parse(value, self.merchant)
        except ValueError as error:
            parsed.add_error(column.name, str(error))

    def _check_against_earlier_rows(self, parsed: ParsedRow) -> None:
        order_number = parsed.order.get("number")
        if not order_number:
            return
        earlier = self.orders_seen.setdefault(order_number, parsed)
        if earlier is not parsed:
            for part in ("order", "customer"):
                earlier_values = earlier.values(part)
                for name, value in parsed.values(part).items():
                    if name in earlier_values and earlier_values[name] != value:
                        if name == "email" and value.lower() == earlier_values[name].lower():
                            continue
                        parsed.add_error(
                            COLUMN_OF[(part, name)],
                            _("Order %(order)s says otherwise in row %(row)s.")
                            % {"order": order_number, "row": earlier.number},
                        )
        sku = parsed.line.get("sku")
        if sku:
            first = self.lines_seen.setdefault((order_number, sku), parsed.number)
            if first != parsed.number:
                parsed.add_error(
                    "sku",
                    _("SKU %(sku)s of order %(order)s is already in row %(row)s.")
                    % {"sku": sku, "order": order_number, "row": first},
                )

    def get_instance(self, instance_loader, row):
        number = self.row.order.get("number")
        if not number:
            return None
        self.existing_order = (
            Order.objects.filter(merchant=self.merchant, number=number)
            .select_related("customer")
            .first()
        )
        sku = self.row.line.get("sku")
        if self.existing_order is None or not sku:
            return None
        return (
            OrderLine.objects.filter(order=self.existing_order, sku=sku)
            .select_related("order__customer")
            .first()
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        # Before import-export copies the line for the preview's diff, so it shows the
        # order's old values next to the new ones.
        if new and self.existing_order is not None:
            instance.order = self.existing_order

    def import_instance(self, instance, row, **kwargs):
        parsed = self.row
        for name, value in parsed.line.items():
            setattr(instance, name, value)
        if parsed.errors:
            # The line's own checks run beside the cells' so that a row names every wrong
            # column at once; the rest needs a row whose every cell could be read.
            errors = {column: list(messages) for column, messages in parsed.errors.items()}
            try:
                instance.full_clean(exclude=["order", *errors], validate_unique=False)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    errors.setdefault(column, []).extend(messages)
            raise ValidationError(errors)
        try:
            self.outcome = services.order_upsert(
                actor=self.actor,
                merchant=self.merchant,
                order=parsed.as_input(),
                reason=self.reason,
            )
        except InvalidOrder as error:
            raise ValidationError(_column_errors(error.errors)) from None
        # The preview's diff reads the line the service wrote, with its order and customer.
        instance.pk = self.outcome.lines[0].pk
        instance.order = self.outcome.order

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and not self.outcome.changed

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # order_upsert validated everything it wrote.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def do_instance_save(self, instance, is_create):
        # order_upsert saved the line, with its history reason.
        pass
