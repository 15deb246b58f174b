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


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings, each with the elements it found them on."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(
            f"{node['target']} {node.get('failureSummary', '')[:160]}"
            for node in violation["nodes"]
        )
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


class Counted:
    """The agent's interactions with the page, counted as they happen."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def __getattr__(self, name):
        action = getattr(self.page, name)

        def counted(*args, **kwargs):
            self.count += 1
            return action(*args, **kwargs)

        return counted


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_out_of_policy_return_takes_three_page_loads_and_no_refusal(live_server, page):
    from django.contrib.auth.models import Group

    from returns.common import roles
    from returns.demo.notification_templates import seed_templates
    from tests.factories import MerchantFactory, UserFactory
    from tests.returns.test_desk_out_of_policy import late_case

    seed_templates()
    merchant = MerchantFactory(slug="late-shop", name="Late Shop")
    agent = UserFactory(username="lena.agent", is_staff=True)
    agent.set_password("desk-pass-1")
    agent.save()
    agent.groups.add(Group.objects.get(name=roles.AGENT))
    merchant.staff.add(agent)
    case = late_case(merchant)
    # The request as the customer calls it in: the late case is the one to open on the desk.
    order, line = case.order, case.lines.get()
    reason = line.reason
    case.lines.all().delete()
    case.delete()

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={reverse('admin:returns_desk')}")
    page.fill("#id_username", "lena.agent")
    page.fill("#id_password", "desk-pass-1")
    page.click("input[type=submit]")
    expect(page.locator(".desk-bar h1")).to_have_text("Contact desk")
    clock = page.locator("[data-desk-clock]")
    page.wait_for_timeout(1200)
    expect(clock).to_have_text("–:––")  # an idle desk bills nothing
    assert serious_violations(page) == []

    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    agent_page = Counted(page)
    agent_page.fill("#id_q", order.customer.email)
    agent_page.press("#id_q", "Enter")
    expect(page.locator(".desk-customer h2")).to_have_text(order.customer.name)

    agent_page.click(f"#order-{order.pk} summary")
    prefix = f"#id_order-{order.pk}-line-{line.order_line_id}"
    agent_page.check(f"{prefix}-selected")
    agent_page.select_option(f"{prefix}-reason", str(reason.pk))
    agent_page.select_option(f"{prefix}-condition", ItemCondition.DEFECTIVE)
    agent_page.click(f"#order-{order.pk} button[value=open_case]")

    expect(page.locator("[data-suggestion]")).to_contain_text("outside the policy")
    expect(page.locator("#id_resolution")).to_have_value(Resolution.REFUND)
    expect(page.locator("[data-supervisor-route]")).to_contain_text("goes to a supervisor")
    expect(page.locator("[data-supervisor-route]")).to_contain_text("return window")
    expect(page.locator("#id_method")).to_be_visible()
    expect(page.locator("#id_iban")).to_be_hidden()
    assert clock.inner_text() != "–:––"
    assert serious_violations(page) == []

    agent_page.click("button[value=resolve]")
    outcome = page.locator("[data-outcome]")
    expect(outcome).to_contain_text("Waiting for approval")
    expect(outcome).to_contain_text("€50.00")
    expect(outcome).to_contain_text(f"E-mail to {order.customer.email}")
    expect(clock).to_have_text("–:––")  # the result page starts no second clock
    assert serious_violations(page) == []

    resolved = ReturnCase.objects.get(order=order)
    assert resolved.resolution == Resolution.REFUND
    assert resolved.refunds.get().state == "pending_approval"
    print(f"\npage loads {len(loads)}, interactions {agent_page.count}")
    assert len(loads) <= 3, loads
    assert agent_page.count <= 8
