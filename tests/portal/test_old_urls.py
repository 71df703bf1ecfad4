"""Every people-facing address the site had before issue 10 (a frozen copy of the old URLconf below, names and
routes as they were) still works: a moved one answers 301 to its new home, query string kept, and that page works
for the right person (a feed is text/calendar, a page needing log-in sends an anonymous visitor to log in); an
address that did not move still resolves to itself. POST to a moved address is a 308 (method and body kept)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, resolve, reverse

from events.models import Registration
from events.services import calendar_token_for
from portal.web import old_urls
from tests.factories.events import cancel_on_the_confirmation_page, event_kind, make_event, study_tour_kind
from tests.factories.portal import nominator
from tests.portal.people import trainee_participant

pytestmark = pytest.mark.django_db

# The URLconf before issue 10 (commit a65d7aa): mount point + route of every named front-end pattern.
OLD_URLCONF = {
    "events:index": "events/",
    "events:subscribe": "events/lich/",
    "events:feed": "events/lich.ics",
    "events:kind_feed": "events/lich/loai/<slug:slug>.ics",
    "events:club_feed": "events/lich/clb/<id:club_id>.ics",
    "events:personal_feed": "events/lich/<str:token>.ics",
    "events:event_ics": "events/su-kien/<uuid:uid>.ics",
    "events:registration": "events/dang-ky/<str:token>/",
    "events:mine": "events/cua-toi/",
    "events:certificate_pdf": "events/cua-toi/giay-chung-nhan/<id:pk>.pdf",
    "events:reset_calendar": "events/cua-toi/doi-duong-dan-lich/",
    "events:toggle_follow": "events/theo-doi/<id:club_id>/",
    "events:agency_delegations": "events/doan/",
    "events:nominate_delegate": "events/doan/<id:event_id>/",
    "training:dashboard": "tot/de-cu/",
    "training:nomination_list": "tot/de-cu/ho-so/",
    "training:nomination_export": r"tot/^de-cu/ho-so/xuat\.(?P<fmt>csv|xlsx)$",
    "training:nomination_add": "tot/de-cu/dot/<id:round_pk>/them/",
    "training:nomination_detail": "tot/de-cu/ho-so/<id:pk>/",
    "training:nomination_edit": "tot/de-cu/ho-so/<id:pk>/sua/",
    "training:nomination_submit": "tot/de-cu/ho-so/<id:pk>/nop/",
    "training:nomination_withdraw": "tot/de-cu/ho-so/<id:pk>/rut/",
    "training:dispatch_download": "tot/de-cu/cong-van/<id:pk>/",
    "training:my_cohorts": "tot/lop-cua-toi/",
    "training:practicum": "tot/thuc-hanh/",
    "training:practicum_confirmations": "tot/thuc-hanh/xac-nhan/",
    "training:practicum_confirm": "tot/thuc-hanh/<id:pk>/xac-nhan/",
    "training:trainer_consent": "tot/ho-so-giang-vien/",
    "training:trainer_register": "tot/giang-vien/",
    "training:my_certificates": "tot/giay-chung-nhan/",
    "training:certificate_pdf": "tot/giay-chung-nhan/<id:pk>/tai-ve/",
    "training:verify": "tot/xac-minh/",
    "training:verify_code": "tot/xac-minh/<str:code>/",
    "portal:login": "tai-khoan/dang-nhap/",
    "portal:logout": "tai-khoan/dang-xuat/",
    "portal:account": "tai-khoan/",
}

# Addresses that did not move (the agency's, the clubs' and the public programme pages, log-in; the QR codes of
# issued certificates print /tot/xac-minh/<code>/): name → the kwargs to build one.
STAYED = {
    "training:dashboard": {},
    "training:nomination_list": {},
    "training:nomination_export": {"fmt": "csv"},
    "training:nomination_add": {"round_pk": 7},
    "training:nomination_detail": {"pk": 7},
    "training:nomination_edit": {"pk": 7},
    "training:nomination_submit": {"pk": 7},
    "training:nomination_withdraw": {"pk": 7},
    "training:dispatch_download": {"pk": 7},
    "training:practicum_confirmations": {},
    "training:practicum_confirm": {"pk": 7},
    "training:trainer_register": {},
    "training:verify": {},
    "training:verify_code": {"code": "4D5UR8S7MMUHQBQ9QH8QHTYP"},
    "portal:login": {},
    "portal:logout": {},
}


def old_path(name, **kwargs):
    """The frozen route with the example arguments filled in."""
    route = OLD_URLCONF[name]
    if name == "training:nomination_export":
        return f"/tot/de-cu/ho-so/xuat.{kwargs['fmt']}"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


@pytest.fixture
def world(home):
    people = trainee_participant(home)
    event_kind()
    tour = make_event(people["index"], title="Đoàn khảo sát CLB khởi nghiệp Đà Nẵng", kind=study_tour_kind())
    return {**people, "nominator": nominator(), "tour": tour, "token": calendar_token_for(people["user"]).token}


def moved(world):
    """name → (old path, who asks: "lan", "nominator" or None, the new address, what the new address gives)."""
    w = world
    lan_cert, tot_cert = w["attendance_certificate"].pk, w["tot_certificate"].pk
    registration, club, held = w["registration"], w["club"], w["held"]
    return {
        "events:index": (old_path("events:index") + "?kind=hoi-nghi", None, w["index"].url + "?kind=hoi-nghi", "page"),
        "events:subscribe": (old_path("events:subscribe"), None, "/lich/", "page"),
        "events:feed": (old_path("events:feed") + "?v=2", None, "/lich/tat-ca.ics?v=2", "calendar"),
        "events:kind_feed": (old_path("events:kind_feed", slug="hoi-nghi"), None, "/lich/loai/hoi-nghi.ics",
                             "calendar"),
        "events:club_feed": (old_path("events:club_feed", club_id=club.pk), None, f"/lich/clb/{club.pk}.ics",
                             "calendar"),
        "events:personal_feed": (old_path("events:personal_feed", token=w["token"]), None,
                                 f"/lich/ca-nhan/{w['token']}.ics", "calendar"),
        "events:event_ics": (old_path("events:event_ics", uid=held.uid), None, f"/lich/su-kien/{held.uid}.ics",
                             "calendar"),
        "events:registration": (old_path("events:registration", token=registration.token), None,
                                f"/dang-ky/{registration.token}/", "page"),
        "events:mine": (old_path("events:mine"), "lan", "/ca-nhan/su-kien/", "page"),
        "events:certificate_pdf": (old_path("events:certificate_pdf", pk=lan_cert), "lan",
                                   f"/ca-nhan/giay-chung-nhan/tham-du/{lan_cert}.pdf", "pdf"),
        "events:reset_calendar": (old_path("events:reset_calendar"), "lan", "/ca-nhan/lich/", "page"),
        "events:toggle_follow": (old_path("events:toggle_follow", club_id=club.pk), None, club.url, "page"),
        "events:agency_delegations": (old_path("events:agency_delegations"), "nominator", "/doan-cong-tac/", "page"),
        "events:nominate_delegate": (old_path("events:nominate_delegate", event_id=w["tour"].pk), "nominator",
                                     f"/doan-cong-tac/{w['tour'].pk}/", "page"),
        "training:my_cohorts": (old_path("training:my_cohorts"), "lan", "/ca-nhan/lop-hoc/", "page"),
        "training:practicum": (old_path("training:practicum"), "lan", "/ca-nhan/thuc-hanh/", "page"),
        "training:trainer_consent": (old_path("training:trainer_consent"), "lan", "/ca-nhan/ho-so-giang-vien/", "page"),
        "training:my_certificates": (old_path("training:my_certificates"), "lan", "/ca-nhan/giay-chung-nhan/", "page"),
        "training:certificate_pdf": (old_path("training:certificate_pdf", pk=tot_cert), "lan",
                                     f"/ca-nhan/giay-chung-nhan/tot/{tot_cert}.pdf", "pdf"),
        "portal:account": (old_path("portal:account"), "lan", "/ca-nhan/", "page"),
    }


def redirect_routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from redirect_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_the_walk_covers_every_old_pattern_and_every_redirect(world):
    walked = set(moved(world))

    assert walked | set(STAYED) == set(OLD_URLCONF)
    assert not walked & set(STAYED)
    moved_routes = {OLD_URLCONF[name] for name in walked}
    assert set(redirect_routes(old_urls.urlpatterns)) == moved_routes  # no redirect left untested, none missing


@pytest.mark.parametrize("name", sorted(STAYED))
def test_an_address_that_did_not_move_still_resolves_to_itself(name):
    path = old_path(name, **STAYED[name])

    assert reverse(name, kwargs=STAYED[name]) == path
    assert f"{resolve(path).namespace}:{resolve(path).url_name}" == name


def test_every_moved_address_redirects_permanently_to_a_working_page(client, world):
    people = {"lan": world["user"], "nominator": world["nominator"]}
    for name, (path, who, new, gives) in moved(world).items():
        for user in {None, who} if who else {None}:
            client.logout()
            if user:
                client.force_login(people[user])

            response = client.get(path)

            assert response.status_code == 301, (name, path)
            assert response["Location"] == new, (name, path)
            landed = client.get(new)
            if user is None and who is not None:  # a page of one's own: log in first
                assert landed.status_code == 302, name
                assert landed["Location"].startswith(reverse("portal:login") + "?next="), name
                continue
            assert landed.status_code == 200, (name, new)
            if gives == "calendar":
                assert landed["Content-Type"].startswith("text/calendar"), name
            elif gives == "pdf":
                assert landed["Content-Type"] == "application/pdf", name
            else:
                assert landed["Content-Type"].startswith("text/html"), name


def test_a_post_to_the_old_registration_address_reaches_the_confirmation_page(client, world):
    registration = world["registration"]
    old = old_path("events:registration", token=registration.token)

    response = client.post(old)

    assert response.status_code == 308  # permanent, the POST is repeated at the new address
    assert response["Location"] == f"/dang-ky/{registration.token}/"
    landed = client.post(old, follow=True)
    # Cancelling is the confirmation page's (issue 13 item 5): the old form's POST lands there, nothing cancelled.
    assert landed.redirect_chain[-1][0] == f"/dang-ky/{registration.token}/huy/"
    assert Registration.objects.get(pk=registration.pk).status != "cancelled"
    cancel_on_the_confirmation_page(client, registration)
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_old_post_only_endpoints_take_post_to_the_new_endpoint(client, world):
    client.force_login(world["user"])
    token = world["token"]

    reset = client.post(old_path("events:reset_calendar"), follow=True)
    follow = client.post(old_path("events:toggle_follow", club_id=world["club"].pk))

    assert reset.redirect_chain[0] == ("/ca-nhan/lich/doi-duong-dan/", 308)
    assert calendar_token_for(world["user"]).token != token
    assert follow.status_code == 308
    assert follow["Location"] == f"/theo-doi/{world['club'].pk}/"


def test_a_feed_read_only_address_refuses_post(client, world):
    assert client.post(old_path("events:feed")).status_code == 405
