from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from returns.choices import CaseStatus, ItemCondition, Resolution
from returns.demo import DEMO_PASSWORD
from returns.models import Contact, Customer, Order, ReturnCase, Shipment

SCREENSHOT = settings.BASE_DIR / "var" / "screenshots" / "agent-desk.png"
MAX_PAGE_LOADS = 6


def _demo_order() -> Order:
    """An order of a demo customer without cases, delivered well inside the return window."""
    recent = timezone.now() - timedelta(days=20)
    customers = Customer.objects.filter(
        merchant__staff__username="agent", cases__isnull=True, orders__delivered_at__gte=recent
    )
    customer = customers.order_by("pk").first()
    return customer.orders.filter(delivered_at__gte=recent).order_by("-placed_at").first()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_agent_logs_a_call_opens_a_case_and_resolves_it_on_the_desk(live_server, page):
    call_command("seed_demo")
    order = _demo_order()
    customer = order.customer
    defective = order.merchant.return_reasons.get(code="defective")
    line = order.lines.order_by("id").first()

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={reverse('admin:returns_desk')}")
    page.fill("#id_username", "agent")
    page.fill("#id_password", DEMO_PASSWORD)
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    page.click("input[type=submit]")
    expect(page.locator(".desk-bar h1")).to_have_text("Contact desk")
    expect(page.locator("#id_q")).to_be_focused()

    page.fill("#id_q", customer.email)
    page.keyboard.press("Enter")
    expect(page.locator(".desk-customer h2")).to_have_text(customer.name)

    page.locator(f"#order-{order.pk} summary").click()
    prefix = f"#id_order-{order.pk}-line-{line.pk}"
    page.check(f"{prefix}-selected")
    page.select_option(f"{prefix}-reason", str(defective.pk))
    page.select_option(f"{prefix}-condition", ItemCondition.DEFECTIVE)
    page.locator(f"#order-{order.pk} button[value=open_case]").click()

    suggestion = page.locator("[data-suggestion]")
    expect(suggestion).to_contain_text("Replacement")
    expect(suggestion).to_contain_text("inside the policy")
    expect(page.locator("#id_resolution")).to_have_value(Resolution.REPLACEMENT)
    expect(page.locator("#id_resolution")).to_be_focused()
    seconds = page.locator("#id_handling_seconds")
    expect(seconds).not_to_have_value("")
    counted = int(seconds.input_value())
    page.wait_for_timeout(2100)
    assert int(seconds.input_value()) > counted, "the handling-time counter does not run"
    page.select_option("[data-script-select]", index=1)
    page.click("[data-script-insert]")
    expect(page.locator("#id_summary")).not_to_have_value("")
    fits = page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert fits, "the desk scrolls at 1366x768"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    page.click("button[value=resolve]")
    expect(page.locator(".messagelist .success")).to_contain_text("resolved as replacement")

    case = ReturnCase.objects.get(order=order)
    assert case.status == CaseStatus.RESOLVED
    assert case.resolution == Resolution.REPLACEMENT
    contact = Contact.objects.get(case=case)
    assert contact.agent.username == "agent"
    assert contact.handling_seconds >= 1
    assert contact.summary
    assert Shipment.objects.filter(case=case).count() == 1
    print(f"\npage loads from the desk to the decision: {len(loads)}")
    assert len(loads) <= MAX_PAGE_LOADS, loads
