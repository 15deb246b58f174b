"""The bank's confirmation of a listing: read, planned row by row, applied all or nothing."""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

import tablib
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from refunds import services
from refunds.choices import RefundState
from refunds.exceptions import ListingError
from refunds.models import Refund, RefundBatch
from returns.common.spreadsheets import unescape_cell
from returns.common.transitions import ensure_assigned, run_transition

PAID, FAILED = "paid", "failed"
COLUMNS = {
    "reference": ("reference", "refund", "refund reference"),
    "status": ("status", "result"),
    "bank_reference": ("bank reference", "bank_reference", "bank ref"),
    "date": ("date", "value date", "booking date"),
    "amount": ("amount",),
    "currency": ("currency",),
}


@dataclass
class ConfirmationLine:
    row: int
    refund: Refund
    action: str  # paid, failed, or unchanged
    bank_reference: str
    day: date


@dataclass
class ConfirmationPlan:
    lines: list[ConfirmationLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[ConfirmationLine]:
        return [line for line in self.lines if line.action != "unchanged"]

    @property
    def summary(self) -> str:
        """What an applied plan did, for the person who imported it."""
        changed, unchanged = len(self.changes), len(self.lines) - len(self.changes)
        updated = ngettext("%(count)s refund updated", "%(count)s refunds updated", changed) % {
            "count": changed
        }
        recorded = ngettext(
            "%(count)s row already recorded, left unchanged",
            "%(count)s rows already recorded, left unchanged",
            unchanged,
        ) % {"count": unchanged}
        return _("%(updated)s, %(recorded)s.") % {"updated": updated, "recorded": recorded}


def confirmation_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """The file's rows with normalized column names; raises ListingError for an unreadable
    file or a missing column."""
    try:
        if filename.lower().endswith(".xlsx"):
            dataset = tablib.Dataset().load(content, format="xlsx")
        else:
            text = content.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
            dataset = tablib.Dataset().load(text, format="csv", delimiter=dialect.delimiter)
    except (UnicodeDecodeError, csv.Error, ValueError, IndexError) as error:
        raise ListingError(_("The file cannot be read: %(error)s") % {"error": error}) from None
    headers = {str(header).strip().lower(): header for header in dataset.headers or []}
    mapping = {}
    for name, aliases in COLUMNS.items():
        found = next((headers[alias] for alias in aliases if alias in headers), None)
        if found is None:
            raise ListingError(_("The file has no column “%(column)s”.") % {"column": name})
        mapping[name] = found
    return [
        {
            name: "" if row[column] is None else unescape_cell(str(row[column]).strip())
            for name, column in mapping.items()
        }
        for row in dataset.dict
    ]


def confirmation_plan(*, batch: RefundBatch, rows: list[dict[str, str]]) -> ConfirmationPlan:
    """What the file would change, and every row that is wrong; writes nothing."""
    plan = ConfirmationPlan()
    references = [row["reference"].upper() for row in rows]
    refunds = {
        refund.reference: refund
        for refund in Refund.objects.filter(reference__in=references).select_related("batch")
    }
    seen = set()
    for number, (row, reference) in enumerate(zip(rows, references, strict=True), start=2):
        where = _("Row %(row)s (%(reference)s)") % {"row": number, "reference": reference or "—"}
        refund = refunds.get(reference)
        status = row["status"].lower()
        day = _parse_day(row["date"])
        amount = _parse_amount(row["amount"])
        problem = None
        if refund is None:
            problem = _("unknown refund reference")
        elif reference in seen:
            problem = _("the refund appears twice in the file")
        elif refund.batch_id != batch.pk:
            problem = _("the refund is not in listing %(batch)s") % {"batch": batch.reference}
        elif _amount_differs(row, refund, amount):
            problem = _(
                "the file says %(amount)s %(currency)s, "
                "the refund is %(expected)s %(expected_currency)s"
            ) % {
                "amount": row["amount"],
                "currency": row["currency"],
                "expected": refund.amount,
                "expected_currency": refund.currency,
            }
        elif refund.state in (RefundState.PAID, RefundState.FAILED):
            # Recorded before (a second import, or the listing's own export sent back whole):
            # agreeing rows change nothing, and need no date or bank reference to say so.
            if not _agrees_with_record(refund, status, row["bank_reference"]):
                problem = _("already %(state)s, with bank reference %(bank)s") % {
                    "state": refund.get_state_display().lower(),
                    "bank": refund.payment_reference or "—",
                }
        elif status not in (PAID, FAILED):
            problem = _("status must be “paid” or “failed”, not “%(status)s”") % {
                "status": row["status"]
            }
        elif day is None:
            problem = _("the date “%(date)s” is not a date (YYYY-MM-DD)") % {"date": row["date"]}
        elif status == PAID and not row["bank_reference"]:
            problem = _("a payment needs the bank's reference")
        seen.add(reference)
        if problem:
            plan.errors.append(f"{where}: {problem}.")
            continue
        action = _planned_action(refund, status)
        plan.lines.append(ConfirmationLine(number, refund, action, row["bank_reference"], day))
    return plan


def _amount_differs(row: dict[str, str], refund: Refund, amount: Decimal | None) -> bool:
    return amount != refund.amount or row["currency"].upper() != refund.currency


def _agrees_with_record(refund: Refund, status: str, bank_reference: str) -> bool:
    """A row for a refund already paid or failed agrees when it names no other outcome and
    no other bank reference than the one recorded."""
    recorded = PAID if refund.state == RefundState.PAID else FAILED
    return status in ("", recorded) and bank_reference in ("", refund.payment_reference)


def _planned_action(refund: Refund, status: str) -> str:
    """`paid`/`failed` for a refund waiting in the listing, `unchanged` for one recorded."""
    if refund.state == RefundState.BATCHED:
        return status
    return "unchanged"


def _parse_day(text: str) -> date | None:
    try:
        return parse_date(text[:10])
    except ValueError:
        return None


def _parse_amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


class ConfirmationRejected(ListingError):
    def __init__(self, plan: ConfirmationPlan):
        self.plan = plan
        count = len(plan.errors)
        super().__init__(
            ngettext(
                "Nothing was changed: %(count)s row is wrong.",
                "Nothing was changed: %(count)s rows are wrong.",
                count,
            )
            % {"count": count}
        )


@transaction.atomic
def listing_confirm(
    *, batch: RefundBatch, actor, content: bytes, filename: str
) -> ConfirmationPlan:
    """Apply the bank's confirmation: all rows or none. Paid and failed refunds move through
    the refund services; rows already recorded change nothing. Raises ConfirmationRejected."""
    batch = RefundBatch.objects.select_for_update().select_related("merchant").get(pk=batch.pk)
    ensure_assigned(actor, batch.merchant)
    if not actor.has_perm("refunds.confirm_refundbatch"):
        raise ListingError(_("Your role does not allow importing confirmations."))
    plan = confirmation_plan(batch=batch, rows=confirmation_rows(content, filename))
    if plan.errors:
        raise ConfirmationRejected(plan)
    for line in plan.changes:
        paid_at = datetime.combine(line.day, time(12), tzinfo=batch.merchant.zone)
        if line.action == PAID:
            services.refund_mark_paid(
                refund=line.refund,
                actor=actor,
                payment_reference=line.bank_reference,
                paid_at=paid_at,
            )
        else:
            services.refund_mark_failed(
                refund=line.refund,
                actor=actor,
                reason=_("the bank returned the payment (%(file)s, row %(row)s)")
                % {"file": filename, "row": line.row},
                payment_reference=line.bank_reference,
            )
    if plan.changes:
        waiting = batch.refunds.filter(state=RefundState.BATCHED).exists()
        run_transition(
            batch,
            "settle",
            actor=actor,
            reason=ngettext(
                "bank confirmation %(file)s: %(count)s refund",
                "bank confirmation %(file)s: %(count)s refunds",
                len(plan.changes),
            )
            % {"file": filename, "count": len(plan.changes)},
            complete=not waiting,
        )
    return plan
