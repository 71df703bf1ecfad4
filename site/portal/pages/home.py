"""The home page's sections. Each app contributes a provider returning context for its own slot,
so the home page grows with the apps without knowing their models.

What the providers return is kept in the cache under the page cache's generation stamp
(portal.operations.page_cache), which every write a page can show replaces: the sections cost one cache read
instead of their queries (a third of the home page's CPU), and their HTML one more ({% cache %} in
portal/home_page.html, the template loops and image tags), for every visitor, logged-in ones included, until the
data changes. A provider whose slot also changes with the clock (upcoming events end) says until when its values
hold with a `SECTIONS_VALID_UNTIL` key. SECTION_CACHE_SECONDS = 0 (development, or production without Redis: a
write in one process would not reach another's local cache) computes them on every request.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.operations import page_cache

SECTION_PROVIDERS = [
    "clubs.home.network_sections",
    "training.home.tot_progress",
    "events.home.upcoming_events",
    "ideas.home.latest_ideas",
]
SECTIONS_VALID_UNTIL = "sections_valid_until"


def compute_sections(request):
    """Every provider's context; where several say until when their values hold, the earliest holds for all."""
    context = {"sections_seconds": 0, "sections_key": ""}
    until = []
    for dotted_path in SECTION_PROVIDERS:
        values = import_string(dotted_path)(request)
        if values.get(SECTIONS_VALID_UNTIL) is not None:
            until.append(values[SECTIONS_VALID_UNTIL])
        context.update(values)
    context[SECTIONS_VALID_UNTIL] = min(until, default=None)
    return context


def home_sections(request):
    seconds = getattr(settings, "SECTION_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute_sections(request)
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    key = f"portal:home-sections:{page_cache.generation()}:{language}:{request.get_host()}"
    try:
        context = cache.get(key)
    except Exception:  # the cache is down: compute, and render without {% cache %} (it would raise)
        return {**compute_sections(request), "sections_seconds": 0}
    now = timezone.now()
    if context is None or (context.get(SECTIONS_VALID_UNTIL) is not None and context[SECTIONS_VALID_UNTIL] <= now):
        context = compute_sections(request)
        page_cache._cache_call("set", key, context, seconds)
    valid_until = context.get(SECTIONS_VALID_UNTIL)
    # The rendered sections ({% cache %} in portal/home_page.html) under the same key and validity.
    return {**context, "sections_seconds": seconds, "sections_key": f"{key}:{valid_until and valid_until.timestamp()}"}
