"""The demo's logins: one staff user per role with the shops they serve, and a superuser."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from returns.common import roles

DEMO_PASSWORD = "returns-demo"

# username -> role; agents work for two shops, the others for all three.
STAFF = {
    "agent": (roles.AGENT, ("moda-sol", "hausgeraete-nord")),
    "supervisor": (roles.SUPERVISOR, ("moda-sol", "hausgeraete-nord", "maison-claire")),
    "finance": (roles.FINANCE, ("moda-sol", "hausgeraete-nord", "maison-claire")),
    "auditor": (roles.AUDITOR, ("moda-sol", "hausgeraete-nord", "maison-claire")),
}
SUPERUSER = "admin"


def logins() -> dict[str, str]:
    """Every demo login with its role, in the order a new user tries them."""
    return {
        **{username: role for username, (role, _slugs) in STAFF.items()},
        SUPERUSER: "superuser",
    }


def staff_user(username: str, role: str):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "email": f"{username}@returns-desk.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    group = Group.objects.get(name=role)
    if not user.groups.filter(pk=group.pk).exists():  # a second run writes no history
        user.groups.add(group)
    return user


def superuser(username: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_superuser(
            username, f"{username}@returns-desk.example", DEMO_PASSWORD
        )
    return user
