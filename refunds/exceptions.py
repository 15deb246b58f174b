"""Errors of the refunds app; each message says what to do instead."""

from django.utils.translation import gettext_lazy as _

from returns.common.exceptions import DomainError


class RefundError(DomainError):
    default_message = _("The refund could not be changed.")


class RefundExceedsRefundable(RefundError):
    default_message = _("The amount is more than the order can still refund.")


class ApprovalLimitExceeded(RefundError):
    default_message = _("The amount is over your approval limit: a supervisor approves it.")


class FourEyesViolation(RefundError):
    default_message = _("You requested this refund: another supervisor must approve it.")


class ReasonRequired(RefundError):
    default_message = _("Give a reason for this decision.")


class InvalidRefund(RefundError):
    default_message = _("The refund is not valid.")


class FraudBlocked(RefundError):
    default_message = _(
        "Fraud screening blocks this refund; a supervisor reviews it in the fraud review queue."
    )


class HeldForReview(RefundError):
    default_message = _(
        "Fraud screening asks for a review: the refund now waits in the approval queue."
    )


class ListingError(RefundError):
    """A listing cannot be closed, exported or confirmed as asked."""


class StoreCreditError(DomainError):
    default_message = _("The store credit could not be used.")


class StoreCreditNotFound(StoreCreditError):
    default_message = _("No store credit with this code.")


class StoreCreditUnavailable(StoreCreditError):
    default_message = _("This store credit is used up, expired or void.")


class InsufficientBalance(StoreCreditError):
    default_message = _("The amount is more than the store credit's balance.")
