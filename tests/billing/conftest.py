from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from billing import services
from billing.models import Tariff
from tests.factories import ContactFactory, UserFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Issued PDFs go to a temporary MEDIA_ROOT, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def berlin_agent(db):
    return UserFactory(username="bea.agent", is_staff=True)


def at(merchant, *args) -> datetime:
    """A moment on the merchant's wall clock."""
    return datetime(*args, tzinfo=ZoneInfo(merchant.time_zone))


def contact(merchant, moment, *, channel="phone", seconds=80, agent=None):
    kwargs = {"agent": agent} if agent else {}
    return ContactFactory(
        merchant=merchant, started_at=moment, channel=channel, handling_seconds=seconds, **kwargs
    )


def tariff(merchant, valid_from, valid_to=None, fee="0.55", vat="19.00", target=90):
    return Tariff.objects.create(
        merchant=merchant,
        valid_from=valid_from,
        valid_to=valid_to,
        fee_per_contact=Decimal(fee),
        vat_rate=Decimal(vat),
        handling_target_seconds=target,
    )


def draft(merchant, actor, year=2025, month=3):
    invoice, created = services.invoice_prepare(
        merchant=merchant, year=year, month=month, actor=actor
    )
    assert created
    return invoice
