from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language
from wagtail.models import Page

from clubs.models import ClubPage, NewsPage
from events.models import EventPage
from portal.search import search_terms

SEARCH_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """Clubs, news and events, diacritic-insensitive: the query is folded as the index is (portal.search)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if folded_query := search_terms(query):
        searchable = Page.objects.live().public().type(ClubPage, NewsPage, EventPage).specific()
        results = searchable.search(folded_query, operator="and", order_by_relevance=True)
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "results": page, "page_title": _("Tìm kiếm")})


# The language switch sits on every page: a CSRF token in it would set a cookie on every response, and a page
# that sets a cookie cannot be served from the cache (portal.page_cache). Another site making a visitor's browser
# switch the portal's language is harmless, and Django's view still refuses a `next` on another host.
set_language = csrf_exempt(django_set_language)


@login_required
def account(request):
    """The front-end home of a logged-in person: links to what their roles let them do."""
    return render(request, "portal/account.html", {"page_title": _("Tài khoản của tôi")})
