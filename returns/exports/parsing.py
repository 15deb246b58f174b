"""The order file's cell parsers: a cell in, a value out, or a ValueError a person can act on."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from returns.common.money import quantize
from returns.common.spreadsheets import unescape_cell


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
