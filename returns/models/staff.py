"""History of staff accounts and groups, memberships and permissions included."""

from django.contrib.auth.models import Group, User
from simple_history import register

# Who gave whom which role: staff accounts and groups keep history too, memberships
# included. Their history lives in this app (auth's migrations are Django's own); the
# password hash and the last login are left out, so an auditor reading it sees neither.
register(
    User,
    app="returns",
    excluded_fields=["password", "last_login"],
    m2m_fields=[User.groups.field],
)
register(Group, app="returns", m2m_fields=[Group.permissions.field])
