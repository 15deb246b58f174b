"""A refund that waits for a supervisor promises nothing yet: the customer reads that it is being
reviewed, in the e-mail and on the status page, and hears the decision when it is taken."""

from decimal import Decimal

import pytest
from django.utils import translation

from refunds import services as refund_services
from refunds.choices import Alternative, RefundState
from returns import services as return_services
from returns.choices import NotificationKind, Resolution
from returns.demo.notification_templates import seed_templates
from returns.models import Notification
from returns.public.timeline import case_timeline
from tests.returns.test_notifications import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def templates(db):
    seed_templates()


def _kinds(case) -> list[str]:
    return list(
        Notification.objects.filter(case=case).order_by("pk").values_list("kind", flat=True)
    )


def _titles(case) -> list[str]:
    with translation.override("en"):
        return [entry.title for entry in case_timeline(case, language="en")]


def _resolved_as_refund(agent, merchant):
    case = open_case(agent, merchant, language="en")
    return return_services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)


@pytest.fixture
def low_limit(merchant):
    # The case's item costs more: every refund goes to a supervisor.
    merchant.agent_approval_limit = Decimal("1.00")
    merchant.save()
    return merchant


def test_a_refund_over_the_agents_limit_tells_the_customer_it_is_reviewed(agent, low_limit):
    case = _resolved_as_refund(agent, low_limit)

    assert case.refunds.get().state == RefundState.PENDING_APPROVAL
    assert _kinds(case) == [NotificationKind.CASE_OPENED, NotificationKind.REFUND_UNDER_REVIEW]
    review = Notification.objects.get(case=case, kind=NotificationKind.REFUND_UNDER_REVIEW)
    assert "reviewed by a supervisor" in review.body_text
    titles = _titles(case)
    assert "We are reviewing your refund request" in titles
    assert "Decision: we refund you" not in titles


def test_the_supervisors_approval_sends_the_refund_decision(agent, supervisor, low_limit):
    case = _resolved_as_refund(agent, low_limit)

    refund_services.refund_approve_exception(
        refund=case.refunds.get(), actor=supervisor, reason="Loyal customer."
    )

    assert _kinds(case) == [
        NotificationKind.CASE_OPENED,
        NotificationKind.REFUND_UNDER_REVIEW,
        NotificationKind.DECISION_REFUND,
    ]
    titles = _titles(case)
    assert titles.index("We are reviewing your refund request") < titles.index(
        "Decision: we refund you"
    )


def test_the_supervisors_rejection_tells_the_alternative_and_never_promised_a_refund(
    agent, supervisor, low_limit
):
    case = _resolved_as_refund(agent, low_limit)

    refund_services.refund_reject(
        refund=case.refunds.get(),
        actor=supervisor,
        reason="Worn soles.",
        alternative=Alternative.EXCHANGE,
    )

    assert NotificationKind.DECISION_REFUND not in _kinds(case)
    assert _kinds(case)[-1] == NotificationKind.DECISION_REJECTED
    titles = _titles(case)
    assert "Refund not granted" in titles
    assert "Decision: we refund you" not in titles


def test_a_refund_within_the_agents_limit_is_decided_at_once_and_told_once(agent, merchant):
    case = _resolved_as_refund(agent, merchant)
    refund = refund_services.refund_validate(refund=case.refunds.get(), actor=agent)

    refund_services.refund_approve(refund=refund, actor=agent)

    assert _kinds(case) == [NotificationKind.CASE_OPENED, NotificationKind.DECISION_REFUND]
    assert "Decision: we refund you" in _titles(case)
    assert "We are reviewing your refund request" not in _titles(case)
