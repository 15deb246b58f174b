from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefundsConfig(AppConfig):
    name = "refunds"
    verbose_name = _("Refunds")

    def ready(self):
        # Registers how cases resolved as refund, store credit or exchange are carried out,
        # and the refund and store-credit steps of a case's public timeline.
        from refunds import events, resolutions  # noqa: F401
