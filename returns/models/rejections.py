"""The reasons a merchant gives a customer for a rejected return, in the customer's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from returns.models.merchants import Merchant


class RejectionReason(models.Model):
    """A reason from the merchant's list that staff choose when they reject a return."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="rejection_reasons",
        verbose_name=_("merchant"),
    )
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(
        _("text the customer reads"),
        help_text=_("Sent in the customer's language, in the e-mail and on the status page."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["merchant", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "code"], name="rejection_reason_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.text
