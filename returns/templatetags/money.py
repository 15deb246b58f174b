"""The `money` filter: an amount as the reader's locale writes it, with its currency."""

from decimal import Decimal

from django import template

from returns.common.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    """`{{ refund.amount|money:refund.currency }}` gives "€1,234.50" or "1.234,50 €"."""
    if amount in (None, "") or not currency:
        return "—" if amount in (None, "") else str(amount)
    return format_money(Decimal(amount), currency)
