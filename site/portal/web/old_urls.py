"""The addresses people-facing pages had before issue 10 moved them to Vietnamese paths, each a permanent
redirect to its new home with the query string kept: a calendar client subscribed to an old feed, a registration
link in an old e-mail and a bookmark keep working. Never remove an entry (tests/portal/test_old_urls.py walks a
frozen copy of the old URLconf).

GET and HEAD answer 301. A POST answers 308 (permanent, method and body kept), so a form on a page cached before
the move still works: the CSRF token travels with the body. An old POST-only endpoint (the calendar reset, follow)
sends GET to the page that offers the action instead, as the new endpoint would refuse a GET."""

from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.urls import path, reverse

from portal.inputs import converters  # noqa: F401  (registers <id:...>)


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


def moved(to, *, page=None, methods=("GET", "HEAD", "POST")):
    """A view redirecting to the URL named `to` with the same arguments; GET goes to `page` (a URL name, or a
    callable of the arguments returning a URL) where the endpoint itself takes POST only."""

    def view(request, **kwargs):
        if request.method not in methods:
            return HttpResponseNotAllowed(methods)
        if request.method == "POST":
            response_class, url = HttpResponsePermanentRedirectKeepingMethod, reverse(to, kwargs=kwargs)
        else:
            response_class = HttpResponsePermanentRedirect
            if callable(page):
                url = page(**kwargs)
            else:
                url = reverse(page or to, kwargs=kwargs if page is None else None)
        if query := request.META.get("QUERY_STRING"):
            url += "?" + query
        return response_class(url)

    return view


def event_index_page(**kwargs):
    from events.models import EventIndexPage

    page = EventIndexPage.objects.live().first()
    if page is None:
        raise Http404
    return page.url


def club_page(club_id):
    from clubs.models import ClubPage

    club = ClubPage.objects.live().public().filter(pk=club_id).first()
    if club is None:
        raise Http404
    return club.url


GET = ("GET", "HEAD")
urlpatterns = [
    # /events/ (the app's English prefix) → root-level Vietnamese paths and /ca-nhan/
    path("events/", moved(None, page=event_index_page, methods=GET)),
    path("events/lich/", moved("events:subscribe", methods=GET)),
    path("events/lich.ics", moved("events:feed", methods=GET)),
    path("events/lich/loai/<slug:slug>.ics", moved("events:kind_feed", methods=GET)),
    path("events/lich/clb/<id:club_id>.ics", moved("events:club_feed", methods=GET)),
    path("events/lich/<str:token>.ics", moved("events:personal_feed", methods=GET)),
    path("events/su-kien/<uuid:uid>.ics", moved("events:event_ics", methods=GET)),
    path("events/dang-ky/<str:token>/", moved("events:registration")),
    path("events/cua-toi/", moved("events:mine", methods=GET)),
    path("events/cua-toi/giay-chung-nhan/<id:pk>.pdf", moved("events:certificate_pdf", methods=GET)),
    path("events/cua-toi/doi-duong-dan-lich/", moved("events:reset_calendar", page="events:my_calendar")),
    path("events/theo-doi/<id:club_id>/", moved("events:toggle_follow", page=club_page)),
    path("events/doan/", moved("events:agency_delegations", methods=GET)),
    path("events/doan/<id:event_id>/", moved("events:nominate_delegate")),
    # /tot/: a trainee's own pages → /ca-nhan/ (the programme's public and agency pages stay under /tot/)
    path("tot/lop-cua-toi/", moved("training:my_cohorts", methods=GET)),
    path("tot/giay-chung-nhan/", moved("portal:certificates", methods=GET)),
    path("tot/giay-chung-nhan/<id:pk>/tai-ve/", moved("training:certificate_pdf", methods=GET)),
    path("tot/thuc-hanh/", moved("training:practicum")),
    path("tot/ho-so-giang-vien/", moved("training:trainer_consent")),
    # the account page → the personal area's overview (log-in and log-out stay under /tai-khoan/)
    path("tai-khoan/", moved("portal:account", methods=GET)),
]
