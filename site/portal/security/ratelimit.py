"""Rate limits for public endpoints: a fixed window per client address in Django's cache (Redis in production,
so every app server counts together).

Each limit has a name and defaults; settings override them as RATE_LIMITS = {"name": (attempts, seconds)}.
Behind a reverse proxy set CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP") to the header the proxy sets; the log-in
lockout (portal.security.lockout) reads the client's address the same way.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

DEFAULTS = {
    "verify": (30, 600),  # certificate verification: 30 look-ups per 10 minutes
    "feed": (120, 60),  # RSS and iCalendar feeds: 2 a second on average; a calendar app polls a few an hour
    "password_reset": (5, 3600),  # reset e-mails asked for from one address: no mail-bombing through the portal
    # Event registrations sent from one address (each sends a confirmation e-mail): a school office registering
    # its students one after another stays well inside; a script filling an event with made-up people does not.
    "register": (20, 600),
    # Search suggestions: one request per pause in typing (the script waits 250 ms); a minute of typing stays inside.
    "suggest": (60, 60),
    # Changing one's own password (the old one is asked): 10 tries an hour, so it cannot be guessed there.
    "password_change": (10, 3600),
    # An idea's team invitations sent from one address (each mails the invited account, and its answer tells whether
    # an account exists): a team is a handful of people; inviting and withdrawing in a loop is not.
    "team_invite": (20, 3600),
    # The idea bank's read-only API (ideas.api): a portal paging through the bank stays inside; the whole export
    # (every entry at once, for a nightly import) a few times an hour.
    "api": (300, 60),
    "api_export": (6, 3600),
}


def client_ip(request):
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")) or "unknown"


def limit_of(name):
    """(attempts, window in seconds) of the named limit."""
    return getattr(settings, "RATE_LIMITS", {}).get(name, DEFAULTS[name])


def counter_key(request, name):
    return f"rl:{name}:{client_ip(request)}"


def count(key, window):
    """One more request in the fixed window of `key`: the count it reaches."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def counted(request, name, value):
    """The feed cache (portal.operations.feed_cache) has already counted this request against `name`, in its own
    round trip to the cache: `allow` takes that count instead of counting the request twice."""
    if not hasattr(request, "_rate_limit_counts"):
        request._rate_limit_counts = {}
    request._rate_limit_counts[name] = value


def allow(request, name):
    """Count one request against the named limit; False once the client has used up its window. A rate-limited
    response is never kept by the page cache (portal.operations.page_cache): every request must reach this count
    (the feed cache keeps feeds and counts every answer itself)."""
    request.page_cache_allowed = False
    attempts, window = limit_of(name)
    made = getattr(request, "_rate_limit_counts", {}).pop(name, None)
    return (made if made is not None else count(counter_key(request, name), window)) <= attempts


def retry_after(response, seconds):
    """Retry-After on a 429 (RFC 6585): how long the client waits, in whole seconds."""
    response["Retry-After"] = str(max(1, int(seconds)))
    return response


def too_many_requests(name, request=None):
    """The portal's 429 page (templates/429.html, like the 403): what happened and when to try again, with
    Retry-After. Without a request (none at hand) the same words as plain text."""
    window = limit_of(name)[1]
    if request is None:
        response = HttpResponse(
            _("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau ít phút."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    else:
        minutes = max(1, -(-window // 60))
        response = render(request, "429.html", {"minutes": minutes, "page_title": _("Quá nhiều yêu cầu")}, status=429)
    return retry_after(response, window)


def rate_limited(name, methods=None):
    """View decorator: 429 with Retry-After once the client is over the named limit; only `methods` count
    (every method when None)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (methods is None or request.method in methods) and not allow(request, name):
                return too_many_requests(name, request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
