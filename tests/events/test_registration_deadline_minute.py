"""Issue 12, item 7: registration closing typed as 16:16 takes registrations until 16:16:59 (service and the
event's registration form); an event without a closing time closes with the minute of its start."""

import pytest

from events import services
from events.errors import RegistrationError
from events.models import Registration
from tests.clock import local_datetime
from tests.factories.events import make_event, registration_data

pytestmark = pytest.mark.django_db

MOMENTS = [("17/12/2026 16:16:00", True), ("17/12/2026 16:16:59", True), ("17/12/2026 16:17:00", False)]


@pytest.fixture(params=["closes", "start"])
def event(request, events_index, clock):
    clock.at("01/12/2026 09:00")
    if request.param == "closes":
        return make_event(
            events_index, start=local_datetime("20/12/2026 08:00"),
            registration_closes=local_datetime("17/12/2026 16:16"),
        )
    return make_event(events_index, start=local_datetime("17/12/2026 16:16"))


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_service(event, clock, moment, allowed):
    clock.at(moment)
    assert (event.registration_state() is None) == allowed
    if allowed:
        services.register(event, **registration_data())
    else:
        with pytest.raises(RegistrationError, match="Đã hết hạn đăng ký"):
            services.register(event, **registration_data())
    assert Registration.objects.count() == int(allowed)


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_registration_form(event, clock, client, moment, allowed):
    clock.at(moment)
    response = client.post(f"{event.url}dang-ky/", {**registration_data(), "consent": "on"})
    assert response.status_code in (200, 302)
    assert Registration.objects.count() == int(allowed)
    if not allowed:
        assert "Đã hết hạn đăng ký" in response.content.decode()
