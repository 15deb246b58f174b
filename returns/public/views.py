"""The customer's status page: no login; a case reference with the order's e-mail address, or
the signed link from any e-mail, shows the case's timeline in the customer's language.

What it never shows: internal notes, staff names, change reasons, anything of another case.
What it never tells: whether a reference exists (a wrong e-mail reads like an unknown case).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from returns.choices import CaseStatus
from returns.common.dates import format_moment
from returns.common.references import normalize_reference
from returns.models import ReturnCase, SurveyResponse
from returns.notifications.links import read_status_token, status_token
from returns.public.forms import NOT_FOUND, TOO_MANY, LookupForm, SurveyForm
from returns.public.limits import LOOKUPS_PER_IP, LOOKUPS_PER_REFERENCE, client_ip, over_limit
from returns.public.survey import SurveyError, survey_is_open, survey_submit
from returns.public.timeline import case_timeline

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
        if over_limit("ip", client_ip(request), LOOKUPS_PER_IP) or over_limit(
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
            "opened_on": format_moment(case.opened_at, case.merchant.zone, language, time=False),
            "items": [
                {"name": line.order_line.product_name, "quantity": line.quantity}
                for line in case.lines.select_related("order_line")
            ],
            "timeline": case_timeline(case, language=language),
            "survey_open": survey_is_open(case),
            "survey_answered": SurveyResponse.objects.filter(case=case).exists(),
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
