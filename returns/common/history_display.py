"""A history page as an auditor reads it: choice labels, local dates, no placeholders for empty."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from returns.common.dates import format_moment

EMPTY = "—"


def readable_moment(moment: datetime) -> str:
    """A timestamp in the reader's language and time zone, to the minute."""
    return format_moment(moment, timezone.get_current_timezone(), get_language() or "en")


class ReadableHistory(HistoricalRecordContextHelper):
    """The "changes" column with what a person reads on the object's own page."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return EMPTY
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime):
            return readable_moment(value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return super().prepare_delta_change_value(change, value)
