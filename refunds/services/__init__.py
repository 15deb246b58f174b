"""Refund actions, one module a stage: each locks what it must, checks, transitions and
records why. Other apps and the admin import them from here."""

from refunds.services.approvals import (
    Rejection,
    approval_obstacle,
    refund_approve,
    refund_approve_exception,
    refund_reject,
)
from refunds.services.base import (
    check_lines_refundable,
    lock_order,
    lock_refund,
    refundable_amount,
    require_reason,
    system_step,
)
from refunds.services.payments import (
    listing_period,
    refund_add_to_batch,
    refund_batch_open,
    refund_mark_failed,
    refund_mark_paid,
    refund_retry,
)
from refunds.services.requests import (
    RefundLineInput,
    refund_cancel,
    refund_escalate,
    refund_hold,
    refund_record_fraud_decision,
    refund_request,
    refund_validate,
)
from refunds.services.store_credit import (
    STORE_CREDIT_VALID_DAYS,
    hash_code,
    store_credit_issue,
    store_credit_redeem,
    store_credit_void,
)

__all__ = [
    "STORE_CREDIT_VALID_DAYS",
    "RefundLineInput",
    "Rejection",
    "approval_obstacle",
    "check_lines_refundable",
    "hash_code",
    "listing_period",
    "lock_order",
    "lock_refund",
    "refund_add_to_batch",
    "refund_approve",
    "refund_approve_exception",
    "refund_batch_open",
    "refund_cancel",
    "refund_escalate",
    "refund_hold",
    "refund_mark_failed",
    "refund_mark_paid",
    "refund_record_fraud_decision",
    "refund_reject",
    "refund_request",
    "refund_retry",
    "refund_validate",
    "refundable_amount",
    "require_reason",
    "store_credit_issue",
    "store_credit_redeem",
    "store_credit_void",
    "system_step",
]
