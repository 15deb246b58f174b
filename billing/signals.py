"""Guards that keep what an invoice stated true, whoever saves: admin, service, shell.

These are invariants, not workflow: the contacts a binding invoice counted and the issued
invoice itself must not change under it, and `returns` cannot know about invoices. A
queryset `update()` bypasses signals; nothing in the product updates contacts that way.
"""

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from billing.choices import InvoiceState
from billing.exceptions import ContactInvoiced, InvoiceLocked
from billing.models import CreditNote, Invoice, InvoiceLine
from billing.selectors import binding_invoice_at
from returns.common import extensions
from returns.models import Contact, Merchant

# The fields billing reads: changing one would change an invoice's count.
BILLABLE_CONTACT_FIELDS = ("merchant_id", "started_at", "channel", "handling_seconds")
# What may still change on an issued invoice: its later steps (paid, void) and its PDF.
INVOICE_MUTABLE_FIELDS = {
    "state",
    "paid_at",
    "paid_by",
    "payment_reference",
    "voided_at",
    "voided_by",
    "void_reason",
    "pdf",
}


def check_contact_change(contact: Contact) -> None:
    """Raise ContactInvoiced if saving `contact` as it is would change a binding invoice."""
    before = None
    if not contact._state.adding and contact.pk is not None:
        before = Contact.objects.filter(pk=contact.pk).values(*BILLABLE_CONTACT_FIELDS).first()
    if before is not None:
        if all(before[name] == getattr(contact, name) for name in BILLABLE_CONTACT_FIELDS):
            return
        invoice = binding_invoice_at(before["merchant_id"], before["started_at"])
        if invoice is not None:
            raise ContactInvoiced(
                _(
                    "This contact is on invoice %(number)s: its merchant, time, channel and "
                    "handling time can no longer change."
                )
                % {"number": invoice.number}
            )
        if (before["merchant_id"], before["started_at"]) == (
            contact.merchant_id,
            contact.started_at,
        ):
            return
    if contact.merchant_id is None or contact.started_at is None:
        return
    if transaction.get_connection().in_atomic_block:
        # Issuing holds this lock from its recount to its commit: a contact for the month
        # waits, then finds the invoice binding, instead of slipping in unbilled.
        Merchant.objects.lock(contact.merchant_id)
    invoice = binding_invoice_at(contact.merchant_id, contact.started_at)
    if invoice is not None:
        raise ContactInvoiced(
            _(
                "Invoice %(number)s already billed this merchant's contacts of that month: "
                "a contact cannot be added to it."
            )
            % {"number": invoice.number}
        )


def check_contact_delete(contact: Contact) -> None:
    """Raise ContactInvoiced if `contact` was counted by a binding invoice."""
    invoice = binding_invoice_at(contact.merchant_id, contact.started_at)
    if invoice is not None:
        raise ContactInvoiced(
            _("This contact is on invoice %(number)s: it cannot be deleted.")
            % {"number": invoice.number}
        )


def invoiced_contact_labels(contacts) -> list[str]:
    """For the admin's delete confirmation: the contacts given that a binding invoice holds."""
    labels = []
    for contact in contacts:
        invoice = binding_invoice_at(contact.merchant_id, contact.started_at)
        if invoice is not None:
            labels.append(
                _("%(contact)s (on invoice %(number)s)")
                % {"contact": contact, "number": invoice.number}
            )
    return labels


def _protect_contact(sender, instance, raw=False, **kwargs):
    if not raw:
        check_contact_change(instance)


def _protect_contact_delete(sender, instance, **kwargs):
    check_contact_delete(instance)


def _protect_invoice(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    before = Invoice.objects.filter(pk=instance.pk).values().first()
    if before is None or before["state"] == InvoiceState.DRAFT:
        return
    changed = {
        name
        for name, value in before.items()
        if name.removesuffix("_id") not in INVOICE_MUTABLE_FIELDS
        and getattr(instance, name) != value
    }
    # The PDF is stored once, at issue; after that it stays what the merchant received.
    if before["pdf"] and (instance.pdf.name or "") != before["pdf"]:
        changed.add("pdf")
    if changed:
        raise InvoiceLocked


def _protect_invoice_delete(sender, instance, **kwargs):
    if Invoice.objects.filter(pk=instance.pk).exclude(state=InvoiceState.DRAFT).exists():
        raise InvoiceLocked


def _protect_line(sender, instance, raw=False, **kwargs):
    if raw:
        return
    state = Invoice.objects.filter(pk=instance.invoice_id).values_list("state", flat=True).first()
    if state is not None and state != InvoiceState.DRAFT:
        raise InvoiceLocked


def _protect_credit_note(sender, instance, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        raise InvoiceLocked


def _protect_credit_note_delete(sender, instance, **kwargs):
    raise InvoiceLocked


def connect() -> None:
    extensions.contact_guard(
        extensions.ContactGuard(
            check_change=check_contact_change, undeletable=invoiced_contact_labels
        )
    )
    uid = "billing"
    pre_save.connect(_protect_contact, sender=Contact, dispatch_uid=f"{uid}-contact")
    pre_delete.connect(_protect_contact_delete, sender=Contact, dispatch_uid=f"{uid}-contact-del")
    pre_save.connect(_protect_invoice, sender=Invoice, dispatch_uid=f"{uid}-invoice")
    pre_delete.connect(_protect_invoice_delete, sender=Invoice, dispatch_uid=f"{uid}-invoice-del")
    pre_save.connect(_protect_line, sender=InvoiceLine, dispatch_uid=f"{uid}-line")
    pre_delete.connect(_protect_line, sender=InvoiceLine, dispatch_uid=f"{uid}-line-del")
    pre_save.connect(_protect_credit_note, sender=CreditNote, dispatch_uid=f"{uid}-credit")
    pre_delete.connect(
        _protect_credit_note_delete, sender=CreditNote, dispatch_uid=f"{uid}-credit-del"
    )
