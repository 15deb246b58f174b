"""The contact's handling-time clock: its start, signed, travels through the desk's links."""

from datetime import datetime, timedelta

from django.core import signing

# A start older than this is a desk left open overnight, not a contact: start again.
STALE_START = timedelta(hours=8)
# Unchanged since the desk was one module: tokens in open desks stay valid across a deploy.
_STARTED_SALT = "returns.desk.started"


def started_token(at: datetime) -> str:
    """The contact's start, signed so that it travels through links and forms unchanged."""
    return signing.Signer(salt=_STARTED_SALT).sign(at.isoformat())


def started_from(token: str | None, *, now: datetime) -> datetime | None:
    """The start a token carries, or None when it is missing, forged, in the future or stale."""
    if not token:
        return None
    try:
        started = datetime.fromisoformat(signing.Signer(salt=_STARTED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    if started > now or now - started > STALE_START:
        return None
    return started
