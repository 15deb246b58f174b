"""Refund transitions as the tests drive them: the design's steps, refunds in a state."""

from dataclasses import dataclass

from refunds import services
from refunds.choices import Alternative, RefundState
from tests.refunds.factories import RefundBatchFactory, RefundFactory

S = RefundState


@dataclass(frozen=True)
class Step:
    """One transition of the design's diagram, as the service performs it."""

    name: str
    source: str
    target: str
    allowed_role: str  # a conftest fixture whose role may take the step
    denied_role: str  # one whose role may not
    wrong_source: str

    def perform(self, refund, actor, reason="because the test says so"):
        match self.name:
            case "validate":
                return services.refund_validate(refund=refund, actor=actor, reason=reason)
            case "approve":
                return services.refund_approve(refund=refund, actor=actor, reason=reason)
            case "escalate":
                return services.refund_escalate(refund=refund, actor=actor, reason=reason)
            case "hold":
                return services.refund_hold(refund=refund, actor=actor, reason=reason)
            case "approve_exception":
                return services.refund_approve_exception(refund=refund, actor=actor, reason=reason)
            case "reject":
                return services.refund_reject(
                    refund=refund, actor=actor, reason=reason, alternative=Alternative.EXCHANGE
                )
            case "add_to_batch":
                batch = RefundBatchFactory(merchant=refund.merchant)
                return services.refund_add_to_batch(refund=refund, actor=actor, batch=batch)
            case "mark_paid":
                return services.refund_mark_paid(
                    refund=refund, actor=actor, payment_reference="BANK-1"
                )
            case "mark_failed":
                return services.refund_mark_failed(refund=refund, actor=actor, reason=reason)
            case "retry":
                return services.refund_retry(refund=refund, actor=actor, reason=reason)
            case "cancel":
                return services.refund_cancel(refund=refund, actor=actor, reason=reason)
        raise AssertionError(self.name)


STEPS = [
    Step("validate", S.REQUESTED, S.VALIDATED, "agent", "finance_user", S.APPROVED),
    Step("approve", S.VALIDATED, S.APPROVED, "agent", "finance_user", S.REQUESTED),
    Step("escalate", S.REQUESTED, S.PENDING_APPROVAL, "agent", "finance_user", S.APPROVED),
    Step("hold", S.VALIDATED, S.PENDING_APPROVAL, "supervisor", "agent", S.APPROVED),
    Step("approve_exception", S.PENDING_APPROVAL, S.APPROVED, "supervisor", "agent", S.VALIDATED),
    Step("reject", S.PENDING_APPROVAL, S.REJECTED, "supervisor", "agent", S.APPROVED),
    Step("add_to_batch", S.APPROVED, S.BATCHED, "finance_user", "agent", S.VALIDATED),
    Step("mark_paid", S.BATCHED, S.PAID, "finance_user", "supervisor", S.APPROVED),
    Step("mark_failed", S.BATCHED, S.FAILED, "finance_user", "supervisor", S.PAID),
    Step("retry", S.FAILED, S.APPROVED, "finance_user", "agent", S.BATCHED),
    Step("cancel", S.APPROVED, S.CANCELLED, "agent", "finance_user", S.BATCHED),
]


def refund_in(merchant, state, **fields):
    """A refund put straight into `state`, with its creation history row."""
    return RefundFactory(merchant=merchant, state=state, **fields)


def whole_order_line(refund):
    """The case's order line, made worth the whole order (one line, no delivery costs)."""
    line = refund.case.lines.first().order_line
    line.quantity, line.unit_price = 1, refund.order.total_amount
    line.save()
    return line


def assert_unchanged(refund, state, history_count):
    """The refund is still in `state`, with no history row added."""
    refund.refresh_from_db()
    assert refund.state == state
    assert refund.history.count() == history_count


def request_refund(actor, case, line, *, amount=None, **options):
    """Request a refund of one unit of `line` for the case's first reason."""
    reason = case.lines.first().reason
    return services.refund_request(
        actor=actor,
        case=case,
        lines=[services.RefundLineInput(line, 1, reason, amount)],
        **options,
    )
