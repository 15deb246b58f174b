"""Refund listings: closing them per merchant and period, exporting them, and reading the
bank's confirmation back (refunds.confirmations, whose names are importable from here).
Every change goes through the refund services."""

import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import has_transition_perm

from refunds import services
from refunds.choices import BatchState, RefundMethod, RefundState
from refunds.confirmations import (
    ConfirmationLine,
    ConfirmationPlan,
    ConfirmationRejected,
    confirmation_plan,
    confirmation_rows,
    listing_confirm,
)
from refunds.exceptions import ListingError, RefundError
from refunds.exports import RefundListingResource
from refunds.models import Refund, RefundBatch, RefundBatchExport
from returns.common.spreadsheets import write_csv, write_xlsx
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


__all__ = [
    "EXPORT_FORMATS",
    "Closed",
    "ConfirmationLine",
    "ConfirmationPlan",
    "ConfirmationRejected",
    "ListingActions",
    "confirmation_plan",
    "confirmation_rows",
    "listing_actions",
    "listing_close",
    "listing_confirm",
    "listing_export",
    "listing_totals",
    "listings_close_due",
]
