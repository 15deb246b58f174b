"""Money: Decimal amounts rounded half-up to the currency's minor unit, formatted by Babel."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, get_currency_precision
from django.utils.translation import get_language, to_locale

# Every amount field: up to 9,999,999,999.99 in the currency's major unit.
MONEY = {"max_digits": 12, "decimal_places": 2}


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit as ISO 4217 defines it (2 for EUR)."""
    exponent = Decimal(1).scaleb(-get_currency_precision(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """The amount as a reader of `language` (default: the active one) expects it."""
    return format_currency(amount, currency, locale=to_locale(language or get_language() or "en"))
