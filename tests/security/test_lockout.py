"""Log-in lockout on both log-in screens: per account (5 failures) and per address (20), a clear Vietnamese page,
and the Board's unlock screen in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import PASSWORD, UserFactory, board_user

pytestmark = pytest.mark.django_db

SCREENS = ["/tai-khoan/dang-nhap/", "/admin/login/"]


def attempt(client, url, username, password, ip="10.1.1.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", SCREENS)
def test_five_wrong_passwords_lock_the_account_even_from_another_address(client, url):
    user = UserFactory(is_staff=True)
    for _ in range(4):
        assert attempt(client, url, user.username, "sai").status_code == 200
    fifth = attempt(client, url, user.username, "sai")
    assert fifth.status_code == 429 and fifth["Retry-After"] == str(15 * 60)
    assert "bị tạm khóa trong 15 phút" in fifth.content.decode()

    right_password_elsewhere = attempt(client, url, user.username, PASSWORD, ip="10.9.9.9")
    assert right_password_elsewhere.status_code == 429
    assert "Tạm khóa đăng nhập" in right_password_elsewhere.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("url", SCREENS)
def test_twenty_failures_from_one_address_lock_that_address_for_every_account(client, url):
    users = UserFactory.create_batch(2)
    for n in range(19):
        assert attempt(client, url, f"khong-ton-tai-{n}", "sai").status_code == 200
    assert attempt(client, url, "khong-ton-tai-cuoi", "sai").status_code == 429

    assert attempt(client, url, users[0].username, PASSWORD).status_code == 429
    assert not logged_in(client)
    response = attempt(client, url, users[1].username, PASSWORD, ip="10.2.2.2")
    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_log_in_clears_the_accounts_failures_but_not_the_addresses(client):
    user = UserFactory()
    url = SCREENS[0]
    for _ in range(4):
        attempt(client, url, user.username, "sai")
    assert attempt(client, url, user.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert attempt(client, url, user.username, "sai").status_code == 200
    assert AccessAttempt.objects.filter(ip_address="10.1.1.1").exists()


def test_the_lockout_ends_after_the_cool_off(client):
    user = UserFactory()
    url = SCREENS[0]
    for _ in range(5):
        attempt(client, url, user.username, "sai")
    assert attempt(client, url, user.username, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, url, user.username, PASSWORD).status_code == 302


def test_attempts_while_locked_do_not_extend_the_lockout(client):
    user = UserFactory()
    url = SCREENS[0]
    for _ in range(5):
        attempt(client, url, user.username, "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert attempt(client, url, user.username, "sai").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, url, user.username, PASSWORD).status_code == 302


def test_board_sees_locked_accounts_and_addresses_and_unlocks_them(client):
    victim = UserFactory()
    url = SCREENS[0]
    for _ in range(5):
        attempt(client, url, victim.username, "sai", ip="10.3.3.3")
    for n in range(20):
        attempt(client, url, f"thu-{n}", "sai", ip="10.4.4.4")

    client.force_login(board_user())
    page = client.get("/admin/khoa-dang-nhap/")
    assert page.status_code == 200
    html = page.content.decode()
    assert victim.username in html and "10.4.4.4" in html

    assert client.post("/admin/khoa-dang-nhap/", {"username": victim.username}).status_code == 302
    assert client.post("/admin/khoa-dang-nhap/", {"ip_address": "10.4.4.4"}).status_code == 302
    client.logout()

    assert attempt(client, url, victim.username, PASSWORD, ip="10.3.3.3").status_code == 302
    client.logout()
    assert attempt(client, url, "thu-moi", "sai", ip="10.4.4.4").status_code == 200


def test_club_editors_cannot_see_or_use_the_unlock_screen(client, site_tree):
    victim = UserFactory()
    for _ in range(5):
        attempt(client, SCREENS[0], victim.username, "sai")
    client.force_login(club_editor(make_club(site_tree[0])))

    assert client.get("/admin/khoa-dang-nhap/").status_code in (302, 403)
    assert client.post("/admin/khoa-dang-nhap/", {"username": victim.username}).status_code in (302, 403)
    assert AccessAttempt.objects.filter(username=victim.username).exists()
    assert "khoa-dang-nhap" not in client.get("/admin/").content.decode()


def test_reset_command_unlocks_an_account(client):
    from django.core.management import call_command

    user = UserFactory()
    for _ in range(5):
        attempt(client, SCREENS[0], user.username, "sai")
    call_command("axes_reset_username", user.username)
    assert attempt(client, SCREENS[0], user.username, PASSWORD).status_code == 302
