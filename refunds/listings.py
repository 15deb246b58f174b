"""Refund listings: closing them per merchant and period, exporting them, and reading the
bank's confirmation back. Every change goes through the refund services."""

import csv
import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

import tablib
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import has_transition_perm

from refunds import services
from refunds.choices import BatchState, RefundMethod, RefundState
from refunds.exceptions import ListingError, RefundError
from refunds.exports import RefundListingResource
from refunds.models import Refund, RefundBatch, RefundBatchExport
from returns.common.spreadsheets import unescape_cell, write_csv, write_xlsx
from returns.common.transitions import ensure_assigned, run_transition
from returns.models import Merchant


@dataclass(frozen=True)
class Closed:
    """What closing one merchant's period did; `why` says why nothing was added."""

    merchant: Merchant
    batch: RefundBatch | None
    added: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    why: str = ""

    @property
    def message(self) -> str:
        """One sentence for the person or the log: what was added, or why nothing was."""
        if self.added:
            return ngettext(
                "%(batch)s: %(count)s refund added.",
                "%(batch)s: %(count)s refunds added.",
                self.added,
            ) % {"batch": self.batch.reference, "count": self.added}
        name = self.batch.reference if self.batch else self.merchant.name
        return _("%(listing)s: nothing added, %(why)s.") % {"listing": name, "why": self.why}


def _local_midnight(day: date, merchant: Merchant) -> datetime:
    return datetime.combine(day, time.min, tzinfo=merchant.zone)


def is_period_end(merchant: Merchant, day: date) -> bool:
    return services.listing_period(merchant, day)[1] == day


@transaction.atomic
def listing_close(*, merchant: Merchant, day: date, actor) -> Closed:
    """Gather the merchant's approved refunds up to the end of the period containing `day`
    (its local time) into that period's listing. Running it again adds nothing new.
    Raises NotAssigned or ActionNotPermitted."""
    ensure_assigned(actor, merchant)
    if not actor.has_perm("refunds.close_refundbatch"):
        raise ListingError(_("Your role does not allow closing listings."))
    start, end = services.listing_period(merchant, day)
    today = timezone.localdate(timezone=merchant.zone)
    if end >= today:
        raise ListingError(
            _(
                "The period %(start)s to %(end)s has not ended yet in %(zone)s; "
                "it can be closed from %(next)s on."
            )
            % {
                "start": date_format(start, "SHORT_DATE_FORMAT"),
                "end": date_format(end, "SHORT_DATE_FORMAT"),
                "zone": merchant.zone.key,
                "next": date_format(end + timedelta(days=1), "SHORT_DATE_FORMAT"),
            }
        )
    due = Refund.objects.filter(
        merchant=merchant,
        state=RefundState.APPROVED,
        batch__isnull=True,
        approved_at__lt=_local_midnight(end + timedelta(days=1), merchant),
    ).order_by("approved_at")
    existing = RefundBatch.objects.filter(
        merchant=merchant, frequency=merchant.refund_listing_frequency, period_start=start
    ).first()
    if existing is None and not due.exists():
        # Nothing to list: no empty listing is made.
        return Closed(merchant, None, 0, why=_("no approved refund waits for this period"))
    batch = existing or services.refund_batch_open(merchant=merchant, day=day, actor=actor)
    if batch.state != BatchState.OPEN:
        waiting = due.count()
        why = _("the listing was already exported on %(date)s") % {
            "date": date_format(timezone.localtime(batch.exported_at, merchant.zone).date())
            if batch.exported_at
            else "—"
        }
        if waiting:
            why += "; " + ngettext(
                "%(count)s approved refund waits for the next listing",
                "%(count)s approved refunds wait for the next listing",
                waiting,
            ) % {"count": waiting}
        return Closed(merchant, batch, 0, why=why)
    added, skipped = 0, []
    for refund in due:
        try:
            with transaction.atomic():
                services.refund_add_to_batch(refund=refund, actor=actor, batch=batch)
        except RefundError as error:
            skipped.append((refund.reference, str(error.message)))
        else:
            added += 1
    if skipped and not added:
        why = _("no approved refund could be listed (reasons below)")
    elif not added:
        why = _("every refund approved in the period is already in it")
    else:
        why = ""
    return Closed(merchant, batch, added, skipped, why=why)


def listings_close_due(*, actor, day: date | None = None) -> list[Closed]:
    """Close every active merchant's listing whose period ends on `day` (default: each
    merchant's local yesterday): daily listings every day, weekly ones on Sundays.
    Raises ListingError, before closing anything, for a `day` not yet over for a merchant."""
    merchants = [
        merchant
        for merchant in Merchant.objects.filter(is_active=True).order_by("slug")
        if is_period_end(merchant, _closing_day(merchant, day))
    ]
    for merchant in merchants:
        if _closing_day(merchant, day) >= timezone.localdate(timezone=merchant.zone):
            raise ListingError(
                _("%(date)s has not ended yet for merchant %(merchant)s (%(zone)s).")
                % {"date": day, "merchant": merchant.name, "zone": merchant.zone.key}
            )
    return [
        listing_close(merchant=merchant, day=_closing_day(merchant, day), actor=actor)
        for merchant in merchants
    ]


def _closing_day(merchant: Merchant, day: date | None) -> date:
    return day or timezone.localdate(timezone=merchant.zone) - timedelta(days=1)


def listing_totals(batch: RefundBatch) -> list[dict]:
    """Count and sum of the listing's refunds, per currency."""
    return list(
        batch.refunds.values("currency")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("currency")
    )


# Export

EXPORT_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sepa": "application/xml",
}


@dataclass(frozen=True)
class ListingActions:
    """What `user` can do with a listing now; `notes` say why a step is not offered."""

    export_formats: list[str]
    confirm: bool
    notes: list[str]


def listing_actions(batch: RefundBatch, user) -> ListingActions:
    """The exports and the confirmation import the listing's state and the user's role allow."""
    formats, notes = [], []
    if has_transition_perm(batch.export, user):
        if batch.refunds.exists():
            formats = ["csv", "xlsx"]
            if batch.refunds.filter(method=RefundMethod.BANK_TRANSFER).exists():
                if batch.merchant.debtor_iban and batch.merchant.debtor_name:
                    formats.append("sepa")
                else:
                    notes.append(
                        _(
                            "A SEPA file needs the account refunds are paid from: set it on "
                            "merchant %(merchant)s."
                        )
                        % {"merchant": batch.merchant.name}
                    )
        else:
            notes.append(_("The listing has no refunds to export yet."))
    return ListingActions(formats, has_transition_perm(batch.settle, user), notes)


@transaction.atomic
def listing_export(*, batch: RefundBatch, actor, file_format: str) -> RefundBatchExport:
    """Write the listing as CSV, XLSX or a SEPA credit transfer (pain.001) and keep the file;
    the listing is then exported and takes no more refunds. Raises ListingError."""
    if file_format not in EXPORT_FORMATS:
        raise ListingError(_("Unknown export format %(format)s.") % {"format": file_format})
    batch = RefundBatch.objects.select_for_update().select_related("merchant").get(pk=batch.pk)
    ensure_assigned(actor, batch.merchant)
    resource = RefundListingResource()
    queryset = RefundListingResource.queryset_for(batch)
    if not queryset.exists():
        raise ListingError(_("Listing %(batch)s has no refunds.") % {"batch": batch.reference})
    with tempfile.TemporaryFile() as handle:
        if file_format == "csv":
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            rows = write_csv(text, resource.headers(), resource.rows(queryset))
            text.flush()
            text.detach()
        elif file_format == "xlsx":
            rows = write_xlsx(
                handle,
                resource.headers(),
                resource.rows(queryset),
                title=batch.reference,
                amount_columns=[RefundListingResource.AMOUNT_COLUMN],
            )
        else:
            from refunds.sepa import sepa_credit_transfer

            content, rows = sepa_credit_transfer(batch)
            handle.write(content)
        handle.seek(0)
        run_transition(
            batch,
            "export",
            actor=actor,
            reason=_("exported as %(format)s") % {"format": file_format.upper()},
            by=actor,
            at=timezone.now(),
        )
        extension = "xml" if file_format == "sepa" else file_format
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        export = RefundBatchExport(
            batch=batch, file_format=file_format, rows=rows, exported_by=actor
        )
        export.file.save(f"{batch.reference}-{stamp}.{extension}", File(handle), save=False)
    export._change_reason = _("exported")
    export._history_user = actor
    export.save()
    return export


# The bank's confirmation

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
        elif status not in (PAID, FAILED):
            problem = _("status must be “paid” or “failed”, not “%(status)s”") % {
                "status": row["status"]
            }
        elif day is None:
            problem = _("the date “%(date)s” is not a date (YYYY-MM-DD)") % {"date": row["date"]}
        elif amount != refund.amount or row["currency"].upper() != refund.currency:
            problem = _(
                "the file says %(amount)s %(currency)s, "
                "the refund is %(expected)s %(expected_currency)s"
            ) % {
                "amount": row["amount"],
                "currency": row["currency"],
                "expected": refund.amount,
                "expected_currency": refund.currency,
            }
        elif status == PAID and not row["bank_reference"]:
            problem = _("a payment needs the bank's reference")
        seen.add(reference)
        if problem:
            plan.errors.append(f"{where}: {problem}.")
            continue
        action = _planned_action(refund, status, row["bank_reference"])
        if action is None:
            plan.errors.append(
                f"{where}: "
                + _("already %(state)s, with bank reference %(bank)s.")
                % {
                    "state": refund.get_state_display().lower(),
                    "bank": refund.payment_reference or "—",
                }
            )
            continue
        plan.lines.append(ConfirmationLine(number, refund, action, row["bank_reference"], day))
    return plan


def _planned_action(refund: Refund, status: str, bank_reference: str) -> str | None:
    """`paid`/`failed` for a change, `unchanged` for the same confirmation read again,
    None for a contradiction (e.g. already paid under another bank reference)."""
    if refund.state == RefundState.BATCHED:
        return status
    same_outcome = (status == PAID and refund.state == RefundState.PAID) or (
        status == FAILED and refund.state == RefundState.FAILED
    )
    if same_outcome and refund.payment_reference == bank_reference:
        return "unchanged"
    return None


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
        super().__init__(
            _("Nothing was changed: %(count)s rows are wrong.") % {"count": len(plan.errors)}
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
            reason=_("bank confirmation %(file)s: %(count)s refunds")
            % {"file": filename, "count": len(plan.changes)},
            complete=not waiting,
        )
    return plan
