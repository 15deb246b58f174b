"""Errors of the returns desk; every message is one a person can act on."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every app's errors: the admin shows the message, the API answers 400 or 409."""

    default_message = _("The action could not be carried out.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAssigned(DomainError):
    default_message = _("You are not assigned to this merchant.")


class TransitionNotAllowed(DomainError):
    default_message = _("This step is not possible in the current status.")


class ActionNotPermitted(DomainError):
    default_message = _("Your role does not allow this step.")


class ReturnsError(DomainError):
    """Errors of cases, contacts and shipments."""


class InvalidReturn(ReturnsError):
    default_message = _("The return is not valid.")


class OverrideReasonRequired(ReturnsError):
    default_message = _("You chose another resolution than the policy suggests: say why.")


class RejectionReasonRequired(ReturnsError):
    default_message = _("Write the reason the customer reads for this rejection.")


class SupervisorRequired(ReturnsError):
    default_message = _(
        "This request is outside the merchant's policy: a supervisor decides it, "
        "or resolve it as a refund, which then waits for a supervisor's approval."
    )
