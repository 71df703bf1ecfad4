"""Changing one's own password in the personal area (/ca-nhan/mat-khau/): for agency nominators, trainees and
participants, who have no admin; the old password is asked, the validators apply, the session stays, the other
sessions end, an e-mail tells the person, and it is rate-limited."""

import pytest
from django.core import mail
from django.test import Client

from portal import roles
from tests.factories.portal import PASSWORD, UserFactory, nominator

pytestmark = pytest.mark.django_db

URL = "/ca-nhan/mat-khau/"
NEW = "Song-Thu-Bon-Chay-Qua-Hoi-An"


def post(client, old=PASSWORD, new=NEW, again=None):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": again or new})


@pytest.mark.parametrize("role", [roles.NOMINATORS, roles.TRAINERS, roles.PARTICIPANTS])
def test_each_role_changes_its_password_stays_signed_in_and_is_told(client, committed, role):
    user = nominator() if role == roles.NOMINATORS else UserFactory(groups=[role])
    client.force_login(user)
    other_device = Client()
    other_device.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'class="site-header"' in page.content.decode()  # the portal's page
    assert URL in client.get("/ca-nhan/").content.decode()  # the account section links to it

    with committed():
        response = post(client)
    assert response.status_code == 302 and response["Location"] == "/ca-nhan/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/ca-nhan/").status_code == 200  # this session kept (update_session_auth_hash)
    assert other_device.get("/ca-nhan/").status_code == 302  # another session of the account is ended
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == f"Mật khẩu tài khoản {user.username} vừa được thay đổi"
    assert "/tai-khoan/quen-mat-khau/" in message.body


def test_a_wrong_old_password_changes_nothing_and_says_so(client, committed):
    user = UserFactory()
    client.force_login(user)
    with committed():
        response = post(client, old="khong-phai-mat-khau")
    assert response.status_code == 400
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert mail.outbox == []


def test_the_agency_name_is_refused_here_too(client):
    user = nominator()
    client.force_login(user)
    response = post(client, new=user.agency.name + " 2026")
    assert response.status_code == 400
    assert "tên cơ quan" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_mismatch_is_refused(client):
    client.force_login(UserFactory())
    response = post(client, again=NEW + "x")
    assert response.status_code == 400
    assert "không giống nhau" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_tries_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {"password_change": (3, 3600)}
    client.force_login(UserFactory())
    for _ in range(3):
        assert post(client, old="sai").status_code == 400
    limited = post(client)
    assert limited.status_code == 429
    assert client.get(URL).status_code == 200  # the page itself is not counted


def test_the_page_is_never_cached(client):
    client.force_login(UserFactory())
    assert "no-store" in client.get(URL)["Cache-Control"]


def test_a_front_end_reset_tells_the_person_too(client, committed):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    opened = client.get(f"/tai-khoan/quen-mat-khau/dat-lai/{uid}/{default_token_generator.make_token(user)}/",
                        follow=True)
    with committed():
        done = client.post(opened.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    [message] = mail.outbox
    assert message.to == [user.email] and "vừa được thay đổi" in message.subject
