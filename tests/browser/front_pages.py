"""Every front-end page type, on the demo data plus hostile-but-realistic text, for the phone and accessibility
tests (test_phone_layout.py, test_accessibility.py).

`build_demo()` runs `seed_demo` (the same data `make run` shows) and adds what people really type: a club, a news
item and a content page whose names hold a 60-character unbroken word, long e-mail addresses, a long personal name
in the header, a personal calendar secret without a hyphen to break at. `front_end_pages()` then lists one page of
each type with the demo account that opens it. Paths come from URL names (reverse) and from the pages' own `url`,
never from hard-coded paths, so a URL that moves (the personal area, /events/cua-toi/ today) only needs its name
here. Models are looked up by app label, so a module moved inside an app does not break this file.
"""

import io
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories.clubs import make_club, make_news
from tests.factories.events import make_event
from tests.factories.mentoring import make_mentor

PASSWORD = "KhoiNghiep@2022"  # every demo account's password (README)
# 60 characters without a space or a hyphen: a name typed without spaces, or a pasted identifier.
LONG_WORD = "Khởinghiệpđổimớisángtạonôngnghiệphữucơdulịchsốchuyểnđổisố360"
LONG_EMAIL = "phong.quan.ly.khoa.hoc.va.doi.moi.sang.tao.tinh@sokhoahoccongnghe.quangnam.gov.vn"


@dataclass(frozen=True)
class FrontPage:
    name: str  # what the page is, for failure messages
    path: str
    user: str | None = None  # the demo account that opens it; None: a visitor
    status: int = 200


def model(label):
    return apps.get_model(*label.split("."))


def build_demo():
    """The demo, then the hostile text; returns what front_end_pages() needs."""
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    User = get_user_model()
    ClubPage, ClubIndexPage = model("clubs.ClubPage"), model("clubs.ClubIndexPage")
    tam_ky = ClubPage.objects.get(slug="clb-khoi-nghiep-thanh-pho-tam-ky")
    hostile = make_club(
        ClubIndexPage.objects.get(), title=f"CLB {LONG_WORD} Tam Kỳ", kind=tam_ky.kind, unit=tam_ky.unit,
        summary=f"Câu lạc bộ của {LONG_WORD}, liên hệ {LONG_EMAIL}", contact_email=LONG_EMAIL,
        website=f"https://{LONG_WORD.lower()}.example.vn/gioi-thieu/ban-chu-nhiem-nhiem-ky-2026-2031",
        address=f"Số 1 đường {LONG_WORD}, phường An Mỹ, thành phố Tam Kỳ",
    )
    news = make_news(hostile, title=f"Ra mắt {LONG_WORD}", intro=f"Liên hệ {LONG_EMAIL} để đăng ký tham gia.")
    make_event(hostile, title=f"Gặp gỡ {LONG_WORD}")  # so that the calendars page's club search finds its calendar

    participant = User.objects.get(username="thamdu")
    participant.last_name, participant.first_name = "Tôn Nữ", "Hoàng Thị Phương Thảo Nguyên"  # in the header
    participant.save(update_fields=["last_name", "first_name"])
    # A secret made only of letters and digits has nowhere to break: the personal feed URL must still fit.
    model("events.CalendarToken").objects.update_or_create(user=participant, defaults={"token": secrets.token_hex(32)})
    registration = model("events.Registration").objects.filter(user=participant).order_by("pk").first()
    registration.email = LONG_EMAIL
    registration.organisation = f"Trung tâm {LONG_WORD}"
    registration.save(update_fields=["email", "organisation"])

    StandardPage = model("portal.StandardPage")
    about = StandardPage(title=f"Giới thiệu {LONG_WORD}", slug="gioi-thieu-ban-dieu-hanh", body=[
        {"type": "heading", "value": {"text": f"Liên hệ {LONG_WORD}", "level": "h2"}},
        {"type": "paragraph", "value": f'<p>Thư: {LONG_EMAIL}; <a href="https://{LONG_WORD.lower()}.example.vn/">'
                                       f"https://{LONG_WORD.lower()}.example.vn/</a></p>"},
        {"type": "quote", "value": {"text": f"Khởi nghiệp là {LONG_WORD}.", "attribution": LONG_EMAIL}},
    ])
    model("portal.HomePage").objects.get().add_child(instance=about)
    about.save_revision().publish()

    Nomination = model("training.Nomination")
    draft = Nomination.objects.get(agency__slug="ubnd-thanh-pho-tam-ky", status="draft")
    draft.email, draft.workplace = LONG_EMAIL, f"Phòng {LONG_WORD}"
    draft.save(update_fields=["email", "workplace"])
    decided = Nomination.objects.filter(agency__slug="ubnd-thanh-pho-tam-ky", status="accepted").order_by("pk").first()

    # An idea whose name is one long word and whose shown contact is a long address.
    Entry = model("ideas.Entry")
    idea = Entry.objects.filter(state="published", owner__username="thamdu").order_by("pk").first()
    Entry.objects.filter(pk=idea.pk).update(
        title=f"Dự án {LONG_WORD}", contact_email=LONG_EMAIL, contact_name=f"Nhóm {LONG_WORD}", show_contact=True,
        team=f"{LONG_WORD}, {LONG_EMAIL}", show_team=True,
    )
    # A sector named with the long word: the home page's counts by sector are links that must wrap.
    long_sector = model("ideas.Sector").objects.create(name=f"Lĩnh vực {LONG_WORD}", slug="linh-vuc-rat-dai")
    Entry.objects.filter(pk=idea.pk).update(sector=long_sector)
    mentor = model("ideas.MentorProfile").objects.filter(state="admitted").order_by("pk").first()
    # A certified trainer on the register who is also a mentor (the ToT badge), writing long words and addresses.
    trainer = model("training.TrainerProfile").objects.on_register().order_by("pk").first()
    tot_mentor = make_mentor(
        user=trainer.user, display_name=f"Giảng viên {LONG_WORD}", kind="trainer", headline=f"Trường {LONG_WORD}",
        expertise=f"Huấn luyện {LONG_WORD}.\nLiên hệ {LONG_EMAIL}", availability=f"Cuối tuần, {LONG_WORD}",
        public_email=LONG_EMAIL, sectors=list(model("ideas.Sector").objects.order_by("pk")[:3]),
        districts=list(model("portal.AdministrativeUnit").objects.order_by("pk")[:3]),
    )
    Competition = model("ideas.Competition")
    released = Competition.objects.filter(released_at__isnull=False).order_by("pk").first()
    open_competition = Competition.objects.filter(released_at__isnull=True).order_by("pk").first()
    Competition.objects.filter(pk=released.pk).update(title=f"Cuộc thi {LONG_WORD}")
    # The open competition nominated into by the Tam Kỳ agency's nominator and by the Tam Kỳ club's editor, as
    # they would through its entry form, so each finds an entry on their competitions page.
    from ideas.competitions import services as competitions

    entered = open_competition.entries.values_list("idea_id", flat=True)
    ideas = Entry.objects.filter(state="published", consent=True).exclude(pk__in=list(entered)).order_by("pk")
    category = open_competition.categories.order_by("sort_order").first()
    for username, ideas_of in (("bientap", ideas.filter(club=tam_ky)), ("daumoi", ideas.exclude(club=tam_ky))):
        competitions.enter(User.objects.get(username=username), open_competition, ideas_of.first(),
                           category=category, statement=f"Đề cử vì {LONG_WORD}, liên hệ {LONG_EMAIL}")
    scored = open_competition.entries.filter(applicant__username="thamdu").order_by("pk").first()
    # The long-word idea's team: a member (the agency's nominator, no reviewer) and a pending invitation (the club
    # editor), as the owner and the invited accounts make them; neither reviews a competition it is in.
    from ideas.teams import services as teams

    owner = User.objects.get(username="thamdu")
    teams.accept(User.objects.get(username="daumoi"), teams.invite(owner, idea, "daumoi"))
    teams.invite(owner, Entry.objects.get(pk=idea.pk), "bientap")
    return {
        "scored_entry": scored,
        "released_competition": released,
        "open_competition": open_competition,
        "idea": idea,
        "mentor": mentor,
        "tot_mentor": tot_mentor,
        "club": tam_ky, "hostile_club": hostile, "news": news, "registration": registration,
        "nomination": draft, "decided_nomination": decided, "standard_page": about,
        "news_tag": model("clubs.NewsPage").objects.live().filter(tags__isnull=False).first().tags.first().slug,
        "submitted_nomination": Nomination.objects.filter(agency__slug="ubnd-thanh-pho-tam-ky", status="submitted")
        .order_by("pk").first(),
    }


def front_end_pages(demo):
    """One page of each front-end type: public, personal area, agency, delegate, trainee, club editor."""
    EventPage = model("events.EventPage")
    now = timezone.now()
    club, hostile = demo["club"], demo["hostile_club"]
    directory = hostile.get_parent().specific
    conference = EventPage.objects.get(slug="hoi-nghi-mang-luoi-clb-khoi-nghiep")
    past_tour = EventPage.objects.get(slug="doan-khao-sat-da-nang-thua-thien-hue")
    next_tour = EventPage.objects.get(slug="doan-hoc-tap-quang-ngai-binh-dinh")
    certificate = model("training.Certificate").objects.filter(holder__username="giangvien").order_by("pk").first()
    open_round = model("training.NominationRound").objects.filter(
        is_published=True, opens_at__lte=now, closes_at__gt=now
    ).order_by("pk").first()
    programme = model("training.ProgrammePage").objects.live().first()
    news_index = model("clubs.NewsIndexPage").objects.live().first()
    event_index = model("events.EventIndexPage").objects.live().first()
    nomination, decided, registration = demo["nomination"], demo["decided_nomination"], demo["registration"]
    submitted = demo["submitted_nomination"]
    period = model("reporting.ReportingPeriod").objects.order_by("pk").first()
    return [
        FrontPage("home", "/"),
        FrontPage("club directory", directory.url),
        FrontPage("club directory, filtered", f"{directory.url}?kind={club.kind.slug}&unit={club.unit.slug}"),
        FrontPage("club page", club.url),
        FrontPage("club page, 60-character word", hostile.url),
        FrontPage("club news list", hostile.url + "tin-tuc/"),
        FrontPage("news page", demo["news"].url),
        FrontPage("network news", news_index.url),
        FrontPage("network news, one tag", f"{news_index.url}?tag={demo['news_tag']}"),
        FrontPage("content page (StandardPage)", demo["standard_page"].url),
        FrontPage("search results", reverse("search") + "?q=tam+ky"),
        FrontPage("events list", event_index.url),
        FrontPage("events list, filtered", f"{event_index.url}?kind={conference.kind.slug}"),
        FrontPage("event page with registration form", conference.url),
        FrontPage("study tour page", past_tour.url),
        FrontPage("calendar subscriptions", reverse("events:subscribe")),
        FrontPage("calendar subscriptions, clubs searched", reverse("events:subscribe") + "?clb=Tam+K%E1%BB%B3"),
        FrontPage("registration detail (secret link)", reverse("events:registration", args=[registration.token])),
        FrontPage("certificate verification form", reverse("training:verify")),
        FrontPage("certificate verification result", reverse("training:verify_code", args=[certificate.code])),
        FrontPage("trainer register", reverse("training:trainer_register")),
        FrontPage("ToT programme page", programme.url),
        FrontPage("idea bank showcase", reverse("ideas:showcase")),
        FrontPage("idea bank, searched and filtered", reverse("ideas:showcase") + "?q=rau&need=market&stage=early"),
        FrontPage("idea page, long word and address", reverse("ideas:entry", args=[demo["idea"].pk])),
        FrontPage("idea form", reverse("ideas:submit"), "thamdu"),
        FrontPage("idea edit form", reverse("ideas:edit", args=[demo["idea"].pk]), "thamdu"),
        FrontPage("mentor network", reverse("ideas:network")),
        FrontPage("mentor network, searched", reverse("ideas:network") + "?q=du+lich"),
        FrontPage("mentor page", reverse("ideas:mentor", args=[demo["mentor"].pk])),
        FrontPage("mentor page, ToT badge and long words", reverse("ideas:mentor", args=[demo["tot_mentor"].pk])),
        FrontPage("mentor application form", reverse("ideas:mentor_apply"), "thamdu"),
        FrontPage("mentoring request form", reverse("ideas:mentor_ask", args=[demo["mentor"].pk]), "thamdu"),
        FrontPage("my mentoring (requester)", reverse("ideas:my_mentoring"), "thamdu"),
        FrontPage("my ideas", reverse("ideas:my_entries"), "thamdu"),
        FrontPage("idea team (owner), long word", reverse("ideas:entry_team", args=[demo["idea"].pk]), "thamdu"),
        FrontPage("my teams (member)", reverse("ideas:my_teams"), "daumoi"),
        FrontPage("my teams (invited)", reverse("ideas:my_teams"), "bientap"),
        FrontPage("my teams, none yet", reverse("ideas:my_teams"), "thamdu"),
        FrontPage("competitions", reverse("ideas:competitions")),
        FrontPage("competition with winners, long word",
                  reverse("ideas:competition", args=[demo["released_competition"].pk])),
        FrontPage("open competition", reverse("ideas:competition", args=[demo["open_competition"].pk])),
        FrontPage("competition entry form", reverse("ideas:competition_enter", args=[demo["open_competition"].pk]),
                  "thamdu"),
        FrontPage("my competitions", reverse("ideas:my_competitions"), "thamdu"),
        FrontPage("reviewer's scoring list", reverse("ideas:competition_scoring", args=[demo["open_competition"].pk]),
                  "giangvien"),
        FrontPage("reviewer's score form", reverse("ideas:competition_score", args=[demo["scored_entry"].pk]),
                  "giangvien"),
        FrontPage("reviewer's conflict declaration",
                  reverse("ideas:competition_recuse", args=[demo["scored_entry"].pk]), "giangvien"),
        FrontPage("my competitions (agency nominator)", reverse("ideas:my_competitions"), "daumoi"),
        FrontPage("competition entry form (agency nominator)",
                  reverse("ideas:competition_enter", args=[demo["open_competition"].pk]), "daumoi"),
        FrontPage("my competitions (club editor)", reverse("ideas:my_competitions"), "bientap"),
        FrontPage("competition entry form (club editor)",
                  reverse("ideas:competition_enter", args=[demo["open_competition"].pk]), "bientap"),
        FrontPage("login", reverse("portal:login")),
        FrontPage("404", "/khong-co-trang-nay/", status=404),
        FrontPage("participant's personal page", reverse("events:mine"), "thamdu"),
        FrontPage("account page", reverse("portal:account"), "thamdu"),
        FrontPage("delegate's study-tour report form", past_tour.url + "bao-cao/", "thamdu"),
        FrontPage("trainee's cohort page", reverse("training:my_cohorts"), "giangvien"),
        FrontPage("certificates page", reverse("portal:certificates"), "giangvien"),
        FrontPage("practicum page", reverse("training:practicum"), "giangvien"),
        FrontPage("trainer profile and consent", reverse("training:trainer_consent"), "giangvien"),
        FrontPage("practicum confirmations (club editor)", reverse("training:practicum_confirmations"), "bientap"),
        FrontPage("agency nominator dashboard", reverse("training:dashboard"), "daumoi"),
        FrontPage("nomination list", reverse("training:nomination_list"), "daumoi"),
        FrontPage("nomination form", reverse("training:nomination_add", args=[open_round.pk]), "daumoi"),
        FrontPage("nomination edit form", reverse("training:nomination_edit", args=[nomination.pk]), "daumoi"),
        FrontPage("nomination detail", reverse("training:nomination_detail", args=[nomination.pk]), "daumoi"),
        FrontPage("nomination detail, decided", reverse("training:nomination_detail", args=[decided.pk]), "daumoi"),
        FrontPage("nomination submission", reverse("training:nomination_submit", args=[nomination.pk]), "daumoi"),
        FrontPage("nomination withdrawal", reverse("training:nomination_withdraw", args=[submitted.pk]), "daumoi"),
        FrontPage("delegations page", reverse("events:agency_delegations"), "daumoi"),
        FrontPage("delegate form", reverse("events:nominate_delegate", args=[next_tour.pk]), "daumoi"),
        FrontPage("account page (agency)", reverse("portal:account"), "daumoi"),
        FrontPage("own password change", reverse("portal:password_change"), "daumoi"),
        FrontPage("reporting periods (agency)", reverse("reporting:period_list"), "daumoi"),
        FrontPage("agency report form", reverse("reporting:agency_report", args=[period.pk]), "daumoi"),
        FrontPage("reporting periods (club editor)", reverse("reporting:period_list"), "bientap"),
        FrontPage("club report form", reverse("reporting:club_report", args=[period.pk, club.pk]), "bientap"),
    ]


def admin_pages():
    """Our own screens inside the Wagtail admin, opened by Board staff."""
    cohort = model("training.Cohort").objects.filter(enrolments__isnull=False).order_by("pk").first()
    past = model("events.EventPage").objects.get(slug="ca-phe-khoi-nghiep-thang-truoc")
    person = get_user_model().objects.get(username="thamdu")
    return [
        FrontPage("cohort attendance grid", reverse("tot_cohort_attendance", args=[cohort.pk]), "bandieuhanh"),
        FrontPage("cohort results", reverse("tot_cohort_results", args=[cohort.pk]), "bandieuhanh"),
        FrontPage("event attendance grid", reverse("events_attendance", args=[past.pk]), "bandieuhanh"),
        FrontPage("yearly report", reverse("board_yearly_report"), "bandieuhanh"),
        FrontPage("who has reported", reverse(
            "wagtailsnippets_reporting_reportingperiod:progress",
            args=[model("reporting.ReportingPeriod").objects.order_by("pk").first().pk],
        ), "bandieuhanh"),
        FrontPage("personal-data search", reverse("portal_personal_data") + "?q=thamdu", "bandieuhanh"),
        FrontPage("personal-data person", f"{reverse('portal_personal_data_person')}?user={person.pk}", "bandieuhanh"),
    ]


def by_user(pages):
    """Pages grouped by the account that opens them, visitors first: one log-in per account."""
    groups = {}
    for front_page in pages:
        groups.setdefault(front_page.user, []).append(front_page)
    return groups


OUR_APPS = ("clubs", "events", "training", "ideas", "reporting", "portal", "reports")
# Addresses among ours that are not screens: files, JSON, choosers (a modal's content), POST-only actions.
NOT_SCREENS = ("choose/", "xuat.json", "/xoa/", "chosen-multiple", "create/", "results/", "export", "goi-y", "preview/")


def _url_patterns(resolver, prefix=""):
    from django.urls import URLResolver

    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _is_ours(pattern):
    callback = pattern.callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(
        getattr(callback, "view_class", None), "model", None
    )
    if hasattr(model, "_meta"):
        return model._meta.app_label in OUR_APPS
    return getattr(callback, "__module__", "").split(".")[0] in OUR_APPS


def admin_screens():
    """Every admin screen of ours without an argument in its address (listings, add forms, reports; found in the
    URLconf, so a new one is checked without being named here), the dashboard, and those of admin_pages()."""
    from django.urls import get_resolver

    paths = {"/admin/"}
    for route, pattern in _url_patterns(get_resolver()):
        if route.startswith("admin/") and "<" not in route and "(?P" not in route and _is_ours(pattern):
            if not any(part in route for part in NOT_SCREENS):
                paths.add("/" + route)
    screens = [FrontPage(f"admin {path}", path, "bandieuhanh") for path in sorted(paths)]
    return screens + admin_pages()
