"""The desk's page: the `Desk` request handler and the admin view that runs it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from returns import services
from returns.choices import CaseStatus, PolicyOutcome
from returns.common.exceptions import DomainError
from returns.desk.clock import started_from, started_token
from returns.desk.forms import ContactForm, DecisionForm, OpenCaseForm, SearchForm
from returns.desk.outcome import case_result, case_route, moment
from returns.desk.queries import customer_orders, customers_search, response_scripts
from returns.exceptions import OverrideReasonRequired, RejectionReasonRequired
from returns.models import Contact, Customer, Merchant, Order, ReturnCase, ReturnReason
from returns.policy import days_since_delivery, suggest_resolution

PERMISSION = "returns.add_contact"
ORDERS_SHOWN = 25
CASES_SHOWN = 25
UNRESOLVED = (CaseStatus.OPEN, CaseStatus.AWAITING_ITEM, CaseStatus.ITEM_RECEIVED)


def desk_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    url = reverse("admin:returns_desk")
    return f"{url}?{query}" if query else url


class Desk:
    """One request to the desk: who asks, for which merchants, since when the contact runs.

    A contact starts with the first action on its customer (a search, a pick, a form sent),
    not when a page loads: an idle desk and a decision's result page have no running clock.
    """

    def __init__(self, request: HttpRequest, model_admin):
        self.request = request
        self.model_admin = model_admin
        self.user = request.user
        self.now = timezone.now()
        self.merchants = Merchant.objects.for_user(self.user)
        source = request.POST if request.method == "POST" else request.GET
        self.started = started_from(source.get("started"), now=self.now)
        if self.started is None and self._is_action():
            self.started = self.now
        self.token = started_token(self.started) if self.started else ""

    def _is_action(self) -> bool:
        if self.request.method == "POST":
            return True
        query = self.request.GET
        return not query.get("done") and bool(query.get("q", "").strip() or query.get("customer"))

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
        return get_object_or_404(customer_orders(customer), pk=_id(pk))

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
        done = None
        if case is not None and self.request.GET.get("done"):
            done = Contact.objects.filter(case=case, pk=_id(self.request.GET["done"])).first()
        return self.render(
            search_form=SearchForm(initial={"q": query}) if not customer else SearchForm(),
            hits=hits,
            searched=bool(query),
            customer=customer,
            case=case,
            done=done,
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
                case = services.case_open(actor=self.user, order=order, lines=form.line_inputs())
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
        form = DecisionForm(self.request.POST, methods=case.merchant.refund_methods, case=case)
        if form.is_valid():
            data = form.cleaned_data
            seconds = form.seconds(started=self.started, now=self.now)
            try:
                contact = services.contact_resolve(
                    actor=self.user,
                    case=case,
                    resolution=data["resolution"],
                    override_reason=data["override_reason"],
                    rejection_reason=data["rejection_reason"],
                    **form.refund_choices(),
                    rejection_choice=data["rejection_choice"],
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
                case = contact.case
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
                # The contact ends here: its result page runs no clock.
                return HttpResponseRedirect(
                    self.url(customer=customer.pk, case=case.pk, done=contact.pk, fresh=True)
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
        done: Contact | None = None,
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
            "elapsed": (
                max(0, int((self.now - self.started).total_seconds())) if self.started else ""
            ),
            "customer": customer,
            "case": case,
            "reset_url": desk_url(),
        }
        if customer is None:
            context["contact_form"] = contact_form or ContactForm(merchants=list(self.merchants))
            return TemplateResponse(self.request, "admin/returns/desk.html", context)

        merchant = customer.merchant
        reasons = self.reasons(customer)
        orders = list(customer_orders(customer).order_by("-placed_at")[:ORDERS_SHOWN])
        for order in orders:
            order.days = days_since_delivery(merchant, order.delivered_at, self.now)
            order.in_window = order.days is None or order.days <= merchant.return_window_days
            order.placed_label = moment(order.placed_at, merchant, time=False)
            if open_form is not None and open_form.order.pk == order.pk:
                order.form = open_form
            else:
                order.form = OpenCaseForm(order=order, reasons=reasons)
        cases = list(customer.cases.select_related("order").order_by("-opened_at")[:CASES_SHOWN])
        for listed in cases:
            listed.desk_url = self.url(customer=customer.pk, case=listed.pk)
            listed.opened_label = moment(listed.opened_at, merchant, time=False)
        context.update(
            {
                "orders": orders,
                "orders_total": customer.orders.count() if len(orders) == ORDERS_SHOWN else None,
                "cases": cases,
                "scripts": response_scripts(merchant, customer.preferred_language),
                "customer_url": self.url(customer=customer.pk),
                "open_form_error": open_form is not None,
            }
        )
        if case is not None:
            context.update(self._case_context(case, decision_form, contact_form, done))
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

    def _case_context(self, case, decision_form, contact_form, done) -> dict:
        lines = list(case.lines.select_related("order_line", "reason"))
        context = {
            "case_lines": lines,
            "shipments": list(case.shipments.all()),
            "case_admin_url": reverse("admin:returns_returncase_change", args=[case.pk]),
            "case_open": case.status in UNRESOLVED,
            "case_opened_label": moment(case.opened_at, case.merchant),
        }
        if case.status in UNRESOLVED:
            suggestion = suggest_resolution(case)
            route = case_route(case, lines, suggestion, user=self.user)
            form = decision_form or DecisionForm(
                suggested=route.expected,
                methods=case.merchant.refund_methods,
                account_holder=case.customer.name,
                case=case,
            )
            # Departing from this one needs a reason; the page marks the field when it does.
            form.fields["resolution"].widget.attrs["data-suggested"] = route.expected or ""
            context.update(
                {
                    "suggestion": suggestion,
                    "suggested_label": PolicyOutcome(suggestion.outcome).label,
                    "route": route,
                    "decision_form": form,
                }
            )
        else:
            context.update(case_result(case, contact=done))
            context["contact_form"] = contact_form or ContactForm()
        return context


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def desk_view(request, model_admin):
    """The contact desk; agents and supervisors (whoever may log contacts) only."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    desk = Desk(request, model_admin)
    if request.method == "POST":
        return desk.post()
    return desk.get()
