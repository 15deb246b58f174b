"""Signed links to a case's status page: the customer's key to it, in every e-mail."""

from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.urls import reverse

STATUS_LINK_SALT = "returns.status-page"
STATUS_LINK_MAX_AGE = timedelta(days=90)


def status_token(case) -> str:
    return signing.dumps(case.reference, salt=STATUS_LINK_SALT)


def read_status_token(token: str) -> str | None:
    """The case reference a link was signed for, or None when it is forged or expired."""
    try:
        return signing.loads(
            token, salt=STATUS_LINK_SALT, max_age=STATUS_LINK_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None


def status_url(case) -> str:
    path = reverse("status:case", kwargs={"token": status_token(case)})
    return urljoin(getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000"), path)
