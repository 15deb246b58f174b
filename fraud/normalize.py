"""One spelling per value, so a blocklist entry matches however the value was typed."""

import ipaddress
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from fraud.choices import BlocklistKind
from returns.common.phones import phone_normalize

_SPACES = re.compile(r"\s+")


def normalize_email(value: str) -> str:
    value = value.strip().lower()
    validate_email(value)
    return value


def normalize_phone(value: str, region: str = "") -> str:
    """E.164, the spelling customers' phones are stored in; a number without its country code
    needs `region` (a country code)."""
    spelled = phone_normalize(value, region=region)
    if spelled is None:
        raise ValidationError(_("%(value)s is not a phone number.") % {"value": value})
    return spelled


def normalize_iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException as error:
        raise ValidationError(
            _("%(value)s is not a valid IBAN: %(error)s") % {"value": value, "error": error}
        ) from None


def normalize_ip(value: str) -> str:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        raise ValidationError(_("%(value)s is not an IP address.") % {"value": value}) from None


def normalize_address(value: str) -> str:
    value = _SPACES.sub(" ", value.casefold()).strip(" ,")
    value = value.replace(" ,", ",")
    if not value:
        raise ValidationError(_("Give an address."))
    return value


NORMALIZERS = {
    BlocklistKind.EMAIL: normalize_email,
    BlocklistKind.PHONE: normalize_phone,
    BlocklistKind.IBAN: normalize_iban,
    BlocklistKind.IP: normalize_ip,
    BlocklistKind.ADDRESS: normalize_address,
}


def normalize(kind: str, value: str) -> str:
    """The stored spelling of a value; raises ValidationError for one that is not of its kind."""
    return NORMALIZERS[kind](value or "")


def customer_address(customer) -> str:
    """The customer's address as a blocklist entry spells it: "street, postal code city"."""
    if not customer.street:
        return ""
    return normalize_address(f"{customer.street}, {customer.postal_code} {customer.city}")
