"""Exporting a 100,000-refund listing to CSV and XLSX: rows per second and peak memory,
beside PostgreSQL's own COPY of the same rows. Run with `make bench`."""

import os
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from refunds.choices import RefundMethod, RefundState
from refunds.listings import listing_export
from refunds.models import Refund, RefundBatch, RefundLine
from returns.common.system import system_user
from tests.factories import ReturnCaseFactory

ROWS = 100_000
CHUNK = 5_000


@pytest.fixture
def big_listing(postgres, merchant):
    case = ReturnCaseFactory(order__merchant=merchant, order__total_amount=Decimal("1e9"))
    line = case.lines.get()
    actor = system_user()
    batch = RefundBatch.objects.create(
        reference="BENCH-1",
        merchant=merchant,
        frequency="daily",
        period_start=date(2026, 11, 20),
        period_end=date(2026, 11, 20),
    )
    now = timezone.now()
    for start in range(0, ROWS, CHUNK):
        refunds = Refund.objects.bulk_create(
            Refund(
                reference=f"F-{index:09d}",
                merchant=merchant,
                case=case,
                order=case.order,
                amount=Decimal(index % 9000 + 100) / 100,
                currency="EUR",
                method=RefundMethod.BANK_TRANSFER,
                iban="DE89370400440532013000",
                account_holder="=cmd|' /C calc'!A0" if index % 1000 == 0 else "Erika Mustermann",
                state=RefundState.BATCHED,
                requested_by=actor,
                approved_by=actor,
                approved_at=now,
                batch=batch,
            )
            for index in range(start, min(start + CHUNK, ROWS))
        )
        RefundLine.objects.bulk_create(
            RefundLine(
                refund=refund,
                order_line=line.order_line,
                quantity=1,
                amount=refund.amount,
                reason=line.reason,
            )
            for refund in refunds
        )
    return batch


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(function):
    """Seconds, and how far the process's resident memory rose above where it started
    (sampled every 20 ms; tracemalloc would slow the export itself several times)."""
    baseline, peak, done = _rss_mib(), [0.0], threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss_mib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return result, seconds, max(peak[0], _rss_mib()) - baseline


@pytest.mark.django_db
def test_export_100k_refunds(big_listing):
    actor = system_user()
    print(f"\nListing export of {ROWS:,} refunds (PostgreSQL):")
    for file_format in ("csv", "xlsx"):
        export, seconds, peak_mb = _measure(
            lambda file_format=file_format: listing_export(
                batch=big_listing, actor=actor, file_format=file_format
            )
        )
        assert export.rows == ROWS
        print(
            f"  {file_format:<5} {seconds:6.1f} s  {ROWS / seconds:9,.0f} rows/s  "
            f"memory rise {peak_mb:6.1f} MiB  file {export.file.size / 2**20:6.1f} MiB"
        )

    sql = """
        COPY (
            SELECT r.reference, c.reference, o.number, cu.name, cu.email, r.method, r.iban,
                   r.account_holder, r.amount, r.currency, reason.label, u.username, r.approved_at
            FROM refunds_refund r
            JOIN returns_returncase c ON c.id = r.case_id
            JOIN returns_order o ON o.id = r.order_id
            JOIN returns_customer cu ON cu.id = c.customer_id
            LEFT JOIN auth_user u ON u.id = r.approved_by_id
            LEFT JOIN refunds_refundline l ON l.refund_id = r.id
            LEFT JOIN returns_returnreason reason ON reason.id = l.reason_id
            WHERE r.batch_id = %s ORDER BY r.reference
        ) TO STDOUT WITH CSV HEADER
    """

    def copy():
        size = 0
        with connection.cursor() as cursor, cursor.copy(sql % int(big_listing.pk)) as stream:
            for block in stream:
                size += len(block)
        return size

    size, seconds, peak_mb = _measure(copy)
    print(
        f"  COPY  {seconds:6.1f} s  {ROWS / seconds:9,.0f} rows/s  "
        f"memory rise {peak_mb:6.1f} MiB  output {size / 2**20:6.1f} MiB"
    )
    assert size > 0
