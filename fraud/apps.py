from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    name = "fraud"
    verbose_name = _("Fraud")

    def ready(self):
        from fraud.screening import screen_refund
        from refunds import screening

        screening.register(screen_refund)
