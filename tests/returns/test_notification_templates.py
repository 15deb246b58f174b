"""Notification templates and the outbox in the admin: the merchant's own template first,
templates that cannot reach further, previews, the outbox list, survey results and rejections."""

import pytest
from django.core import mail
from django.urls import reverse

from returns import services
from returns.choices import NotificationKind, Resolution
from returns.demo.notification_templates import seed_templates
from returns.exceptions import RejectionReasonRequired
from returns.models import Notification, NotificationTemplate, ReturnCase, SurveyResponse
from tests.factories import (
    ReturnCaseFactory,
    UserFactory,
)
from tests.returns.test_notifications import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def templates(db):
    seed_templates()


def test_the_merchants_own_template_wins_over_the_global_one(
    agent, merchant, django_capture_on_commit_callbacks
):
    NotificationTemplate.objects.create(
        merchant=merchant,
        kind=NotificationKind.CASE_OPENED,
        subject_en="Shop A got it",
        subject_de="Shop A hat es",
        body_en="Hi {{ customer_name }}",
        body_de="Hallo {{ customer_name }} von Shop A",
    )
    with django_capture_on_commit_callbacks(execute=True):
        open_case(agent, merchant, language="de")
        open_case(agent, merchant, language="sv")

    assert [message.subject for message in mail.outbox] == ["Shop A hat es", "Shop A got it"]


def test_a_template_may_not_reach_other_templates(merchant):
    template = NotificationTemplate(
        merchant=merchant,
        kind=NotificationKind.SURVEY,
        subject_en="Hi",
        body_en='{% include "admin/base.html" %}',
    )
    with pytest.raises(Exception, match="include"):
        template.full_clean()


def test_staff_see_the_outbox_with_a_bounded_number_of_queries(
    client, supervisor, merchant, django_assert_max_num_queries
):
    case = ReturnCaseFactory(merchant=merchant, order__merchant=merchant)
    client.force_login(supervisor)
    url = reverse("admin:returns_notification_changelist")
    for count in (10, 200):
        Notification.objects.all().delete()
        Notification.objects.bulk_create(
            Notification(
                merchant=merchant,
                case=case,
                customer=case.customer,
                kind=NotificationKind.CASE_OPENED,
                event_key=str(index),
                recipient="x@example.org",
                language="de",
                subject="s",
                body_text="t",
                body_html="h",
            )
            for index in range(count)
        )
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200


def test_survey_results_per_merchant_and_agent_with_bounded_queries(
    client, supervisor, agent, merchant, django_assert_max_num_queries
):
    client.force_login(supervisor)
    for count in (10, 200):
        SurveyResponse.objects.all().delete()
        for index in range(count - SurveyResponse.objects.count()):
            case = ReturnCaseFactory(merchant=merchant, order__merchant=merchant, lines=False)
            ReturnCase.objects.filter(pk=case.pk).update(
                status="resolved", resolved_by=agent if index % 2 else supervisor
            )
            SurveyResponse.objects.create(case=case, score=1 + index % 5)
        with django_assert_max_num_queries(20):
            listing = client.get(reverse("admin:returns_surveyresponse_changelist"))
        with django_assert_max_num_queries(12):
            results = client.get(reverse("admin:returns_surveyresponse_results"))
        assert listing.status_code == results.status_code == 200
    assert [row["count"] for row in results.context["by_merchant"]] == [200]
    assert sorted(row["agent"] for row in results.context["by_agent"]) == [
        "anna.agent",
        "sam.supervisor",
    ]


def test_templates_list_includes_the_global_ones_and_they_stay_read_only(
    client, supervisor, merchant, other_merchant, django_assert_max_num_queries
):
    NotificationTemplate.objects.create(
        merchant=other_merchant, kind=NotificationKind.SURVEY, subject_en="B", body_en="B"
    )
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:returns_notificationtemplate_changelist"))
    shown = set(response.context["cl"].result_list)
    assert len(shown) == len(NotificationKind.values)
    assert all(template.merchant_id is None for template in shown)
    global_template = NotificationTemplate.objects.get(
        merchant=None, kind=NotificationKind.CASE_OPENED
    )
    change_url = reverse("admin:returns_notificationtemplate_change", args=[global_template.pk])
    response = client.post(change_url, {"subject_en": "Hacked"})
    global_template.refresh_from_db()
    assert global_template.subject_en != "Hacked"


def test_the_template_preview_renders_a_case_in_the_chosen_language(client, supervisor, merchant):
    case = ReturnCaseFactory(merchant=merchant, order__merchant=merchant)
    template = NotificationTemplate.objects.get(merchant=None, kind=NotificationKind.CASE_OPENED)
    client.force_login(supervisor)
    url = reverse("admin:returns_notificationtemplate_preview", args=[template.pk])

    response = client.get(url, {"language": "pl", "case": case.reference})

    assert response.status_code == 200
    message = response.context["message"]
    assert message.subject == f"Otrzymaliśmy Twoje zgłoszenie zwrotu {case.reference}"
    assert case.customer.name in message.text
    assert (
        client.get(url, {"language": "fi"})
        .context["message"]
        .subject.startswith("Palautuspyyntösi")
    )


def test_an_outsider_cannot_preview_with_another_merchants_case(client, merchant, outsider):
    case = ReturnCaseFactory(merchant=merchant, order__merchant=merchant)
    template = NotificationTemplate.objects.get(merchant=None, kind=NotificationKind.CASE_OPENED)
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    url = reverse("admin:returns_notificationtemplate_preview", args=[template.pk])
    response = client.get(url, {"language": "en", "case": case.reference})
    assert response.status_code == 200
    assert case.customer.name not in response.context["message"].text
    assert response.context["error"]


def test_a_customer_without_a_template_gets_nothing_and_the_change_still_happens(
    agent, merchant, django_capture_on_commit_callbacks
):
    NotificationTemplate.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant)
    assert case.pk and mail.outbox == [] and not Notification.objects.exists()


def test_notifications_are_not_sent_to_other_customers(
    agent, merchant, django_capture_on_commit_callbacks
):
    UserFactory(username="nobody")
    with django_capture_on_commit_callbacks(execute=True):
        first = open_case(agent, merchant)
        second = open_case(agent, merchant)
    assert [message.to for message in mail.outbox] == [
        [first.customer.email],
        [second.customer.email],
    ]


def test_supervisors_edit_their_merchants_template_with_the_variables_listed(
    client, supervisor, merchant
):
    template = NotificationTemplate.objects.create(
        merchant=merchant, kind=NotificationKind.SURVEY, subject_en="S", body_en="B"
    )
    client.force_login(supervisor)
    page = client.get(reverse("admin:returns_notificationtemplate_change", args=[template.pk]))
    assert page.status_code == 200
    assert "{{ tracking_number }}" in page.content.decode()
    assert client.get(reverse("admin:returns_notificationtemplate_add")).status_code == 200


def test_a_rejection_tells_the_customer_its_own_reason_never_the_staff_note(
    client, agent, merchant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="de")
        services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REJECTED,
            override_reason="INTERN: ruft ständig an",
            rejection_reason="Der Artikel weist Gebrauchsspuren auf.",
        )

    (message,) = Notification.objects.filter(case=case, kind=NotificationKind.DECISION_REJECTED)
    assert message.language == "de"
    assert "Der Artikel weist Gebrauchsspuren auf." in message.body_text
    assert "INTERN" not in message.body_text + message.body_html + message.subject
    link = next(word for word in message.body_text.split() if "/status/c/" in word)
    page = client.get(link[link.index("/status/") :]).content.decode()
    assert "Der Artikel weist Gebrauchsspuren auf." in page
    assert "INTERN" not in page


def test_a_rejection_without_a_reason_for_the_customer_is_refused(agent, merchant):
    case = open_case(agent, merchant)

    with pytest.raises(RejectionReasonRequired):
        services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REJECTED,
            override_reason="Worn.",
            rejection_reason="  ",
        )

    case.refresh_from_db()
    assert (case.status, case.resolution) == ("open", "")
    assert not Notification.objects.filter(kind=NotificationKind.DECISION_REJECTED).exists()
