"""Import-export resources: the merchant's order file in and out, the shipments waiting to ship.

The order file is the merchant's own export, one row per order line (see `ORDER_COLUMNS`).
A row creates or updates its customer (merchant + e-mail, any case), its order (merchant +
number) and its line (order + SKU), so importing the same file again changes nothing. The
order export writes the same columns, so an exported file imports again as it is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult
from import_export.widgets import IntegerWidget

from returns.choices import PaymentMethod, SalesChannel, ShipmentStatus
from returns.common.exceptions import DomainError
from returns.common.money import quantize
from returns.common.spreadsheets import escape_cell, unescape_cell
from returns.common.transitions import ensure_assigned, save_with_history
from returns.exceptions import ReturnsError
from returns.models import Customer, Merchant, Order, OrderLine, Shipment, ShipmentLine

# Every row must have these columns, and a value in each of them.
REQUIRED_COLUMNS = (
    "order_number",
    "placed_at",
    "currency",
    "total_amount",
    "payment_method",
    "customer_email",
    "customer_name",
    "sku",
    "product_name",
    "quantity",
    "unit_price",
)
# A column left out of the file leaves the stored value alone.
OPTIONAL_COLUMNS = (
    "delivered_at",
    "payment_reference",
    "sales_channel",
    "promotion_code",
    "customer_phone",
    "customer_language",
    "customer_country",
    "customer_street",
    "customer_postal_code",
    "customer_city",
    "customer_since",
    "category",
)
ORDER_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Model field -> the file's column, to name the column in a model's validation error.
CUSTOMER_COLUMNS = {
    "name": "customer_name",
    "email": "customer_email",
    "phone": "customer_phone",
    "preferred_language": "customer_language",
    "country": "customer_country",
    "street": "customer_street",
    "postal_code": "customer_postal_code",
    "city": "customer_city",
    "account_opened_at": "customer_since",
}
ORDER_FIELD_COLUMNS = {"number": "order_number", "customer": "customer_email"}


class OrderImportError(ReturnsError):
    default_message = _("The order file cannot be imported.")


def normalize_header(header) -> str:
    return str(header or "").strip().lower().replace(" ", "_").replace("-", "_")


def cell_text(value) -> str:
    """A cell as text; XLSX gives numbers for order numbers, SKUs and postal codes."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape_cell(str(value).strip())


def parse_amount(value, *, currency: str) -> Decimal:
    """A non-negative amount rounded to the currency's minor unit; floats go through str,
    never math."""
    text = cell_text(value) if not isinstance(value, float) else str(value)
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if isinstance(value, bool) or amount is None or not amount.is_finite():
        raise ValueError(
            _("“%(value)s” is not an amount; write it like 19.99.") % {"value": cell_text(value)}
        )
    if amount < 0:
        raise ValueError(_("An amount cannot be negative (%(value)s).") % {"value": text})
    return quantize(amount, currency)


def parse_quantity(value) -> int:
    try:
        number = Decimal(cell_text(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        number = None
    if number is None or number < 1:
        raise ValueError(
            _("“%(value)s” is not a quantity; write a whole number of at least 1.")
            % {"value": cell_text(value)}
        )
    return int(number)


def parse_moment(value, *, zone: ZoneInfo) -> datetime:
    """A date or date and time; one without a UTC offset is in the merchant's time zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        try:
            moment = parse_datetime(cell_text(value))
        except ValueError:
            moment = None
        if moment is None:
            raise ValueError(
                _("“%(value)s” is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM.")
                % {"value": cell_text(value)}
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    return moment


def parse_code(value, *, codes, what) -> str:
    """One of `codes`, written in any case, with spaces or hyphens for underscores."""
    text = cell_text(value).lower().replace(" ", "_").replace("-", "_")
    if text not in codes:
        raise ValueError(
            _("Unknown %(what)s “%(value)s”; use one of: %(codes)s.")
            % {"what": what, "value": cell_text(value), "codes": ", ".join(codes)}
        )
    return text


def parse_email(value) -> str:
    text = cell_text(value)
    try:
        validate_email(text)
    except ValidationError as error:
        raise ValueError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from error
    return text


def parse_language(value) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    text = cell_text(value).lower().replace("_", "-")
    primary = text.split("-")[0]
    if text in codes:
        return text
    if primary in codes:
        return primary
    raise ValueError(
        _("Unknown language “%(value)s”; use a code such as de, fr or nl.")
        % {"value": cell_text(value)}
    )


@dataclass
class ParsedRow:
    """One row of the order file, turned into model values, and what was wrong with it."""

    number: int
    customer: dict = field(default_factory=dict)
    order: dict = field(default_factory=dict)
    line: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def add_error(self, column: str, message) -> None:
        self.errors.setdefault(column, []).append(message)


def _assign(obj, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _column_errors(error: ValidationError, columns: dict[str, str]) -> dict[str, list]:
    return {columns.get(name, name): list(messages) for name, messages in error.error_dict.items()}


def _merge(errors: dict, more: dict) -> None:
    for column, messages in more.items():
        errors.setdefault(column, []).extend(messages)


def _shown(column: str, attribute: str) -> Field:
    return Field(attribute=attribute, column_name=column)


class OrderFileResource(resources.ModelResource):
    """The merchant's order file, one row per order line; see the module docstring.

    Import: all or nothing, a row with an error leaves the whole file unimported.
    Export: the lines of the orders given, of `user`'s merchants only.
    """

    order_number = _shown("order_number", "order__number")
    placed_at = _shown("placed_at", "order__placed_at")
    delivered_at = _shown("delivered_at", "order__delivered_at")
    currency = _shown("currency", "order__currency")
    total_amount = _shown("total_amount", "order__total_amount")
    payment_method = _shown("payment_method", "order__payment_method")
    payment_reference = _shown("payment_reference", "order__payment_reference")
    sales_channel = _shown("sales_channel", "order__sales_channel")
    promotion_code = _shown("promotion_code", "order__promotion_code")
    customer_email = _shown("customer_email", "order__customer__email")
    customer_name = _shown("customer_name", "order__customer__name")
    customer_phone = _shown("customer_phone", "order__customer__phone")
    customer_language = _shown("customer_language", "order__customer__preferred_language")
    customer_country = _shown("customer_country", "order__customer__country")
    customer_street = _shown("customer_street", "order__customer__street")
    customer_postal_code = _shown("customer_postal_code", "order__customer__postal_code")
    customer_city = _shown("customer_city", "order__customer__city")
    customer_since = _shown("customer_since", "order__customer__account_opened_at")
    sku = _shown("sku", "sku")
    product_name = _shown("product_name", "product_name")
    category = _shown("category", "category")
    quantity = _shown("quantity", "quantity")
    unit_price = _shown("unit_price", "unit_price")

    class Meta:
        model = OrderLine
        fields = (
            "order_number",
            "placed_at",
            "delivered_at",
            "currency",
            "total_amount",
            "payment_method",
            "payment_reference",
            "sales_channel",
            "promotion_code",
            "customer_email",
            "customer_name",
            "customer_phone",
            "customer_language",
            "customer_country",
            "customer_street",
            "customer_postal_code",
            "customer_city",
            "customer_since",
            "sku",
            "product_name",
            "category",
            "quantity",
            "unit_price",
        )
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

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
        # Written as the import reads it: the merchant's time zone, no offset.
        if moment is None:
            return ""
        return timezone.localtime(moment, line.order.merchant.zone).strftime("%Y-%m-%d %H:%M")

    def dehydrate_placed_at(self, line: OrderLine) -> str:
        return self._local(line.order.placed_at, line)

    def dehydrate_delivered_at(self, line: OrderLine) -> str:
        return self._local(line.order.delivered_at, line)

    def dehydrate_customer_since(self, line: OrderLine) -> str:
        return self._local(line.order.customer.account_opened_at, line)

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))

    def _start(self, *, user, file_name: str) -> None:
        self.actor = user
        self.reason = _("imported from %(file)s") % {"file": file_name or "?"}
        self.columns: set[str] = set()
        self.row: ParsedRow | None = None
        self.existing_order: Order | None = None
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
        elif self.actor is not None:
            try:
                ensure_assigned(self.actor, self.merchant)
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

    def _parse(self, row, number: int) -> ParsedRow:
        merchant = self.merchant
        parsed = ParsedRow(number=number)

        def take(column: str, target: dict, name: str, parse=None, **parse_kwargs) -> None:
            if column not in self.columns:
                return
            value = row.get(column)
            if not cell_text(value):
                if column in REQUIRED_COLUMNS:
                    parsed.add_error(column, _("A value is required."))
                elif parse is None:
                    target[name] = ""
                elif column == "delivered_at":
                    target[name] = None
                # An empty language, country or channel keeps what is stored (or the default).
                return
            if parse is None:
                target[name] = cell_text(value)
                return
            try:
                target[name] = parse(value, **parse_kwargs)
            except ValueError as error:
                parsed.add_error(column, str(error))

        take("order_number", parsed.order, "number")
        take("placed_at", parsed.order, "placed_at", parse_moment, zone=merchant.zone)
        take("delivered_at", parsed.order, "delivered_at", parse_moment, zone=merchant.zone)
        take("currency", parsed.order, "currency", lambda value: cell_text(value).upper())
        currency = parsed.order.get("currency")
        if currency and currency != merchant.currency:
            parsed.add_error(
                "currency",
                _("%(merchant)s sells in %(expected)s, not %(currency)s.")
                % {"merchant": merchant.name, "expected": merchant.currency, "currency": currency},
            )
        take("total_amount", parsed.order, "total_amount", parse_amount, currency=merchant.currency)
        take(
            "payment_method",
            parsed.order,
            "payment_method",
            parse_code,
            codes=PaymentMethod.values,
            what=_("payment method"),
        )
        take("payment_reference", parsed.order, "payment_reference")
        take(
            "sales_channel",
            parsed.order,
            "sales_channel",
            parse_code,
            codes=SalesChannel.values,
            what=_("sales channel"),
        )
        take("promotion_code", parsed.order, "promotion_code")

        take("customer_email", parsed.customer, "email", parse_email)
        take("customer_name", parsed.customer, "name")
        take("customer_phone", parsed.customer, "phone")
        take("customer_language", parsed.customer, "preferred_language", parse_language)
        take("customer_country", parsed.customer, "country", lambda value: cell_text(value).upper())
        take("customer_street", parsed.customer, "street")
        take("customer_postal_code", parsed.customer, "postal_code")
        take(
            "customer_since",
            parsed.customer,
            "account_opened_at",
            parse_moment,
            zone=merchant.zone,
        )
        take("customer_city", parsed.customer, "city")

        take("sku", parsed.line, "sku")
        take("product_name", parsed.line, "product_name")
        take("category", parsed.line, "category")
        take("quantity", parsed.line, "quantity", parse_quantity)
        take("unit_price", parsed.line, "unit_price", parse_amount, currency=merchant.currency)

        self._check_against_earlier_rows(parsed)
        return parsed

    def _check_against_earlier_rows(self, parsed: ParsedRow) -> None:
        order_number = parsed.order.get("number")
        if not order_number:
            return
        earlier = self.orders_seen.setdefault(order_number, parsed)
        if earlier is not parsed:
            columns = {**ORDER_FIELD_COLUMNS, **CUSTOMER_COLUMNS}
            for values, earlier_values in (
                (parsed.order, earlier.order),
                (parsed.customer, earlier.customer),
            ):
                for name, value in values.items():
                    if name in earlier_values and earlier_values[name] != value:
                        if name == "email" and value.lower() == earlier_values[name].lower():
                            continue
                        parsed.add_error(
                            columns.get(name, name),
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
        errors: dict[str, list] = {column: list(msgs) for column, msgs in parsed.errors.items()}
        _assign(instance, parsed.line)
        try:
            instance.full_clean(exclude=["order", *errors], validate_unique=False)
        except ValidationError as error:
            _merge(errors, _column_errors(error, {}))
        if errors:
            raise ValidationError(errors)

        order = instance.order if instance.order_id else None
        email = parsed.customer["email"]
        customer_values = {k: v for k, v in parsed.customer.items() if k != "email"}
        if order is not None:
            customer = order.customer
            if customer.email.lower() != email.lower():
                raise ValidationError(
                    {
                        "customer_email": _("Order %(order)s belongs to %(email)s.")
                        % {"order": order.number, "email": customer.email}
                    }
                )
        else:
            customer = Customer.objects.filter(
                merchant=self.merchant, email__iexact=email
            ).first() or Customer(
                merchant=self.merchant,
                email=email,
                preferred_language=self.merchant.default_language,
                country=self.merchant.country,
            )
            order = Order(merchant=self.merchant, customer=customer)
        customer_changed = _assign(customer, customer_values)
        order_changed = _assign(order, parsed.order)
        try:
            customer.full_clean()
        except ValidationError as error:
            _merge(errors, _column_errors(error, CUSTOMER_COLUMNS))
        try:
            order.full_clean(exclude=["customer"])
        except ValidationError as error:
            _merge(errors, _column_errors(error, ORDER_FIELD_COLUMNS))
        if errors:
            raise ValidationError(errors)

        if customer.pk is None or customer_changed:
            save_with_history(customer, actor=self.actor, reason=self.reason)
        order.customer = customer
        if order.pk is None or order_changed:
            save_with_history(order, actor=self.actor, reason=self.reason)
        instance.order = order

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            # import_instance checked all it could; a line of a rejected order has no order
            # to check, and full_clean would only add "order: this field cannot be null".
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, validate_unique=False)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = self.reason
        instance._history_user = self.actor


class ShipmentResource(resources.ModelResource):
    """The replacements waiting to ship, one row per line, for the warehouse."""

    case_reference = _shown("case_reference", "shipment__case__reference")
    merchant = _shown("merchant", "shipment__merchant__name")
    customer_name = _shown("customer_name", "shipment__case__customer__name")
    street = _shown("street", "shipment__case__customer__street")
    postal_code = _shown("postal_code", "shipment__case__customer__postal_code")
    city = _shown("city", "shipment__case__customer__city")
    country = _shown("country", "shipment__case__customer__country")
    email = _shown("email", "shipment__case__customer__email")
    phone = _shown("phone", "shipment__case__customer__phone")
    sku = _shown("sku", "order_line__sku")
    product = _shown("product", "order_line__product_name")
    quantity = Field(attribute="quantity", column_name="quantity", widget=IntegerWidget())
    created_at = _shown("created_at", "shipment__created_at")

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


class MerchantChoiceMixin:
    """The merchant field offers only the merchants given (the importing user's)."""

    def __init__(self, *args, merchants: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant"].queryset = merchants


class OrderImportForm(MerchantChoiceMixin, ImportForm):
    merchant = forms.ModelChoiceField(
        label=_("Merchant"),
        queryset=Merchant.objects.none(),
        help_text=_("The shop whose order export this is."),
    )
    field_order = ["merchant", "resource", "import_file", "format"]


class OrderConfirmImportForm(MerchantChoiceMixin, ConfirmImportForm):
    # Checked again on confirmation: the hidden value comes back from the browser.
    merchant = forms.ModelChoiceField(queryset=Merchant.objects.none(), widget=forms.HiddenInput)
