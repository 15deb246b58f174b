"""Billing actions: drafts for a month and their note, issuing with a gapless number, payment,
voiding.

Lock order, everywhere: the invoice row first, then the number sequence row. The sequence
row of a series and year is the one place numbers come from; its lock is held until the
issuing transaction commits, so a number is used exactly when the invoice is issued and
a rolled-back issue gives its number back: no gaps, no duplicates.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.choices import SERIES_PREFIX, InvoiceState, NumberSeries
from billing.exceptions import (
    BillingError,
    InvalidTariff,
    InvoiceLocked,
    InvoiceOutOfDate,
    ReasonRequired,
)
from billing.models import CreditNote, Invoice, InvoiceLine, InvoiceSequence, Tariff
from billing.selectors import MonthBilling, line_amount, month_billing, vat_by_rate
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.models import Merchant

PAYMENT_TERM_DAYS = 30


@dataclass
class PreparedMonth:
    created: list[Invoice] = field(default_factory=list)
    existing: list[Invoice] = field(default_factory=list)
    failed: list[tuple[Merchant, str]] = field(default_factory=list)


def _require(actor, permission: str, message: str) -> None:
    if not actor.has_perm(permission):
        raise ActionNotPermitted(message)


def _lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("merchant").get(pk=invoice.pk)


def _next_number(series: str, year: int) -> tuple[int, str]:
    """Take the next number of a series and year; the caller's transaction holds the lock."""
    # get_or_create survives two first-of-the-year issuers racing to create the row: the
    # loser's insert fails on the unique constraint inside a savepoint and it reads the row.
    InvoiceSequence.objects.get_or_create(series=series, year=year)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, f"{SERIES_PREFIX[series]}{year}-{sequence.last_number:05d}"


@transaction.atomic
def tariff_save(*, tariff: Tariff, actor, reason: str = "") -> Tariff:
    """Create or change a tariff; raises InvalidTariff (overlap) or NotAssigned."""
    ensure_assigned(actor, tariff.merchant)
    action = "change" if tariff.pk else "add"
    _require(actor, f"billing.{action}_tariff", _("Your role does not allow editing tariffs."))
    # Serialize edits of one merchant's tariffs, so two overlapping ones cannot both pass.
    Merchant.objects.lock(tariff.merchant_id)
    try:
        tariff.full_clean()
    except ValidationError as error:
        raise InvalidTariff(" ".join(error.messages)) from None
    save_with_history(tariff, actor=actor, reason=reason or _("tariff saved"))
    return tariff


def _fill(invoice: Invoice, billing: MonthBilling) -> list[InvoiceLine]:
    """Set the invoice's totals and figures from a month's billing; the lines, unsaved."""
    lines = []
    for position, figures in enumerate(billing.lines):
        period = figures.period
        lines.append(
            InvoiceLine(
                invoice=invoice,
                position=position,
                channel=figures.channel,
                tariff=period.tariff,
                valid_from=period.first_day,
                valid_to=period.last_day,
                quantity=figures.quantity,
                unit_fee=period.fee,
                vat_rate=period.vat_rate,
                amount=line_amount(figures.quantity, period.fee, billing.currency),
            )
        )
    invoice.currency = billing.currency
    invoice.contact_count = billing.contact_count
    invoice.subtotal = sum((line.amount for line in lines), start=Decimal(0))
    vat = vat_by_rate(((line.amount, line.vat_rate) for line in lines), billing.currency)
    invoice.vat_amount = sum(vat.values(), start=Decimal(0))
    invoice.total = invoice.subtotal + invoice.vat_amount
    invoice.handling_figures = {"channels": [item.as_json() for item in billing.figures]}
    return lines


def _line_key(line: InvoiceLine) -> tuple:
    return (
        line.channel,
        line.tariff_id,
        line.valid_from,
        line.valid_to,
        line.quantity,
        line.unit_fee,
        line.vat_rate,
        line.amount,
    )


@transaction.atomic
def invoice_prepare(
    *, merchant: Merchant, year: int, month: int, actor
) -> tuple[Invoice | None, bool]:
    """The merchant's live invoice for a month, else a new draft (created=True).

    None when there is no invoice and no contact to bill. Raises MixedCurrencies.
    """
    ensure_assigned(actor, merchant)
    _require(actor, "billing.add_invoice", _("Your role does not allow preparing invoices."))
    # The merchant row lock keeps two runs of the command from both creating the draft.
    merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
    first_day = date(year, month, 1)
    existing = (
        Invoice.objects.filter(merchant=merchant, period_start=first_day)
        .exclude(state=InvoiceState.VOID)
        .first()
    )
    if existing is not None:
        return existing, False
    billing = month_billing(merchant, year, month)
    if not billing.contact_count:
        return None, False
    invoice = Invoice(
        merchant=merchant,
        period_start=billing.first_day,
        period_end=billing.last_day,
        starts_at=billing.starts_at,
        ends_at=billing.ends_at,
        language=merchant.default_language,
        created_by=actor,
    )
    lines = _fill(invoice, billing)
    invoice.full_clean(exclude=["state"])
    save_with_history(invoice, actor=actor, reason=_("draft prepared"))
    for line in lines:
        save_with_history(line, actor=actor, reason=_("draft prepared"))
    return invoice, True


def invoices_prepare_month(*, year: int, month: int, actor) -> PreparedMonth:
    """Drafts for every active merchant of the actor's with contacts in the month.

    Idempotent: a merchant that has a live invoice for the month gets nothing new. Each
    merchant is its own transaction, so one merchant's problem does not stop the others.
    """
    result = PreparedMonth()
    for merchant in Merchant.objects.for_user(actor).filter(is_active=True).order_by("name"):
        try:
            invoice, created = invoice_prepare(
                merchant=merchant, year=year, month=month, actor=actor
            )
        except BillingError as error:
            result.failed.append((merchant, str(error.message)))
            continue
        if invoice is not None:
            (result.created if created else result.existing).append(invoice)
    return result


@transaction.atomic
def invoice_recalculate(*, invoice: Invoice, actor, reason: str = "") -> Invoice:
    """Count a draft's month again (contacts changed); raises InvoiceLocked once issued."""
    invoice = _lock_invoice(invoice)
    ensure_assigned(actor, invoice.merchant)
    _require(actor, "billing.change_invoice", _("Your role does not allow changing invoices."))
    if invoice.state != InvoiceState.DRAFT:
        raise InvoiceLocked
    billing = month_billing(invoice.merchant, invoice.period_start.year, invoice.period_start.month)
    lines = _fill(invoice, billing)
    invoice.lines.all().delete()
    save_with_history(invoice, actor=actor, reason=reason or _("recalculated"))
    for line in lines:
        save_with_history(line, actor=actor, reason=reason or _("recalculated"))
    return invoice


@transaction.atomic
def invoice_set_note(*, invoice: Invoice, actor, note: str) -> Invoice:
    """Set the note the merchant reads on a draft; raises InvoiceLocked once it is issued,
    NotAssigned or ActionNotPermitted."""
    invoice = _lock_invoice(invoice)
    ensure_assigned(actor, invoice.merchant)
    _require(actor, "billing.change_invoice", _("Your role does not allow changing invoices."))
    if invoice.state != InvoiceState.DRAFT:
        raise InvoiceLocked
    invoice.note = note
    invoice.full_clean(exclude=["state"])
    save_with_history(invoice, actor=actor, reason=_("note edited"))
    return invoice


@transaction.atomic
def invoice_issue(*, invoice: Invoice, actor, reason: str = "") -> Invoice:
    """Number, date and store the PDF of a reviewed draft.

    Raises InvoiceOutOfDate when the month's contacts changed since the draft, and
    TransitionNotAllowed or ActionNotPermitted.
    """
    from billing.pdf import invoice_pdf

    invoice = _lock_invoice(invoice)
    ensure_assigned(actor, invoice.merchant)
    # Contacts being logged for this merchant wait until the invoice is committed (see
    # billing.signals), so none slips into the month between the recount and the commit.
    Merchant.objects.lock(invoice.merchant_id)
    if invoice.state == InvoiceState.DRAFT:
        # What finance reviewed is what the merchant gets: recount, and refuse if it moved.
        billing = month_billing(
            invoice.merchant, invoice.period_start.year, invoice.period_start.month
        )
        fresh = Invoice(pk=invoice.pk)
        fresh_lines = _fill(fresh, billing)
        stored = sorted(_line_key(line) for line in invoice.lines.all())
        if stored != sorted(_line_key(line) for line in fresh_lines):
            raise InvoiceOutOfDate
    now = timezone.now()
    today = timezone.localdate(now)
    # Taken last, as the sequence lock is the one every issuer waits for. Should the
    # transition be refused below, the rollback gives the number back.
    sequence, number = _next_number(NumberSeries.INVOICE, today.year)
    run_transition(
        invoice,
        "issue",
        actor=actor,
        reason=reason or _("issued"),
        by=actor,
        at=now,
        on=today,
        due_on=today + timedelta(days=PAYMENT_TERM_DAYS),
        year=today.year,
        sequence=sequence,
        number=number,
    )
    # Rendered inside the transaction: an issued invoice always has its stored PDF. The
    # sequence lock is held meanwhile, which serializes issuing at ~0.1 s an invoice.
    invoice.pdf.save(f"{number}.pdf", ContentFile(invoice_pdf(invoice)), save=False)
    save_with_history(invoice, actor=actor, reason=_("PDF stored"))
    return invoice


@transaction.atomic
def invoice_mark_paid(
    *, invoice: Invoice, actor, payment_reference: str, reason: str = ""
) -> Invoice:
    """Record the merchant's payment of an issued invoice."""
    invoice = _lock_invoice(invoice)
    ensure_assigned(actor, invoice.merchant)
    run_transition(
        invoice,
        "mark_paid",
        actor=actor,
        reason=reason or _("paid"),
        by=actor,
        at=timezone.now(),
        payment_reference=payment_reference,
    )
    return invoice


@transaction.atomic
def invoice_void(*, invoice: Invoice, actor, reason: str) -> Invoice:
    """Withdraw a draft, or cancel an issued invoice with a credit note for its total.

    The month's contacts are then free to correct, and a new draft can bill them again.
    """
    if not reason or not reason.strip():
        raise ReasonRequired
    invoice = _lock_invoice(invoice)
    ensure_assigned(actor, invoice.merchant)
    was_issued = invoice.state == InvoiceState.ISSUED
    now = timezone.now()
    run_transition(invoice, "void", actor=actor, reason=reason, by=actor, at=now, why=reason)
    if was_issued:
        today = timezone.localdate(now)
        sequence, number = _next_number(NumberSeries.CREDIT_NOTE, today.year)
        credit_note = CreditNote(
            invoice=invoice,
            number=number,
            number_year=today.year,
            number_sequence=sequence,
            issued_on=today,
            issued_at=now,
            issued_by=actor,
            reason=reason,
            currency=invoice.currency,
            subtotal=-invoice.subtotal,
            vat_amount=-invoice.vat_amount,
            total=-invoice.total,
        )
        credit_note.full_clean()
        save_with_history(credit_note, actor=actor, reason=reason)
    return invoice
