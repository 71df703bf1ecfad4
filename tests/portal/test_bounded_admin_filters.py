"""The Board's listings filtered by a record of a growing set (events, study tours, agencies, cohorts, sectors,
mentors) weigh the same, and run the same queries, with 10 or 2,000 of those records: the filter is a text box
with suggestions (portal.inputs.suggest), not a select of every record (issue 14, item 3). The suggestions
themselves stop at SUGGESTIONS."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from events.models import Delegate
from portal.inputs.suggest import SUGGESTIONS
from portal.models import Agency, AgencyKind
from tests.factories.admin_rows import add_enrolments, add_requests
from tests.factories.events import bulk_events, event_index, event_kind, make_event, study_tour_kind
from tests.factories.mentoring import bulk_mentors
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, board_user
from tests.factories.training import NominationFactory
from training.models import Cohort, Course, Nomination, NominationSector

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 2000
ROWS_PER_PAGE = 20  # Wagtail's listings (and the nominations' list_per_page)


def more_agencies(total):
    kind = AgencyKind.objects.first() or AgencyKind.objects.create(name="Sở, ban, ngành", slug="so-ban-nganh")
    have = Agency.objects.count()
    Agency.objects.bulk_create(
        Agency(name=f"Ủy ban nhân dân xã Thử Nghiệm {n}", slug=f"ubnd-xa-thu-nghiem-{n}", kind=kind,
               email=f"xa{n}@example.vn")
        for n in range(have, total)
    )


def more_sectors(total):
    nomination = Nomination.objects.first()
    have = NominationSector.objects.count()
    tags = Tag.objects.bulk_create(
        Tag(name=f"Lĩnh vực thử nghiệm {n}", slug=f"linh-vuc-thu-nghiem-{n}") for n in range(have, total)
    )
    NominationSector.objects.bulk_create(NominationSector(content_object=nomination, tag=tag) for tag in tags)


def registrations(home):
    index = event_index(home)
    kind = event_kind()
    from events import services
    from tests.factories.events import registration_data

    services.register(make_event(index, title="Hội nghị mạng lưới"), **registration_data(full_name="Trần Thị Dự"))
    return lambda total: bulk_events(index, kind, total)


def missing_reports(home):
    index, kind = event_index(home), study_tour_kind()
    past = timezone.now() - datetime.timedelta(days=20)
    tour = make_event(index, title="Khảo sát mô hình Đà Nẵng", kind=kind, start=past)
    Delegate.objects.create(event=tour, agency=AgencyFactory(), full_name="Lê Thị Đoàn", email="doan@example.vn")

    def grow(total):
        bulk_events(index, kind, total, start=past)
        more_agencies(total)

    return grow


def enrolments(home):
    add_enrolments(0, 1)
    course = Course.objects.first()

    def grow(total):
        have = Cohort.objects.count()
        Cohort.objects.bulk_create(
            Cohort(course=course, name=f"Lớp ToT khóa {n}", start_date=datetime.date(2022, 5, 3),
                   end_date=datetime.date(2022, 6, 28), venue="Tam Kỳ", capacity=30)
            for n in range(have, total)
        )

    return grow


def nominations(home):
    NominationFactory(status="submitted", submitted_at=timezone.now())

    def grow(total):
        more_agencies(total)
        more_sectors(total)

    return grow


def mentoring_requests(home):
    add_requests(0, 1)
    from tests.factories.ideas import sector

    field, unit = sector(), AdministrativeUnitFactory()
    return lambda total: bulk_mentors(total - 1, field, unit) if total > 1 else None


LISTINGS = {
    "/admin/snippets/events/registration/": registrations,
    "/admin/reports/bao-cao-chuyen-di/": missing_reports,
    "/admin/snippets/training/enrolment/": enrolments,
    "/admin/snippets/training/nomination/": nominations,
    "/admin/ideas/mentoring-requests/": mentoring_requests,
}


def weigh(client, url):
    """(bytes, queries, bytes of a page of rows) of the listing."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    rows = re.findall(r"<tr[\s>].*?</tr>", html.split("<tbody", 1)[-1].split("</tbody>", 1)[0], flags=re.S)
    assert rows, url  # each listing shows its one row
    return len(response.content), len(captured), ROWS_PER_PAGE * max(len(row.encode()) for row in rows)


@pytest.mark.parametrize("url", LISTINGS)
def test_a_listing_weighs_the_same_and_runs_the_same_queries_with_10_or_2000_filter_options(client, home, url):
    client.force_login(board_user(last_login=timezone.now()))
    grow = LISTINGS[url](home)
    grow(SMALL)
    weigh(client, url)  # sessions, site and caches warmed
    small, small_queries, page_worth = weigh(client, url)
    grow(LARGE)
    large, large_queries, _ = weigh(client, url)

    assert abs(large - small) < page_worth, (url, small, large, page_worth)
    assert large_queries == small_queries, (url, small_queries, large_queries)
    assert "<datalist" in client.get(url).content.decode()


SUGGESTED = {
    "registration-events": ("/admin/snippets/events/registration/", "su kien"),
    "missing-report-tours": ("/admin/reports/bao-cao-chuyen-di/", "su kien"),
    "missing-report-agencies": ("/admin/reports/bao-cao-chuyen-di/", "thu nghiem"),
    "enrolment-cohorts": ("/admin/snippets/training/enrolment/", "lop tot"),
    "nomination-agencies": ("/admin/snippets/training/nomination/", "thu nghiem"),
    "nomination-sectors": ("/admin/snippets/training/nomination/", "linh vuc"),
    "mentoring-request-mentors": ("/admin/ideas/mentoring-requests/", "co van"),
}


@pytest.mark.parametrize("source", SUGGESTED)
def test_the_suggestions_stop_at_the_limit_however_many_match(client, home, source):
    url, typed = SUGGESTED[source]
    client.force_login(board_user())
    LISTINGS[url](home)(300)
    results = client.get(f"/admin/goi-y/{source}/", {"q": typed}).json()["results"]
    assert len(results) == SUGGESTIONS
