"""issue_cohort_certificates run twice at the same moment, on real parallel PostgreSQL connections: each eligible
trainee gets exactly one certificate, no error, no gap in the serials."""

import io

import pytest
from django.core.management import call_command

from tests.factories.portal import board_user
from tests.factories.training_cohorts import CohortFactory, add_sessions, completed_enrolment
from tests.training.parallel import run_in_parallel
from training.models import Certificate

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_parallel_runs_issue_one_certificate_each():
    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 2)
    enrolments = [completed_enrolment(cohort, board) for _ in range(4)]

    def run(_index):
        out = io.StringIO()
        call_command("issue_cohort_certificates", str(cohort.pk), stdout=out)
        return out.getvalue()

    results, errors = run_in_parallel(run, 2)

    assert errors == []
    assert sorted(Certificate.objects.values_list("enrolment_id", flat=True)) == sorted(e.pk for e in enrolments)
    assert sorted("Đã cấp 4" in r for r in results) == [False, True]  # one run issued all, the other none
    year = Certificate.objects.first().issued_on.year
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [f"ToT-{year}-{n:04d}" for n in range(1, 5)]
