"""Errors of billing; each message says what to do instead."""

from django.utils.translation import gettext_lazy as _

from returns.common.exceptions import DomainError


class BillingError(DomainError):
    default_message = _("The invoice could not be changed.")


class InvoiceLocked(BillingError):
    default_message = _(
        "An issued invoice never changes: void it with a credit note and bill the month again."
    )


class InvoiceOutOfDate(BillingError):
    default_message = _(
        "The month's contacts changed since this draft was made: recalculate it and review it "
        "again before issuing."
    )


class InvalidTariff(BillingError):
    default_message = _("The tariff is not valid.")


class MixedCurrencies(BillingError):
    default_message = _("The tariffs of this month use more than one currency.")


class ContactInvoiced(BillingError):
    default_message = _(
        "This contact is on an issued invoice: it cannot be deleted or moved, and its channel, "
        "time and handling time cannot change."
    )


class ReasonRequired(BillingError):
    default_message = _("Give a reason for this decision.")
