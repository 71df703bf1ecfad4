import pytest

from events.enums import RegistrationStatus
from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_shows_each_case(home):
    from events.demo import seed
    from portal.demo import accounts, reference

    reference.seed()
    accounts.seed()
    seed()
    counts = (EventPage.objects.count(), Registration.objects.count())
    seed()

    assert (EventPage.objects.count(), Registration.objects.count()) == counts
    conference = EventPage.objects.get(slug="hoi-nghi-mang-luoi-clb-khoi-nghiep")
    assert conference.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == conference.capacity
    assert conference.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert EventPage.objects.get(slug="hoi-thao-chuyen-doi-so-ho-kinh-doanh").is_cancelled
    assert EventPage.objects.get(slug="ca-phe-khoi-nghiep-thang-truoc").registrations.filter(attended=True).count() == 6
    assert EventPage.objects.get(slug="doan-khao-sat-da-nang-thua-thien-hue").itinerary.count() == 3
