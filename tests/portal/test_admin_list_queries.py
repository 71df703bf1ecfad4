"""The Board's admin lists that grow with the province's records run the same queries at 4 rows as at 30 (more than
a page): a column, filter or button that cost a query per row would make the longer list run more (issue 14 item 3;
the nominations' and registrations' lists have their own tests beside their apps). Their time at 10,000 rows is
measured by scripts/benchmarks/admin_lists.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.mentoring.models import MentoringRequest
from portal.models import User
from tests.factories.ideas import bulk_entries
from tests.factories.mentoring import bulk_mentors, make_mentor
from tests.factories.portal import AdministrativeUnitFactory, UserFactory, board_user
from training.models import Certificate

pytestmark = pytest.mark.django_db

SMALL, LARGE = 4, 30


def add_entries(start, count):
    bulk_entries(count)


def add_mentors(start, count):
    from tests.factories.ideas import sector

    bulk_mentors(count, sector(), AdministrativeUnitFactory())


def add_requests(start, count):
    mentor = make_mentor()
    (entry,) = bulk_entries(1)
    requester = UserFactory()
    MentoringRequest.objects.bulk_create(
        MentoringRequest(mentor=mentor, requester=requester, entry=entry, message=f"Cần góp ý số {n}")
        for n in range(start, start + count)
    )


def add_certificates(start, count):
    Certificate.objects.bulk_create(
        Certificate(
            kind="attendance",
            holder_name=f"Nguyễn Văn Dự {n}",
            title="Hội nghị mạng lưới CLB khởi nghiệp 2026",
            reference=f"events.registration:{n}",
            serial=f"QN-2026-{n:06d}",
            code=f"MA{n:010d}",
            issued_on=datetime.date(2026, 11, 30),
        )
        for n in range(start, start + count)
    )


def add_users(start, count):
    User.objects.bulk_create(
        User(username=f"dsqt{n}", email=f"dsqt{n}@example.vn", first_name="Lê", last_name=f"Thị {n}")
        for n in range(start, start + count)
    )


def add_trainers(start, count):
    from training.models import TrainerProfile

    users = User.objects.bulk_create(
        User(username=f"gvn{n}", email=f"gvn{n}@example.vn") for n in range(start, start + count)
    )
    TrainerProfile.objects.bulk_create(
        TrainerProfile(user=user, display_name=f"Giảng viên nguồn {n}", unit=AdministrativeUnitFactory())
        for n, user in enumerate(users, start)
    )


def add_enrolments(start, count):
    """Each batch in a cohort of its own: the cohort filter's options must not cost a query per cohort either."""
    from tests.factories.training_cohorts import CohortFactory, enrol

    for _ in range(3):
        enrol(CohortFactory(), count // 3 or 1)


LISTS = {
    "/admin/ideas/entries/": add_entries,
    "/admin/ideas/mentors/": add_mentors,
    "/admin/ideas/mentoring-requests/": add_requests,
    "/admin/snippets/training/certificate/": add_certificates,
    "/admin/users/": add_users,
    "/admin/snippets/training/trainerprofile/": add_trainers,
    "/admin/snippets/training/enrolment/": add_enrolments,
}


@pytest.mark.parametrize("url", LISTS)
def test_a_board_admin_list_runs_the_same_queries_at_4_or_30_rows(client, url):
    client.force_login(board_user(last_login=timezone.now()))
    add = LISTS[url]

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    add(0, SMALL)
    count()  # sessions, site and caches warmed
    small, _ = count()
    add(SMALL, LARGE - SMALL)
    large, page = count()

    assert large == small, f"{url}: {small} queries with {SMALL} rows, {large} with {LARGE}"
    assert 'class="pagination' in page or "w-pagination" in page or "?p=2" in page  # more than a page is shown
