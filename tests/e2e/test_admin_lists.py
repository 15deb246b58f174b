import pytest
from django.core.management import call_command
from django.urls import reverse

from returns.demo import DEMO_PASSWORD

WIDE = {"width": 1440, "height": 900}
# The lists staff read all day, and the column holding each row's reference.
LISTS = [
    ("admin:returns_notification_changelist", ".field-case_link"),
    ("admin:refunds_refundapprovalqueue_changelist", ".field-reference"),
    ("admin:returns_returncase_changelist", ".field-reference"),
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_lists_fit_a_1440_screen_and_references_stay_on_one_line(live_server, browser):
    call_command("seed_demo")
    context = browser.new_context(viewport=WIDE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")

    measured = {}
    for url_name, reference in LISTS:
        page.goto(f"{live_server.url}{reverse(url_name)}")
        table = page.locator("#result_list")
        assert table.count() == 1, url_name
        measured[url_name] = page.evaluate(
            """(reference) => {
                const table = document.querySelector('#result_list');
                const cells = [...table.querySelectorAll(`tbody ${reference}`)];
                return {
                    table: table.getBoundingClientRect().right,
                    page: document.documentElement.scrollWidth,
                    viewport: document.documentElement.clientWidth,
                    cells: cells.length,
                    columns: [...table.querySelectorAll('tbody tr:first-child > *')].map(
                        (cell) => `${cell.className}:${cell.getBoundingClientRect().width}`
                    ),
                    wrapped: cells.filter((cell) => {
                        const text = cell.querySelector('a') || cell;
                        const line = parseFloat(getComputedStyle(cell).lineHeight);
                        return text.getBoundingClientRect().height > 1.5 * line;
                    }).map((cell) => cell.textContent.trim()),
                };
            }""",
            reference,
        )
    context.close()
    too_wide = {
        url_name: sizes
        for url_name, sizes in measured.items()
        if not sizes["cells"]
        or max(sizes["table"], sizes["page"]) > sizes["viewport"]
        or sizes["wrapped"]
    }
    assert too_wide == {}
