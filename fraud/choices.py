"""Choices of the fraud app; no model imports here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from refunds.screening import ScreeningStage


class RuleKind(models.TextChoices):
    AMOUNT_OVER = "amount_over", _("Refund amount over a limit")
    VELOCITY = "velocity", _("Too many refunds in a period")
    RETURN_RATE = "return_rate", _("Return rate over a percentage")
    BLOCKLISTED = "blocklisted", _("E-mail, phone, IBAN, IP or address on a blocklist")
    CUSTOMER_FLAGGED = "customer_flagged", _("Customer flagged")
    COUNTRY_MISMATCH = "country_mismatch", _("Shipping country differs from billing country")
    NEW_ACCOUNT = "new_account", _("New account asking for a high amount")
    DISPUTE = "dispute", _("A dispute (chargeback) on the order")
    SHARED_IBAN = "shared_iban", _("The same IBAN used by several customers")


class RuleAction(models.TextChoices):
    """What a matching rule asks for; the same values as refunds' FraudDecision."""

    ALLOW = "allow", _("Allow (only adds its weight to the score)")
    REVIEW = "review", _("Hold for a supervisor's review")
    BLOCK = "block", _("Block")


class VelocityKey(models.TextChoices):
    CUSTOMER = "customer", _("the customer")
    EMAIL = "email", _("the e-mail address")
    IBAN = "iban", _("the IBAN")


class DisputeScope(models.TextChoices):
    ORDER = "order", _("this order")
    CUSTOMER = "customer", _("any order of the customer")


class BlocklistKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    IBAN = "iban", _("IBAN")
    IP = "ip", _("IP address")
    ADDRESS = "address", _("Address")


class FlagLevel(models.TextChoices):
    WATCH = "watch", _("Watch")
    BLOCKED = "blocked", _("Blocked")


# A check is made at a stage of the refunds app's screening; one enum for both apps.
CheckStage = ScreeningStage


class ReviewOutcome(models.TextChoices):
    CONFIRMED_FRAUD = "confirmed_fraud", _("Confirmed fraud")
    FALSE_POSITIVE = "false_positive", _("False positive")
