"""The supervisor's work list of refunds awaiting approval (a proxy of Refund)."""

from django.utils.translation import gettext_lazy as _

from refunds.models.refunds import Refund


class RefundApprovalQueue(Refund):
    """The refunds waiting for a supervisor, oldest first: the supervisor's work list."""

    class Meta:
        proxy = True
        verbose_name = _("refund awaiting approval")
        verbose_name_plural = _("approval queue")
