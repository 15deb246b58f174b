"""The contact desk: one admin page to handle a customer contact from search to resolution.

The agent searches, picks the customer, opens a case on an order, reads the policy's
suggestion and resolves it while logging the contact: four page loads. Every change goes
through `returns.services`; this module only parses input and renders.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Lower, Replace
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from returns import services
from returns.choices import (
    CaseStatus,
    ContactChannel,
    ContactDirection,
    ItemCondition,
    PolicyOutcome,
    Resolution,
)
from returns.common.exceptions import DomainError
from returns.common.references import normalize_reference
from returns.exceptions import OverrideReasonRequired, RejectionReasonRequired
from returns.forms import ResolutionReasonsForm
from returns.models import (
    Customer,
    Merchant,
    Order,
    OrderLine,
    ResponseScript,
    ReturnCase,
    ReturnReason,
)
from returns.policy import days_since_delivery, suggest_resolution

PERMISSION = "returns.add_contact"
SEARCH_LIMIT = 20
ORDERS_SHOWN = 25
CASES_SHOWN = 25
# A start older than this is a desk left open overnight, not a contact: start again.
STALE_START = timedelta(hours=8)
_STARTED_SALT = "returns.desk.started"
UNRESOLVED = (CaseStatus.OPEN, CaseStatus.AWAITING_ITEM, CaseStatus.ITEM_RECEIVED)


# --- Handling time -------------------------------------------------------------------------


def started_token(at: datetime) -> str:
    """The contact's start, signed so that it travels through links and forms unchanged."""
    return signing.Signer(salt=_STARTED_SALT).sign(at.isoformat())


def started_from(token: str | None, *, now: datetime) -> datetime | None:
    """The start a token carries, or None when it is missing, forged, in the future or stale."""
    if not token:
        return None
    try:
        started = datetime.fromisoformat(signing.Signer(salt=_STARTED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    if started > now or now - started > STALE_START:
        return None
    return started


# --- Forms -----------------------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a customer"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autofocus": True,
                "accesskey": "s",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("E-mail, phone, order number or case reference"),
            }
        ),
    )


class ContactForm(forms.Form):
    """What the agent records about the contact itself."""

    merchant = forms.TypedChoiceField(label=_("Merchant"), coerce=int)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.PHONE
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=ContactDirection.choices, initial=ContactDirection.INBOUND
    )
    handling_seconds = forms.IntegerField(
        label=_("Handling time (s)"),
        required=False,
        min_value=1,
        max_value=24 * 3600,
        help_text=_("Counts from when the desk opened; left empty, the server measures it."),
        widget=forms.NumberInput(attrs={"data-desk-timer": "", "class": "desk-seconds"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-desk-summary": ""}),
    )

    def __init__(self, *args, merchants: list[Merchant] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if merchants is None:
            # The customer decides the merchant.
            del self.fields["merchant"]
        else:
            self.fields["merchant"].choices = [(m.pk, m.name) for m in merchants]

    def seconds(self, *, started: datetime, now: datetime) -> int:
        typed = self.cleaned_data.get("handling_seconds")
        if typed:
            return typed
        return max(1, int((now - started).total_seconds()))


class DecisionForm(ResolutionReasonsForm, ContactForm):
    """The decision on a case together with the contact in which it was taken."""

    resolution = forms.ChoiceField(label=_("Resolution"), required=False)
    field_order = ["resolution", "override_reason", "rejection_reason"]

    def __init__(self, *args, suggested: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["resolution"]
        field.choices = [("", _("— choose —")), *Resolution.choices]
        field.initial = suggested or ""
        field.widget.attrs["data-suggested"] = suggested or ""

    def clean_resolution(self):
        resolution = self.cleaned_data["resolution"]
        if self.data.get("action") == "resolve" and not resolution:
            raise forms.ValidationError(_("Choose a resolution."))
        return resolution


class OpenCaseForm(forms.Form):
    """The lines of one order the customer sends back: a tick, quantity, reason, condition."""

    def __init__(self, *args, order: Order, reasons: list[ReturnReason], **kwargs):
        super().__init__(*args, prefix=f"order-{order.pk}", **kwargs)
        self.order = order
        self.reasons = {reason.pk: reason for reason in reasons}
        reason_choices = [("", _("— reason —")), *((r.pk, r.label) for r in reasons)]
        condition_choices = [("", _("— condition —")), *ItemCondition.choices]
        self.line_keys = []
        for line in order.lines.all():
            if line.returnable < 1:
                continue
            key = f"line-{line.pk}"
            label = _("Return %(product)s") % {"product": line.product_name}
            self.fields[f"{key}-selected"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{key}-quantity"] = forms.IntegerField(
                label=_("Quantity"),
                required=False,
                initial=1,
                min_value=1,
                widget=forms.NumberInput(attrs={"max": line.returnable, "class": "desk-qty"}),
            )
            self.fields[f"{key}-reason"] = forms.TypedChoiceField(
                label=_("Reason"), choices=reason_choices, coerce=int, required=False
            )
            self.fields[f"{key}-condition"] = forms.ChoiceField(
                label=_("Condition"), choices=condition_choices, required=False
            )
            self.line_keys.append((line, key))

    def rows(self):
        """Per returnable line: the line and its four bound fields, for the template."""
        return [
            {
                "line": line,
                "selected": self[f"{key}-selected"],
                "quantity": self[f"{key}-quantity"],
                "reason": self[f"{key}-reason"],
                "condition": self[f"{key}-condition"],
            }
            for line, key in self.line_keys
        ]

    def clean(self):
        data = super().clean()
        chosen = 0
        for _line, key in self.line_keys:
            if not data.get(f"{key}-selected"):
                continue
            chosen += 1
            for part, message in (
                ("quantity", _("How many?")),
                ("reason", _("Choose a reason.")),
                ("condition", _("Choose the item's condition.")),
            ):
                if not data.get(f"{key}-{part}"):
                    self.add_error(f"{key}-{part}", message)
        if not chosen:
            raise forms.ValidationError(_("Tick at least one item to return."))
        return data

    def line_inputs(self) -> list[services.ReturnLineInput]:
        data = self.cleaned_data
        return [
            services.ReturnLineInput(
                order_line=line,
                quantity=data[f"{key}-quantity"],
                reason=self.reasons[data[f"{key}-reason"]],
                condition=data[f"{key}-condition"],
            )
            for line, key in self.line_keys
            if data.get(f"{key}-selected")
        ]


# --- Search ----------------------------------------------------------------------------------


@dataclass
class SearchHit:
    customer: Customer
    matched: str
    case_id: int | None = None
    url: str = ""


def _compact_phone(expression):
    for character in (" ", "-", "(", ")", "/", "."):
        expression = Replace(expression, Value(character), Value(""))
    return expression


def customers_search(text: str, merchants: QuerySet) -> list[SearchHit]:
    """Customers of `merchants` by e-mail (exact or prefix), phone, order number or case reference.

    Every key but the e-mail prefix and a reformatted phone is an indexed equality.
    """
    text = text.strip()
    if not text:
        return []
    hits: dict[int, SearchHit] = {}

    def add(customer, matched, case_id=None):
        hits.setdefault(customer.pk, SearchHit(customer, matched, case_id))

    customers = Customer.objects.filter(merchant__in=merchants).select_related("merchant")
    reference = normalize_reference(text)
    for case in ReturnCase.objects.filter(
        merchant__in=merchants, reference=reference
    ).select_related("customer__merchant"):
        add(case.customer, _("case %(reference)s") % {"reference": case.reference}, case.pk)
    numbers = {text, text.lstrip("#").strip(), text.lstrip("#").strip().upper()}
    for order in Order.objects.filter(merchant__in=merchants, number__in=numbers).select_related(
        "customer__merchant"
    ):
        add(order.customer, _("order %(number)s") % {"number": order.number})

    lowered = text.lower()
    by_email = customers.alias(email_lower=Lower("email"))
    found = list(by_email.filter(email_lower=lowered)[:SEARCH_LIMIT])
    if not found and len(lowered) >= 3 and " " not in lowered:
        found = list(by_email.filter(email_lower__startswith=lowered)[:SEARCH_LIMIT])
    for customer in found:
        add(customer, _("e-mail"))

    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 6:
        found = list(customers.filter(phone=text)[:SEARCH_LIMIT])
        if not found:
            compact = "".join(ch for ch in text if ch.isdigit() or ch == "+")
            found = list(
                customers.alias(phone_compact=_compact_phone("phone")).filter(
                    phone_compact=compact
                )[:SEARCH_LIMIT]
            )
        for customer in found:
            add(customer, _("phone"))
    return list(hits.values())[:SEARCH_LIMIT]


# --- The page --------------------------------------------------------------------------------


def desk_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    url = reverse("admin:returns_desk")
    return f"{url}?{query}" if query else url


class Desk:
    """One request to the desk: who asks, for which merchants, since when the contact runs."""

    def __init__(self, request: HttpRequest, model_admin):
        self.request = request
        self.model_admin = model_admin
        self.user = request.user
        self.now = timezone.now()
        self.merchants = Merchant.objects.for_user(self.user)
        source = request.POST if request.method == "POST" else request.GET
        self.started = started_from(source.get("started"), now=self.now) or self.now
        self.token = started_token(self.started)

    # Scoped look-ups: another merchant's row is not there (404), whatever its id.

    def customer(self, pk) -> Customer:
        queryset = Customer.objects.filter(merchant__in=self.merchants).select_related("merchant")
        return get_object_or_404(queryset, pk=_id(pk))

    def case(self, customer: Customer, pk) -> ReturnCase:
        queryset = ReturnCase.objects.filter(customer=customer).select_related(
            "merchant", "order", "customer", "resolved_by", "opened_by"
        )
        return get_object_or_404(queryset, pk=_id(pk))

    def order(self, customer: Customer, pk) -> Order:
        return get_object_or_404(_orders(customer), pk=_id(pk))

    # GET

    def get(self) -> HttpResponse:
        search_form = SearchForm(self.request.GET)
        hits = []
        query = ""
        if search_form.is_valid():
            query = search_form.cleaned_data["q"]
        customer_id = self.request.GET.get("customer")
        if query and not customer_id:
            hits = customers_search(query, self.merchants)
            if len(hits) == 1:
                # One match: straight to the customer, one page load saved.
                hit = hits[0]
                return HttpResponseRedirect(self.url(customer=hit.customer.pk, case=hit.case_id))
            for hit in hits:
                hit.url = self.url(customer=hit.customer.pk, case=hit.case_id)
        customer = self.customer(customer_id) if customer_id else None
        case = None
        if customer is not None and self.request.GET.get("case"):
            case = self.case(customer, self.request.GET["case"])
        return self.render(
            search_form=SearchForm(initial={"q": query}) if not customer else SearchForm(),
            hits=hits,
            searched=bool(query),
            customer=customer,
            case=case,
        )

    # POST

    def post(self) -> HttpResponse:
        action = self.request.POST.get("action")
        customer_id = self.request.POST.get("customer")
        customer = self.customer(customer_id) if customer_id else None
        if action == "open_case" and customer is not None:
            return self.open_case(customer)
        if action in ("resolve", "log_contact") and customer is not None:
            case_id = self.request.POST.get("case")
            case = self.case(customer, case_id) if case_id else None
            if action == "resolve" and case is not None:
                return self.resolve(customer, case)
            return self.log_contact(customer=customer, case=case)
        if action == "log_contact":
            return self.log_contact(customer=None, case=None)
        raise Http404

    def open_case(self, customer: Customer) -> HttpResponse:
        order = self.order(customer, self.request.POST.get("order"))
        form = OpenCaseForm(self.request.POST, order=order, reasons=self.reasons(customer))
        if form.is_valid():
            try:
                with transaction.atomic():
                    case = services.case_open(
                        actor=self.user, order=order, lines=form.line_inputs()
                    )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    self.request,
                    _("Case %(reference)s opened on order %(order)s.")
                    % {"reference": case.reference, "order": order.number},
                )
                return HttpResponseRedirect(self.url(customer=customer.pk, case=case.pk))
        messages.error(self.request, _("The case was not opened; see the order's form."))
        return self.render(customer=customer, open_form=form)

    def resolve(self, customer: Customer, case: ReturnCase) -> HttpResponse:
        suggestion = suggest_resolution(case)
        form = DecisionForm(
            self.request.POST, suggested=services.SUGGESTED_RESOLUTION.get(suggestion.outcome)
        )
        if form.is_valid():
            data = form.cleaned_data
            seconds = form.seconds(started=self.started, now=self.now)
            try:
                # The decision and the contact it was taken in: both or neither.
                with transaction.atomic():
                    case = services.case_resolve(
                        case=case,
                        actor=self.user,
                        resolution=data["resolution"],
                        override_reason=data["override_reason"],
                        rejection_reason=data["rejection_reason"],
                    )
                    services.contact_log(
                        actor=self.user,
                        merchant=customer.merchant,
                        customer=customer,
                        case=case,
                        channel=data["channel"],
                        direction=data["direction"],
                        started_at=self.started,
                        handling_seconds=seconds,
                        summary=data["summary"],
                    )
            except OverrideReasonRequired as error:
                form.add_error("override_reason", error.message)
            except RejectionReasonRequired as error:
                form.add_error("rejection_reason", error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    self.request,
                    _(
                        "Case %(reference)s resolved as %(resolution)s; contact logged "
                        "(%(seconds)s s)."
                    )
                    % {
                        "reference": case.reference,
                        "resolution": case.get_resolution_display().lower(),
                        "seconds": seconds,
                    },
                )
                return HttpResponseRedirect(
                    self.url(customer=customer.pk, case=case.pk, fresh=True)
                )
        messages.error(self.request, _("Nothing was saved; correct the decision below."))
        return self.render(customer=customer, case=case, decision_form=form)

    def log_contact(self, *, customer: Customer | None, case: ReturnCase | None) -> HttpResponse:
        merchants = None if customer else list(self.merchants)
        form = ContactForm(self.request.POST, merchants=merchants)
        if form.is_valid():
            data = form.cleaned_data
            merchant = customer.merchant if customer else self._merchant(data["merchant"])
            seconds = form.seconds(started=self.started, now=self.now)
            try:
                with transaction.atomic():
                    services.contact_log(
                        actor=self.user,
                        merchant=merchant,
                        customer=customer,
                        case=case,
                        channel=data["channel"],
                        direction=data["direction"],
                        started_at=self.started,
                        handling_seconds=seconds,
                        summary=data["summary"],
                    )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    self.request,
                    _("Contact logged (%(seconds)s s).") % {"seconds": seconds},
                )
                return HttpResponseRedirect(
                    self.url(
                        customer=customer.pk if customer else None,
                        case=case.pk if case else None,
                        fresh=True,
                    )
                )
        messages.error(self.request, _("The contact was not logged; see the form."))
        return self.render(customer=customer, case=case, contact_form=form)

    def _merchant(self, pk: int) -> Merchant:
        return get_object_or_404(self.merchants, pk=pk)

    # Rendering

    def url(self, *, fresh: bool = False, **params) -> str:
        """A desk URL in this contact (the same start), or in a new one when `fresh`."""
        return desk_url(**params, started=None if fresh else self.token)

    def reasons(self, customer: Customer) -> list[ReturnReason]:
        return list(ReturnReason.objects.filter(merchant_id=customer.merchant_id, is_active=True))

    def render(
        self,
        *,
        customer: Customer | None = None,
        case: ReturnCase | None = None,
        search_form: SearchForm | None = None,
        hits=(),
        searched: bool = False,
        open_form: OpenCaseForm | None = None,
        decision_form: DecisionForm | None = None,
        contact_form: ContactForm | None = None,
    ) -> TemplateResponse:
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "title": _("Contact desk"),
            "opts": ReturnCase._meta,
            "is_nav_sidebar_enabled": False,
            "search_form": search_form or SearchForm(),
            "hits": hits,
            "searched": searched,
            "started_token": self.token,
            "elapsed": max(0, int((self.now - self.started).total_seconds())),
            "customer": customer,
            "case": case,
            "reset_url": desk_url(),
        }
        if customer is None:
            context["contact_form"] = contact_form or ContactForm(merchants=list(self.merchants))
            return TemplateResponse(self.request, "admin/returns/desk.html", context)

        merchant = customer.merchant
        reasons = self.reasons(customer)
        orders = list(_orders(customer).order_by("-placed_at")[:ORDERS_SHOWN])
        for order in orders:
            order.days = days_since_delivery(merchant, order.delivered_at, self.now)
            order.in_window = order.days is None or order.days <= merchant.return_window_days
            if open_form is not None and open_form.order.pk == order.pk:
                order.form = open_form
            else:
                order.form = OpenCaseForm(order=order, reasons=reasons)
        cases = list(customer.cases.select_related("order").order_by("-opened_at")[:CASES_SHOWN])
        for listed in cases:
            listed.desk_url = self.url(customer=customer.pk, case=listed.pk)
        context.update(
            {
                "orders": orders,
                "orders_total": customer.orders.count() if len(orders) == ORDERS_SHOWN else None,
                "cases": cases,
                "scripts": _scripts(merchant, customer.preferred_language),
                "customer_url": self.url(customer=customer.pk),
                "open_form_error": open_form is not None,
            }
        )
        if case is not None:
            context.update(self._case_context(case, decision_form, contact_form))
        else:
            context["contact_form"] = contact_form or ContactForm()
        if open_form is not None and open_form.line_keys:
            # Back with errors: the keyboard (and the scroll) goes to the form at fault.
            context["search_form"].fields["q"].widget.attrs.pop("autofocus", None)
            _line, key = open_form.line_keys[0]
            open_form.fields[f"{key}-selected"].widget.attrs["autofocus"] = True
        if "decision_form" in context:
            # A case waits for its decision: the keyboard starts there, not in the search.
            context["search_form"].fields["q"].widget.attrs.pop("autofocus", None)
            context["decision_form"].fields["resolution"].widget.attrs["autofocus"] = True
        return TemplateResponse(self.request, "admin/returns/desk.html", context)

    def _case_context(self, case, decision_form, contact_form) -> dict:
        lines = list(case.lines.select_related("order_line", "reason"))
        context = {
            "case_lines": lines,
            "shipments": list(case.shipments.all()),
            "case_admin_url": reverse("admin:returns_returncase_change", args=[case.pk]),
            "case_open": case.status in UNRESOLVED,
        }
        if case.status in UNRESOLVED:
            suggestion = suggest_resolution(case)
            suggested = services.SUGGESTED_RESOLUTION.get(suggestion.outcome)
            context.update(
                {
                    "suggestion": suggestion,
                    "suggested_label": PolicyOutcome(suggestion.outcome).label,
                    "needs_supervisor": suggestion.outcome == PolicyOutcome.NEEDS_SUPERVISOR
                    or not suggestion.inside_policy,
                    "decision_form": decision_form or DecisionForm(suggested=suggested),
                }
            )
        else:
            context["contact_form"] = contact_form or ContactForm()
        return context


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _orders(customer: Customer) -> QuerySet:
    """The customer's orders, each line with how many of it may still be returned."""
    taken = Coalesce(
        Sum(
            "return_lines__quantity",
            filter=~Q(return_lines__case__status=CaseStatus.CANCELLED),
        ),
        0,
        output_field=IntegerField(),
    )
    lines = (
        OrderLine.objects.annotate(taken=taken)
        .annotate(returnable=F("quantity") - F("taken"))
        .order_by("id")
    )
    return customer.orders.prefetch_related(Prefetch("lines", queryset=lines))


def _scripts(merchant: Merchant, language: str) -> list[dict]:
    """The merchant's active response scripts, in the customer's language."""
    with translation.override(language):
        return [
            {"pk": script.pk, "title": script.title, "body": script.body}
            for script in ResponseScript.objects.filter(merchant=merchant, is_active=True)
        ]


def desk_view(request, model_admin):
    """The contact desk; agents and supervisors (whoever may log contacts) only."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    desk = Desk(request, model_admin)
    if request.method == "POST":
        return desk.post()
    return desk.get()
