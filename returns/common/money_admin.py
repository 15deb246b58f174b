"""Amounts in the admin as their reader expects them: Babel, the user's locale, the currency."""

from collections.abc import Callable
from decimal import Decimal

from babel.numbers import format_currency
from django.contrib import admin
from django.utils.translation import get_language, to_locale

from returns.common.money import format_money


def _follow(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def money_display(
    model,
    field: str,
    *,
    currency: str = "currency",
    ordering: str | None = None,
    description=None,
    exact: bool = False,
) -> Callable:
    """An admin method for `list_display` or `readonly_fields` showing the amount at `field`
    formatted in the reader's locale with the currency found at `currency` (a path with
    `__`); labelled as the model's field and sorted on it (or on `ordering`). `exact` keeps
    digits beyond the currency's minor unit (a fee of 0.0125 a contact)."""
    if description is None:
        description = model._meta.get_field(field).verbose_name

    @admin.display(description=description, ordering=ordering or field)
    def show(model_admin, obj) -> str:
        amount, code = _follow(obj, field), _follow(obj, currency)
        if amount is None or not code:
            return "—" if amount is None else str(amount)
        if exact:
            return format_currency(
                Decimal(amount).normalize(),
                code,
                locale=to_locale(get_language() or "en"),
                decimal_quantization=False,
            )
        return format_money(Decimal(amount), code)

    show.__name__ = f"{field}_shown"
    return show
