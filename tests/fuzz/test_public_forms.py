"""Every public form, fed hostile data: never a 500, nothing half-saved, a success saves one consistent record."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.models import Registration
from tests.factories.portal import PASSWORD, UserFactory
from tests.fuzz.conftest import assert_nothing_saved_unless, assert_ok, counts, emails, form_data, hostile_text

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "full_name": st.sampled_from(["Nguyễn Thị Ánh", "Nguye\u0302\u0303n Thi\u0323 A\u0301nh", "Hồ Quang Bửu"]),
    "email": emails,
    "phone": st.sampled_from(["0905 123 456", "+84 905 123 456", "0235.3812.345"]),
    "organisation": st.sampled_from(["", "Sở Khoa học và Công nghệ", "=1+1"]),
    "consent": "on",
}


def check_registration(client, event, data):
    before = counts(Registration)
    response = client.post(event.url + "dang-ky/", data)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, [Registration], created={"Registration": 1})
    if response.status_code == 302:
        registration = Registration.objects.order_by("-pk").first()
        assert response["Location"] == f"/dang-ky/{registration.token}/"
        registration.full_clean()  # what was saved passes the model's own rules
        assert "\x00" not in registration.full_name + registration.organisation


@given(data=form_data(REGISTRATION, optional=("organisation", "consent")))
def test_event_registration_anonymous(client, public_site, data):
    check_registration(client, public_site["conference"], data)


@given(data=form_data(REGISTRATION, optional=("organisation", "consent")))
def test_event_registration_logged_in(client, public_site, data):
    if not hasattr(client, "_fuzz_user"):
        client._fuzz_user = UserFactory(email="thamdu@example.vn")
    client.force_login(client._fuzz_user)
    check_registration(client, public_site["conference"], data)


@given(action=st.sampled_from(["get", "post"]), extra=form_data({"next": None}, optional=("next",)))
def test_registration_cancel_link(client, public_site, action, extra):
    from events import services

    registration = services.register(
        public_site["conference"], full_name="Trần Thị Hạnh", email=f"hanh{Registration.objects.count()}@example.vn",
        phone="0905123456",
    )
    url = f"/dang-ky/{registration.token}/"
    response = getattr(client, action)(url, extra)
    assert_ok(response)
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # only the confirmation page's own button cancels (test_confirmations)


@given(data=form_data({"username": st.sampled_from(["thamdu", "THAMDU", " thamdu"]), "password": PASSWORD,
                       "otp_token": st.sampled_from(["", "123 456", "abcd-efgh"]),
                       "next": st.sampled_from(["/tot/", "//evil.example/", "javascript:alert(1)"])},
                      optional=("next", "otp_token")),
       url=st.sampled_from(["/tai-khoan/dang-nhap/", "/admin/login/"]))
def test_login_forms(client, public_site, data, url):
    """Both log-in forms (front end and admin), with the second-factor field; lockouts answer 4xx, never 500."""
    if not hasattr(client, "_fuzz_user"):
        client._fuzz_user = UserFactory(username="thamdu")
    response = client.post(url, data)
    assert_ok(response)
    if response.status_code == 302:
        assert not response["Location"].startswith(("//", "javascript:", "http"))
    client.logout()


@given(token=st.one_of(hostile_text, st.just("valid")), url=st.sampled_from(["/tai-khoan/dang-nhap/", "/admin/login/"]))
def test_login_with_a_second_factor(client, public_site, token, url):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories.portal import board_user

    if not hasattr(client, "_fuzz_device"):
        client._fuzz_device = TOTPDevice.objects.create(user=board_user(username="bandieuhanh"), name="Điện thoại",
                                                       confirmed=True)
    device = client._fuzz_device
    if token == "valid":
        token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(url, {"username": "bandieuhanh", "password": PASSWORD, "otp_token": token})
    assert_ok(response)
    client.logout()


@given(data=form_data({"language": st.sampled_from(["vi", "en"]), "next": st.sampled_from(["/", "//evil.example/"])},
                      optional=("next",)))
def test_language_switch(client, public_site, data):
    response = client.post("/i18n/setlang/", data)
    assert_ok(response)
    if response.status_code == 302:
        assert not response["Location"].startswith(("//", "http"))
    assert_ok(client.get("/"))


@given(next_url=hostile_text, logged_in=st.booleans())
def test_follow_club(client, public_site, next_url, logged_in):
    from events.models import ClubFollow

    if logged_in:
        client.force_login(UserFactory())
    before = counts(ClubFollow)
    response = client.post(f"/theo-doi/{public_site['club'].pk}/", {"next": next_url})
    assert_ok(response)
    assert not response["Location"].startswith(("//", "http", "javascript"))
    assert abs(counts(ClubFollow)["ClubFollow"] - before["ClubFollow"]) == (1 if logged_in else 0)
    client.logout()
