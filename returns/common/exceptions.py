"""The domain error every app's errors derive from, and the errors of the transition runner."""

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
