"""Rate limits on status-page lookups: guessing a reference needs many tries, so a few are
allowed per reference and per client address, then a pause."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Guessing needs many tries: a handful per reference, a few dozen per address, then a pause.
LOOKUP_WINDOW = timedelta(minutes=15)
LOOKUPS_PER_IP = 20
LOOKUPS_PER_REFERENCE = 5


def client_ip(request: HttpRequest) -> str:
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        # Each trusted proxy appends the address it saw: the client is `hops` from the end;
        # whatever the client itself put in the header stands before that and is ignored.
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= hops and forwarded[-hops]:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def over_limit(scope: str, value: str, limit: int) -> bool:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"status-lookup:{scope}:{digest}"
    window = int(LOOKUP_WINDOW.total_seconds())
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
