import pytest
from django.contrib.auth.models import Group
from django.db import connection

from returns.common import roles
from tests.factories import MerchantFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: make test runs it in the PostgreSQL pass")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


def _staff(role: str, username: str, merchants):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for merchant in merchants:
        merchant.staff.add(user)
    return user


@pytest.fixture
def merchant(db):
    return MerchantFactory(slug="shop-a", name="Shop A")


@pytest.fixture
def other_merchant(db):
    return MerchantFactory(slug="shop-b", name="Shop B")


@pytest.fixture
def agent(merchant):
    return _staff(roles.AGENT, "anna.agent", [merchant])


@pytest.fixture
def supervisor(merchant):
    return _staff(roles.SUPERVISOR, "sam.supervisor", [merchant])


@pytest.fixture
def finance_user(merchant):
    return _staff(roles.FINANCE, "fiona.finance", [merchant])


@pytest.fixture
def auditor(merchant):
    return _staff(roles.AUDITOR, "aude.auditor", [merchant])


@pytest.fixture
def outsider(other_merchant):
    """An agent assigned to another merchant only."""
    return _staff(roles.AGENT, "otto.outsider", [other_merchant])
