"""The reverse proxy's cache in front of the app servers (site/deploy/nginx.conf, `make production`): what nginx
may keep, and how a change drops it at once.

What nginx keeps: exactly what the page cache (portal.operations.page_cache) keeps, an anonymous visitor's public
Wagtail page without a cookie set, no CSRF token, no nonce and not private: the page cache marks those responses
with `X-Accel-Expires` (nginx hides it from the client) and nginx stores nothing unmarked. nginx also never answers
from its cache, nor stores, a request carrying the session or messages cookie or an Authorization header, nor a
response with Set-Cookie or Cache-Control private/no-store/no-cache (defence in depth: the app marks none of them).

How it is dropped: nginx's cache key holds the page cache's generation, which nginx learns from GENERATION_PATH
(an auth_request subrequest, itself kept in nginx's cache), so the page cache's own rule holds at the edge too:
any write a page can show (a page published or moved, a snippet, a club's news, an event, a menu...) replaces the
generation, and once the write is committed `purge()` gives nginx the new one, through Wagtail's frontend-cache
HTTP backend (WAGTAILFRONTENDCACHE, a PURGE to nginx's plain-http port, allowed from localhost only): every page's
key is then new. Debian's nginx-light has no cache_purge module; the PURGE location replaces the one generation
entry with standard nginx (proxy_cache_bypass), so no page is rendered to purge. Old entries
are never read again and age out (inactive=, max_size=). Entries and the generation also expire after
EDGE_CACHE_SECONDS, for what changes with the clock alone and for a purge that could not be delivered.
"""

import logging

from django.conf import settings
from django.http import HttpResponse

from portal.addresses import base_url

GENERATION_PATH = "/__edge/generation"
GENERATION_HEADER = "X-Edge-Generation"
EXPIRES_HEADER = "X-Accel-Expires"
logger = logging.getLogger(__name__)


def seconds():
    return getattr(settings, "EDGE_CACHE_SECONDS", 0)


def mark(response):
    """Let nginx keep this response (the page cache decided it may be kept)."""
    if seconds() > 0:
        response[EXPIRES_HEADER] = str(seconds())


def purge():
    """After a committed change: every backend of WAGTAILFRONTENDCACHE is given the current generation (nothing
    when none is configured, as in development and tests).

    nginx takes the generation from the purge itself rather than fetching it from an app server: this runs in an
    app server's worker, and a fetch sent back to that worker would wait for it while it waits here. Two writers'
    purges can arrive in either order, so each one reads the generation again after sending: the last purge
    delivered always carries the generation that was current after the last write."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import get_backends

    from .page_cache import generation

    stamp = generation()
    for _ in range(3):  # a write per send by others would be needed to go round more than once
        url = f"{base_url()}{GENERATION_PATH}?g={stamp}&s={max(seconds(), 1)}"
        for name, backend in get_backends().items():
            try:
                backend.purge(url)  # Wagtail's HTTPBackend logs and swallows HTTP and connection errors itself
            except Exception:  # a purge that fails must never fail the write: the entries expire anyway
                logger.warning("edge cache purge through %s failed", name, exc_info=True)
        if (stamp_now := generation()) == stamp:
            return
        stamp = stamp_now


class GenerationMiddleware:
    """GENERATION_PATH for nginx's subrequest, before the host check (nginx asks with the visitor's Host) and the
    HTTPS redirect; the public server block of nginx.conf answers 404 for /__edge/ from outside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != GENERATION_PATH:
            return self.get_response(request)
        from .page_cache import generation

        response = HttpResponse(b"", content_type="text/plain")
        response[GENERATION_HEADER] = generation()
        response[EXPIRES_HEADER] = str(max(seconds(), 1))
        response["Cache-Control"] = "no-store"  # nginx keeps it (X-Accel-Expires wins); nothing after nginx does
        return response
