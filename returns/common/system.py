"""The account that scheduled jobs act as, so their changes carry a user in the history."""

from django.contrib.auth import get_user_model

SYSTEM_USERNAME = "system"


def system_user():
    """A superuser that cannot log in (no usable password): the scheduler's identity."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_superuser": True, "is_staff": False, "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
