import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from refunds.choices import BatchState, RefundState
from refunds.listings import ConfirmationRejected, listing_close, listing_confirm, listing_export
from refunds.models import Refund
from tests.refunds.listing_helpers import approved_refund

pytestmark = pytest.mark.django_db

HEADER = "reference,status,bank reference,date,amount,currency\n"


@pytest.fixture
def exported(merchant, agent, finance_user):
    refunds = [
        approved_refund(merchant, agent, price=Decimal(price))
        for price in ("10.00", "25.50", "7.25")
    ]
    day = refunds[0].approved_at.astimezone(merchant.zone).date()
    batch = listing_close(merchant=merchant, day=day, actor=finance_user).batch
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
