"""Every kind of customer e-mail, driven through the real services: written once per event, in
the customer's language (the template's translation), with the event's own variables, and
nothing more when the same event is told again."""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from babel.numbers import format_currency
from django.core import mail
from django.core.management import call_command
from django.template import Context, Engine, Template
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from refunds import services as refund_services
from refunds.choices import Alternative, RefundMethod
from refunds.events import refund_facts, store_credit_facts
from refunds.models import StoreCredit
from returns import services as return_services
from returns.choices import NotificationKind, NotificationState, Resolution
from returns.common import events
from returns.demo.notification_templates import seed_templates
from returns.models import Notification, NotificationTemplate, ReturnCase
from returns.notifications import listeners
from returns.notifications.rendering import STORE_CREDIT_CODE
from tests.refunds.listing_helpers import GOOD_IBAN
from tests.returns.test_notifications import open_case

pytestmark = pytest.mark.django_db

PRICE = Decimal("50.00")  # the one returned item of `open_case`


@pytest.fixture(autouse=True)
def templates(db):
    seed_templates()


@dataclass(frozen=True)
class People:
    merchant: object
    agent: object
    supervisor: object
    finance_user: object


@pytest.fixture
def people(merchant, agent, supervisor, finance_user):
    return People(merchant, agent, supervisor, finance_user)


@dataclass(frozen=True)
class Told:
    """What a scenario did: the case, what its e-mail must show, and how to tell it again."""

    case: ReturnCase
    shows: tuple[str, ...]
    again: Callable[[], object]
    carries_store_credit_code: bool = False


def amount(language: str) -> str:
    return format_currency(PRICE, "EUR", locale=translation.to_locale(language))


def alternative_label(alternative: str, language: str) -> str:
    with translation.override(language):
        return str(Alternative(alternative).label)


def resolved(people: People, language: str, resolution: str, **options) -> ReturnCase:
    case = open_case(people.agent, people.merchant, language=language)
    # The policy suggests a refund; any other decision is an override the agent explains.
    override = "" if resolution == Resolution.REFUND else "The customer asked for it."
    return return_services.case_resolve(
        case=case, actor=people.agent, resolution=resolution, override_reason=override, **options
    )


def told_again_resolved(case: ReturnCase, actor, code: str = "") -> Callable[[], object]:
    refund = case.refunds.first()
    credit = case.store_credits.first()
    event = events.CaseResolved(
        case=case,
        actor=actor,
        refund=refund_facts(refund) if refund else None,
        store_credit=store_credit_facts(credit, code=code) if credit else None,
    )
    return lambda: listeners.on_case_resolved(event)


# Scenarios, one per event


def case_opened(people: People, language: str) -> Told:
    case = open_case(people.agent, people.merchant, language=language)
    return Told(
        case,
        shows=(case.reference, case.order.number),
        again=lambda: listeners.on_case_opened(events.CaseOpened(case=case, actor=people.agent)),
    )


def replacement_decided(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.REPLACEMENT)
    return Told(case, shows=(), again=told_again_resolved(case, people.agent))


def refund_decided(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.REFUND)
    return Told(case, shows=(amount(language),), again=told_again_resolved(case, people.agent))


def store_credit_decided(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.STORE_CREDIT)
    return Told(
        case,
        shows=(amount(language),),
        again=told_again_resolved(case, people.agent),
        carries_store_credit_code=True,
    )


def exchange_decided(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.EXCHANGE)
    return Told(case, shows=(), again=told_again_resolved(case, people.agent))


def case_rejected(people: People, language: str) -> Told:
    reason = "Het artikel is gedragen."
    case = resolved(people, language, Resolution.REJECTED, rejection_reason=reason)
    return Told(case, shows=(reason,), again=told_again_resolved(case, people.agent))


def refund_rejected_for(alternative: str, reason: str):
    def scenario(people: People, language: str) -> Told:
        case = resolved(people, language, Resolution.REFUND)
        refund = refund_services.refund_escalate(
            refund=case.refunds.get(), actor=people.agent, reason="Worn soles."
        )
        rejection = refund_services.refund_reject(
            refund=refund, actor=people.supervisor, reason=reason, alternative=alternative
        )
        shows = (reason, alternative_label(alternative, language))
        if alternative == Alternative.STORE_CREDIT:
            shows += (amount(language),)
        return Told(
            case,
            shows=shows,
            again=lambda: listeners.on_refund_rejected(
                events.RefundRejected(
                    case=case,
                    actor=people.supervisor,
                    refund=refund_facts(rejection.refund),
                    reason=rejection.refund.decision_reason,
                    alternative=Alternative(alternative).label,
                    store_credit=store_credit_facts(
                        rejection.store_credit, code=rejection.store_credit_code
                    )
                    if rejection.store_credit
                    else None,
                )
            ),
            carries_store_credit_code=alternative == Alternative.STORE_CREDIT,
        )

    return scenario


def _over_the_agents_limit(people: People, language: str) -> ReturnCase:
    people.merchant.agent_approval_limit = Decimal("1.00")
    people.merchant.save()
    return resolved(people, language, Resolution.REFUND)


def refund_under_review(people: People, language: str) -> Told:
    case = _over_the_agents_limit(people, language)
    return Told(case, shows=(amount(language),), again=told_again_resolved(case, people.agent))


def refund_approved_by_a_supervisor(people: People, language: str) -> Told:
    case = _over_the_agents_limit(people, language)
    refund = refund_services.refund_approve_exception(
        refund=case.refunds.get(), actor=people.supervisor, reason="Loyal customer."
    )
    return Told(
        case,
        shows=(amount(language),),
        again=lambda: listeners.on_refund_approved(
            events.RefundApproved(case=case, actor=people.supervisor, refund=refund_facts(refund))
        ),
    )


def replacement_shipped(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.REPLACEMENT)
    shipment = return_services.shipment_mark_shipped(
        shipment=case.shipments.get(),
        actor=people.agent,
        carrier="PPL",
        tracking_number="CZ0042424242",
    )
    return Told(
        case,
        shows=("PPL", "CZ0042424242"),
        again=lambda: listeners.on_shipment_shipped(
            events.ShipmentShipped(shipment=shipment, actor=people.agent)
        ),
    )


def refund_paid(people: People, language: str) -> Told:
    case = resolved(
        people,
        language,
        Resolution.REFUND,
        method=RefundMethod.BANK_TRANSFER,
        iban=GOOD_IBAN,
        account_holder="Erika Mustermann",
    )
    refund = refund_services.refund_validate(refund=case.refunds.get(), actor=people.agent)
    refund = refund_services.refund_approve(refund=refund, actor=people.agent)
    batch = refund_services.refund_batch_open(
        merchant=people.merchant, day=timezone.localdate(), actor=people.finance_user
    )
    refund = refund_services.refund_add_to_batch(
        refund=refund, actor=people.finance_user, batch=batch
    )
    refund = refund_services.refund_mark_paid(
        refund=refund, actor=people.finance_user, payment_reference="BANK-1"
    )
    return Told(
        case,
        shows=(amount(language),),
        again=lambda: listeners.on_refund_paid(
            events.RefundPaid(case=case, actor=people.finance_user, refund=refund_facts(refund))
        ),
    )


def refund_paid_in_store_credit(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.REFUND, method=RefundMethod.STORE_CREDIT)
    refund = refund_services.refund_validate(refund=case.refunds.get(), actor=people.agent)
    refund = refund_services.refund_approve(refund=refund, actor=people.agent)
    # Not sent yet (the test's on-commit callbacks run at the end): the row holds the code.
    pending = Notification.objects.get(case=case, kind=NotificationKind.DECISION_STORE_CREDIT)
    code = STORE_CREDIT_CODE.search(pending.body_text).group(0)
    return Told(
        case,
        shows=(amount(language),),
        again=lambda: listeners.on_refund_paid(
            events.RefundPaid(
                case=case,
                actor=people.agent,
                refund=refund_facts(refund),
                store_credit=store_credit_facts(case.store_credits.get(), code=code),
            )
        ),
        carries_store_credit_code=True,
    )


def survey_sent(people: People, language: str) -> Told:
    case = resolved(people, language, Resolution.REFUND)
    ReturnCase.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=4))

    def sweep():
        call_command("send_surveys", stdout=StringIO())

    sweep()
    return Told(case, shows=("#survey",), again=sweep)


K = NotificationKind
EVENTS = [
    pytest.param(K.CASE_OPENED, "de", case_opened, id="case-opened"),
    pytest.param(K.DECISION_REPLACEMENT, "fr", replacement_decided, id="replacement"),
    pytest.param(K.DECISION_REFUND, "es", refund_decided, id="refund"),
    pytest.param(K.REFUND_UNDER_REVIEW, "sk", refund_under_review, id="refund-under-review"),
    pytest.param(
        K.DECISION_REFUND, "lt", refund_approved_by_a_supervisor, id="refund-approved-later"
    ),
    pytest.param(K.DECISION_STORE_CREDIT, "it", store_credit_decided, id="store-credit"),
    pytest.param(K.DECISION_EXCHANGE, "pl", exchange_decided, id="exchange"),
    pytest.param(K.DECISION_REJECTED, "nl", case_rejected, id="case-rejected"),
    pytest.param(
        K.DECISION_REJECTED,
        "sv",
        refund_rejected_for(Alternative.STORE_CREDIT, "Returnerad efter fristen."),
        id="refund-rejected-store-credit-offered",
    ),
    pytest.param(
        K.DECISION_REJECTED,
        "hu",
        refund_rejected_for(Alternative.EXCHANGE, "A határidő után érkezett."),
        id="refund-rejected-exchange-offered",
    ),
    pytest.param(K.SHIPMENT_SHIPPED, "cs", replacement_shipped, id="replacement-shipped"),
    pytest.param(K.REFUND_PAID, "da", refund_paid, id="refund-paid"),
    pytest.param(
        K.DECISION_STORE_CREDIT, "fi", refund_paid_in_store_credit, id="refund-in-store-credit"
    ),
    pytest.param(K.SURVEY, "pt", survey_sent, id="survey"),
]

_CONDITIONAL = re.compile(r"{%\s*if\b.*?{%\s*endif\s*%}", re.DOTALL)
_VARIABLE = re.compile(r"{{.*?}}")


def unconditional_text(template_text: str) -> list[str]:
    """The literal pieces of a template every message of it shows."""
    pieces = _VARIABLE.split(_CONDITIONAL.sub("{{ }}", template_text))
    return [piece.strip() for piece in pieces if piece.strip()]


def test_every_kind_is_driven_through_a_service():
    assert {event.values[0] for event in EVENTS} == set(NotificationKind.values)


def test_every_event_uses_another_language():
    languages = [event.values[1] for event in EVENTS]
    assert len(set(languages)) == len(languages)


@pytest.mark.parametrize(("kind", "language", "scenario"), EVENTS)
def test_each_event_is_written_once_in_the_customers_language(
    kind, language, scenario, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        told = scenario(people, language)
    case = told.case

    (row,) = Notification.objects.filter(case=case, kind=kind)
    assert row.language == language == case.customer.preferred_language
    assert row.state == NotificationState.SENT
    assert row.recipient == case.customer.email

    template = NotificationTemplate.objects.get(merchant=None, kind=kind)
    subject = getattr(template, build_localized_fieldname("subject", language))
    body = getattr(template, build_localized_fieldname("body", language))
    assert subject and subject != template.subject_en
    expected_subject = Template(subject, engine=Engine.get_default()).render(
        Context({"case_reference": case.reference}, autoescape=False)
    )
    assert row.subject == expected_subject
    for piece in unconditional_text(body):
        assert piece in row.body_text
    assert case.customer.name in row.body_text
    for value in told.shows:
        assert value in row.body_text
    assert f'<html lang="{language}">' in row.body_html

    (message,) = [message for message in mail.outbox if message.subject == row.subject]
    assert message.to == [case.customer.email]
    assert message.extra_headers["Content-Language"] == language
    assert message.body.startswith(row.body_text.split("\n", 1)[0])

    if told.carries_store_credit_code:
        # The e-mail carries the credit's real code; the outbox keeps its last four only.
        credit = StoreCredit.objects.filter(case=case).latest("pk")
        code = STORE_CREDIT_CODE.search(message.body).group(0)
        assert hashlib.sha256(code.replace("-", "").encode()).hexdigest() == credit.code_hash
        assert code not in row.body_text + row.body_html
        assert f"••••-••••-••••-{credit.code_last4}" in row.body_text

    sent = len(mail.outbox)
    written = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        told.again()
    assert Notification.objects.filter(case=case, kind=kind).count() == 1
    assert Notification.objects.count() == written
    assert len(mail.outbox) == sent
