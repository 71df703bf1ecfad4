"""The request's Wagtail Site from Django's cache instead of a query on every request.

Wagtail looks the site up once per request (`Site.find_for_request`, a query with its root page joined, about a
millisecond of ORM work) and keeps it on the request as `request._wagtail_site`. This middleware fills that
attribute from the cache first. The cached sites are dropped whenever a Site or any page is saved or deleted (the
root page travels with its site), the same rule Wagtail applies to its own cache of site root paths. When the
cache is unreachable the lookup simply runs as Wagtail would.
"""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site

CACHE_KEY = "portal:sites"
CACHE_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


def _cache_call(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # Redis away: the portal serves without its cache
        logger.warning("cache %s failed", method, exc_info=True)
        return None


def find_site(request):
    """Wagtail's own lookup (`Site._find_for_request`), remembered per host name and port."""
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = _cache_call("get", CACHE_KEY) or {}
    if key in sites:
        return sites[key]
    site = Site._find_for_request(request)
    if site is not None:
        # Wagtail routes every request from `site.root_page.localized.specific`: its specific page (the home page)
        # travels in the cached site too, dropped with it whenever any page changes.
        site.root_page.specific  # noqa: B018 - fills the cached_property before the site is pickled
    _cache_call("set", CACHE_KEY, {**sites, key: site}, CACHE_SECONDS)
    return site


TREE_VALUES_KEY = "portal:page-tree-values"


def page_tree_value(name, compute):
    """A value that depends only on the sites and the page tree (such as a page's URL shown on every page), from the
    cache until any Site or page is saved or deleted, like the sites themselves; `compute()` when it is not there."""
    values = _cache_call("get", TREE_VALUES_KEY) or {}
    if name not in values:
        values = {**values, name: compute()}
        _cache_call("set", TREE_VALUES_KEY, values, CACHE_SECONDS)
    return values[name]


def tree_page_url(request, name, pages):
    """The URL of the first page `pages()` returns (a queryset, built only on a miss), or "": for a link every page
    shows (the navigation's), kept per host with the tree's values and once per request on the request itself."""
    attribute = f"_tree_page_url_{name}"
    cached = getattr(request, attribute, None) if request is not None else None
    if cached is None:

        def compute():
            page = pages().only("id", "url_path", "path", "depth").first()
            return (page.get_url(request=request) or "") if page else ""

        cached = page_tree_value(f"{name}:{request.get_host() if request is not None else ''}", compute)
        if request is not None:
            setattr(request, attribute, cached)
    return cached


def forget_sites(sender, instance, **kwargs):
    # A view restriction changes which pages the navigation may link to (the ToT programme page's URL).
    if isinstance(instance, (Site, Page, PageViewRestriction)):
        _cache_call("delete_many", [CACHE_KEY, TREE_VALUES_KEY])
    elif isinstance(instance, BaseSiteSetting):  # kept with the tree's values (PortalSettings.for_site)
        _cache_call("delete", TREE_VALUES_KEY)


class CachedSiteMiddleware:
    """After CommonMiddleware, so only an allowed host name reaches the cache key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = find_site(request)
        return self.get_response(request)


def connect_signals():
    """From PortalConfig.ready(). Without a sender: a page's signals name its own class (HomePage, ClubPage...)."""
    post_save.connect(forget_sites, dispatch_uid="portal.operations.sites.forget.save")
    post_delete.connect(forget_sites, dispatch_uid="portal.operations.sites.forget.delete")
