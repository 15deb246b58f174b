"""Response scripts: canned texts an agent inserts, in the customer's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from returns.models.merchants import Merchant


class ResponseScript(models.Model):
    """Canned text an agent inserts into a summary or a reply, in the customer's language."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="response_scripts",
        verbose_name=_("merchant"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("response script")
        verbose_name_plural = _("response scripts")
        ordering = ["merchant", "title"]

    def __str__(self) -> str:
        return self.title
