"""The Board's certificate screens in the Wagtail admin, through HTTP: issuing for a whole cohort, revoking and
re-issuing, and the cohort's ZIP built in the background with its progress."""

import io
import zipfile

import pytest

from tests.factories.portal import PASSWORD, board_user
from tests.factories.training_cohorts import CohortFactory, add_sessions, completed_enrolment
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = board_user()
    assert client.login(username=user.username, password=PASSWORD)
    return user


def test_issue_for_the_whole_cohort_in_one_action_then_revoke_and_reissue(client, board):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    for _ in range(3):
        completed_enrolment(cohort, board)

    response = client.post(f"/admin/tot/lop/{cohort.pk}/cap-giay/", {"kind": "completion", "issued_on": "2022-07-01"})

    assert response.status_code == 302
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    assert serials == ["ToT-2022-0001", "ToT-2022-0002", "ToT-2022-0003"]

    first = Certificate.objects.get(serial="ToT-2022-0001")
    url = f"/admin/tot/giay-chung-nhan/{first.pk}/thu-hoi/"
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Sai tên", "reissue": "on"})
    first.refresh_from_db()
    assert first.revoked_reason == "Sai tên"
    assert first.replaced_by.get().serial.startswith("ToT-")


def test_cohort_zip_is_built_in_the_background_with_progress(client, board, django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    for name in ["Hồ Quang Bửu", "Nguyễn Thị Ánh"]:
        completed_enrolment(cohort, board, full_name=name)
    client.post(f"/admin/tot/lop/{cohort.pk}/cap-giay/", {"kind": "completion", "issued_on": "2022-07-01"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/tot/lop/{cohort.pk}/tai-tat-ca/")
    status_url = response["Location"]

    assert client.get(status_url, {"format": "json"}).json() == {
        "status": "done",
        "done": 2,
        "total": 2,
        "percent": 100,
    }
    assert 'data-bundle-status="done"' in client.get(status_url).content.decode()
    download = client.get(status_url + "tai-ve/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == ["giay-chung-nhan-ToT-2022-0001.pdf", "giay-chung-nhan-ToT-2022-0002.pdf"]
