"""Every POST form of the public and agency areas refuses a request without the CSRF token (403) and changes
nothing. The forms are found, not listed: for each role the test walks the site from its entry pages, follows
same-site links, and collects every <form method="post"> it meets (log-in, language switch, registration,
nominations, delegates, practicum, two-step…); then it posts each one, with the values the page filled in but no
token, through a client that enforces CSRF checks, and compares every table's row count before and after."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from tests.factories.clubs import make_club, make_news
from tests.factories.events import event_index, make_event, study_tour_kind
from tests.factories.portal import UserFactory, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from tests.factories.training_cohorts import completed_enrolment, issued_certificate

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/i18n/")
MAX_PAGES = 120


class FormsAndLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "data": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["data"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def crawl(client, seeds):
    """Same-site pages reachable from `seeds` (GET, 200) and the POST forms on them: {action URL: data}."""
    seen, queue, forms = set(), list(seeds), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PREFIXES) or path.endswith((".ics", ".csv", ".xlsx", ".pdf", ".zip")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormsAndLinks()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            form["data"].pop("csrfmiddlewaretoken", None)
            forms.setdefault(urlsplit(action)._replace(fragment="").geturl(), form["data"])
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and "rss" not in parts.path:
                queue.append(parts._replace(scheme="", netloc="", fragment="").geturl())
    return forms


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


@pytest.fixture
def world(site_tree, home):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    make_news(club, title="Tin thử CSRF")
    index = event_index(home)
    event = make_event(index, title="Hội thảo thử CSRF", club=club)
    tour = make_event(index, title="Đoàn khảo sát thử CSRF", kind=study_tour_kind())
    round_ = NominationRoundFactory()
    agency_user = nominator()
    invite(round_, agency_user.agency, quota=3)
    nominate(agency_user, round_)
    trainee = issued_certificate(completed_enrolment()).holder
    participant = UserFactory()
    seeds = ["/", "/ca-nhan/", "/tai-khoan/dang-nhap/", "/su-kien/", event.url, tour.url, "/tot/xac-minh/",
             "/tot/de-cu/", "/tot/de-cu/ho-so/", "/ca-nhan/su-kien/", "/doan-cong-tac/", "/lich/",
             "/ca-nhan/lop-hoc/", "/ca-nhan/thuc-hanh/", "/ca-nhan/ho-so-giang-vien/", "/ca-nhan/giay-chung-nhan/"]
    return {"anonymous": None, "participant": participant, "nominator": agency_user, "trainee": trainee}, seeds


@pytest.mark.parametrize("role", ["anonymous", "participant", "nominator", "trainee"])
def test_every_post_form_refuses_a_request_without_the_csrf_token(client, world, role):
    users, seeds = world
    user = users[role]
    if user:
        client.force_login(user)
    forms = crawl(client, seeds)
    assert forms, "the walk found no form"
    expected = {"anonymous": ["/tai-khoan/dang-nhap/", "/dang-ky/"], "participant": ["/tai-khoan/dang-xuat/"],
                "nominator": ["/tot/de-cu/dot/", "/doan-cong-tac/"], "trainee": ["/ca-nhan/thuc-hanh/"]}[role]
    for fragment in expected:
        assert any(fragment in action for action in forms), (fragment, sorted(forms))

    strict = Client(enforce_csrf_checks=True)
    if user:
        strict.force_login(user)
    for action, data in forms.items():
        before = row_counts()
        response = strict.post(action, data)
        assert response.status_code == 403, (action, response.status_code)
        assert row_counts() == before, action
    if user:
        assert strict.get("/ca-nhan/").status_code == 200  # still logged in: logout without a token did nothing
