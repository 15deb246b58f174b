from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from returns.common import roles

pytestmark = pytest.mark.django_db


def _granted(group: Group) -> set[tuple[str, str]]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def _model_labels() -> list[str]:
    return [model._meta.label_lower for model in apps.get_models()]


@pytest.mark.parametrize("role", roles.ROLES)
def test_role_group_holds_exactly_the_matrix(role):
    group = Group.objects.get(name=role)
    assert _granted(group) == roles.role_permissions(role, _model_labels())


def test_auditor_may_view_every_product_model_and_its_history_and_change_nothing():
    granted = _granted(Group.objects.get(name=roles.AUDITOR))
    assert all(codename.startswith("view_") for _app, codename in granted)
    for model in apps.get_models():
        if model._meta.app_label in roles.PRODUCT_APPS:
            assert (model._meta.app_label, f"view_{model._meta.model_name}") in granted
    assert ("returns", "view_historicalorder") in granted


def test_agent_may_not_change_merchants_or_orders():
    granted = _granted(Group.objects.get(name=roles.AGENT))
    assert ("returns", "view_merchant") in granted
    assert ("returns", "change_merchant") not in granted
    assert ("returns", "change_order") not in granted


def test_readme_shows_the_same_matrix():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert roles.matrix_markdown() in readme
