"""The refunds domain's data: refunds and their lines, listings and exports, store credit."""

# Imported in the order the models were declared, so the app registry lists them (and
# creates their content types and permissions) as it always did.
# isort: off
from refunds.models.listings import RefundBatch, RefundBatchExport, export_upload_to
from refunds.models.refunds import (
    Refund,
    RefundLine,
    new_refund_reference,
    not_blocked_by_fraud,
    paid_in_store_credit,
    validate_iban,
)
from refunds.models.store_credit import Redemption, StoreCredit
from refunds.models.approval_queue import RefundApprovalQueue

# isort: on
__all__ = [
    "Redemption",
    "Refund",
    "RefundApprovalQueue",
    "RefundBatch",
    "RefundBatchExport",
    "RefundLine",
    "StoreCredit",
    "export_upload_to",
    "new_refund_reference",
    "not_blocked_by_fraud",
    "paid_in_store_credit",
    "validate_iban",
]
