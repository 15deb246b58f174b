"""Errors of the returns desk; every message is one a person can act on."""

from django.utils.translation import gettext_lazy as _

from returns.common.exceptions import DomainError


class ReturnsError(DomainError):
    """Errors of cases, contacts and shipments."""


class InvalidReturn(ReturnsError):
    default_message = _("The return is not valid.")


class OverrideReasonRequired(ReturnsError):
    default_message = _("You chose another resolution than the policy suggests: say why.")


class RejectionReasonRequired(ReturnsError):
    default_message = _("Choose the reason the customer reads for this rejection, or write one.")


class SupervisorRequired(ReturnsError):
    default_message = _(
        "This request is outside the merchant's policy: a supervisor decides it, "
        "or resolve it as a refund, which then waits for a supervisor's approval."
    )


class InvalidOrder(ReturnsError):
    """An order the shop sent that cannot be stored; `errors` names each wrong field."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {
            name: [str(message) for message in messages] for name, messages in errors.items()
        }
        super().__init__(
            " ".join(
                f"{name}: {message}"
                for name, messages in self.errors.items()
                for message in messages
            )
        )
