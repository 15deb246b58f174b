"""The work list counts in singular and plural, in the reader's language."""

import pytest
from django.utils import translation

from refunds.choices import RefundState
from returns.worklist import work_for
from tests.refunds.factories import RefundFactory

pytestmark = pytest.mark.django_db


def _label(user, url_part: str) -> str:
    (item,) = [item for item in work_for(user) if url_part in item.url]
    return item.label


@pytest.mark.parametrize(
    "language, one, two",
    [
        ("en", "refund request to validate", "refund requests to validate"),
        ("de", "Erstattungsanfrage zu validieren", "Erstattungsanfragen zu validieren"),
    ],
)
def test_the_work_list_says_one_request_or_several(agent, merchant, language, one, two):
    RefundFactory(merchant=merchant, state=RefundState.REQUESTED)
    with translation.override(language):
        assert _label(agent, "state__exact=requested") == one
        RefundFactory(merchant=merchant, state=RefundState.REQUESTED)
        assert _label(agent, "state__exact=requested") == two
