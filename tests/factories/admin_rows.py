"""Rows for the Board's admin lists that grow with the province's records, inserted in bulk: `add(start, count)`
adds `count` rows numbered from `start`. Shared by tests/portal/test_admin_list_queries.py (query counts) and
scripts/benchmarks/admin_lists.py (time at 10,000 rows)."""

import datetime

from ideas.mentoring.models import MentoringRequest
from portal.models import User
from tests.factories.ideas import bulk_entries
from tests.factories.mentoring import bulk_mentors, make_mentor
from tests.factories.portal import AdministrativeUnitFactory, UserFactory
from training.models import Certificate


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
    unit = AdministrativeUnitFactory()  # a province has a few hundred units, not one per trainer
    TrainerProfile.objects.bulk_create(
        TrainerProfile(user=user, display_name=f"Giảng viên nguồn {n}", unit=unit)
        for n, user in enumerate(users, start)
    )


def add_enrolments(start, count):
    """Accepted nominations enrolled in bulk (the service's one-by-one path would take minutes at 10,000), each
    batch spread over three cohorts of its own: the cohort filter's options must not cost a query per cohort."""
    from tests.factories.portal import AgencyFactory
    from tests.factories.training import NominationRoundFactory
    from tests.factories.training_cohorts import CohortFactory
    from training.models import Enrolment, Nomination
    from training.nominations.enums import NominationStatus

    round_, agency = NominationRoundFactory(), AgencyFactory()
    submitted = datetime.datetime(2026, 3, 2, 8, tzinfo=datetime.UTC)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            round=round_, agency=agency, full_name=f"Phạm Thị Học Viên {n}", folded_name=f"pham thi hoc vien {n}",
            gender="nu", date_of_birth=datetime.date(1980 + n % 20, 1 + n % 12, 1 + n % 27), position="Chuyên viên",
            workplace="Trường Đại học Quảng Nam", phone=f"08{n:08d}", email=f"hocvien{n}@example.vn",
            status=NominationStatus.ACCEPTED, experience="Cố vấn khởi nghiệp", submitted_at=submitted,
        )
        for n in range(start, start + count)
    )
    cohorts = [CohortFactory() for _ in range(3)]
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohorts[i % 3], nomination=nomination) for i, nomination in enumerate(nominations)
    )


ADMIN_LISTS = {
    "/admin/ideas/entries/": add_entries,
    "/admin/ideas/mentors/": add_mentors,
    "/admin/ideas/mentoring-requests/": add_requests,
    "/admin/snippets/training/certificate/": add_certificates,
    "/admin/users/": add_users,
    "/admin/snippets/training/trainerprofile/": add_trainers,
    "/admin/snippets/training/enrolment/": add_enrolments,
}
