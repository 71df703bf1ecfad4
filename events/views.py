"""Front-end views: thin, each delegating rules to services and documents to feeds/portal.calendar."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clubs.models import ClubPage
from portal.addresses import absolute
from portal.calendar import ical
from portal.calendar.http import calendar_response, etag_of, not_modified
from portal.operations import feed_cache
from portal.ordering import vi
from portal.security.private_responses import carries_secret
from portal.security.ratelimit import rate_limited

from . import feeds, rules, services
from .errors import EventError, RegistrationError
from .forms import ClubFeedForm, DelegateForm, RegistrationForm, StudyTourReportForm, clubs_with_events
from .models import CalendarToken, Delegate, EventKind, EventPage, Registration

# --- registration ---------------------------------------------------------------------------------------


@rate_limited("register", methods={"POST"})
def register(request, event):
    """GET shows the form on the event page; POST registers, or shows field errors with nothing saved."""
    if request.method != "POST":
        return redirect(event.url + "#dang-ky")
    form = RegistrationForm(request.POST, event=event, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                event,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                organisation=data["organisation"],
                user=request.user,
            )
        except RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            if registration.status == "waitlisted":
                messages.warning(request, _("Sự kiện đã đủ chỗ: bạn đã được đưa vào danh sách chờ."))
            else:
                messages.success(
                    request,
                    _("Đăng ký thành công. Thư xác nhận đã được gửi tới %(email)s.") % {"email": registration.email},
                )
            return redirect("events:registration", token=registration.token)
    return event.render(request, context_overrides={"form": form}, template=event.get_template(request))


@carries_secret
@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    """The secret link of the e-mail: see the registration. Cancelling is the confirmation page's (below): a POST
    here changes nothing and goes there. A wrong token is a 404."""
    registration = get_object_or_404(Registration.objects.select_related("event", "event__kind"), token=token[:64])
    if request.method == "POST":
        return redirect("events:cancel_registration", token=registration.token)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_cancel": rules.can_cancel(registration),
            "page_title": _("Đăng ký tham dự"),
        },
    )


# Cancelling needs the confirmation page's own field: a signed, dated value naming the registration, which only
# that page writes. A POST crafted without having read the page (or with another registration's value, or hours
# later) goes back to the page and cancels nothing.
CANCEL_CONFIRMATION_SALT = "events.cancel_registration"
CANCEL_CONFIRMATION_SECONDS = 2 * 3600


def cancel_confirmation(registration):
    return signing.dumps(registration.token, salt=CANCEL_CONFIRMATION_SALT)


def confirmed_cancellation(request, registration):
    try:
        named = signing.loads(
            request.POST.get("confirmation", ""), salt=CANCEL_CONFIRMATION_SALT, max_age=CANCEL_CONFIRMATION_SECONDS
        )
    except signing.BadSignature:  # SignatureExpired too
        return False
    return named == registration.token


@carries_secret
@require_http_methods(["GET", "POST"])
def cancel_registration(request, token):
    """Cancelling cannot be undone: GET says what will happen, POST (the page's button, with its confirmation)
    does it."""
    registration = get_object_or_404(Registration.objects.select_related("event", "event__kind"), token=token[:64])
    if request.method == "POST":
        if not confirmed_cancellation(request, registration):
            messages.warning(request, _("Xin đọc và xác nhận lại trên trang này: đăng ký chưa bị hủy."))
            return redirect("events:cancel_registration", token=registration.token)
        try:
            services.cancel_registration(registration, actor=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã hủy đăng ký của bạn."))
        return redirect("events:registration", token=registration.token)
    if not rules.can_cancel(registration):
        messages.error(request, _("Không thể hủy đăng ký này (đã hủy trước đó hoặc sự kiện đã diễn ra)."))
        return redirect("events:registration", token=registration.token)
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "confirmation": cancel_confirmation(registration),
            "effect": rules.cancellation_effect(registration),
            "page_title": _("Hủy đăng ký"),
        },
    )


@login_required
def my_registrations(request):
    """The personal area's page of one's registrations, newest event first, each with its secret link."""
    registrations = (
        Registration.objects.for_user(request.user).select_related("event", "event__kind").order_by("-event__start")
    )
    return render(
        request,
        "events/my_events.html",
        {
            "registrations": registrations,
            "page_title": _("Sự kiện của tôi"),
        },
    )


def personal_feed_links(request, user):
    """The https and webcal addresses of the person's own feed (made on first use)."""
    token = services.calendar_token_for(user)
    https = absolute(reverse("events:personal_feed", args=[token.token]))  # BASE_URL, not the Host header
    return {"feed_https": https, "feed_webcal": webcal(https)}


@login_required
def my_calendar(request):
    """The personal feed's address, how to subscribe, and the button that replaces it."""
    return render(
        request,
        "events/my_calendar.html",
        {
            **personal_feed_links(request, request.user),
            "follows_count": request.user.club_follows.count(),
            "page_title": _("Lịch cá nhân"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reset_calendar(request):
    """GET asks for confirmation (every calendar app following the old link stops getting updates); POST resets."""
    if request.method == "GET":
        return render(request, "events/reset_calendar.html", {"page_title": _("Tạo đường dẫn lịch mới")})
    services.reset_calendar_token(request.user)
    messages.success(request, _("Đã tạo đường dẫn lịch mới. Đường dẫn cũ không còn dùng được."))
    return redirect("events:my_calendar")


@login_required
def followed_clubs(request):
    """The clubs whose events come into one's personal feed, each with its unfollow button."""
    return render(
        request,
        "events/followed_clubs.html",
        {
            "follows": request.user.club_follows.select_related("club").order_by(vi("club__title")),
            "page_title": _("Câu lạc bộ đang theo dõi"),
        },
    )


@require_POST
def toggle_follow(request, club_id):
    club = get_object_or_404(ClubPage.objects.live().public(), pk=club_id)
    if not request.user.is_authenticated:
        return redirect_to_login(club.url)
    if club.followers.filter(user=request.user).exists():
        services.unfollow_club(request.user, club)
        messages.success(request, _("Đã bỏ theo dõi %(club)s.") % {"club": club.title})
    else:
        services.follow_club(request.user, club)
        messages.success(
            request,
            _("Đang theo dõi %(club)s: sự kiện của câu lạc bộ sẽ có trong lịch cá nhân của bạn.")
            % {"club": club.title},
        )
    # Only a path on this site; redirect() would try to reverse anything else as a view name (a 500).
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = club.url
    return HttpResponseRedirect(target)


def study_tour_report(request, event):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    delegate = rules.delegate_for(request.user, event)
    if delegate is None or not event.is_study_tour:
        raise Http404
    form = StudyTourReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_tour_report(event, request.user, **form.cleaned_data)
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã nộp báo cáo chuyến đi."))
            return redirect(event.url)
    return render(
        request,
        "events/tour_report_form.html",
        {
            "event": event,
            "form": form,
            "delegate": delegate,
            "already_filed": hasattr(delegate, "report"),
            "page_title": _("Báo cáo chuyến đi"),
        },
    )


@login_required
def agency_delegations(request):
    """A nominator's study tours: the upcoming tours and the delegates their own agency has sent."""
    agency = rules.nominating_agency(request.user)
    if agency is None:
        raise Http404
    tours = EventPage.objects.live().upcoming().filter(kind__is_study_tour=True).order_by("start")
    return render(
        request,
        "events/agency_delegations.html",
        {
            "agency": agency,
            "tours": tours,
            "delegates": Delegate.objects.filter(agency=agency).select_related("event").order_by("-event__start"),
            "page_title": _("Cử thành viên đoàn"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate_delegate(request, event_id):
    agency = rules.nominating_agency(request.user)
    if agency is None:
        raise Http404
    tour = get_object_or_404(EventPage.objects.live().upcoming().filter(kind__is_study_tour=True), pk=event_id)
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate_delegate(tour, agency=agency, actor=request.user, **form.cleaned_data)
        except EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Đã cử %(name)s vào đoàn.") % {"name": form.cleaned_data["full_name"]})
            return redirect("events:agency_delegations")
    return render(
        request,
        "events/delegate_form.html",
        {
            "tour": tour,
            "form": form,
            "agency": agency,
            "delegates": Delegate.objects.filter(event=tour, agency=agency),
            "page_title": _("Cử thành viên đoàn"),
        },
    )


# --- calendar feeds -------------------------------------------------------------------------------------


def webcal(url):
    return "webcal://" + url.split("://", 1)[-1]


def feed_links(request, name, url_name, *args):
    https = absolute(reverse(url_name, args=args))
    return {"name": name, "https": https, "webcal": webcal(https)}


CLUB_FEEDS_SHOWN = 10


@require_GET
def subscribe(request):
    """The network's calendars (all events, one per kind) and, for the club typed in its box, that club's: a list
    of every club's calendar would grow with the network (a club's page links its own too)."""
    links = [feed_links(request, _("Tất cả sự kiện"), "events:feed")]
    links += [feed_links(request, kind.name, "events:kind_feed", kind.slug) for kind in EventKind.objects.all()]
    form = ClubFeedForm(request.GET or None)
    club_links, more = [], False
    if form.is_bound and form.is_valid() and form.cleaned_data["clb"] is not None:
        clubs = list(form.cleaned_data["clb"].order_by(vi("title"))[: CLUB_FEEDS_SHOWN + 1])
        more = len(clubs) > CLUB_FEEDS_SHOWN
        club_links = [feed_links(request, club.title, "events:club_feed", club.pk) for club in clubs[:CLUB_FEEDS_SHOWN]]
    return render(
        request,
        "events/subscribe.html",
        {
            "feeds": links,
            "club_form": form,
            "club_feeds": club_links,
            "more_clubs": more,
            "page_title": _("Theo dõi lịch sự kiện"),
        },
    )


CLUB_SUGGESTIONS = 10
CLUB_SUGGEST_CACHE_SECONDS = 60


@require_GET
@rate_limited("suggest")
def club_suggest(request):
    """The events list's club box (portal/js/filter-suggest.js): up to 10 public clubs with events whose name
    holds what was typed, as JSON. The same for everyone, so cached per query for a minute."""
    query = request.GET.get("q", "").strip()[:200]
    if len(query) < 2:
        return JsonResponse({"results": []})
    key = f"events:club-suggest:{hashlib.sha256(query.casefold().encode()).hexdigest()}"
    results = cache.get(key)
    if results is None:
        clubs = clubs_with_events().filter(title__icontains=query).order_by(vi("title"))
        results = [{"title": title} for title in clubs.values_list("title", flat=True)[:CLUB_SUGGESTIONS]]
        cache.set(key, results, CLUB_SUGGEST_CACHE_SECONDS)
    return JsonResponse({"results": results})


@require_GET
@rate_limited("feed")
def all_events_feed(request):
    def build():
        return ical.build_calendar(
            feeds.entries_from_rows(feeds.feed_rows(feeds.public_events())),
            name=_("Sự kiện khởi nghiệp Quảng Nam"),
            description=_("Hội nghị, đoàn khảo sát, ngày hội và hội thảo của mạng lưới CLB khởi nghiệp."),
        )

    return feeds.serve_public_feed(request, "all", build, "su-kien-khoi-nghiep-quang-nam.ics")


@require_GET
@rate_limited("feed")
def kind_feed(request, slug):
    kind = get_object_or_404(EventKind, slug=slug)

    def build():
        return ical.build_calendar(
            feeds.entries_from_rows(feeds.feed_rows(feeds.public_events().filter(kind=kind))),
            name=_("%(kind)s – Khởi nghiệp Quảng Nam") % {"kind": kind.name},
        )

    return feeds.serve_public_feed(request, f"kind:{kind.pk}", build, ical.filename(kind.name))


@require_GET
@rate_limited("feed")
def club_feed(request, club_id):
    club = get_object_or_404(ClubPage.objects.live().public(), pk=club_id)

    def build():
        return ical.build_calendar(
            feeds.entries_from_rows(feeds.feed_rows(feeds.public_events().filter(club=club))),
            name=_("Sự kiện %(club)s") % {"club": club.title},
        )

    return feeds.serve_public_feed(request, f"club:{club.pk}:{club.title}", build, ical.filename(club.title))


@require_GET
@rate_limited("feed")
def event_download(request, uid):
    event = get_object_or_404(feeds.public_events(), uid=uid)
    etag = etag_of(f"{event.uid}|{event.sequence}|{event.updated_at}")
    if response := not_modified(request, etag, event.updated_at):
        return response
    body, name = feeds.event_ics(event)
    feed_cache.allow(request)
    response = calendar_response(body, etag=etag, last_modified=event.updated_at, filename=name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@carries_secret
@require_GET
@rate_limited("feed")
def personal_feed(request, token):
    calendar_token = CalendarToken.objects.select_related("user").filter(token=token[:64]).first()
    if calendar_token is None or not calendar_token.user.is_active:
        raise Http404
    return feeds.serve_personal_feed(request, calendar_token.user)
