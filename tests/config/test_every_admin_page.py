"""The net under the admin: with the demo loaded, every role opens every page of every admin."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from refunds.admin_listings import EXPORT_FORMATS
from returns.common.admin import TransitionAdminMixin

pytestmark = pytest.mark.django_db

ROLES = ["agent", "supervisor", "finance", "auditor", "admin"]
# The pages every ModelAdmin has; the others an admin adds are found from its get_urls().
STOCK_PAGES = {"changelist", "add", "history", "delete", "change", "simple_history"}
# Objects looked at to find one on which each step or action is open to the user.
SCAN = 300


def _url_names(model_admin) -> dict[str, list[str]]:
    """Each named page of this admin -> the names of its URL's arguments."""
    pages = {}
    for pattern in model_admin.get_urls():
        name = getattr(pattern, "name", None)
        if name:
            pages[name] = list(pattern.pattern.converters)
    return pages


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _open_per_name(objects, is_open) -> dict[str, object]:
    """The first object on which each name (a step, an action) is open."""
    found = {}
    for obj in objects:
        for name in is_open(obj):
            found.setdefault(name, obj)
    return found


def _transition_pages(model_admin, request, objects, url):
    def names(obj):
        return [a.name for a in model_admin.available_transition_actions(request, obj)]

    return [url(obj.pk, name) for name, obj in _open_per_name(objects, names).items()]


def _object_action_pages(model_admin, request, objects, url):
    def names(obj):
        return [
            action.name
            for action in model_admin.object_actions
            if model_admin.has_object_action_permission(request, action.name, obj)
            and not action(model_admin, request, obj).unavailable()
        ]

    return [url(obj.pk, name) for name, obj in _open_per_name(objects, names).items()]


def _extra_pages(model_admin, request, page, arguments, obj, objects):
    """The URLs of one extra page of an admin, or None when the net does not know its arguments."""
    url_name = f"admin:{page}"

    def url(*args):
        return reverse(url_name, args=args)

    if arguments == []:
        return [url()]
    if obj is None:
        return []
    if arguments in (["object_id"], ["id"]):
        return [url(obj.pk)]
    if arguments == ["object_id", "name"] and isinstance(model_admin, TransitionAdminMixin):
        return _transition_pages(model_admin, request, objects, url)
    if arguments == ["object_id", "name"] and hasattr(model_admin, "object_actions"):
        return _object_action_pages(model_admin, request, objects, url)
    if arguments == ["object_id", "file_format"]:
        return [url(obj.pk, file_format) for file_format in EXPORT_FORMATS]
    if arguments == ["object_id", "export_id"]:
        owner = next((o for o in objects if o.exports.exists()), None)
        return [url(owner.pk, owner.exports.first().pk)] if owner else []
    return None


def _pages(model_admin, user) -> tuple[list[str], list[str]]:
    """The GET pages of one admin for one user, and the extra pages the net cannot open."""
    request = _request(user)
    opts = model_admin.model._meta
    pages = _url_names(model_admin)
    urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
    prefix = f"{opts.app_label}_{opts.model_name}_"
    if not model_admin.has_view_or_change_permission(request) or f"{prefix}change" not in pages:
        return urls, []
    objects = list(model_admin.get_queryset(request)[:SCAN])
    obj = objects[0] if objects else None
    if obj is not None:
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
        version = None
        if hasattr(model_admin.model, "history"):
            versions = model_admin.model.history.filter(**{opts.pk.attname: obj.pk})
            version = versions.order_by("-history_date").first()
        if version is not None:  # rows the demo wrote in bulk have no history row yet
            urls.append(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[obj.pk, version.history_id],
                )
            )
    unknown = []
    for page, arguments in pages.items():
        if page.removeprefix(prefix) in STOCK_PAGES or page.endswith(
            ("_autocomplete", "_import", "_export")
        ):
            continue
        extra = _extra_pages(model_admin, request, page, arguments, obj, objects)
        if extra is None:
            unknown.append(f"{opts.label} {page} {arguments}")
        else:
            urls.extend(extra)
    return urls, unknown


def _status(client, url) -> int | str:
    try:
        return client.get(url).status_code
    except Exception as error:
        return repr(error)


# The demo is loaded once: all roles and pages in one test, every failure reported together.
def test_every_role_opens_every_admin_page_without_an_error(client):
    call_command("seed_demo")
    failures, unknown, opened = [], set(), 0
    for username in ROLES:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        for model_admin in admin.site._registry.values():
            urls, not_covered = _pages(model_admin, user)
            unknown.update(not_covered)
            for url in urls:
                status = _status(client, url)
                opened += 1
                if not isinstance(status, int) or status >= 500 or status == 404:
                    failures.append(f"{username} {url}: {status}")
    assert failures == []
    assert unknown == set(), "pages the net does not know how to open"
    assert opened > 200
