"""The customer's status page: lookup, signed link, the timeline, privacy, rate limits, survey."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from returns.choices import CaseStatus, Resolution, ShipmentStatus
from returns.models import ReturnCase, Shipment, SurveyResponse
from returns.notifications.links import status_token
from returns.public.forms import NOT_FOUND
from returns.public.limits import LOOKUPS_PER_IP, LOOKUPS_PER_REFERENCE
from tests.factories import ReturnCaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LOOKUP = reverse("status:lookup")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(merchant):
    case = ReturnCaseFactory(
        merchant=merchant,
        order__merchant=merchant,
        order__customer__preferred_language="de",
        order__customer__email="Kundin@Example.org",
    )
    return case


def case_url(case, **query):
    url = reverse("status:case", kwargs={"token": status_token(case)})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def resolve(case, *, resolution=Resolution.REPLACEMENT, by=None, days_ago=0):
    ReturnCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now() - timedelta(days=days_ago),
        resolved_by=by,
    )
    case.refresh_from_db()
    return case


def test_the_reference_and_e_mail_lead_to_the_signed_page(client, case):
    response = client.post(
        LOOKUP,
        {"reference": case.reference.lower().replace("-", " "), "email": "kundin@example.org"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/status/c/")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert '<html lang="de">' in page.content.decode()


def test_a_wrong_e_mail_reads_exactly_like_an_unknown_reference(client, case, other_merchant):
    other = ReturnCaseFactory(merchant=other_merchant, order__merchant=other_merchant)
    wrong_email = client.post(LOOKUP, {"reference": case.reference, "email": "x@example.org"})
    unknown = client.post(LOOKUP, {"reference": "R-2222-3333", "email": "kundin@example.org"})
    other_customer = client.post(
        LOOKUP, {"reference": other.reference, "email": "kundin@example.org"}
    )
    garbage = client.post(LOOKUP, {"reference": "", "email": "not an address"})

    pages = [wrong_email, unknown, other_customer, garbage]
    assert {page.status_code for page in pages} == {200}
    assert all(page.context["error"] == NOT_FOUND for page in pages)
    # The same page, byte for byte, apart from the form's own echo of what was typed.
    assert case.reference not in unknown.content.decode()


def test_lookups_are_limited_per_reference(client, case):
    for attempt in range(LOOKUPS_PER_REFERENCE):
        response = client.post(
            LOOKUP,
            {"reference": case.reference, "email": f"guess{attempt}@example.org"},
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
        assert response.status_code == 200
    blocked = client.post(
        LOOKUP,
        {"reference": case.reference, "email": "kundin@example.org"},
        REMOTE_ADDR="10.0.1.1",
    )
    assert blocked.status_code == 429
    assert "/status/c/" not in blocked.get("Location", "")


def test_lookups_are_limited_per_address(client, case):
    for attempt in range(LOOKUPS_PER_IP):
        client.post(LOOKUP, {"reference": f"R-AAAA-{attempt:04d}", "email": "a@example.org"})
    blocked = client.post(LOOKUP, {"reference": case.reference, "email": "kundin@example.org"})
    assert blocked.status_code == 429
    elsewhere = client.post(
        LOOKUP,
        {"reference": case.reference, "email": "kundin@example.org"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert elsewhere.status_code == 302


def test_a_forged_or_tampered_link_shows_the_lookup_form(client, case):
    token = status_token(case)
    response = client.get(reverse("status:case", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404
    assert case.reference not in response.content.decode()
    assert response.context["form"] is not None


def test_the_timeline_shows_decision_shipment_and_tracking_but_no_staff_or_notes(
    client, case, supervisor
):
    supervisor.first_name, supervisor.last_name = "Samira", "Vorgesetzte"
    supervisor.save()
    ReturnCase.objects.filter(pk=case.pk).update(note="INTERN: Kunde ist schwierig")
    resolve(case, by=supervisor)
    Shipment.objects.create(
        merchant=case.merchant,
        case=case,
        status=ShipmentStatus.SHIPPED,
        carrier="DHL",
        tracking_number="JD014600009999",
        shipped_at=timezone.now(),
    )

    page = client.get(case_url(case)).content.decode()

    assert "JD014600009999" in page and "DHL" in page
    assert "Samira" not in page and "Vorgesetzte" not in page
    assert supervisor.username not in page
    assert "INTERN" not in page and "schwierig" not in page


def test_the_refund_amount_is_formatted_in_the_page_language(client, case, agent):
    from tests.refunds.factories import RefundFactory

    resolve(case, resolution=Resolution.REFUND)
    RefundFactory(
        case=case,
        merchant=case.merchant,
        order=case.order,
        amount=Decimal("1234.50"),
        requested_by=agent,
    )

    german = client.get(case_url(case)).content.decode()
    english = client.get(case_url(case, lang="en")).content.decode()

    assert "1.234,50\xa0€" in german
    assert "€1,234.50" in english


def test_the_page_is_in_the_customers_language_with_a_switcher(client, case):
    page = client.get(case_url(case))
    assert page["Content-Language"] == "de"
    switched = client.get(case_url(case, lang="fr"))
    assert '<html lang="fr">' in switched.content.decode()
    assert switched["Content-Language"] == "fr"
    links = {item["code"] for item in switched.context["languages"]}
    assert len(links) == 24
    ignored = client.get(case_url(case, lang="xx"))
    assert '<html lang="de">' in ignored.content.decode()


def test_the_page_is_not_cached_and_not_indexed(client, case):
    response = client.get(case_url(case))
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_survey_is_answered_once(client, case):
    resolve(case)
    url = reverse("status:survey", kwargs={"token": status_token(case)})

    first = client.post(url, {"score": "4", "comment": "Schnell und freundlich."})
    second = client.post(url, {"score": "1", "comment": "Changed my mind"})

    assert first.status_code == second.status_code == 302
    answer = SurveyResponse.objects.get(case=case)
    assert (answer.score, answer.comment) == (4, "Schnell und freundlich.")
    page = client.get(first["Location"])
    assert page.context["survey_answered"]
    assert 'name="score"' not in page.content.decode()


def test_the_survey_refuses_a_score_outside_1_to_5(client, case):
    resolve(case)
    url = reverse("status:survey", kwargs={"token": status_token(case)})
    response = client.post(url, {"score": "9"})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_the_survey_waits_for_the_decision(client, case):
    url = reverse("status:survey", kwargs={"token": status_token(case)})
    response = client.post(url, {"score": "5"})
    assert response.status_code == 409
    assert not SurveyResponse.objects.exists()
    assert 'name="score"' not in client.get(case_url(case)).content.decode()


def test_the_status_page_needs_no_login_and_loads_no_outside_asset(client, case):
    UserFactory(username="someone")
    page = client.get(case_url(case)).content.decode()
    assert "http://" not in page.replace('xmlns="http://', "") and "https://" not in page
    assert "<script" not in page
