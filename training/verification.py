"""Rate limiting of the public verification page: a fixed window per client IP in Django's cache.

30 attempts per 10 minutes by default (TRAINING_VERIFY_LIMIT, TRAINING_VERIFY_WINDOW_SECONDS). Behind a
reverse proxy set TRAINING_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP") to the header the proxy sets.
"""

from django.conf import settings
from django.core.cache import cache

PREFIX = "tot:verify:"


def limit():
    return getattr(settings, "TRAINING_VERIFY_LIMIT", 30)


def window():
    return getattr(settings, "TRAINING_VERIFY_WINDOW_SECONDS", 600)


def client_ip(request):
    header = getattr(settings, "TRAINING_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")) or "unknown"


def allow(request):
    """Count one attempt; False once the client has used up its window's attempts."""
    key = PREFIX + client_ip(request)
    cache.add(key, 0, timeout=window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window())
        count = 1
    return count <= limit()
