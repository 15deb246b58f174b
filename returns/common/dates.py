"""Dates and times as a reader of a language expects them, in a merchant's time zone."""

from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_time
from django.utils import timezone
from django.utils.translation import to_locale


def format_moment(moment: datetime, zone, language: str, *, time: bool = True) -> str:
    """A date (and time) in `language`'s medium format, in `zone`."""
    local = timezone.localtime(moment, zone)
    locale = Locale.parse(to_locale(language))
    day = format_date(local, "medium", locale=locale)
    if not time:
        return day
    return locale.datetime_formats["medium"].format(format_time(local, "short", locale=locale), day)
