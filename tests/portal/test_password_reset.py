""""Quên mật khẩu?" on the public log-in page: the whole reset flow through the portal's own pages, the e-mail in
Vietnamese with the public address, and the request rate-limited per address like the admin's."""

import re

import pytest
from django.core import mail

from tests.factories.portal import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoi-An-Pho-Co-2026"


def reset_link(message):
    match = re.search(r"https?://\S+/tai-khoan/quen-mat-khau/dat-lai/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_the_log_in_page_offers_the_reset(client):
    body = client.get("/tai-khoan/dang-nhap/").content.decode()

    assert '<a href="/tai-khoan/quen-mat-khau/">Quên mật khẩu?</a>' in body


def test_the_whole_reset_flow_ends_in_a_log_in_with_the_new_password(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://khoinghiep.quangnam.gov.vn/"
    user = UserFactory(username="canbo-tamky", email="Can.Bo@Example.vn", last_name="Lê", first_name="Thị Hoa")

    form = client.get("/tai-khoan/quen-mat-khau/")
    assert form.status_code == 200
    assert 'class="site-header"' in form.content.decode()  # the portal's page, not Django's admin one
    sent = client.post("/tai-khoan/quen-mat-khau/", {"email": "can.bo@example.vn"}, HTTP_HOST="evil.example")

    assert sent.status_code == 302 and sent["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    assert "Hãy kiểm tra hộp thư" in client.get(sent["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["Can.Bo@Example.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản Cổng Khởi nghiệp Quảng Nam"
    assert "Kính gửi Lê Thị Hoa," in message.body
    assert "Tên đăng nhập của bạn: canbo-tamky" in message.body
    link = reset_link(message)
    assert link.startswith("https://khoinghiep.quangnam.gov.vn/tai-khoan/quen-mat-khau/dat-lai/")  # not the Host
    assert "evil.example" not in message.body

    path = link.removeprefix("https://khoinghiep.quangnam.gov.vn")
    opened = client.get(path, follow=True)  # Django moves the token into the session, out of the address
    assert "Đặt mật khẩu mới" in opened.content.decode()
    set_url = opened.redirect_chain[-1][0]
    too_short = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    assert too_short.status_code == 200  # refused, said on the page, nothing changed
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/quen-mat-khau/xong/"
    assert "Đã đặt mật khẩu mới" in client.get(done["Location"]).content.decode()

    old = client.post("/tai-khoan/dang-nhap/", {"username": "canbo-tamky", "password": PASSWORD})
    assert old.status_code == 200  # the old password no longer works
    logged_in = client.post("/tai-khoan/dang-nhap/", {"username": "canbo-tamky", "password": NEW_PASSWORD})
    assert logged_in.status_code == 302 and logged_in["Location"] == "/ca-nhan/"

    client.logout()
    reused = client.get(path, follow=True).content.decode()
    assert "Đường dẫn không còn dùng được" in reused  # a link works once
    assert 'href="/tai-khoan/quen-mat-khau/"' in reused


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(email="co.that@example.vn")

    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "khong.co@example.vn"})

    assert response.status_code == 302 and response["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    assert mail.outbox == []


def test_a_malformed_address_is_a_clear_message(client):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "khong-phai-dia-chi"})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert mail.outbox == []


def test_reset_requests_are_rate_limited_per_address_together_with_the_admins(client, settings):
    settings.RATE_LIMITS = {"password_reset": (3, 3600)}
    user = UserFactory(email="gioi.han@example.vn")

    statuses = [
        client.post(url, {"email": user.email}, REMOTE_ADDR="10.9.2.1").status_code
        for url in ["/admin/password_reset/", "/tai-khoan/quen-mat-khau/", "/tai-khoan/quen-mat-khau/",
                    "/tai-khoan/quen-mat-khau/"]
    ]
    other_address = client.post("/tai-khoan/quen-mat-khau/", {"email": user.email}, REMOTE_ADDR="10.9.2.2")

    assert statuses == [302, 302, 302, 429]
    assert other_address.status_code == 302
    assert len(mail.outbox) == 4
    assert client.get("/tai-khoan/quen-mat-khau/", REMOTE_ADDR="10.9.2.1").status_code == 200  # reading is free
