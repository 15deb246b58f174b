"""The customer's status page: no login; a case reference with the order's e-mail address, or
the signed link from any e-mail, shows the case's timeline in the customer's language.

What it never shows: internal notes, staff names, change reasons, anything of another case.
What it never tells: whether a reference exists (a wrong e-mail reads like an unknown case).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_time
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import get_language_info, gettext_lazy, to_locale
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from returns.choices import CaseStatus, Resolution, ShipmentStatus
from returns.common.money import format_money
from returns.common.references import normalize_reference
from returns.models import ReturnCase
from returns.notifications import read_status_token, status_token
from returns.surveys import SurveyError, survey_is_open, survey_submit

# Guessing needs many tries: a handful per reference, a few dozen per address, then a pause.
LOOKUP_WINDOW = timedelta(minutes=15)
LOOKUPS_PER_IP = 20
LOOKUPS_PER_REFERENCE = 5

NOT_FOUND = gettext_lazy(
    "We could not find a return with this reference and e-mail address. Check both (the "
    "reference is in our e-mails, like R-7KQ4-M2XD) and try again."
)
TOO_MANY = gettext_lazy(
    "Too many attempts. For your security, please wait a quarter of an hour and try again."
)


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Case reference"),
        max_length=32,
        help_text=gettext_lazy("In our e-mails, for example R-7KQ4-M2XD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address used for the order"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with how we handled your return?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# Language


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _chosen_language(request: HttpRequest) -> str | None:
    code = (request.GET.get("lang") or request.POST.get("lang") or "").strip().lower()
    return code if code in _languages() else None


def _language_links(request: HttpRequest, current: str) -> list[dict]:
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": f"{request.path}?{urlencode({'lang': code})}",
                "current": code == current,
            }
        )
    return links


def _render(request, template: str, context: dict, *, language: str, status: int = 200):
    with translation.override(language):
        context = {
            **context,
            "language": language,
            "languages": _language_links(request, language),
        }
        response = render(request, template, context, status=status)
    response.headers["Content-Language"] = language
    # The page may carry a signed link: no search engine indexes it, no other site sees it
    # as a referrer (same-origin, not no-referrer: that would send "Origin: null" with forms).
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# Rate limits


def _client_ip(request: HttpRequest) -> str:
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        # Each trusted proxy appends the address it saw: the client is `hops` from the end;
        # whatever the client itself put in the header stands before that and is ignored.
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= hops and forwarded[-hops]:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _over_limit(scope: str, value: str, limit: int) -> bool:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"status-lookup:{scope}:{digest}"
    window = int(LOOKUP_WINDOW.total_seconds())
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


# Views


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """The form: reference and e-mail; a match goes on to the case's signed page."""
    language = _chosen_language(request) or translation.get_language() or settings.LANGUAGE_CODE
    if language not in _languages():
        language = settings.LANGUAGE_CODE
    error = ""
    status = 200
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        reference = normalize_reference(request.POST.get("reference", ""))[:32]
        if _over_limit("ip", _client_ip(request), LOOKUPS_PER_IP) or _over_limit(
            "reference", reference, LOOKUPS_PER_REFERENCE
        ):
            error, status = TOO_MANY, 429
        else:
            case = _find_case(form, reference)
            if case is not None:
                url = reverse("status:case", kwargs={"token": status_token(case)})
                if _chosen_language(request):
                    url += "?" + urlencode({"lang": language})
                return HttpResponseRedirect(url)
            error, status = NOT_FOUND, 200
    return _render(
        request,
        "status/lookup.html",
        {"form": form, "error": error, "chosen_language": _chosen_language(request) or ""},
        language=language,
        status=status,
    )


def _find_case(form: LookupForm, reference: str) -> ReturnCase | None:
    if not form.is_valid():
        return None
    return (
        ReturnCase.objects.filter(
            reference=reference, customer__email__iexact=form.cleaned_data["email"].strip()
        )
        .select_related("customer")
        .first()
    )


def _case_from_token(token: str) -> ReturnCase | None:
    reference = read_status_token(token)
    if reference is None:
        return None
    return (
        ReturnCase.objects.select_related("merchant", "customer", "order")
        .filter(reference=reference)
        .first()
    )


def _link_expired(request: HttpRequest) -> HttpResponse:
    language = _chosen_language(request) or translation.get_language() or settings.LANGUAGE_CODE
    return _render(
        request,
        "status/lookup.html",
        {
            "form": LookupForm(),
            "error": _(
                "This link is not valid any more. Enter your case reference and e-mail "
                "address to see your return."
            ),
            "chosen_language": "",
        },
        language=language if language in _languages() else settings.LANGUAGE_CODE,
        status=404,
    )


@never_cache
@require_http_methods(["GET"])
def case_page(request: HttpRequest, token: str) -> HttpResponse:
    """The timeline of one case, from a signed link."""
    case = _case_from_token(token)
    if case is None:
        return _link_expired(request)
    return _case_response(request, case, token, survey_form=SurveyForm())


def _case_response(request, case: ReturnCase, token: str, *, survey_form, status: int = 200):
    language = _chosen_language(request) or case.customer.preferred_language
    with translation.override(language):
        context = {
            "case": case,
            "merchant_name": case.merchant.name,
            "status_label": CaseStatus(case.status).label,
            "opened_on": _when(case.opened_at, case.merchant.zone, language, time=False),
            "items": [
                {"name": line.order_line.product_name, "quantity": line.quantity}
                for line in case.lines.select_related("order_line")
            ],
            "timeline": case_timeline(case, language=language),
            "survey_open": survey_is_open(case),
            # The reverse one-to-one raises (an AttributeError) when there is no answer yet.
            "survey_answered": hasattr(case, "survey_response"),
            "survey_form": survey_form,
            "survey_url": reverse("status:survey", kwargs={"token": token}),
            "thanks": request.GET.get("thanks") == "1",
            "chosen_language": _chosen_language(request) or "",
        }
    return _render(request, "status/case.html", context, language=language, status=status)


@never_cache
@require_POST
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The follow-up survey's answer; a second one shows the thank-you and writes nothing."""
    case = _case_from_token(token)
    if case is None:
        return _link_expired(request)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _case_response(request, case, token, survey_form=form, status=400)
    try:
        survey_submit(
            case=case, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
    except SurveyError:
        return _case_response(request, case, token, survey_form=SurveyForm(), status=409)
    query = {"thanks": "1"}
    if _chosen_language(request):
        query["lang"] = _chosen_language(request)
    url = reverse("status:case", kwargs={"token": token})
    return HttpResponseRedirect(f"{url}?{urlencode(query)}#survey")


# The timeline


@dataclass
class TimelineEntry:
    at: datetime
    title: str
    when: str
    details: list[str] = field(default_factory=list)
    kind: str = "step"


def _when(moment: datetime, zone, language: str, *, time: bool = True) -> str:
    """A date (and time) as the customer reads it, in the merchant's time zone."""
    local = timezone.localtime(moment, zone)
    locale = Locale.parse(to_locale(language))
    day = format_date(local, "medium", locale=locale)
    if not time:
        return day
    return locale.datetime_formats["medium"].format(format_time(local, "short", locale=locale), day)


def _first_dates(history, field_name: str, values) -> dict[str, datetime]:
    """When each value of a state field first appeared, from the history rows (one query)."""
    dates: dict[str, datetime] = {}
    for value, date in (
        history.filter(**{f"{field_name}__in": list(values)})
        .order_by("history_date")
        .values_list(field_name, "history_date")
    ):
        dates.setdefault(value, date)
    return dates


def case_timeline(case: ReturnCase, *, language: str) -> list[TimelineEntry]:
    """What happened to the case, oldest first, in the active language: no names, no notes."""
    zone = case.merchant.zone
    entries: list[TimelineEntry] = []

    def add(at, title, details=(), kind="step"):
        if at is not None:
            entries.append(
                TimelineEntry(at, str(title), _when(at, zone, language), list(details), kind)
            )

    add(
        case.opened_at,
        _("We received your return request"),
        [_("Order %(number)s") % {"number": case.order.number}],
    )
    status_dates = _first_dates(
        case.history.all(),
        "status",
        [
            CaseStatus.AWAITING_ITEM,
            CaseStatus.ITEM_RECEIVED,
            CaseStatus.CLOSED,
            CaseStatus.CANCELLED,
        ],
    )
    add(
        status_dates.get(CaseStatus.AWAITING_ITEM),
        _("Waiting for your parcel"),
        [_("Please send the items back to the shop.")],
    )
    add(status_dates.get(CaseStatus.ITEM_RECEIVED), _("We received your parcel"))
    if case.resolved_at:
        add(case.resolved_at, *_decision(case, language), kind="decision")
    for shipment in case.shipments.all():
        if shipment.status == ShipmentStatus.TO_SHIP:
            continue
        details = []
        if shipment.carrier:
            details.append(_("Carrier: %(carrier)s") % {"carrier": shipment.carrier})
        if shipment.tracking_number:
            details.append(_("Tracking number: %(number)s") % {"number": shipment.tracking_number})
        add(shipment.shipped_at, _("Your replacement is on its way"), details)
        add(shipment.delivered_at, _("Your replacement was delivered"))
    for refund in case.refunds.all() if hasattr(case, "refunds") else ():
        amount = format_money(refund.amount, refund.currency, language)
        if refund.state == "paid":
            add(refund.paid_at, _("Refund paid"), [_("Amount: %(amount)s") % {"amount": amount}])
        elif refund.state == "rejected":
            rejected_at = _first_dates(refund.history.all(), "state", ["rejected"]).get("rejected")
            details = []
            if refund.decision_reason:
                details.append(_("Reason: %(reason)s") % {"reason": refund.decision_reason})
            if refund.alternative:
                details.append(
                    _("Offered instead: %(alternative)s")
                    % {"alternative": refund.get_alternative_display()}
                )
            add(rejected_at, _("Refund not granted"), details, kind="decision")
    for credit in case.store_credits.all() if hasattr(case, "store_credits") else ():
        add(
            credit.created_at,
            _("Store credit issued"),
            [
                _("Value: %(amount)s")
                % {"amount": format_money(credit.initial_value, credit.currency, language)},
                _("Code ending in %(last4)s (the full code is in our e-mail)")
                % {"last4": credit.code_last4},
                _("Valid until %(date)s")
                % {"date": _when(credit.expires_at, zone, language, time=False)},
            ],
        )
    add(status_dates.get(CaseStatus.CLOSED), _("Case closed"))
    add(status_dates.get(CaseStatus.CANCELLED), _("Return cancelled"))
    entries.sort(key=lambda entry: entry.at)
    return entries


def _decision(case: ReturnCase, language: str) -> tuple[str, list[str]]:
    resolution = case.resolution
    details: list[str] = []
    if resolution == Resolution.REPLACEMENT:
        title = _("Decision: we send you a replacement")
    elif resolution == Resolution.EXCHANGE:
        title = _("Decision: we send you an exchange")
    elif resolution == Resolution.REFUND:
        title = _("Decision: we refund you")
        refund = case.refunds.order_by("pk").first() if hasattr(case, "refunds") else None
        if refund is not None:
            details.append(
                _("Amount: %(amount)s")
                % {"amount": format_money(refund.amount, refund.currency, language)}
            )
    elif resolution == Resolution.STORE_CREDIT:
        title = _("Decision: you receive store credit")
    elif resolution == Resolution.REJECTED:
        title = _("Decision: we cannot accept this return")
        if case.rejection_reason:
            details.append(_("Reason: %(reason)s") % {"reason": case.rejection_reason})
    else:
        title = _("Decision made")
    return title, details
