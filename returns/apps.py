from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, apps=None, **kwargs):
    # `flush` sends post_migrate without the migrated state: then the live registry serves.
    from django.apps import apps as live_apps

    from returns.common.roles import sync_role_groups

    sync_role_groups(apps or live_apps)


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns desk")

    def ready(self):
        # The data migrations create the groups; after every migrate the groups are set to the
        # matrix again, so a permission added to returns/roles.py needs no migration of its own.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="returns.sync_roles")
        from returns.notifications import listeners  # noqa: F401  (the customer e-mails)
