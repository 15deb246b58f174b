"""The customer's status page in a real browser: German from the signed link, the lookup's
single answer for every miss, no serious accessibility violation, a phone-sized screenshot."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from returns.choices import CaseStatus, ItemCondition, Resolution, ShipmentStatus
from returns.models import ReturnCase, ReturnCaseLine, Shipment
from returns.notifications.links import status_token
from tests.factories import (
    MerchantFactory,
    OrderLineFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

SCREENSHOT = settings.BASE_DIR / "var" / "screenshots" / "status-page-390.png"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session", autouse=True)
def german_catalog():
    """The page's German strings come from locale/de (compiled output is not committed)."""
    from django.utils.translation import trans_real

    call_command("compilemessages", locale=["de"], ignore=[".venv", "var"], verbosity=0)
    # A catalog loaded before the compilation would lack the strings: load afresh.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def german_case() -> ReturnCase:
    merchant = MerchantFactory(
        slug="hausgeraete-nord",
        name="Hausgeräte Nord",
        support_email="service@hausgeraete-nord.example",
    )
    case = ReturnCaseFactory(
        merchant=merchant,
        order__merchant=merchant,
        order__number="HA-1042",
        order__customer__name="Jana Schneider",
        order__customer__email="jana.schneider@example.de",
        order__customer__preferred_language="de",
        lines=False,
    )
    line = OrderLineFactory(order=case.order, product_name="Wasserkocher 1,7 l")
    ReturnCaseLine.objects.create(
        case=case,
        order_line=line,
        quantity=1,
        reason=ReturnReasonFactory(merchant=merchant, code="defective"),
        condition=ItemCondition.DEFECTIVE,
    )
    now = timezone.now()
    ReturnCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.RESOLVED,
        resolution=Resolution.REPLACEMENT,
        resolved_at=now - timedelta(days=2),
        opened_at=now - timedelta(days=4),
        note="Internal: customer called twice",
    )
    Shipment.objects.create(
        merchant=merchant,
        case=case,
        status=ShipmentStatus.SHIPPED,
        carrier="DHL",
        tracking_number="JD014600003141",
        shipped_at=now - timedelta(days=1),
    )
    case.refresh_from_db()
    return case


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_german_customer_follows_the_signed_link_and_reads_the_timeline_in_german(
    live_server, browser
):
    case = german_case()
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    url = reverse("status:case", kwargs={"token": status_token(case)})

    page.goto(f"{live_server.url}{url}")

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text(f"Ihre Rücksendung {case.reference}")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Wir haben Ihre Rücksendeanfrage erhalten")
    expect(timeline).to_contain_text("Entscheidung: Sie erhalten einen Ersatzartikel")
    expect(timeline).to_contain_text("Sendungsnummer: JD014600003141")
    expect(page.locator("main")).not_to_contain_text("Internal")
    expect(page.locator("#survey legend")).to_have_text(
        "Wie zufrieden sind Sie mit der Bearbeitung Ihrer Rücksendung?"
    )

    # The language switcher is a plain link in a <details>: no script needed either.
    page.locator("footer summary").click()
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()

    # axe-core is a script: it runs in a context with JavaScript, on the same page.
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{url}")
    assert serious_violations(page) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_wrong_e_mail_gets_the_same_answer_as_an_unknown_reference(live_server, page):
    case = german_case()
    lookup = f"{live_server.url}{reverse('status:lookup')}?lang=en"

    def attempt(reference: str, email: str) -> str:
        page.goto(lookup)
        page.get_by_label("Case reference").fill(reference)
        page.get_by_label("E-mail address used for the order").fill(email)
        page.get_by_role("button", name="Show my return").click()
        return page.locator(".notice").inner_text()

    wrong_email = attempt(case.reference, "someone.else@example.de")
    unknown = attempt("R-2222-3333", case.customer.email)

    assert wrong_email == unknown
    assert "could not find" in unknown
    assert serious_violations(page) == []

    page.goto(lookup)
    page.get_by_label("Case reference").fill(case.reference.lower())
    page.get_by_label("E-mail address used for the order").fill(case.customer.email.upper())
    page.get_by_role("button", name="Show my return").click()
    expect(page.locator("h1")).to_have_text(f"Your return {case.reference}")
