"""The SEPA credit transfer (pain.001.001.03) of a listing's bank-transfer refunds."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SepaValidationError

from refunds.choices import RefundMethod
from refunds.exceptions import ListingError

SCHEMA = "pain.001.001.03"


def sepa_credit_transfer(batch) -> tuple[bytes, int]:
    """The XML and its number of payments, validated against the schema sepaxml ships.
    Raises ListingError when the merchant's account or a refund's IBAN is missing."""
    merchant = batch.merchant
    if not (merchant.debtor_iban and merchant.debtor_name):
        raise ListingError(
            _("Set the account refunds are paid from on merchant %(merchant)s first.")
            % {"merchant": merchant.name}
        )
    refunds = list(
        batch.refunds.filter(method=RefundMethod.BANK_TRANSFER)
        .select_related("case__customer", "order")
        .order_by("reference")
    )
    if not refunds:
        raise ListingError(
            _("Listing %(batch)s has no bank-transfer refunds.") % {"batch": batch.reference}
        )
    config = {
        "name": merchant.debtor_name,
        "IBAN": merchant.debtor_iban,
        "BIC": merchant.debtor_bic,
        "batch": True,
        "currency": merchant.currency,
    }
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    execution_date = timezone.localdate(timezone=merchant.zone) + timedelta(days=1)
    for refund in refunds:
        transfer.add_payment(
            {
                "name": refund.account_holder or refund.case.customer.name,
                "IBAN": refund.iban,
                "amount": int(refund.amount * 100),  # sepaxml takes cents
                "execution_date": execution_date,
                "description": _("Refund %(refund)s, order %(order)s")
                % {"refund": refund.reference, "order": refund.order.number},
                "endtoend_id": refund.reference.replace("-", ""),
            }
        )
    try:
        return transfer.export(validate=True), len(refunds)
    except SepaValidationError as error:
        raise ListingError(
            _("The SEPA file does not validate: %(error)s") % {"error": error}
        ) from None
