"""Who sees what under /tot/: a trainee only their own cohort and certificates; nominators and anonymous
visitors nothing of it; the verification page and the register are public."""

import pytest

from tests.factories.portal import PASSWORD, nominator
from tests.factories.training_cohorts import issued_certificate

pytestmark = pytest.mark.django_db

PRIVATE = ["/ca-nhan/lop-hoc/", "/ca-nhan/giay-chung-nhan/", "/ca-nhan/thuc-hanh/", "/ca-nhan/ho-so-giang-vien/"]


@pytest.mark.parametrize("url", PRIVATE)
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


@pytest.mark.parametrize("url", ["/ca-nhan/thuc-hanh/", "/ca-nhan/ho-so-giang-vien/"])
def test_a_nominator_has_no_trainer_pages(client, url):
    user = nominator()
    client.login(username=user.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_another_trainees_cohort_and_certificate_stay_hidden(client):
    mine = issued_certificate(full_name="Hồ Quang Bửu")
    theirs = issued_certificate(full_name="Đặng Thị Người Khác")
    mine.holder.set_password(PASSWORD)
    mine.holder.save()
    client.login(username=mine.holder.username, password=PASSWORD)

    cohorts = client.get("/ca-nhan/lop-hoc/").content.decode()
    assert mine.enrolment.cohort.name in cohorts
    assert theirs.enrolment.cohort.name not in cohorts
    assert client.get(f"/ca-nhan/giay-chung-nhan/tot/{theirs.pk}.pdf").status_code == 404
    assert client.get("/ca-nhan/giay-chung-nhan/tot/999999.pdf").status_code == 404


@pytest.mark.parametrize("url", ["/tot/xac-minh/", "/tot/giang-vien/"])
def test_public_pages_need_no_log_in(client, url):
    assert client.get(url).status_code == 200
