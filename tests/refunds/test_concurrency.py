"""Races on one order, one refund, one store credit: 20 threads at once, 50 times each.

Each thread has its own database connection (Django's are per thread), so the row locks
of the services really meet in PostgreSQL. The threads live for the whole test (a pool of
20, started together by a barrier each run), which keeps 50 runs quick: one connection a
thread, not one a run. Data is created once per run, users once per test.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Q

from refunds import services
from refunds.choices import RELEASED_STATES, RefundState, StoreCreditState
from refunds.exceptions import (
    InsufficientBalance,
    RefundExceedsRefundable,
    StoreCreditUnavailable,
)
from refunds.models import Redemption, Refund, StoreCredit
from returns.common import roles
from returns.common.exceptions import TransitionNotAllowed
from tests.factories import MerchantFactory, UserFactory
from tests.refunds.factories import RefundFactory, StoreCreditFactory, order_with_line

THREADS = 20
RUNS = 50

# transaction=True: the threads must see committed rows, and their locks must really block.
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _restore_role_groups():
    """The role groups as the data migrations made them, from the same matrix."""
    labels = [model._meta.label_lower for model in django_apps.get_models()]
    for role in roles.ROLES:
        wanted = Q(pk__in=[])
        for app_label, codename in roles.role_permissions(role, labels):
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(wanted))


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    # The flush after each transactional test empties every table, the role groups a data
    # migration created included (permissions come back through post_migrate, groups do not).
    _restore_role_groups()


@pytest.fixture(scope="module", autouse=True)
def role_groups_after_the_last_flush(django_db_blocker):
    """Whatever runs after this module finds the role groups again."""
    yield
    with django_db_blocker.unblock():
        _restore_role_groups()


class Race:
    """20 long-lived threads; `run` starts one call on each at the same instant."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=THREADS)

    def run(self, calls):
        assert len(calls) == THREADS
        barrier = threading.Barrier(THREADS)

        def contend(call):
            barrier.wait(timeout=30)
            try:
                return call(), None
            except Exception as error:  # every outcome is asserted by the test
                return None, error

        futures = [self.pool.submit(contend, call) for call in calls]
        return [future.result(timeout=60) for future in futures]

    def close(self):
        # One task a thread (the barrier holds each until all 20 have one): every
        # thread closes its own connection.
        barrier = threading.Barrier(THREADS)

        def close_connection():
            barrier.wait(timeout=30)
            connection.close()

        for future in [self.pool.submit(close_connection) for _ in range(THREADS)]:
            future.result(timeout=60)
        self.pool.shutdown()


@pytest.fixture
def race():
    race = Race()
    yield race
    race.close()


@pytest.fixture
def shop():
    return MerchantFactory(slug="race-shop", agent_approval_limit=Decimal("1000.00"))


def _staff(role, prefix, merchant, count=THREADS):
    group = Group.objects.get(name=role)
    users = []
    for index in range(count):
        user = UserFactory(username=f"{prefix}{index}", is_staff=True)
        user.groups.add(group)
        users.append(user)
    merchant.staff.add(*users)
    return users


def _losers(outcomes):
    return [error for _result, error in outcomes if error is not None]


def _winners(outcomes):
    return [result for result, error in outcomes if error is None]


def test_concurrent_requests_never_exceed_what_the_order_captured(race, shop):
    agents = _staff(roles.AGENT, "agent", shop)
    amounts = [Decimal(15 + index) for index in range(THREADS)]  # 15.00 .. 34.00
    for _run in range(RUNS):
        order, line, case = order_with_line(
            shop, total=Decimal("100.00"), unit_price=Decimal("500")
        )
        reason = case.lines.get().reason

        outcomes = race.run(
            [
                lambda agent=agent, amount=amount, case=case, line=line, code=reason: (
                    services.refund_request(
                        actor=agent,
                        case=case,
                        lines=[services.RefundLineInput(line, 1, code, amount)],
                        reason="race",
                    )
                )
                for agent, amount in zip(agents, amounts, strict=True)
            ]
        )

        counting = Refund.objects.filter(order=order).exclude(state__in=RELEASED_STATES)
        taken = sum(refund.amount for refund in counting)
        assert taken <= order.total_amount
        assert counting.count() == len(_winners(outcomes)) >= 3  # at least 15+16+17 fit
        left = order.total_amount - taken
        for (_result, error), amount in zip(outcomes, amounts, strict=True):
            if error is None:
                continue
            assert type(error) is RefundExceedsRefundable, repr(error)
            assert "can still refund" in error.message
            # What is left only shrinks, so what was refused still does not fit.
            assert amount > left


def test_retries_racing_new_requests_never_exceed_what_the_order_captured(race, shop):
    """A retried refund takes back what its failure released: the other way money returns."""
    finance = _staff(roles.FINANCE, "finance", shop, count=THREADS // 2)
    agents = _staff(roles.AGENT, "agent", shop, count=THREADS // 2)
    for _run in range(RUNS):
        order, line, case = order_with_line(
            shop, total=Decimal("100.00"), unit_price=Decimal("500")
        )
        reason = case.lines.get().reason
        failed = RefundFactory(
            merchant=shop, case=case, state=RefundState.FAILED, amount=Decimal("60.00")
        )

        outcomes = race.run(
            [
                lambda user=user, refund=failed: services.refund_retry(
                    refund=refund, actor=user, reason="new bank details"
                )
                for user in finance
            ]
            + [
                lambda agent=agent, case=case, line=line, code=reason: services.refund_request(
                    actor=agent,
                    case=case,
                    lines=[services.RefundLineInput(line, 1, code, Decimal("50.00"))],
                    reason="race",
                )
                for agent in agents
            ]
        )

        counting = Refund.objects.filter(order=order).exclude(state__in=RELEASED_STATES)
        assert sum(refund.amount for refund in counting) <= order.total_amount
        retried = [result for result, error in outcomes[: THREADS // 2] if error is None]
        assert len(retried) <= 1  # a refund comes back from failed once
        for error in _losers(outcomes):
            assert type(error) in (RefundExceedsRefundable, TransitionNotAllowed), repr(error)
            assert error.message


def test_concurrent_payments_pay_a_refund_once(race, shop):
    finance = _staff(roles.FINANCE, "finance", shop)
    for _run in range(RUNS):
        refund = RefundFactory(merchant=shop, state=RefundState.BATCHED)

        outcomes = race.run(
            [
                lambda user=user, refund=refund: services.refund_mark_paid(
                    refund=refund, actor=user, payment_reference=f"BANK-{user.pk}"
                )
                for user in finance
            ]
        )

        [paid] = _winners(outcomes)
        losers = _losers(outcomes)
        assert len(losers) == THREADS - 1
        assert {type(error) for error in losers} == {TransitionNotAllowed}, losers
        assert all("is paid" in error.message for error in losers)
        refund.refresh_from_db()
        assert refund.state == RefundState.PAID
        assert refund.paid_by == paid.paid_by
        assert refund.payment_reference == f"BANK-{paid.paid_by.pk}"
        [record] = refund.history.filter(state=RefundState.PAID)
        assert record.history_user == paid.paid_by
        assert record.history_change_reason


def test_concurrent_approvals_approve_a_refund_once(race, shop):
    supervisors = _staff(roles.SUPERVISOR, "supervisor", shop)
    requester = UserFactory(username="requester")
    for run in range(RUNS):
        # Half the runs from validated (approve wins), half from pending (approve_exception).
        state = RefundState.VALIDATED if run % 2 else RefundState.PENDING_APPROVAL
        refund = RefundFactory(merchant=shop, state=state, requested_by=requester)

        def approve(user, refund=refund):
            return services.refund_approve(refund=refund, actor=user, reason="race")

        def approve_exception(user, refund=refund):
            return services.refund_approve_exception(refund=refund, actor=user, reason="race")

        outcomes = race.run(
            [
                lambda user=user, index=index: (approve, approve_exception)[index % 2](user)
                for index, user in enumerate(supervisors)
            ]
        )

        assert len(_winners(outcomes)) == 1, _losers(outcomes)
        [approved] = _winners(outcomes)
        losers = _losers(outcomes)
        assert {type(error) for error in losers} == {TransitionNotAllowed}, losers
        refund.refresh_from_db()
        assert refund.state == RefundState.APPROVED
        assert refund.approved_by == approved.approved_by
        [record] = refund.history.filter(state=RefundState.APPROVED)
        assert record.history_user == approved.approved_by


def test_concurrent_redemptions_never_take_a_credit_below_zero(race, shop):
    agents = _staff(roles.AGENT, "agent", shop)
    amounts = [Decimal(5 * (1 + index % 4)) for index in range(THREADS)]  # 5, 10, 15, 20 ...
    outcome_kinds = Counter()
    for run in range(RUNS):
        code = f"RACE-{run:04d}-CODE-XXXX"
        credit = StoreCreditFactory(merchant=shop, code=code, initial_value=Decimal("100.00"))

        outcomes = race.run(
            [
                lambda agent=agent, amount=amount, code=code: services.store_credit_redeem(
                    merchant=shop, code=code, amount=amount, actor=agent
                )
                for agent, amount in zip(agents, amounts, strict=True)
            ]
        )

        credit.refresh_from_db()
        redeemed = sum(r.amount for r in Redemption.objects.filter(store_credit=credit))
        assert credit.balance >= 0
        assert redeemed == credit.initial_value - credit.balance
        assert redeemed == sum(redemption.amount for redemption in _winners(outcomes))
        assert (credit.state == StoreCreditState.USED_UP) == (credit.balance == 0)
        for (_result, error), amount in zip(outcomes, amounts, strict=True):
            if error is None:
                continue
            assert type(error) in (InsufficientBalance, StoreCreditUnavailable), repr(error)
            if type(error) is InsufficientBalance:
                assert amount > credit.balance
            else:
                assert credit.state == StoreCreditState.USED_UP
            outcome_kinds[type(error).__name__] += 1
        history_balances = [record.balance for record in credit.history.order_by("history_id")]
        assert history_balances == sorted(history_balances, reverse=True)
    # Both ways of losing happened over the runs.
    assert set(outcome_kinds) == {"InsufficientBalance", "StoreCreditUnavailable"}
    assert StoreCredit.objects.filter(balance__lt=0).count() == 0
