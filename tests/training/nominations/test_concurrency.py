"""The quota holds under concurrent submissions: real threads, each with its own PostgreSQL connection."""

import datetime
import threading

import pytest
from django.db import connection

from tests.factories.portal import nominator
from tests.factories.training import NominationRoundFactory, invite, nominate, pdf_file
from training.models import DispatchDocument, Nomination, NominationStatusChange
from training.nominations import services
from training.nominations.enums import NominationStatus as S

QUOTA, ATTEMPTS = 3, 12


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_agency_accept_exactly_the_quota():
    round_ = NominationRoundFactory()
    user = nominator()
    invite(round_, user.agency, quota=QUOTA)
    drafts = [nominate(user, round_) for _ in range(ATTEMPTS)]
    dispatch = DispatchDocument.objects.create(
        agency=user.agency, round=round_, number="1/CV", date=datetime.date(2022, 2, 1), file=pdf_file()
    )
    barrier = threading.Barrier(ATTEMPTS)
    outcomes = []
    lock = threading.Lock()

    def submit(nomination):
        try:
            barrier.wait(timeout=10)
            services.submit(nomination, user, dispatch=dispatch)
            result = "submitted"
        except services.QuotaExceeded:
            result = "refused"
        except Exception as error:  # noqa: BLE001 - recorded and asserted below
            result = repr(error)
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (ATTEMPTS - QUOTA) + ["submitted"] * QUOTA
    assert Nomination.objects.filter(status=S.SUBMITTED).count() == QUOTA
    assert NominationStatusChange.objects.filter(to_status=S.SUBMITTED).count() == QUOTA
