"""Whole responses of anonymous visitors' GETs of public feeds (the events' calendars, the news RSS), kept in
Django's cache and answered early in MIDDLEWARE, like stored pages (portal.operations.page_cache), with the feed
rate limit counted on every answer.

What is stored: the 200 of a view that called `allow(request)` (a public feed: not the personal calendar, whose
address is a secret), for a visitor the page cache would serve (no session, no message, no Authorization), when the
response sets no cookie, is not private or no-store and varies on nothing but the cookie. The key holds the
language (the cookie PortalLocaleMiddleware reads), the day (public calendars keep a window of the past), scheme,
host and full path; the entry holds the page cache's generation, which any write a feed can show replaces, so a
change shows at once.

A hit costs one round trip to the cache: the generation, the entry and the visitor's count of the feed rate limit
(portal.security.ratelimit) in one Redis pipeline (MULTI: SET NX EX, INCR), then sessions, the locale, CSRF,
authentication, URL routing and the view are skipped. A visitor over the limit, and every miss, go down the
stack with that count already made (`ratelimit.allow` uses it, so a request is counted once): the 429 page
and the view answer as before. A conditional GET whose validators match the entry is a 304 without a count, as
the feed validators' is (portal.operations.feed_validators). A large body is stored once under its digest and
kept in this process, so a hit does not move megabytes from Redis.

Not the edge cache: nginx answering a feed would never reach the per-address count (the deploy's nginx.conf has
no limit_req), so feeds are never marked for it (edge_cache.mark). Off with the page cache (PAGE_CACHE_SECONDS = 0),
whose shared cache it needs; with another backend than Redis the same values come from the cache API in three calls.
"""

import hashlib
import logging

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from portal.security import ratelimit

from . import page_cache
from .page_cache import FEED_PATH

HEADER = "X-Feed-Cache"
LIMIT = "feed"
INLINE_BYTES = 64 * 1024  # larger bodies are stored once under their digest and kept in the process
LOCAL_BODIES_KEPT = 16
BODY_PREFIX = "portal:feed-body:"
logger = logging.getLogger(__name__)

# digest -> body of the large feeds this process has served lately, oldest first.
_local_bodies = {}


def allow(request):
    """From a public feed's view: its response may be kept for anonymous visitors (each answer still counts the
    feed rate limit)."""
    request.feed_cache_allowed = True


def is_feed_path(request):
    return bool(FEED_PATH.search(request.path_info))


def feed_key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"portal:feed:{page_cache.language(request)}:{day}:{request.scheme}:{request.get_host()}:{path}"


def _conditional(request):
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


# The one round trip -------------------------------------------------------------------------------------------------


def read_and_count(keys, counter=None, window=60):
    """`cache.get_many(keys)` and, when `counter` is given, the fixed-window count `counter` reaches with this
    request (ratelimit's add then incr): one pipeline with Redis, the cache API elsewhere. (values, count); count
    None without a counter."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        found = cache.get_many(keys)
        return found, (ratelimit.count(counter, window) if counter else None)
    full = [backend.make_and_validate_key(key) for key in keys]
    pipeline = backend._cache.get_client(write=True).pipeline(transaction=counter is not None)
    pipeline.mget(full)
    if counter:
        counter_key = backend.make_and_validate_key(counter)
        pipeline.set(counter_key, 0, ex=window, nx=True)  # what cache.add(counter, 0, window) sends
        pipeline.incr(counter_key)
    results = pipeline.execute()
    loads = backend._cache._serializer.loads
    found = {key: loads(value) for key, value in zip(keys, results[0], strict=True) if value is not None}
    return found, (results[2] if counter else None)


# Entries ------------------------------------------------------------------------------------------------------------


def _pack(stamp, response):
    content = response.content
    if len(content) <= INLINE_BYTES:
        return (stamp, response.status_code, list(response.items()), content, None)
    digest = hashlib.sha256(content).hexdigest()
    _keep_local(digest, content)
    page_cache._cache_call("set", BODY_PREFIX + digest, content, page_cache._seconds())
    return (stamp, response.status_code, list(response.items()), None, digest)


def _keep_local(digest, content):
    _local_bodies.pop(digest, None)
    _local_bodies[digest] = content
    while len(_local_bodies) > LOCAL_BODIES_KEPT:
        _local_bodies.pop(next(iter(_local_bodies)))


def _body(entry):
    content, digest = entry[3], entry[4]
    if digest is None:
        return content
    content = _local_bodies.get(digest)
    if content is None:
        content = page_cache._cache_call("get", BODY_PREFIX + digest)
        if content is not None:
            _keep_local(digest, content)
    return content


def _response(entry, content):
    _stamp, status, headers, _content, _digest = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response[HEADER] = "hit"
    return response


def _not_modified(request, entry):
    headers = dict(entry[2])
    etag = headers.get("ETag")
    modified = parse_http_date_safe(headers["Last-Modified"]) if "Last-Modified" in headers else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None or response.status_code != 304:
        return None
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language"):
        if name in headers:
            response[name] = headers[name]
    response[HEADER] = "hit"
    return response


def clear_local():
    _local_bodies.clear()


class AnonymousFeedCacheMiddleware:
    """Just before the page cache (which leaves feed paths to it), after the security, CSP and static-file
    middleware, whose headers go on every answer. Only feed paths (FEED_PATH) are looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (is_feed_path(request) and page_cache.may_use_cache(request)):
            return self.get_response(request)
        try:
            key = feed_key(request)
        except DisallowedHost:  # refused further in, by CommonMiddleware, as without the cache
            return self.get_response(request)
        conditional = _conditional(request)
        attempts, window = ratelimit.limit_of(LIMIT)
        counter = None if conditional else ratelimit.counter_key(request, LIMIT)
        try:
            found, count = read_and_count([page_cache.GENERATION_KEY, key], counter, window)
        except Exception:  # Redis away: down the stack, which counts (and fails) as without this cache
            logger.warning("feed cache read failed", exc_info=True)
            return self.get_response(request)
        if count is not None:
            ratelimit.counted(request, LIMIT, count)
        stamp, entry = found.get(page_cache.GENERATION_KEY), found.get(key)
        if stamp is not None and entry is not None and entry[0] == stamp:
            if conditional and (response := _not_modified(request, entry)):
                return response
            if count is None:
                count = ratelimit.count(ratelimit.counter_key(request, LIMIT), window)
                ratelimit.counted(request, LIMIT, count)
            if count <= attempts and (content := _body(entry)) is not None:
                return _response(entry, content)
        response = self.get_response(request)
        if getattr(request, "feed_cache_allowed", False) and page_cache.may_keep(request, response):
            response[HEADER] = "miss"
            page_cache._cache_call("set", key, _pack(stamp or page_cache.generation(), response), page_cache._seconds())
        return response
