"""Enrolments racing for the last places of a cohort, on real parallel PostgreSQL connections, and the
database's own refusal of overlapping sessions."""

import pytest

from tests.factories.portal import board_user
from tests.factories.training_cohorts import CohortFactory, accepted_nomination
from tests.training.parallel import run_in_parallel
from training.cohorts import services as cohort_services
from training.models import Enrolment

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 6


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
