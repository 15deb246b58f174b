"""Filters of the history pages: a timestamp as the reader's locale writes it."""

from django import template

from returns.common.history_display import readable_moment as _readable_moment

register = template.Library()


@register.filter
def readable_moment(moment):
    return _readable_moment(moment) if moment else "—"
