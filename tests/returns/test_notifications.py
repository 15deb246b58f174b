"""Customer e-mails: once per event, in the customer's language, never for a rolled-back change,
retried when sending fails and then shown as failed; the sweep and the survey job are idempotent."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from returns import services
from returns.choices import ItemCondition, NotificationKind, NotificationState, Resolution
from returns.common.exceptions import ActionNotPermitted
from returns.demo.notification_templates import seed_templates
from returns.models import Notification, ReturnCase, SurveyResponse
from returns.notifications.links import read_status_token
from returns.notifications.outbox import NotificationError, notification_retry, notify
from returns.services import ReturnLineInput
from returns.tasks import MAX_ATTEMPTS
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def templates(db):
    seed_templates()


def open_case(actor, merchant, *, language="de"):
    customer = CustomerFactory(merchant=merchant, preferred_language=language)
    order = OrderFactory(merchant=merchant, customer=customer)
    line = OrderLineFactory(order=order, quantity=2)
    reason = ReturnReasonFactory(merchant=merchant, code="too-small")
    return services.case_open(
        actor=actor,
        order=order,
        lines=[ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
    )


def test_opening_a_case_sends_one_e_mail_in_the_customers_language(
    agent, merchant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="de")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [case.customer.email]
    assert message.subject == f"Ihre Rücksendeanfrage {case.reference} ist eingegangen"
    assert f"Hallo {case.customer.name}," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="de">' in html
    notification = Notification.objects.get(case=case)
    assert notification.kind == NotificationKind.CASE_OPENED
    assert notification.language == "de"
    assert notification.state == NotificationState.SENT
    assert notification.attempts == 1 and notification.sent_at is not None
    assert notification.subject == message.subject


def test_the_e_mail_carries_a_signed_link_to_the_case(
    agent, merchant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="fr")

    body = mail.outbox[0].body
    assert "Bonjour" in body
    link = next(word for word in body.split() if "/status/c/" in word)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert read_status_token(token) == case.reference


def test_each_event_is_told_once(agent, merchant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="it")
        case = services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REPLACEMENT,
            override_reason="The customer prefers a new pair.",
        )
        shipment = case.shipments.get()
        services.shipment_mark_shipped(
            shipment=shipment, actor=agent, carrier="DHL", tracking_number="JD0001"
        )
        # The same events told again (a listener run twice) write and send nothing more.
        assert notify(case, NotificationKind.CASE_OPENED) is None
        assert (
            notify(case, NotificationKind.SHIPMENT_SHIPPED, event_key=f"shipment-{shipment.pk}")
            is None
        )

    kinds = sorted(Notification.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == sorted(
        [
            NotificationKind.CASE_OPENED,
            NotificationKind.DECISION_REPLACEMENT,
            NotificationKind.SHIPMENT_SHIPPED,
        ]
    )
    assert len(mail.outbox) == 3
    assert all(message.to == [case.customer.email] for message in mail.outbox)
    shipped = mail.outbox[2]
    assert "DHL" in shipped.body and "JD0001" in shipped.body
    assert shipped.subject.startswith("Il suo articolo sostitutivo è in viaggio")


def test_a_rolled_back_change_writes_and_sends_nothing(
    agent, merchant, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        open_case(agent, merchant)
        raise Abort

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert ReturnCase.objects.count() == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_then_shown_as_failed(
    agent, merchant, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=SMTPException("451 try again later"),
        ) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = open_case(agent, merchant)

    notification = Notification.objects.get(case=case)
    assert send.call_count == MAX_ATTEMPTS
    assert notification.state == NotificationState.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert "451 try again later" in notification.last_error
    assert notification.sent_at is None
    assert mail.outbox == []


def test_a_transient_failure_is_retried_and_sent_once(
    agent, merchant, django_capture_on_commit_callbacks
):
    real_send = mail.EmailMultiAlternatives.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 1:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = open_case(agent, merchant)

    notification = Notification.objects.get(case=case)
    assert notification.state == NotificationState.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_staff_retry_sends_a_failed_notification(
    agent, supervisor, merchant, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = open_case(agent, merchant)
    notification = Notification.objects.get(case=case)
    assert notification.state == NotificationState.FAILED

    with pytest.raises(ActionNotPermitted):
        notification_retry(notification=notification, actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        notification_retry(notification=notification, actor=supervisor)

    notification.refresh_from_db()
    assert notification.state == NotificationState.SENT
    assert len(mail.outbox) == 1
    assert notification.history.filter(history_user=supervisor).exists()
    with pytest.raises(NotificationError):
        notification_retry(notification=notification, actor=supervisor)


def test_the_admin_action_retries_through_the_service(
    client, agent, supervisor, merchant, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = open_case(agent, merchant)
    notification = Notification.objects.get(case=case)
    client.force_login(supervisor)
    url = reverse("admin:returns_notification_changelist")
    assert client.get(url, {"state__exact": "failed"}).context["cl"].result_count == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "retry", "_selected_action": [notification.pk]}, follow=True
        )

    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.state == NotificationState.SENT


def test_send_notifications_sends_a_lost_row_once(agent, merchant):
    # No on-commit callbacks run here (the test's transaction never commits): the task is lost.
    case = open_case(agent, merchant)
    notification = Notification.objects.get(case=case)
    assert notification.state == NotificationState.PENDING
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    call_command("send_notifications", stdout=mock.Mock())
    call_command("send_notifications", stdout=mock.Mock())

    notification.refresh_from_db()
    assert notification.state == NotificationState.SENT
    assert len(mail.outbox) == 1


def test_send_notifications_leaves_fresh_rows_to_their_task(agent, merchant):
    open_case(agent, merchant)
    call_command("send_notifications", stdout=mock.Mock())
    assert mail.outbox == []


def test_send_surveys_asks_each_decided_case_once(
    agent, merchant, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_DELAY_DAYS = 3
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="nl")
        services.case_resolve(
            case=case, actor=agent, resolution=Resolution.REFUND, override_reason=""
        )
        fresh = open_case(agent, merchant)
        services.case_resolve(case=fresh, actor=agent, resolution=Resolution.REFUND)
    ReturnCase.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=4))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_surveys", stdout=mock.Mock())
        call_command("send_surveys", stdout=mock.Mock())

    assert len(mail.outbox) == 1
    survey = Notification.objects.get(kind=NotificationKind.SURVEY)
    assert survey.case_id == case.pk and survey.language == "nl"
    assert "#survey" in mail.outbox[0].body


def test_no_survey_once_the_customer_answered(agent, merchant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant)
        services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)
    ReturnCase.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=4))
    SurveyResponse.objects.create(case=case, score=5)
    call_command("send_surveys", stdout=mock.Mock())
    assert not Notification.objects.filter(kind=NotificationKind.SURVEY).exists()


def test_the_decision_e_mail_formats_the_amount_for_the_customer(
    agent, merchant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(agent, merchant, language="de")
        services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)

    decision = Notification.objects.get(case=case, kind=NotificationKind.DECISION_REFUND)
    assert "50,00\xa0€" in decision.body_text


def test_a_store_credit_code_is_sent_once_and_then_masked(
    merchant, django_capture_on_commit_callbacks
):
    case = ReturnCaseFactory(merchant=merchant, order__merchant=merchant)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            case,
            NotificationKind.DECISION_STORE_CREDIT,
            store_credit_code="ABCD-EFGH-JKMN-PQRS",
            amount="10,00 €",
        )

    assert "ABCD-EFGH-JKMN-PQRS" in mail.outbox[0].body
    notification = Notification.objects.get(case=case)
    assert "ABCD-EFGH-JKMN" not in notification.body_text + notification.body_html
    assert "••••-••••-••••-PQRS" in notification.body_text
