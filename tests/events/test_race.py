"""Capacity and one-place-per-e-mail under real parallel connections (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connections

from events import services
from events.enums import RegistrationStatus
from events.errors import RegistrationError
from events.models import Registration
from tests.factories.events import event_index, make_event, registration_data

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_in_parallel(count, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker(n):
        try:
            barrier.wait()
            results.append(target(n))
        except RegistrationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_parallel_registrations_never_exceed_capacity(home):
    event = make_event(event_index(home), capacity=5)

    results, errors = run_in_parallel(16, lambda n: services.register(event, **registration_data(n)))

    assert errors == []
    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert list(statuses).count(RegistrationStatus.CONFIRMED) == 5
    assert list(statuses).count(RegistrationStatus.WAITLISTED) == 11


def test_parallel_double_submit_of_one_email_gives_one_place(home):
    event = make_event(event_index(home), capacity=50)

    results, errors = run_in_parallel(8, lambda n: services.register(event, **registration_data(1)))

    assert len(results) == 1 and len(errors) == 7
    assert Registration.objects.filter(event=event).count() == 1


def test_parallel_cancellations_promote_exactly_the_freed_places(home):
    event = make_event(event_index(home), capacity=3)
    confirmed = [services.register(event, **registration_data(n)) for n in range(3)]
    for n in range(3, 9):
        services.register(event, **registration_data(n))

    run_in_parallel(3, lambda n: services.cancel_registration(confirmed[n]))

    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 3
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count() == 3
