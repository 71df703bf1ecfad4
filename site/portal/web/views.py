from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
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

SEARCH_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """Clubs, news and events, diacritic-insensitive: the query is folded as the index is (portal.pages.search)."""
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
        results = searchable.search(folded_query, operator="and", order_by_relevance=True)
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "results": page, "page_title": _("Tìm kiếm")})


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
