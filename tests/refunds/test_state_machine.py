"""Random people take random steps on the refunds of one order; the invariants hold after each.

Each example gets a fresh order in a savepoint that its teardown rolls back, so the examples
neither see each other nor grow the database.
"""

from collections import Counter
from decimal import Decimal

import hypothesis
import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from refunds import services
from refunds.choices import RELEASED_STATES, Alternative, RefundState
from refunds.models import Refund, RefundLine, StoreCredit
from returns.common import roles
from returns.common.exceptions import DomainError
from tests.factories import UserFactory
from tests.refunds.factories import RefundFactory, order_with_line

pytestmark = pytest.mark.django_db

S = RefundState

# The design's diagram: transition -> (sources, target, the role action it needs).
EDGES = {
    "validate": ({S.REQUESTED}, S.VALIDATED, "validate"),
    "approve": ({S.VALIDATED}, S.APPROVED, "approve"),
    "escalate": ({S.REQUESTED, S.VALIDATED}, S.PENDING_APPROVAL, "escalate"),
    "hold": ({S.REQUESTED, S.VALIDATED}, S.PENDING_APPROVAL, "hold"),
    "approve_exception": ({S.PENDING_APPROVAL}, S.APPROVED, "approve_exception"),
    "reject": ({S.PENDING_APPROVAL}, S.REJECTED, "reject"),
    "add_to_batch": ({S.APPROVED}, S.BATCHED, "batch"),
    "mark_paid": ({S.BATCHED}, S.PAID, "pay"),
    "mark_failed": ({S.BATCHED}, S.FAILED, "pay"),
    "retry": ({S.FAILED}, S.APPROVED, "retry"),
    "cancel": ({S.REQUESTED, S.VALIDATED, S.PENDING_APPROVAL, S.APPROVED}, S.CANCELLED, "cancel"),
}

NAMES = ("agent", "supervisor", "supervisor2", "finance", "auditor", "outsider")
# Filled by the test before the machine runs: name -> (user, role or None for the outsider).
PEOPLE: dict = {}
TAKEN: Counter = Counter()  # successful steps over all examples, to see the machine did work


def person(*likely):
    """Any of the people, with the ones the step is meant for drawn more often."""
    return st.one_of(*[st.sampled_from(likely)] * 3, st.sampled_from(NAMES))


# -1: a refund the step can start from, when there is one; else any refund of the order.
refund_index = st.one_of(st.just(-1), st.integers(min_value=0, max_value=9))
reasons = st.sampled_from(["customer called again", "checked with the bank"])


class RefundWorkflow(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        merchant = PEOPLE["agent"][0].merchants.get()
        self.merchant = merchant
        self.order, self.line, self.case = order_with_line(
            merchant, total=Decimal("200.00"), unit_price=Decimal("50.00"), quantity=4
        )
        self.reason = self.case.lines.get().reason
        self.refund_pks: list[int] = []

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # Helpers

    def _states(self):
        return dict(Refund.objects.filter(order=self.order).values_list("pk", "state"))

    def _refund(self, index, step):
        if index == -1:
            sources = EDGES[step][0]
            ready = [pk for pk, state in self._states().items() if state in sources]
            if ready:
                return Refund.objects.get(pk=ready[-1])
        return Refund.objects.get(pk=self.refund_pks[index % len(self.refund_pks)])

    def _step(self, name, who, call):
        """Run one service call as `who`; check what changed against the diagram."""
        actor, role = PEOPLE[who]
        before = self._states()
        history_before = self._history_ids()
        try:
            call(actor)
        except DomainError:
            assert self._states() == before, f"{name} failed but changed a state"
            assert self._history_ids() == history_before, f"{name} failed but left history"
            return None
        after = self._states()
        changed = {pk for pk in before if before[pk] != after[pk]}
        assert len(changed) == 1, f"{name} by {who} changed {changed}"
        [pk] = changed
        sources, target, action = EDGES[name]
        assert before[pk] in sources and after[pk] == target, (name, before[pk], after[pk])
        assert role is not None, f"{who} is not assigned to the merchant but took {name}"
        assert action in roles.MATRIX["refunds.refund"].get(role, ()), f"{role} took {name}"
        refund = Refund.objects.get(pk=pk)
        if name in ("approve", "approve_exception"):
            assert refund.requested_by != actor or (
                name == "approve" and refund.amount <= self.merchant.agent_approval_limit
            ), "approved their own request"
            if refund.amount > self.merchant.agent_approval_limit:
                assert role == roles.SUPERVISOR
        latest = refund.history.first()
        assert latest.history_user == actor
        TAKEN[name] += 1
        return refund

    def _history_ids(self):
        return list(
            Refund.history.filter(order_id=self.order.pk).values_list("history_id", flat=True)
        )

    # Rules

    @initialize(state=st.sampled_from([S.REQUESTED, S.VALIDATED, S.APPROVED, S.BATCHED, S.FAILED]))
    def a_refund_further_down_the_line(self, state):
        """Start with one refund already some steps in, so the later steps get their turn."""
        refund = RefundFactory(
            merchant=self.merchant,
            case=self.case,
            state=state,
            amount=Decimal("40.00"),
            requested_by=PEOPLE["agent"][0],
        )
        refund.history.update(
            history_user=PEOPLE["agent"][0], history_change_reason="set up by the test"
        )
        self.refund_pks.append(refund.pk)

    @precondition(lambda self: len(self.refund_pks) < 3)
    @rule(
        who=person("agent", "supervisor"),
        quantity=st.integers(min_value=1, max_value=3),
        amount=st.sampled_from([None, None, Decimal("20.00"), Decimal("150.00")]),
        inside_policy=st.sampled_from([True, True, True, False]),
    )
    def request(self, who, quantity, amount, inside_policy):
        actor, role = PEOPLE[who]
        self.case.inside_policy = inside_policy
        self.case.save(update_fields=["inside_policy"])
        before = set(self._states())
        try:
            refund = services.refund_request(
                actor=actor,
                case=self.case,
                lines=[services.RefundLineInput(self.line, quantity, self.reason, amount)],
                reason="customer called",
            )
        except DomainError:
            assert set(self._states()) == before
            return
        assert role is not None
        assert "add" in roles.MATRIX["refunds.refund"][role]
        refund.refresh_from_db()
        expected = S.REQUESTED
        if refund.fraud_decision:  # a fraud rule had its say: its own route
            expected = refund.state
        elif not inside_policy or refund.amount > self.merchant.agent_approval_limit:
            expected = S.PENDING_APPROVAL
        assert refund.state == expected
        assert all(record.history_user == actor for record in refund.history.all())
        self.refund_pks.append(refund.pk)
        TAKEN["request"] += 1

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("agent"), index=refund_index)
    def validate(self, who, index):
        refund = self._refund(index, "validate")
        self._step(
            "validate", who, lambda actor: services.refund_validate(refund=refund, actor=actor)
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("agent", "supervisor", "supervisor2"), index=refund_index)
    def approve(self, who, index):
        refund = self._refund(index, "approve")
        self._step(
            "approve", who, lambda actor: services.refund_approve(refund=refund, actor=actor)
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("agent"), index=refund_index, reason=reasons)
    def escalate(self, who, index, reason):
        refund = self._refund(index, "escalate")
        self._step(
            "escalate",
            who,
            lambda actor: services.refund_escalate(refund=refund, actor=actor, reason=reason),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("supervisor"), index=refund_index, reason=reasons)
    def hold(self, who, index, reason):
        refund = self._refund(index, "hold")
        self._step(
            "hold",
            who,
            lambda actor: services.refund_hold(refund=refund, actor=actor, reason=reason),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("supervisor", "supervisor2"), index=refund_index, reason=reasons)
    def approve_exception(self, who, index, reason):
        refund = self._refund(index, "approve_exception")
        self._step(
            "approve_exception",
            who,
            lambda actor: services.refund_approve_exception(
                refund=refund, actor=actor, reason=reason
            ),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(
        who=person("supervisor", "supervisor2"),
        index=refund_index,
        reason=reasons,
        alternative=st.sampled_from(Alternative.values),
    )
    def reject(self, who, index, reason, alternative):
        refund = self._refund(index, "reject")
        credits = StoreCredit.objects.filter(case=self.case).count()
        rejected = self._step(
            "reject",
            who,
            lambda actor: services.refund_reject(
                refund=refund, actor=actor, reason=reason, alternative=alternative
            ),
        )
        if rejected is not None and alternative == Alternative.STORE_CREDIT:
            assert StoreCredit.objects.filter(case=self.case).count() == credits + 1

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("finance"), index=refund_index)
    def add_to_batch(self, who, index):
        refund = self._refund(index, "add_to_batch")

        def call(actor):
            batch = services.refund_batch_open(
                merchant=self.merchant, day=timezone.localdate(), actor=actor
            )
            return services.refund_add_to_batch(refund=refund, actor=actor, batch=batch)

        self._step("add_to_batch", who, call)

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("finance"), index=refund_index)
    def mark_paid(self, who, index):
        refund = self._refund(index, "mark_paid")
        self._step(
            "mark_paid",
            who,
            lambda actor: services.refund_mark_paid(
                refund=refund, actor=actor, payment_reference="BANK-REF"
            ),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("finance"), index=refund_index, reason=reasons)
    def mark_failed(self, who, index, reason):
        refund = self._refund(index, "mark_failed")
        self._step(
            "mark_failed",
            who,
            lambda actor: services.refund_mark_failed(refund=refund, actor=actor, reason=reason),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("finance"), index=refund_index, reason=reasons)
    def retry(self, who, index, reason):
        refund = self._refund(index, "retry")
        self._step(
            "retry",
            who,
            lambda actor: services.refund_retry(refund=refund, actor=actor, reason=reason),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(who=person("agent", "supervisor"), index=refund_index, reason=reasons)
    def cancel(self, who, index, reason):
        refund = self._refund(index, "cancel")
        self._step(
            "cancel",
            who,
            lambda actor: services.refund_cancel(refund=refund, actor=actor, reason=reason),
        )

    @precondition(lambda self: self.refund_pks)
    @rule(
        who=person("supervisor", "finance"),
        index=refund_index,
        step=st.sampled_from(["escalate", "hold", "approve_exception", "mark_failed", "retry"]),
    )
    def decide_without_a_reason(self, who, index, step):
        refund = self._refund(index, step)
        service = getattr(services, f"refund_{step}")
        done = self._step(step, who, lambda actor: service(refund=refund, actor=actor, reason=" "))
        assert done is None, f"{step} went through without a reason"

    # Invariants, checked against the database after every step

    @invariant()
    def never_more_than_the_order_captured(self):
        taken = (
            Refund.objects.filter(order=self.order)
            .exclude(state__in=RELEASED_STATES)
            .aggregate(total=Sum("amount"))["total"]
        ) or Decimal("0")
        assert taken <= self.order.total_amount
        line_taken = (
            RefundLine.objects.filter(order_line=self.line)
            .exclude(refund__state__in=RELEASED_STATES)
            .aggregate(total=Sum("amount"))["total"]
        ) or Decimal("0")
        assert line_taken <= self.line.unit_price * self.line.quantity

    @invariant()
    def every_state_change_has_its_history_row_along_the_diagram(self):
        records = Refund.history.filter(order_id=self.order.pk).order_by("id", "history_id")
        previous = {}
        paid = Counter()
        for record in records:
            if previous.get(record.id) != record.state:
                assert record.history_user_id is not None, record
                assert (record.history_change_reason or "").strip(), record
                if record.id in previous:
                    old, new = previous[record.id], record.state
                    assert any(
                        old in sources and new == target for sources, target, _ in EDGES.values()
                    ), (old, new)
                paid[record.id] += record.state == S.PAID
            previous[record.id] = record.state
        assert all(count <= 1 for count in paid.values()), "paid twice"


def test_random_steps_by_random_people_keep_the_invariants(
    merchant, other_merchant, agent, supervisor, finance_user, auditor, outsider
):
    second = UserFactory(username="sue.second", is_staff=True)
    second.groups.set(supervisor.groups.all())
    merchant.staff.add(second)
    PEOPLE.clear()
    PEOPLE.update(
        {
            "agent": (agent, roles.AGENT),
            "supervisor": (supervisor, roles.SUPERVISOR),
            "supervisor2": (second, roles.SUPERVISOR),
            "finance": (finance_user, roles.FINANCE),
            "auditor": (auditor, roles.AUDITOR),
            "outsider": (outsider, None),
        }
    )
    TAKEN.clear()

    run_state_machine_as_test(
        RefundWorkflow,
        settings=hypothesis.settings(
            max_examples=70,
            stateful_step_count=30,
            deadline=None,
            # The same examples every run, so the coverage check below cannot flicker.
            derandomize=True,
            database=None,
            suppress_health_check=[hypothesis.HealthCheck.too_slow],
        ),
    )

    # The machine got far, not only refusals (each step on its own: test_transitions.py).
    assert len(TAKEN) >= 8, TAKEN
    assert sum(TAKEN.values()) >= 100, TAKEN
