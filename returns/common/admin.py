"""Admin building blocks every app's admin uses: history on every page, merchant scoping."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from returns.common.exceptions import DomainError
from returns.common.history_display import ReadableHistory
from returns.models import Merchant

_registered_inlines: dict[str, list[type[InlineModelAdmin]]] = {}


def register_inline(model, inline: type[InlineModelAdmin]):
    """Show `inline` on the admin page of `model` (a model or its "app_label.ModelName").

    A downstream app adds its rows to an upstream model's page this way (fraud checks on a
    refund), so the upstream admin never imports it and nobody edits another app's admin.
    """
    label = (model if isinstance(model, str) else model._meta.label).lower()
    inlines = _registered_inlines.setdefault(label, [])
    if inline not in inlines:
        inlines.append(inline)
    return inline


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model's admin shows its change history (who, when, what, why)."""

    history_list_display = ["history_change_reason"]

    def __init__(self, model, admin_site):
        # A proxy (a review queue) has no history of its own; simple-history's pages look the
        # manager up on the proxy's options, so they read its concrete model's.
        opts, concrete = model._meta, model._meta.concrete_model._meta
        if opts.proxy and hasattr(concrete, "simple_history_manager_attribute"):
            opts.simple_history_manager_attribute = concrete.simple_history_manager_attribute
        super().__init__(model, admin_site)

    def get_history_list_display(self, request):
        # The history page has a column of its own for the reason: shown once.
        return [
            name
            for name in super().get_history_list_display(request)
            if name != "history_change_reason"
        ]

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            (name, self._column_label(name)) for name in self.get_history_list_display(request)
        ]
        extra_context = {**(extra_context or {}), "history_columns": columns}
        return super().history_view(request, object_id, extra_context)

    def _column_label(self, name: str) -> str:
        try:
            return self.model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            return getattr(getattr(self, name, None), "short_description", name)

    def get_inlines(self, request, obj):
        registered = _registered_inlines.get(self.model._meta.label_lower, [])
        return [*super().get_inlines(request, obj), *registered]

    def get_object(self, request, object_id, from_field=None):
        # A row outside this user's queryset is not there for them: a plain 404, not the
        # admin's "perhaps it was deleted?" redirect, which would confirm that it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def scope_history(self, request, records):
        """The historical records this user may read: those of rows in their queryset."""
        if request.user.is_superuser:
            return records
        return records.filter(
            **{f"{self.model._meta.pk.attname}__in": self.get_queryset(request).values("pk")}
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history falls back to the history rows when the object is not in the
        # queryset (a deleted row); scoped here, so that fallback shows nothing of others.
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.scope_history(request, records)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        records = history.filter(
            **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}
        )
        if not self.scope_history(request, records).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class MerchantScopedAdmin(HistoryAdmin):
    """Staff see and touch only the rows of the merchants they are assigned to.

    `merchant_field` is the lookup path from the model to its merchant. The queryset
    filter covers the changelist, change pages by URL (404), search, history, exports
    and the autocomplete views, which all start from `get_queryset`.

    `global_rows = True` is for models whose rows without a merchant apply to every
    merchant (a global rule, template or blocklist entry; `merchant_field` is then the
    model's own nullable foreign key): every staff user reads them, since they act on their
    merchants too, but only a superuser changes or deletes one, and anybody else must pick
    one of their merchants for a new row.
    """

    merchant_field = "merchant"
    global_rows = False

    def _scoped(self, request, rows):
        if request.user.is_superuser:
            return rows
        mine = Merchant.objects.for_user(request.user).values("pk")
        scope = Q(**{f"{self.merchant_field}__in": mine})
        if self.global_rows:
            # NULL is in no list: without this the global rows would drop out.
            scope |= Q(**{f"{self.merchant_field}__isnull": True})
        return rows.filter(scope)

    def get_queryset(self, request):
        return self._scoped(request, super().get_queryset(request))

    def scope_history(self, request, records):
        # By the merchant the row had, so the history of a deleted row stays readable.
        return self._scoped(request, records)

    def _is_global(self, obj) -> bool:
        if not self.global_rows or obj is None:
            return False
        return getattr(obj, self.model._meta.get_field(self.merchant_field).attname) is None

    def has_change_permission(self, request, obj=None):
        if self._is_global(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_global(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if self.global_rows and not request.user.is_superuser:
            field = form.base_fields.get(self.merchant_field)
            if field is not None:
                field.required = True
                # The field's help says "empty means every merchant", not open to this user.
                field.help_text = ""
        return form

    def get_list_filter(self, request):
        # The stock filter on a foreign key lists every merchant (customer, ...) there is;
        # offer only those of the rows this user sees.
        list_filter = super().get_list_filter(request)
        if request.user.is_superuser:
            return list_filter
        return [
            (item, admin.RelatedOnlyFieldListFilter)
            if isinstance(item, str) and "__" not in item and self._is_relation(item)
            else item
            for item in list_filter
        ]

    def _is_relation(self, name: str) -> bool:
        try:
            return self.model._meta.get_field(name).is_relation
        except FieldDoesNotExist:
            return False

    def _scope_choices(self, db_field, request, field):
        if request.user.is_superuser or field is None:
            return field
        related = db_field.related_model
        if related is Merchant:
            field.queryset = field.queryset.filter(staff=request.user)
        elif any(f.name == "merchant" for f in related._meta.fields):
            field.queryset = field.queryset.filter(merchant__staff=request.user)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scope_choices(db_field, request, field)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scope_choices(db_field, request, field)


class ReadOnlyAdminMixin:
    """Rows written only by the services (checks, outbox, reports): viewed, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@dataclass(frozen=True)
class TransitionAction:
    """A state-machine step offered as a button on an object's admin page.

    `perform(obj, actor=..., reason=..., **extra)` calls the service; `form` adds the fields
    the step needs (a carrier, an alternative); a reason is asked for always and required
    where `reason_required`. `obstacle(obj, user)` adds the rules django-fsm cannot see
    (four eyes, limits): it returns why the service would refuse the step, or "" / None; the
    button shows only when there is none, and the page says why where the button would be.
    `facts(obj)` lists (label, value) pairs the confirmation page shows before the click.
    """

    name: str
    label: str
    perform: Callable[..., object]
    form: type[forms.Form] | None = None
    reason_required: bool = False
    dangerous: bool = False
    obstacle: Callable[[object, object], str | None] | None = None
    facts: Callable[[object], list[tuple[str, object]]] | None = None

    def refusal(self, obj, user) -> str:
        """Why `user` may not take this step on `obj` now; "" when they may."""
        return str(self.obstacle(obj, user) or "") if self.obstacle else ""


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
        required=False,
    )

    def __init__(self, *args, obj=None, **kwargs):
        # `obj` is the object the step is taken on, for a step form whose choices depend on it.
        super().__init__(*args, **kwargs)


class TransitionAdminMixin:
    """Buttons for exactly the transitions this user may take now, each behind a confirmation.

    The buttons come from django-fsm's available user transitions, so both the source state
    and the transition's `permission=` decide, narrowed by each action's `allowed`; the step
    itself always runs through a service.
    """

    transition_actions: list[TransitionAction] = []
    state_field = "status"
    change_form_template = "admin/transition_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def available_transition_actions(
        self, request, obj, *, narrowed: bool = True
    ) -> list[TransitionAction]:
        """The steps for buttons; `narrowed=False` skips `allowed`, so that a step posted
        anyway reaches its service and the user reads the service's own refusal."""
        return [
            action
            for action in self._fsm_actions(request, obj)
            if not narrowed or not action.refusal(obj, request.user)
        ]

    def _fsm_actions(self, request, obj) -> list[TransitionAction]:
        available_names = {
            transition.name
            for transition in getattr(obj, f"get_available_user_{self.state_field}_transitions")(
                request.user
            )
        }
        return [action for action in self.transition_actions if action.name in available_names]

    def transition_refusals(self, request, obj) -> list[dict]:
        """The steps django-fsm offers but a rule refuses (four eyes), each with the reason."""
        refusals = []
        for action in self._fsm_actions(request, obj):
            why = action.refusal(obj, request.user)
            if why:
                refusals.append({"action": action, "why": why})
        return refusals

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            opts = self.model._meta
            context["transition_buttons"] = [
                {
                    "action": action,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_transition",
                        args=[obj.pk, action.name],
                    ),
                }
                for action in self.available_transition_actions(request, obj)
            ]
            context["transition_refusals"] = self.transition_refusals(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, name):
        obj = self.get_object(request, unquote(object_id))
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        action = next(
            (
                a
                for a in self.available_transition_actions(request, obj, narrowed=False)
                if a.name == name
            ),
            None,
        )
        if action is None:
            self.message_user(
                request,
                _("“%(step)s” is not open to you for %(object)s now.")
                % {"step": name, "object": obj},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        bases = (action.form, TransitionForm) if action.form else (TransitionForm,)
        form_class = type("StepForm", bases, {})
        # A step without fields posts nothing but the CSRF token (in tests, not even that).
        form = form_class(request.POST if request.method == "POST" else None, obj=obj)
        form.fields["reason"].required = action.reason_required
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            reason = data.pop("reason")
            try:
                action.perform(obj, actor=request.user, reason=reason, **data)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(object)s: %(step)s done.") % {"object": obj, "step": action.label},
                    messages.SUCCESS,
                )
                if not self.get_queryset(request).filter(pk=obj.pk).exists():
                    # The step took the object out of this list (an approved refund leaves
                    # the approval queue): back to the list, where the next one waits.
                    changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
                    return HttpResponseRedirect(reverse(changelist))
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(step)s: %(object)s") % {"step": action.label, "object": obj},
            "object": obj,
            "opts": opts,
            "action": action,
            "facts": action.facts(obj) if action.facts else [],
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/transition_confirm.html", context)


class ChildHistoryAdmin(ReadOnlyAdminMixin, MerchantScopedAdmin):
    """A row that lives on its parent's page (an order's lines, a refund's lines): changed
    there, not here. Its own page is reached from the parent's inline and shows the row
    read-only with its history, so an auditor sees how a line looked before."""

    def get_model_perms(self, request):
        return {}  # not listed on the admin index; the parent's page links to it
