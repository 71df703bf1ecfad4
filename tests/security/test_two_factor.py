"""Optional two-step verification: a Board user enrols in the admin (QR, confirm with a code, backup codes); from
then on both log-in screens ask for the code in the same step, and an unverified session of theirs is ended."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.portal import PASSWORD, board_user

pytestmark = pytest.mark.django_db

SCREENS = ["/tai-khoan/dang-nhap/", "/admin/login/"]


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


def wait_out_throttling(user):
    """django-otp waits 1 s, 2 s, 4 s… after each wrong code; the test lets that time pass."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def log_in(client, url, user, token=""):
    return client.post(url, {"username": user.username, "password": PASSWORD, "otp_token": token})


def enrol(client, user):
    """Through the screens, as the user would: log in, open the page, confirm with the app's code."""
    assert log_in(client, SCREENS[1], user).status_code == 302
    page = client.get("/admin/xac-thuc-hai-buoc/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/admin/xac-thuc-hai-buoc/", {"action": "confirm", "token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    return device, codes


def test_enrolment_page_shows_a_qr_code_and_the_secret(client):
    user = board_user()
    client.force_login(user)
    html = client.get("/admin/xac-thuc-hai-buoc/").content.decode()
    assert "<svg" in html and 'data-two-factor="off"' in html
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert "Xác thực hai bước" in client.get("/admin/account/").content.decode()


def test_a_wrong_code_does_not_enrol(client):
    user = board_user()
    client.force_login(user)
    client.get("/admin/xac-thuc-hai-buoc/")
    response = client.post("/admin/xac-thuc-hai-buoc/", {"action": "confirm", "token": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_enrolment_confirms_the_device_gives_ten_backup_codes_and_keeps_the_session(client):
    user = board_user()
    device, codes = enrol(client, user)
    assert device.confirmed
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/admin/").status_code == 200  # the enrolling session was verified by the code


@pytest.mark.parametrize("url", SCREENS)
def test_once_enrolled_log_in_needs_the_code_in_the_same_step(client, url):
    user = board_user()
    device, _ = enrol(client, user)
    client.logout()

    without = log_in(client, url, user)
    assert without.status_code == 200 and "_auth_user_id" not in client.session
    assert "đã bật xác thực hai bước" in without.content.decode()

    wrong = log_in(client, url, user, "123456")
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert "Mã xác thực không đúng" in wrong.content.decode()

    throttled = log_in(client, url, user, code_for(device, offset=1))
    assert "đợi một lát" in throttled.content.decode()  # django-otp's growing delay after a wrong code

    wait_out_throttling(user)
    right = log_in(client, url, user, code_for(device, offset=1))
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client):
    user = board_user()
    _, codes = enrol(client, user)
    client.logout()
    assert log_in(client, SCREENS[1], user, codes[0]).status_code == 302
    client.logout()
    assert log_in(client, SCREENS[1], user, codes[0]).status_code == 200
    wait_out_throttling(user)
    assert log_in(client, SCREENS[1], user, codes[1]).status_code == 302


def test_an_unverified_session_of_an_enrolled_user_is_refused(client):
    user = board_user()
    enrol(client, user)
    client.logout()
    client.force_login(user)  # a session without a code, e.g. one opened before enrolment
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    front = client.get("/ca-nhan/")
    assert front.status_code == 302


def test_wrong_codes_count_towards_the_lockout(client):
    user = board_user()
    enrol(client, user)
    client.logout()
    statuses = [log_in(client, SCREENS[0], user, "999999").status_code for _ in range(5)]
    assert statuses[-1] == 429


def test_turning_it_off_needs_a_code(client):
    user = board_user()
    device, codes = enrol(client, user)
    client.post("/admin/xac-thuc-hai-buoc/", {"action": "disable", "token": "000000"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    wait_out_throttling(user)
    client.post("/admin/xac-thuc-hai-buoc/", {"action": "disable", "token": codes[0]})
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.logout()
    assert log_in(client, SCREENS[0], user).status_code == 302


def test_users_without_a_device_log_in_as_before(client):
    user = board_user()
    assert log_in(client, SCREENS[0], user).status_code == 302
    assert client.get("/ca-nhan/").status_code == 200


def test_the_command_turns_it_off_for_a_lost_phone(client):
    from django.core.management import call_command

    user = board_user()
    enrol(client, user)
    client.logout()
    call_command("disable_two_factor", user.username)
    assert log_in(client, SCREENS[1], user).status_code == 302


def test_signed_in_requests_do_not_query_the_device_tables(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(board_user())
    client.get("/ca-nhan/")  # the first request fills the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ca-nhan/").status_code == 200
    assert not [q["sql"] for q in queries if "otp_" in q["sql"]]


def test_enrolling_in_another_session_ends_the_older_sessions(client):
    user = board_user()
    older = client.__class__()
    older.force_login(user)
    assert older.get("/admin/").status_code == 200  # caches "no device" for this user
    enrol(client, user)
    assert older.get("/admin/").status_code == 302  # the cache was dropped when the device was confirmed
