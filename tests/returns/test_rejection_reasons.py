"""A rejection's reason, chosen from the merchant's translated list with free text after it:
the customer reads it in their own language, in the e-mail and on the status page."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from returns import services
from returns.admin.cases import ResolveForm
from returns.choices import NotificationKind, Resolution
from returns.demo.notification_templates import seed_templates
from returns.exceptions import InvalidReturn, RejectionReasonRequired
from returns.models import Notification, RejectionReason, ReturnCase
from tests.returns.test_notifications import open_case

pytestmark = pytest.mark.django_db

WORN = {
    "en": "The item shows signs of use.",
    "de": "Der Artikel weist Gebrauchsspuren auf.",
    "fr": "L'article présente des traces d'utilisation.",
}
ADDITION = "Kratzer auf der Unterseite."


@pytest.fixture(autouse=True)
def templates(db):
    seed_templates()


def rejection_reason(merchant, *, code="signs-of-use", texts=WORN, **fields) -> RejectionReason:
    reason = RejectionReason(
        merchant=merchant,
        code=code,
        text=texts["en"],
        **{f"text_{language}": text for language, text in texts.items()},
        **fields,
    )
    reason.full_clean()
    reason.save()
    return reason


def transition_url(case, name):
    return reverse("admin:returns_returncase_transition", args=[case.pk, name])


def status_page(client, message) -> str:
    link = next(word for word in message.body_text.split() if "/status/c/" in word)
    return client.get(link[link.index("/status/") :]).content.decode()


def test_a_german_customer_reads_the_chosen_reason_in_german_with_the_addition_after_it(
    client, agent, merchant, django_capture_on_commit_callbacks
):
    reason = rejection_reason(merchant)
    case = open_case(agent, merchant, language="de")
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        # The agent's admin is in English; the customer reads German.
        response = client.post(
            transition_url(case, "resolve"),
            {
                "resolution": Resolution.REJECTED,
                "override_reason": "Worn, seen on the photos.",
                "rejection_choice": reason.pk,
                "rejection_reason": ADDITION,
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.resolution, case.rejection_choice, case.rejection_reason) == (
        Resolution.REJECTED,
        reason,
        ADDITION,
    )
    (message,) = Notification.objects.filter(case=case, kind=NotificationKind.DECISION_REJECTED)
    assert message.language == "de"
    assert f"{WORN['de']} {ADDITION}" in message.body_text
    assert WORN["en"] not in message.body_text + message.body_html
    page = status_page(client, message)
    assert f"{WORN['de']} {ADDITION}" in page
    assert WORN["en"] not in page


def test_the_status_page_shows_the_reason_in_the_language_the_customer_picks(
    client, agent, merchant, django_capture_on_commit_callbacks
):
    reason = rejection_reason(merchant)
    case = open_case(agent, merchant, language="de")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REJECTED,
            override_reason="Worn.",
            rejection_choice=reason,
        )
    message = Notification.objects.get(case=case, kind=NotificationKind.DECISION_REJECTED)
    assert WORN["de"] in message.body_text

    link = next(word for word in message.body_text.split() if "/status/c/" in word)
    page = client.get(link[link.index("/status/") :], {"lang": "fr"}).content.decode()
    assert html.escape(WORN["fr"]) in page
    assert WORN["de"] not in page
    # A language the reason has no text in falls back to the default language's text.
    case.refresh_from_db()
    assert case.rejection_text("pl") == WORN["en"]


def test_the_choice_lists_only_the_cases_merchants_active_reasons(agent, merchant, other_merchant):
    own = rejection_reason(merchant)
    retired = rejection_reason(merchant, code="retired", is_active=False)
    foreign = rejection_reason(other_merchant)
    case = open_case(agent, merchant)

    field = ResolveForm(obj=case).fields["rejection_choice"]
    assert list(field.queryset) == [own]

    posted = ResolveForm(
        {"resolution": Resolution.REJECTED, "rejection_choice": foreign.pk}, obj=case
    )
    assert "rejection_choice" in posted.errors
    for not_offered in (foreign, retired):
        with pytest.raises(InvalidReturn):
            services.case_resolve(
                case=case,
                actor=agent,
                resolution=Resolution.REJECTED,
                override_reason="Worn.",
                rejection_choice=not_offered,
            )
    case.refresh_from_db()
    assert case.status == "open"


def test_a_rejection_needs_a_chosen_reason_or_free_text(agent, merchant):
    reason = rejection_reason(merchant)
    refused = open_case(agent, merchant)
    with pytest.raises(RejectionReasonRequired):
        services.case_resolve(
            case=refused,
            actor=agent,
            resolution=Resolution.REJECTED,
            override_reason="Worn.",
            rejection_reason="  ",
            rejection_choice=None,
        )
    refused.refresh_from_db()
    assert (refused.status, refused.resolution) == ("open", "")

    chosen_only = services.case_resolve(
        case=open_case(agent, merchant),
        actor=agent,
        resolution=Resolution.REJECTED,
        override_reason="Worn.",
        rejection_choice=reason,
    )
    written_only = services.case_resolve(
        case=open_case(agent, merchant),
        actor=agent,
        resolution=Resolution.REJECTED,
        override_reason="Worn.",
        rejection_reason=ADDITION,
    )
    assert chosen_only.rejection_text("de") == WORN["de"]
    assert written_only.rejection_text("de") == ADDITION
    assert chosen_only.history.first().rejection_choice_id == reason.pk


def test_the_admin_case_page_asks_for_one_of_the_two(client, agent, merchant):
    case = open_case(agent, merchant)
    client.force_login(agent)
    client.post(
        transition_url(case, "resolve"),
        {"resolution": Resolution.REJECTED, "override_reason": "Worn."},
    )
    case.refresh_from_db()
    assert case.status == "open"


def test_a_supervisor_edits_the_reasons_in_every_language(client, supervisor, merchant):
    client.force_login(supervisor)
    add = reverse("admin:returns_rejectionreason_add")
    form = client.get(add)
    assert form.status_code == 200
    assert 'name="text_de"' in form.content.decode()

    response = client.post(
        add,
        {
            "merchant": merchant.pk,
            "code": "incomplete",
            "position": "10",
            "is_active": "on",
            "text_en": "The item came back incomplete.",
            "text_de": "Der Artikel kam unvollständig zurück.",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    reason = RejectionReason.objects.get(code="incomplete")
    with translation.override("de"):
        assert reason.text == "Der Artikel kam unvollständig zurück."
    assert reason.history.count() == 1
    change = reverse("admin:returns_rejectionreason_change", args=[reason.pk])
    assert client.get(change).status_code == 200
    history = reverse("admin:returns_rejectionreason_history", args=[reason.pk])
    assert client.get(history).status_code == 200
    assert client.get(reverse("admin:returns_rejectionreason_changelist")).status_code == 200


@pytest.mark.parametrize("person", ["agent", "auditor"])
def test_agents_and_auditors_read_the_reasons_without_changing_them(
    client, request, merchant, other_merchant, person
):
    reason = rejection_reason(merchant)
    foreign = rejection_reason(other_merchant, code="foreign")
    client.force_login(request.getfixturevalue(person))

    listing = client.get(reverse("admin:returns_rejectionreason_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [reason]
    change = reverse("admin:returns_rejectionreason_change", args=[reason.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(change, {"text_en": "Changed."}).status_code == 403
    assert client.get(reverse("admin:returns_rejectionreason_add")).status_code == 403
    reason.refresh_from_db()
    assert reason.text_en == WORN["en"]
    foreign_page = reverse("admin:returns_rejectionreason_change", args=[foreign.pk])
    assert client.get(foreign_page).status_code in (302, 404)


def test_the_desk_passes_the_chosen_reason_on(client, agent, merchant):
    reason = rejection_reason(merchant)
    case = open_case(agent, merchant, language="de")
    client.force_login(agent)

    page = client.get(
        reverse("admin:returns_desk"), {"customer": case.customer_id, "case": case.pk}
    )
    assert list(page.context["decision_form"].fields["rejection_choice"].queryset) == [reason]
    assert 'name="rejection_choice"' in page.content.decode()
    response = client.post(
        reverse("admin:returns_desk"),
        {
            "action": "resolve",
            "customer": case.customer_id,
            "case": case.pk,
            "channel": "phone",
            "direction": "inbound",
            "handling_seconds": "60",
            "resolution": Resolution.REJECTED,
            "override_reason": "Worn.",
            "rejection_choice": reason.pk,
        },
    )

    assert response.status_code == 302
    case = ReturnCase.objects.get(pk=case.pk)
    assert (case.resolution, case.rejection_choice, case.rejection_reason) == (
        Resolution.REJECTED,
        reason,
        "",
    )
