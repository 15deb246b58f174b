"""Validators for codes that come from standards: countries, currencies, time zones."""

import zoneinfo
from functools import cache

from babel import Locale
from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def _countries() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_country(value: str) -> None:
    if value not in _countries():
        raise ValidationError(
            _("%(value)s is not an ISO 3166 country code (e.g. DE, ES, FR)."),
            params={"value": value},
            code="country",
        )


def validate_currency(value: str) -> None:
    if value not in list_currencies():
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (e.g. EUR, PLN, SEK)."),
            params={"value": value},
            code="currency",
        )


def validate_time_zone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(
            _("%(value)s is not a time zone of the IANA database (e.g. Europe/Berlin)."),
            params={"value": value},
            code="time_zone",
        )
