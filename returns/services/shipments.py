"""Replacements marked for reshipment, handed to the carrier and delivered."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import Resolution
from returns.common import events, extensions
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.exceptions import InvalidReturn
from returns.models import ReturnCase, Shipment, ShipmentLine


@transaction.atomic
def shipment_create_for_case(*, case: ReturnCase, actor, reason: str) -> Shipment:
    """A replacement of the case's returned lines, marked for reshipment."""
    shipment = Shipment(merchant=case.merchant, case=case)
    save_with_history(shipment, actor=actor, reason=reason)
    for line in case.lines.all():
        shipment_line = ShipmentLine(
            shipment=shipment, order_line_id=line.order_line_id, quantity=line.quantity
        )
        save_with_history(shipment_line, actor=actor, reason=reason)
    return shipment


@extensions.resolution_handler(Resolution.REPLACEMENT)
def _ship_replacement(case: ReturnCase, *, actor, suggestion, **refund_choices) -> None:
    shipment_create_for_case(case=case, actor=actor, reason=_("replacement to ship"))


@transaction.atomic
def shipment_mark_shipped(
    *, shipment: Shipment, actor, carrier: str, tracking_number: str
) -> Shipment:
    """Hand a replacement to the carrier; raises InvalidReturn without carrier and tracking."""
    if not carrier.strip() or not tracking_number.strip():
        raise InvalidReturn(_("Give the carrier and the tracking number."))
    shipment = Shipment.objects.select_for_update().select_related("merchant").get(pk=shipment.pk)
    ensure_assigned(actor, shipment.merchant)
    run_transition(
        shipment,
        "ship",
        actor=actor,
        reason=_("shipped with %(carrier)s, tracking %(tracking)s")
        % {"carrier": carrier, "tracking": tracking_number},
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
        at=timezone.now(),
    )
    events.publish(events.ShipmentShipped(shipment=shipment, actor=actor))
    return shipment


@transaction.atomic
def shipment_mark_delivered(*, shipment: Shipment, actor) -> Shipment:
    """Record the delivery of a replacement; raises TransitionNotAllowed or ActionNotPermitted."""
    shipment = Shipment.objects.select_for_update().select_related("merchant").get(pk=shipment.pk)
    ensure_assigned(actor, shipment.merchant)
    run_transition(shipment, "deliver", actor=actor, reason=_("delivered"), at=timezone.now())
    return shipment
