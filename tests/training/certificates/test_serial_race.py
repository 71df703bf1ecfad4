"""Two Board members issuing certificates at the same moment, on real parallel PostgreSQL connections:
consecutive serials, no gap, no duplicate; and two enrolments racing for the last place of a cohort."""

import threading

import pytest
from django.db import connection

from tests.factories.portal import board_user
from tests.factories.training_cohorts import CohortFactory, accepted_nomination, completed_enrolment
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.cohorts import services as cohort_services
from training.models import Certificate, Enrolment

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 6


def run_in_parallel(work, count):
    """Run `work(i)` in `count` threads released together, each on its own connection; collect errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_parallel_issuing_gives_consecutive_serials_without_gaps_or_duplicates():
    board = board_user()
    cohorts = []
    for _ in range(WORKERS):
        cohort = CohortFactory()
        completed_enrolment(cohort, board)
        completed_enrolment(cohort, board)
        cohorts.append(cohort)

    results, errors = run_in_parallel(
        lambda i: [c.serial for c in certificates.issue_for_cohort(cohorts[i], CertificateKind.COMPLETION, board)],
        WORKERS,
    )

    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    year = Certificate.objects.first().issued_on.year
    assert serials == [f"ToT-{year}-{n:04d}" for n in range(1, 2 * WORKERS + 1)]
    # each cohort's two certificates are consecutive: the counter row was held for the whole issue
    for pair in results:
        first, second = (int(s.rsplit("-", 1)[1]) for s in pair)
        assert second == first + 1


def test_parallel_enrolments_never_exceed_capacity():
    board = board_user()
    cohort = CohortFactory(capacity=3)
    nominations = [accepted_nomination() for _ in range(WORKERS)]

    _results, errors = run_in_parallel(lambda i: cohort_services.enrol(cohort, [nominations[i]], board), WORKERS)

    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert len(errors) == WORKERS - 3
    assert all(isinstance(e, cohort_services.CohortError) for e in errors)


def test_database_refuses_overlapping_sessions_of_one_cohort():
    import datetime

    from django.db import IntegrityError, transaction

    from training.models import Session

    cohort = CohortFactory()
    day = datetime.date(2022, 5, 3)
    Session.objects.create(cohort=cohort, date=day, starts_at=datetime.time(8), ends_at=datetime.time(11), topic="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            cohort=cohort, date=day, starts_at=datetime.time(10), ends_at=datetime.time(12), topic="B"
        )
    Session.objects.create(cohort=cohort, date=day, starts_at=datetime.time(11), ends_at=datetime.time(12), topic="C")
    assert Session.objects.filter(cohort=cohort).count() == 2
