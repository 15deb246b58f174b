"""A case's public timeline: what happened, oldest first, in the customer's language, with no
staff names and no internal notes. Other apps add their steps through the timeline registry."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from returns.choices import CaseStatus, Resolution, ShipmentStatus
from returns.common import extensions
from returns.common.dates import format_moment
from returns.models import ReturnCase


@dataclass
class TimelineEntry:
    at: datetime
    title: str
    when: str
    details: list[str] = field(default_factory=list)
    kind: str = "step"


def _first_dates(history, field_name: str, values) -> dict[str, datetime]:
    """When each value of a state field first appeared, from the history rows (one query)."""
    dates: dict[str, datetime] = {}
    for value, date in (
        history.filter(**{f"{field_name}__in": list(values)})
        .order_by("history_date")
        .values_list(field_name, "history_date")
    ):
        dates.setdefault(value, date)
    return dates


def case_timeline(case: ReturnCase, *, language: str) -> list[TimelineEntry]:
    """What happened to the case, oldest first, in the active language: no names, no notes."""
    zone = case.merchant.zone
    entries: list[TimelineEntry] = []

    def add(at, title, details=(), kind="step"):
        if at is not None:
            entries.append(
                TimelineEntry(
                    at, str(title), format_moment(at, zone, language), list(details), kind
                )
            )

    contributions = extensions.timeline_contributions(case, language=language, zone=zone)
    add(
        case.opened_at,
        _("We received your return request"),
        [_("Order %(number)s") % {"number": case.order.number}],
    )
    status_dates = _first_dates(
        case.history.all(),
        "status",
        [
            CaseStatus.AWAITING_ITEM,
            CaseStatus.ITEM_RECEIVED,
            CaseStatus.CLOSED,
            CaseStatus.CANCELLED,
        ],
    )
    add(
        status_dates.get(CaseStatus.AWAITING_ITEM),
        _("Waiting for your parcel"),
        [_("Please send the items back to the shop.")],
    )
    add(status_dates.get(CaseStatus.ITEM_RECEIVED), _("We received your parcel"))
    if case.resolved_at:
        title, details = _decision(case, language)
        instead = None
        if case.resolution == Resolution.REFUND:
            for contribution in contributions:
                details.extend(contribution.decision_details)
                instead = contribution.decision_steps if instead is None else instead
        if instead is None:
            add(case.resolved_at, title, details, kind="decision")
        for item in instead or ():
            add(item.at, item.title, item.details, item.kind)
    for shipment in case.shipments.all():
        if shipment.status == ShipmentStatus.TO_SHIP:
            continue
        details = []
        if shipment.carrier:
            details.append(_("Carrier: %(carrier)s") % {"carrier": shipment.carrier})
        if shipment.tracking_number:
            details.append(_("Tracking number: %(number)s") % {"number": shipment.tracking_number})
        add(shipment.shipped_at, _("Your replacement is on its way"), details)
        add(shipment.delivered_at, _("Your replacement was delivered"))
    for contribution in contributions:
        for item in contribution.items:
            add(item.at, item.title, item.details, item.kind)
    add(status_dates.get(CaseStatus.CLOSED), _("Case closed"))
    add(status_dates.get(CaseStatus.CANCELLED), _("Return cancelled"))
    entries.sort(key=lambda entry: entry.at)
    return entries


def _decision(case: ReturnCase, language: str) -> tuple[str, list[str]]:
    resolution = case.resolution
    details: list[str] = []
    if resolution == Resolution.REPLACEMENT:
        title = _("Decision: we send you a replacement")
    elif resolution == Resolution.EXCHANGE:
        title = _("Decision: we send you an exchange")
    elif resolution == Resolution.REFUND:
        title = _("Decision: we refund you")
    elif resolution == Resolution.STORE_CREDIT:
        title = _("Decision: you receive store credit")
    elif resolution == Resolution.REJECTED:
        title = _("Decision: we cannot accept this return")
        reason = case.rejection_text(language)
        if reason:
            details.append(_("Reason: %(reason)s") % {"reason": reason})
    else:
        title = _("Decision made")
    return title, details
