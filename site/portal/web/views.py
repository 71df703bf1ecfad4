import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language
from wagtail.models import Page

from clubs.models import ClubPage, NewsPage
from events.models import EventPage
from portal.pages.search import search_terms
from portal.security.ratelimit import rate_limited

SEARCH_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
SUGGESTIONS = 8
SUGGEST_CACHE_SECONDS = 60  # a page published a minute ago may be missing from a suggestion list, not from search


def search(request):
    """Clubs, news and events, diacritic-insensitive: the query is folded as the index is (portal.pages.search).
    The last word counts as the start of a word (`tam k`, `khoi ngh`), as people type: Wagtail's autocomplete over
    each page's folded text, one query like a full-word search."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if folded_query := search_terms(query):
        # A private club's events live outside its subtree: EventPage's own public() knows them.
        searchable = (
            Page.objects.live()
            .public()
            .type(ClubPage, NewsPage, EventPage)
            .exclude(id__in=EventPage.objects.of_private_clubs().values("pk"))
            .specific()
        )
        results = searchable.autocomplete(folded_query, operator="and", order_by_relevance=True)
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "results": page, "page_title": _("Tìm kiếm")})


@rate_limited("suggest")
def suggest(request):
    """What the search box suggests as one types: up to 8 public clubs and news whose words start as typed, as
    JSON for portal/js/search-suggest.js. The same for everyone (public pages only), so cached per folded query."""
    terms = search_terms(request.GET.get("q", "")[:MAX_QUERY_LENGTH])
    if len(terms) < 2:
        return JsonResponse({"results": []})
    key = f"suggest:{request.LANGUAGE_CODE}:{hashlib.sha256(terms.encode()).hexdigest()}"
    results = cache.get(key)
    if results is None:
        kinds = {ClubPage: _("Câu lạc bộ"), NewsPage: _("Tin tức")}
        pages = (
            Page.objects.live().public().type(ClubPage, NewsPage)
            .autocomplete(terms, operator="and", order_by_relevance=True)[:SUGGESTIONS]
        )  # fmt: skip
        results = [
            {"title": page.title, "url": page.get_url(request), "kind": kinds.get(page.specific_class, "")}
            for page in pages
        ]
        cache.set(key, results, SUGGEST_CACHE_SECONDS)
    return JsonResponse({"results": results})


def set_language(request):
    """The header's language switch: a GET form, so pages carry no CSRF token and stay cacheable (a token sets a
    cookie on the response, and portal.operations.page_cache never keeps a response that sets one). A language
    preference is no secret and changes nothing else. POST is Django's own view, CSRF-protected as every POST."""
    if request.method != "GET":
        return django_set_language(request)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )  # fmt: skip
    return response


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever a page links: the portal's SVG icon."""
    response = HttpResponseRedirect(static("portal/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
