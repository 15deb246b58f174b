"""Errors of the fraud app; each message says what to do instead."""

from django.utils.translation import gettext_lazy as _

from returns.common.exceptions import DomainError


class FraudError(DomainError):
    default_message = _("The fraud action could not be carried out.")


class InvalidBlocklistValue(FraudError):
    default_message = _("This value cannot be put on the blocklist.")


class AlreadyReviewed(FraudError):
    default_message = _("This check has already been reviewed.")


class NothingToReview(FraudError):
    default_message = _("This check allowed the refund: there is nothing to review.")


class NoteRequired(FraudError):
    default_message = _("Write a note saying what the review found.")


class InvalidReviewOutcome(FraudError):
    default_message = _("Choose confirmed fraud or false positive.")


class InvalidFlagLevel(FraudError):
    default_message = _("Choose watch or blocked.")


class GlobalScopeNotPermitted(FraudError):
    default_message = _(
        "Only an administrator may add entries or rules for every merchant; choose a merchant."
    )
