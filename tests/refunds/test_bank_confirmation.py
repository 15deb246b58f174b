import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from refunds.choices import BatchState, RefundState
from refunds.listings import (
    ConfirmationRejected,
    confirmation_plan,
    confirmation_rows,
    listing_close,
    listing_confirm,
    listing_export,
)
from refunds.models import Refund
from tests.refunds.listing_helpers import approved_refund, close_yesterday

pytestmark = pytest.mark.django_db

HEADER = "reference,status,bank reference,date,amount,currency\n"


@pytest.fixture
def exported(merchant, agent, finance_user):
    refunds = [
        approved_refund(merchant, agent, price=Decimal(price))
        for price in ("10.00", "25.50", "7.25")
    ]
    batch = close_yesterday(merchant, finance_user).batch
    listing_export(batch=batch, actor=finance_user, file_format="csv")
    batch.refresh_from_db()
    return batch, sorted(refunds, key=lambda refund: refund.amount)


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def _states():
    return dict(Refund.objects.values_list("reference", "state"))


def test_a_good_file_pays_and_fails_through_the_services(exported, finance_user):
    batch, (small, medium, large) = exported
    content = _csv(
        f"{small.reference},paid,BK-1,2026-11-24,7.25,EUR",
        f"{medium.reference},failed,BK-2,2026-11-24,10.00,EUR",
        f"{large.reference},paid,BK-3,2026-11-24,25.50,EUR",
    )
    plan = listing_confirm(batch=batch, actor=finance_user, content=content, filename="bank.csv")
    assert len(plan.changes) == 3
    assert _states() == {
        small.reference: RefundState.PAID,
        medium.reference: RefundState.FAILED,
        large.reference: RefundState.PAID,
    }
    small.refresh_from_db()
    assert small.payment_reference == "BK-1"
    assert small.history.latest().history_user == finance_user
    batch.refresh_from_db()
    assert batch.state == BatchState.SETTLED


def test_one_bad_row_changes_nothing_and_names_that_row(exported, finance_user):
    batch, (small, medium, _large) = exported
    before, history = _states(), Refund.history.count()
    content = _csv(
        f"{small.reference},paid,BK-1,2026-11-24,7.25,EUR",
        f"{medium.reference},paid,BK-2,2026-11-24,99.00,EUR",
        "F-ZZZZ-ZZZZ,paid,BK-9,2026-11-24,1.00,EUR",
    )
    with pytest.raises(ConfirmationRejected) as rejected:
        listing_confirm(batch=batch, actor=finance_user, content=content, filename="bank.csv")
    errors = rejected.value.plan.errors
    assert any(
        error.startswith(f"Row 3 ({medium.reference})") and "99.00" in error for error in errors
    )
    assert any(error.startswith("Row 4 (F-ZZZZ-ZZZZ)") and "unknown" in error for error in errors)
    assert len(errors) == 2
    assert _states() == before
    assert Refund.history.count() == history


def test_importing_the_same_file_again_changes_nothing(exported, finance_user):
    batch, (small, medium, _large) = exported
    content = _csv(
        f"{small.reference},paid,BK-1,2026-11-24,7.25,EUR",
        f"{medium.reference},paid,BK-2,2026-11-24,10.00,EUR",
    )
    listing_confirm(batch=batch, actor=finance_user, content=content, filename="bank.csv")
    states, history = _states(), Refund.history.count()
    batch.refresh_from_db()
    assert batch.state == BatchState.PARTLY_SETTLED
    again = listing_confirm(batch=batch, actor=finance_user, content=content, filename="bank.csv")
    assert again.changes == []
    assert _states() == states
    assert Refund.history.count() == history


def test_already_paid_under_another_bank_reference_is_an_error(exported, finance_user):
    batch, (small, *_rest) = exported
    listing_confirm(
        batch=batch,
        actor=finance_user,
        content=_csv(f"{small.reference},paid,BK-1,2026-11-24,7.25,EUR"),
        filename="bank.csv",
    )
    with pytest.raises(ConfirmationRejected) as rejected:
        listing_confirm(
            batch=batch,
            actor=finance_user,
            content=_csv(f"{small.reference},paid,BK-OTHER,2026-11-25,7.25,EUR"),
            filename="bank2.csv",
        )
    assert "already paid" in rejected.value.plan.errors[0]


def test_a_refund_of_another_listing_is_refused(exported, finance_user, merchant, agent):
    batch, _refunds = exported
    stranger = approved_refund(merchant, agent)
    with pytest.raises(ConfirmationRejected) as rejected:
        listing_confirm(
            batch=batch,
            actor=finance_user,
            content=_csv(f"{stranger.reference},paid,BK-1,2026-11-24,40.00,EUR"),
            filename="bank.csv",
        )
    assert "not in listing" in rejected.value.plan.errors[0]


def test_xlsx_confirmations_are_read_too(exported, finance_user):
    batch, (small, *_rest) = exported
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Reference", "Status", "Bank reference", "Date", "Amount", "Currency"])
    sheet.append([small.reference, "paid", "BK-X", "2026-11-24", 7.25, "EUR"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    listing_confirm(
        batch=batch, actor=finance_user, content=buffer.getvalue(), filename="bank.xlsx"
    )
    small.refresh_from_db()
    assert small.state == RefundState.PAID


def test_admin_previews_first_then_confirms(client, exported, finance_user):
    batch, (small, *_others) = exported
    client.force_login(finance_user)
    url = reverse("admin:refunds_refundbatch_confirmation", args=[batch.pk])
    upload = io.BytesIO(_csv(f"{small.reference},paid,BK-1,2026-11-24,7.25,EUR"))
    upload.name = "bank.csv"
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert preview.context["plan"].changes[0].refund == small
    assert _states()[small.reference] == RefundState.BATCHED  # the preview wrote nothing
    client.post(url, {"payload": preview.context["payload"]})
    assert _states()[small.reference] == RefundState.PAID


def test_a_tampered_payload_is_refused(client, exported, finance_user):
    batch, _refunds = exported
    client.force_login(finance_user)
    url = reverse("admin:refunds_refundbatch_confirmation", args=[batch.pk])
    assert client.post(url, {"payload": "forged"}).status_code == 403


def test_agents_cannot_import_confirmations(client, exported, agent):
    batch, _refunds = exported
    client.force_login(agent)
    url = reverse("admin:refunds_refundbatch_confirmation", args=[batch.pk])
    assert client.get(url).status_code in (403, 404)


# --- one wrong row of each kind: the dry run and the admin's preview name it ------------------


def _unknown_reference(batch, small, **_people):
    reference = "F-ZZZZ-ZZZZ"
    return reference, f"{reference},paid,BK-9,2026-11-24,{small.amount},EUR", "unknown refund"


def _wrong_amount(batch, small, **_people):
    amount = small.amount + Decimal("1.00")
    row = f"{small.reference},paid,BK-9,2026-11-24,{amount},{small.currency}"
    return small.reference, row, f"the file says {amount} {small.currency}"


def _wrong_currency(batch, small, **_people):
    currency = "USD" if small.currency != "USD" else "GBP"
    row = f"{small.reference},paid,BK-9,2026-11-24,{small.amount},{currency}"
    expected = f"the file says {small.amount} {currency}, the refund is {small.amount}"
    return small.reference, row, f"{expected} {small.currency}"


def _not_in_this_listing(batch, small, *, merchant, agent, finance_user):
    stranger = approved_refund(merchant, agent)
    yesterday = batch.period_start - timedelta(days=1)
    approved_at = datetime.combine(yesterday, time(12), tzinfo=merchant.zone)
    Refund.objects.filter(pk=stranger.pk).update(approved_at=approved_at)
    other = listing_close(merchant=merchant, day=yesterday, actor=finance_user).batch
    assert other is not None and other.pk != batch.pk
    row = f"{stranger.reference},paid,BK-9,2026-11-24,{stranger.amount},{stranger.currency}"
    return stranger.reference, row, f"not in listing {batch.reference}"


def _already_paid(batch, small, *, finance_user, **_people):
    paid = f"{small.reference},paid,BK-1,2026-11-24,{small.amount},{small.currency}"
    listing_confirm(batch=batch, actor=finance_user, content=_csv(paid), filename="bank.csv")
    row = f"{small.reference},paid,BK-OTHER,2026-11-25,{small.amount},{small.currency}"
    return small.reference, row, "already paid, with bank reference BK-1"


WRONG_ROWS = [
    pytest.param(_unknown_reference, id="unknown reference"),
    pytest.param(_wrong_amount, id="wrong amount"),
    pytest.param(_wrong_currency, id="right amount, wrong currency"),
    pytest.param(_not_in_this_listing, id="refund of another listing"),
    pytest.param(_already_paid, id="already paid under another bank reference"),
]


def _file_with_one_wrong_row(exported, wrong_row, **people):
    """A good row for the middle refund (row 2), then the wrong one (row 3)."""
    batch, (small, medium, _large) = exported
    reference, row, problem = wrong_row(batch, small, **people)
    good = f"{medium.reference},paid,BK-2,2026-11-24,{medium.amount},{medium.currency}"
    return _csv(good, row), f"Row 3 ({reference}): ", problem


@pytest.mark.parametrize("wrong_row", WRONG_ROWS)
def test_the_dry_run_names_the_wrong_row_and_writes_nothing(
    exported, merchant, agent, finance_user, wrong_row
):
    content, where, problem = _file_with_one_wrong_row(
        exported, wrong_row, merchant=merchant, agent=agent, finance_user=finance_user
    )
    batch = exported[0]
    states, history = _states(), Refund.history.count()

    plan = confirmation_plan(batch=batch, rows=confirmation_rows(content, "bank.csv"))

    (error,) = plan.errors
    assert error.startswith(where), error
    assert problem in error, error
    assert [line.row for line in plan.lines] == [2]
    assert _states() == states
    assert Refund.history.count() == history


@pytest.mark.parametrize("wrong_row", WRONG_ROWS)
def test_the_admin_preview_shows_the_wrong_row_and_offers_no_confirmation(
    client, exported, merchant, agent, finance_user, wrong_row
):
    content, where, problem = _file_with_one_wrong_row(
        exported, wrong_row, merchant=merchant, agent=agent, finance_user=finance_user
    )
    batch = exported[0]
    states = _states()
    client.force_login(finance_user)
    upload = io.BytesIO(content)
    upload.name = "bank.csv"

    preview = client.post(
        reverse("admin:refunds_refundbatch_confirmation", args=[batch.pk]), {"file": upload}
    )

    assert preview.status_code == 200
    (error,) = preview.context["plan"].errors
    assert error.startswith(where) and problem in error, error
    page = preview.content.decode()
    assert f"<li>{escape(error)}</li>" in page
    assert 'name="payload"' not in page
    assert _states() == states


# --- a confirmation built from the listing's own CSV export ----------------------------------


def _from_own_export(batch, outcomes: dict[str, tuple[str, str, str]]) -> bytes:
    """The listing's CSV export as finance downloads it, with status, bank reference and date
    added to every row (empty where `outcomes` names nothing for the refund)."""
    export = batch.exports.filter(file_format="csv").latest("exported_at")
    with export.file.open("rb") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, [*rows[0], "Status", "Bank reference", "Date"])
    writer.writeheader()
    for row in rows:
        status, bank, day = outcomes.get(row["Refund"], ("", "", ""))
        writer.writerow({**row, "Status": status, "Bank reference": bank, "Date": day})
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize(
    "paid_row",
    [
        pytest.param(("paid", "BK-1", "2026-11-24"), id="as confirmed before"),
        pytest.param(("paid", "", ""), id="paid without the bank reference"),
        pytest.param(("", "", ""), id="left empty"),
    ],
)
def test_the_listings_own_export_reports_already_paid_rows_unchanged(
    exported, finance_user, paid_row
):
    batch, (small, medium, large) = exported
    first = _csv(f"{small.reference},paid,BK-1,2026-11-24,{small.amount},EUR")
    listing_confirm(batch=batch, actor=finance_user, content=first, filename="bank.csv")
    history = small.history.count()
    content = _from_own_export(
        batch,
        {
            small.reference: paid_row,
            medium.reference: ("paid", "BK-2", "2026-11-25"),
            large.reference: ("failed", "BK-3", "2026-11-25"),
        },
    )

    plan = listing_confirm(batch=batch, actor=finance_user, content=content, filename="own.csv")

    assert plan.errors == []
    assert {line.refund.reference: line.action for line in plan.lines} == {
        small.reference: "unchanged",
        medium.reference: "paid",
        large.reference: "failed",
    }
    assert plan.summary == "2 refunds updated, 1 row already recorded, left unchanged."
    assert _states() == {
        small.reference: RefundState.PAID,
        medium.reference: RefundState.PAID,
        large.reference: RefundState.FAILED,
    }
    small.refresh_from_db()
    assert small.payment_reference == "BK-1"
    assert small.history.count() == history
    batch.refresh_from_db()
    assert batch.state == BatchState.SETTLED


def test_the_own_export_with_a_wrong_row_still_changes_nothing(exported, finance_user):
    batch, (small, medium, large) = exported
    first = _csv(f"{small.reference},paid,BK-1,2026-11-24,{small.amount},EUR")
    listing_confirm(batch=batch, actor=finance_user, content=first, filename="bank.csv")
    states = _states()
    content = _from_own_export(
        batch,
        {
            small.reference: ("failed", "", ""),  # contradicts the recorded payment
            medium.reference: ("paid", "BK-2", "2026-11-25"),
            large.reference: ("paid", "BK-3", "2026-11-25"),
        },
    )
    with pytest.raises(ConfirmationRejected) as rejected:
        listing_confirm(batch=batch, actor=finance_user, content=content, filename="own.csv")
    assert rejected.value.message == "Nothing was changed: 1 row is wrong."
    assert "already paid, with bank reference BK-1" in rejected.value.plan.errors[0]
    assert _states() == states


def test_the_admin_says_what_the_import_changed_and_what_it_left(client, exported, finance_user):
    batch, (small, medium, _large) = exported
    client.force_login(finance_user)
    url = reverse("admin:refunds_refundbatch_confirmation", args=[batch.pk])
    for rows, expected in [
        (
            [f"{small.reference},paid,BK-1,2026-11-24,{small.amount},EUR"],
            "1 refund updated, 0 rows",
        ),
        (
            [
                f"{small.reference},paid,BK-1,2026-11-24,{small.amount},EUR",
                f"{medium.reference},paid,BK-2,2026-11-24,{medium.amount},EUR",
            ],
            "1 refund updated, 1 row already recorded, left unchanged.",
        ),
    ]:
        upload = io.BytesIO(_csv(*rows))
        upload.name = "bank.csv"
        preview = client.post(url, {"file": upload})
        page = client.post(url, {"payload": preview.context["payload"]}, follow=True)
        assert expected in page.content.decode()
