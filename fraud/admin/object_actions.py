"""One view for the one-step actions on an object's admin page: a form, one service each."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from returns.common.exceptions import DomainError


class ObjectAction:
    """A one-step action on one object (review a check, block its customer): a link on the
    object's page, a form page, one service.

    `name` is the URL's segment and names the admin's `has_<name>_permission(request, obj)`,
    as for Django's own admin actions. An instance serves one request; `perform` calls the
    service with the form's data and returns the message saying what was done.
    """

    name = ""
    form: type[forms.Form] = forms.Form
    submit = ""
    # After a refusal, show the form again with what was typed (a reviewer's note) instead
    # of returning to the page the action was opened from.
    keep_form_on_error = False

    def __init__(self, model_admin, request, obj):
        self.model_admin = model_admin
        self.request = request
        self.obj = obj

    def unavailable(self) -> str:
        """Why the action cannot start on this object; "" when it can."""
        return ""

    def title(self) -> str:
        raise NotImplementedError

    def perform(self, **data) -> str:
        """Call the service; raises a DomainError when it refuses."""
        raise NotImplementedError

    def back_url(self) -> str:
        """The page the action was opened from (the refund's), if it is on this site; the
        object's own page otherwise."""
        back = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return back
        opts = self.model_admin.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[self.obj.pk],
            current_app=self.model_admin.admin_site.name,
        )

    def success_url(self) -> str:
        return self.back_url()


class ObjectActionsMixin:
    """The declared `object_actions` of a ModelAdmin, each at `<id>/action/<name>/`."""

    object_actions: list[type[ObjectAction]] = []
    object_action_template = "admin/fraud/action_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/action/<str:name>/",
                self.admin_site.admin_view(self.object_action_view),
                name=f"{opts.app_label}_{opts.model_name}_action",
            ),
            *super().get_urls(),
        ]

    def has_object_action_permission(self, request, name: str, obj=None) -> bool:
        return getattr(self, f"has_{name}_permission")(request, obj)

    def object_action_url(self, obj, name: str, **query: str) -> str:
        """The action's page for `obj`; `query` (a blocklist's kind, the page to return to
        as `next`) goes into its query string, empty values left out."""
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_action",
            args=[obj.pk, name],
            current_app=self.admin_site.name,
        )
        query = {key: value for key, value in query.items() if value}
        return f"{url}?{urlencode(query)}" if query else url

    def object_action_view(self, request, object_id, name):
        obj = self.get_object(request, unquote(object_id))
        action_class = next((a for a in self.object_actions if a.name == name), None)
        if action_class is None:
            raise Http404
        if not self.has_object_action_permission(request, name, obj):
            raise PermissionDenied
        action = action_class(self, request, obj)
        refusal = action.unavailable()
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(action.back_url())
        form = action.form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                done = action.perform(**form.cleaned_data)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                if not action.keep_form_on_error:
                    return HttpResponseRedirect(action.back_url())
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(action.success_url())
        context = {
            **self.admin_site.each_context(request),
            "title": action.title(),
            "object": obj,
            "opts": self.model._meta,
            "form": form,
            "submit": action.submit,
            "back_url": action.back_url(),
        }
        return TemplateResponse(request, self.object_action_template, context)
