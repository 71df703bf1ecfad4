"""A conditional GET of a feed (iCalendar or RSS) answered 304 from the cache: no view, no feed built, no query.

Calendar apps and feed readers poll every subscription every few hours with the validators of their copy
(If-None-Match, If-Modified-Since). Each feed response's validators (ETag, added when the feed has none, from its
body; Last-Modified; Cache-Control) are kept in Django's cache under the path, the language and the page cache's
generation (portal.operations.page_cache), which any write a feed can show replaces, and the day, for what feeds
drop with the clock (past events). A conditional request whose validators match what is kept gets its 304 before
URL routing: nothing else runs, the database is not touched. Anything else goes to the view as before, whose own
304s (portal.calendar.http.not_modified) stay for a first poll after a change.

Only paths that look like feeds (FEED_PATH) are looked at, so other requests pay nothing; the generation is read
before the view runs, so a feed built while a write commits is kept under the old generation, never read again.
The 304 does not count a rate limit: it costs the server nothing, and it needs the validators of a copy of that
very address (a personal feed's secret token included). Off with the page cache (PAGE_CACHE_SECONDS = 0), whose
shared cache it needs.
"""

import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import page_cache

FEED_PATH = page_cache.FEED_PATH
FEED_TYPES = ("text/calendar", "application/rss+xml", "application/atom+xml")
KEPT_SECONDS = 24 * 3600
KEPT_HEADERS = ("Cache-Control", "Vary")


def _key(request, generation):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    day = timezone.localdate().isoformat()
    return f"portal:feed-validators:{generation}:{day}:{language}:{request.get_host()}:{path}"


def _is_feed(response):
    return response.status_code in (200, 304) and response.get("Content-Type", "").startswith(FEED_TYPES)


def _etag_of(response):
    if not response.has_header("ETag") and response.status_code == 200 and not response.streaming:
        response["ETag"] = '"' + hashlib.sha1(response.content).hexdigest() + '"'
    return response.get("ETag")


class FeedValidatorMiddleware:
    """After PortalLocaleMiddleware (the language) and CommonMiddleware (only allowed hosts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or page_cache._seconds() <= 0
            or not FEED_PATH.search(request.path_info)
        ):
            return self.get_response(request)
        key = _key(request, page_cache.generation())
        conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
        kept = page_cache._cache_call("get", key) if conditional else None
        if kept is not None:
            response = get_conditional_response(request, etag=kept["etag"], last_modified=kept["last_modified"])
            if response is not None and response.status_code == 304:
                response["ETag"] = kept["etag"]
                for name, value in kept["headers"].items():
                    response[name] = value
                return response
        response = self.get_response(request)
        if _is_feed(response) and (etag := _etag_of(response)):
            modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            if modified is not None:
                headers["Last-Modified"] = response["Last-Modified"]
            page_cache._cache_call(
                "set", key, {"etag": etag, "last_modified": modified, "headers": headers}, KEPT_SECONDS
            )
        return response
