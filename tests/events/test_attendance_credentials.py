"""A certificate of attendance's verifiable credential downloads from the personal area (events' URL), verifies with
an independent library against the published key, and is nobody else's to download."""

import pytest
from django.urls import reverse

from events import services as event_services
from events.attendance_certificates import issue_attendance_certificates
from tests.events.test_attendance_certificates import held_yesterday
from tests.factories.events import make_event, registration_data
from tests.factories.portal import UserFactory, board_user
from tests.training.certificates.test_credentials import downloaded, independent_claims, tampered
from training.certificates import credentials

pytestmark = pytest.mark.django_db


def test_an_attendance_credential_downloads_from_the_events_personal_area(client, events_index):
    event = make_event(events_index, title="Ngày hội khởi nghiệp", capacity=5)
    user = UserFactory(email="an@example.vn")
    registration = event_services.register(event, user=user, **registration_data(full_name="Võ Thị An",
                                                                                email="an@example.vn"))
    held_yesterday(event)
    event_services.mark_attendance([registration], attended=True)
    (certificate,) = issue_attendance_certificates(event, board_user())

    _file, token = downloaded(client, certificate, "events:certificate_credential")
    claims = independent_claims(client, token)
    assert claims["credentialSubject"]["name"] == "Võ Thị An"
    assert "Địa điểm: Hội trường UBND tỉnh Quảng Nam" in claims["credentialSubject"]["achievement"]["description"]

    assert credentials.check(tampered(token))[0] == credentials.TAMPERED
    assert credentials.check(token)[0] == credentials.VALID

    client.force_login(UserFactory())
    assert client.get(reverse("events:certificate_credential", args=[certificate.pk])).status_code == 404
