"""Customer contacts: logging one, changing one, and the desk's resolve-and-log in one go."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import ContactDirection
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, save_with_history
from returns.exceptions import InvalidReturn
from returns.models import (
    Contact,
    Customer,
    Merchant,
    RejectionReason,
    ReturnCase,
)
from returns.services.cases import case_resolve


@transaction.atomic
def contact_log(
    *,
    actor,
    merchant: Merchant,
    channel: str,
    handling_seconds: int,
    customer: Customer | None = None,
    case: ReturnCase | None = None,
    direction: str = ContactDirection.INBOUND,
    started_at: datetime | None = None,
    summary: str = "",
) -> Contact:
    """Log one customer contact; raises NotAssigned or InvalidReturn (a mismatched customer)."""
    ensure_assigned(actor, merchant)
    return _contact_create(
        actor=actor,
        merchant=merchant,
        customer=customer or (case.customer if case else None),
        case=case,
        channel=channel,
        direction=direction,
        started_at=started_at,
        handling_seconds=handling_seconds,
        summary=summary,
    )


def _ensure_may_log(actor) -> None:
    if not actor.has_perm("returns.add_contact"):
        raise ActionNotPermitted(_("Your role does not allow logging contacts."))


def _contact_create(*, actor, loaded: bool = False, **fields) -> Contact:
    """Validate and save a contact in the caller's transaction; `loaded` when its merchant,
    customer and case are rows the transaction itself read (so they exist)."""
    _ensure_may_log(actor)
    contact = Contact(
        agent=actor, **{**fields, "started_at": fields["started_at"] or timezone.now()}
    )
    try:
        # Contact.clean() keeps customer and case within the merchant.
        contact.full_clean(exclude=["merchant", "customer", "case", "agent"] if loaded else None)
    except ValidationError as error:
        raise InvalidReturn(" ".join(error.messages)) from None
    save_with_history(contact, actor=actor, reason=_("contact logged"))
    return contact


@transaction.atomic
def contact_resolve(
    *,
    actor,
    case: ReturnCase,
    resolution: str,
    channel: str,
    handling_seconds: int,
    override_reason: str = "",
    rejection_reason: str = "",
    method: str = "",
    iban: str = "",
    account_holder: str = "",
    rejection_choice: RejectionReason | None = None,
    direction: str = ContactDirection.INBOUND,
    started_at: datetime | None = None,
    summary: str = "",
) -> Contact:
    """Resolve a case and log its contact, both or neither; raises what those two services raise.

    `method`, `iban` and `account_holder` say how a refund is paid (see `case_resolve`).
    """
    _ensure_may_log(actor)
    case = case_resolve(
        case=case,
        actor=actor,
        resolution=resolution,
        override_reason=override_reason,
        rejection_reason=rejection_reason,
        method=method,
        iban=iban,
        account_holder=account_holder,
        rejection_choice=rejection_choice,
    )
    # case_resolve checked the assignment and locked the case in this transaction.
    return _contact_create(
        actor=actor,
        loaded=True,
        merchant=case.merchant,
        customer=case.customer,
        case=case,
        channel=channel,
        direction=direction,
        started_at=started_at,
        handling_seconds=handling_seconds,
        summary=summary,
    )


@transaction.atomic
def contact_change(*, actor, contact: Contact, reason: str = "") -> Contact:
    """Edit a contact; raises NotAssigned, ActionNotPermitted, InvalidReturn, ContactInvoiced."""
    stored = Contact.objects.select_related("merchant").get(pk=contact.pk)
    # Both the merchant it had and the one it moves to must be this actor's.
    ensure_assigned(actor, stored.merchant)
    if contact.merchant_id != stored.merchant_id:
        ensure_assigned(actor, contact.merchant)
    if not actor.has_perm("returns.change_contact"):
        raise ActionNotPermitted
    try:
        contact.full_clean()  # Contact.clean() keeps customer and case within the merchant
    except ValidationError as error:
        raise InvalidReturn(" ".join(error.messages)) from None
    save_with_history(contact, actor=actor, reason=reason or _("contact changed"))
    return contact
