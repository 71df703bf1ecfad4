"""Whole responses of anonymous visitors' GETs of public Wagtail pages, kept in Django's cache.

What is stored: the 200 response of a GET that reached a Wagtail page's `serve` (routable sub-pages such as news
lists included; not the RSS feeds, which count a rate limit per address) past Wagtail's view-restriction check, for
a visitor without a session or a pending message, when the response sets no cookie (so no CSRF token was rendered:
forms bound to a session, such as an event's registration form, are never stored), is not marked private or
no-store, and used no CSP nonce. The key holds the language (PortalLocaleMiddleware's, from the visitor's cookie),
scheme, host and full path.

Invalidation: every key also holds a generation stamp. Any database write that can change a public page (a
page published, unpublished, moved or deleted; a club kind, unit, agency or settings edit; a registration; a
nomination...) replaces the stamp, so every stored page is dropped at once. Writes that never show on a public
page (sessions, revisions, logs, search index, renditions, log-in throttling, task results) leave it alone.
The stamp is replaced again once the write's transaction commits, and then the edge cache is purged
(portal.operations.edge_cache): a visitor who asked between the write and its commit got the old page, which must
not stay under the new stamp. Entries also expire after PAGE_CACHE_SECONDS, for what changes with the clock alone
(an event that has ended). PAGE_CACHE_SECONDS = 0 turns the cache off.

The cache must be shared by every process that writes (Redis in production): with the per-process local-memory
cache of development, a write in one process does not reach another process's pages. Wagtail's own caches
(site root paths, renditions) need the same.

Wagtail 8 has no page cache of its own, and wagtail-cache (3.0) supports Wagtail up to 7.0 and clears only on
hooks one wires by hand; this module is the small part of it the portal needs.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import edge_cache

GENERATION_KEY = "portal:page-cache:generation"
# Addresses of feeds (iCalendar, RSS): kept by the feed cache (feed_cache.py), not here, and their validators by
# feed_validators.py.
FEED_PATH = re.compile(r"(\.ics|/rss/)$")
HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)

# Writes that never change what an anonymous visitor sees on a public page.
QUIET_APPS = {"sessions", "axes", "otp_static", "otp_totp", "django_otp", "django_tasks_db", "admin"}
QUIET_MODELS = {
    ("wagtailcore", "revision"), ("wagtailcore", "pagelogentry"), ("wagtailcore", "modellogentry"),
    ("wagtailcore", "workflowstate"), ("wagtailcore", "taskstate"), ("wagtailcore", "comment"),
    ("wagtailcore", "commentreply"), ("wagtailcore", "pagesubscription"), ("wagtailcore", "referenceindex"),
    ("wagtailadmin", "editingsession"), ("wagtailusers", "userprofile"), ("wagtailsearch", "indexentry"),
    ("wagtailimages", "rendition"), ("wagtailembeds", "embed"),
}  # fmt: skip


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _cache_call(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # Redis away: pages are served uncached
        logger.warning("page cache %s failed", method, exc_info=True)
        return None


# The generation ---------------------------------------------------------------------------------------------------


def generation():
    stamp = _cache_call("get", GENERATION_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        _cache_call("add", GENERATION_KEY, stamp, None)
        stamp = _cache_call("get", GENERATION_KEY) or stamp
    return stamp


def per_generation(name, make, seconds=24 * 3600):
    """`make()`, computed once per generation in the shared cache, so a write a page can show makes it again (the
    generation is read first: a value computed while a write commits is kept under a generation that is replaced
    at the commit). Computed every time where the page cache is off: each process's own cache would not see
    another's writes."""
    if _seconds() <= 0:
        return make()
    key = f"portal:per-generation:{name}:{generation()}"
    value = _cache_call("get", key)
    if value is None:
        value = make()
        _cache_call("set", key, value, seconds)
    return value


def invalidate(**kwargs):
    """Drop every stored page: a new stamp makes every key new."""
    _cache_call("set", GENERATION_KEY, uuid.uuid4().hex, None)


def _committed():
    invalidate()
    edge_cache.purge()


def changed(**kwargs):
    """A write a page can show: a new stamp now, and again with the edge purge when it is committed (once per
    transaction however many rows it writes; at once outside a transaction, where the write is committed)."""
    invalidate()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        edge_cache.purge()
    elif not any(entry[1] is _committed for entry in connection.run_on_commit):
        transaction.on_commit(_committed, robust=True)


def _on_write(sender, instance=None, update_fields=None, **kwargs):
    meta = sender._meta
    if meta.app_label in QUIET_APPS or (meta.app_label, meta.model_name) in QUIET_MODELS:
        return
    if update_fields and set(update_fields) <= {"last_login"}:  # every log-in saves this; no page shows it
        return
    changed()


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_write(sender)


# Requests and responses -------------------------------------------------------------------------------------------


def may_use_cache(request):
    """Anonymous without a session (a logged-in visitor always has one) or a message waiting to be shown."""
    return (
        _seconds() > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def language(request):
    """PortalLocaleMiddleware's choice, read here because a hit is answered before that middleware runs."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_key(request):
    """No generation in the key: the entry carries the stamp it was stored under, and a hit reads the entry and the
    current stamp in one round trip to the cache (get_many), instead of the stamp first and the page after it."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"portal:page:{language(request)}:{request.scheme}:{request.get_host()}:{path}"


def _pack(stamp, response):
    """What is stored: the stamp, the status, the headers and the body, plain values that (un)pickle in
    microseconds (a pickled HttpResponse drags its attributes and closers along)."""
    return (stamp, response.status_code, list(response.items()), response.content)


def _unpack(entry):
    _stamp, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def may_store(request, response):
    return getattr(request, "page_cache_allowed", False) and may_keep(request, response)


def may_keep(request, response):
    """What any response kept for anonymous visitors must be (the feed cache asks the same): a 200 without a
    cookie or a nonce, not private, varying on the cookie alone, for a visitor not logged in."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):  # the nonce is per request
        return False
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    cache_control = {part.split("=")[0].strip().lower() for part in directives}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    if vary - {"cookie"}:  # the key knows only the language cookie
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def allow_page(serve):
    """on_serve_page hook, inside Wagtail's view-restriction check (registered after it, so wrapped within it):
    a restricted page answers there (log-in redirect or password form) and never gets here for a visitor without
    a session. A page class opts out with `page_cache = False`."""

    def inner(page, request, serve_args, serve_kwargs):
        if getattr(page, "page_cache", True):
            request.page_cache_allowed = True  # unless the page's view counts a rate limit (portal.security.ratelimit)
        return serve(page, request, serve_args, serve_kwargs)

    return inner


class AnonymousPageCacheMiddleware:
    """Early in MIDDLEWARE: after the security, CSP and static-file middleware (their headers go on every response,
    hits included) and before sessions, the locale, CommonMiddleware, CSRF, authentication and messages, none of
    which a stored anonymous page needs. A host that is not allowed never reaches the cache (`get_host()` in
    the key refuses it; CommonMiddleware answers it as before); the language comes from the cookie that
    PortalLocaleMiddleware reads; a stored page already carries those middlewares' headers (Vary,
    Content-Language), added on its way out when it was stored.
    A hit costs one round trip to the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request) or FEED_PATH.search(request.path_info):  # feeds: feed_cache, just before
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:  # refused further in, by CommonMiddleware, as without the cache
            return self.get_response(request)
        found = _cache_call("get_many", [GENERATION_KEY, key]) or {}
        stamp, entry = found.get(GENERATION_KEY), found.get(key)
        if stamp is not None and entry is not None and entry[0] == stamp:
            response = _unpack(entry)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_store(request, response):
            response[HEADER] = "miss"
            edge_cache.mark(response)
            _cache_call("set", key, _pack(stamp or generation(), response), _seconds())
        return response


def connect():
    """From PortalConfig.ready()."""
    hooks.register("on_serve_page", allow_page, order=100)
    post_save.connect(_on_write, dispatch_uid="portal.operations.page_cache.save")
    post_delete.connect(_on_write, dispatch_uid="portal.operations.page_cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="portal.operations.page_cache.m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(changed, dispatch_uid=f"portal.operations.page_cache.{id(signal)}")
