"""A credit found past its expiry date when someone redeems it is recorded as expired."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from refunds import services
from refunds.choices import StoreCreditState
from refunds.exceptions import StoreCreditUnavailable
from tests.refunds.factories import StoreCreditFactory

pytestmark = pytest.mark.django_db


def test_redeeming_an_expired_credit_records_it_as_expired(agent, merchant):
    code = "AAAA-BBBB-CCCC-DDDD"
    credit = StoreCreditFactory(
        merchant=merchant, code=code, expires_at=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(StoreCreditUnavailable):
        services.store_credit_redeem(
            merchant=merchant, code=code, amount=Decimal("1.00"), actor=agent
        )

    credit.refresh_from_db()
    assert credit.state == StoreCreditState.EXPIRED
    record = credit.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (agent, "expired")
