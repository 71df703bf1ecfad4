"""Two Board members issuing certificates at the same moment, on real parallel PostgreSQL connections:
consecutive serials, no gap, no duplicate."""

import pytest

from tests.factories.portal import board_user
from tests.factories.training_cohorts import CohortFactory, completed_enrolment
from tests.training.parallel import run_in_parallel
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.models import Certificate

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 6


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
