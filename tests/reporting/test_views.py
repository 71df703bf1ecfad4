"""The reporters' pages from outside: who sees what (404 for anything not theirs), the form, the upload check, the
read-only submitted report that a crafted POST cannot change, and the deadline to the minute with extensions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import roles
from reporting.enums import ReportState
from reporting.models import PeriodExtension, Report
from reporting.reporters import Reporter
from tests.clock import local_datetime
from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import AgencyKindFactory, UserFactory, board_user, nominator
from tests.factories.reporting import file_report, make_period
from tests.factories.training import PDF_BYTES

pytestmark = pytest.mark.django_db

SECRET = "Bí mật QZXBAOCAOCOQUAN"
CLUB_SECRET = "Bí mật QZXBAOCAOCLB"
OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, "login", 403, 404
ROLES = ["anonymous", "own", "same_kind", "unasked", "editor_a", "editor_b", "trainer", "board"]
MATRIX = {
    "list": [LOGIN, OK, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN],
    "agency_report": [LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "club_report": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "dispatch": [LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "club_dispatch": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK],
}


@pytest.fixture
def world(site_tree):
    kind = AgencyKindFactory()
    own, same_kind, unasked = nominator(), nominator(), nominator()
    for user in (own, same_kind):
        user.agency.kind = kind
        user.agency.save()
    directory, _ = site_tree
    club_a, club_b = make_club(directory), make_club(directory)
    editor_a, editor_b = club_editor(club_a), club_editor(club_b)
    period = make_period(agency_kinds=[kind], club_kinds=[club_a.kind])
    report = file_report(own, period, text=SECRET)
    club_report = file_report(editor_a, period, reporter=Reporter(club=club_a), text=CLUB_SECRET)
    users = {
        "anonymous": None, "own": own, "same_kind": same_kind, "unasked": unasked, "editor_a": editor_a,
        "editor_b": editor_b, "trainer": UserFactory(groups=[roles.TRAINERS]), "board": board_user(),
    }
    urls = {
        "list": "/bao-cao/",
        "agency_report": f"/bao-cao/ky/{period.pk}/co-quan/",
        "club_report": f"/bao-cao/ky/{period.pk}/clb/{club_a.pk}/",
        "dispatch": f"/bao-cao/cong-van/{report.pk}/",
        "club_dispatch": f"/bao-cao/cong-van/{club_report.pk}/",
    }
    return users, urls, period, report, club_report


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(client, world, role):
    users, urls, *_ = world
    if users[role]:
        client.force_login(users[role])
    for name, expected in MATRIX.items():
        response = client.get(urls[name])
        want = expected[ROLES.index(role)]
        if want == LOGIN:
            assert response.status_code == 302 and "dang-nhap" in response["Location"], name
        else:
            assert response.status_code == want, (name, role, response.status_code)
        body = response.content if name not in ("dispatch", "club_dispatch") else b""
        if role != "own":
            assert SECRET.encode() not in body, (name, role)
        if role != "editor_a":
            assert CLUB_SECRET.encode() not in body, (name, role)


def test_the_own_report_is_read_only_after_submission(client, world):
    users, urls, _period, report, _ = world
    client.force_login(users["own"])
    page = client.get(urls["agency_report"]).content.decode()
    assert SECRET in page and "<form class=\"form panel\"" not in page and "Đã nộp" in page


def test_a_crafted_post_on_a_submitted_report_changes_nothing(client, world):
    users, urls, period, report, _ = world
    client.force_login(users["own"])
    before = sorted(report.values.values_list("indicator_id", "number", "choice", "text"))
    data = {f"v{i.pk}": "999" if i.kind == "number" else "Khác" for i in period.indicators.all()}
    for action in ("save", "submit"):
        response = client.post(urls["agency_report"], {**data, "action": action})
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert sorted(report.values.values_list("indicator_id", "number", "choice", "text")) == before


def form_data(period, **overrides):
    data = {}
    for indicator in period.indicators.all():
        data[f"v{indicator.pk}"] = {"number": "4", "choice": "Khá", "narrative": "Kết quả quý IV."}[indicator.kind]
        if indicator.known_figure:
            data[f"n{indicator.pk}"] = "Thêm hội thảo của huyện."
    data.update(dispatch_number="45/UBND-KT", dispatch_date="20/12/2026", action="save")
    data.update(overrides)
    return data


@pytest.fixture
def fresh(site_tree):
    kind = AgencyKindFactory()
    user = nominator()
    user.agency.kind = kind
    user.agency.save()
    return user, kind


def test_save_a_draft_then_submit_with_the_signed_dispatch(client, fresh, clock):
    clock.at("10/12/2026 09:00")
    user, kind = fresh
    period = make_period(agency_kinds=[kind], deadline=local_datetime("10/12/2026 09:00") + datetime.timedelta(days=7))
    url = f"/bao-cao/ky/{period.pk}/co-quan/"
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "Cổng đã có: 0" in page  # the agency's events in the period, pre-filled
    assert client.post(url, form_data(period)).status_code == 302
    report = Report.objects.get(agency=user.agency)
    assert report.state == ReportState.DRAFT and report.values.count() == 4
    upload = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, {**form_data(period, action="submit"), "dispatch_file": upload})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.dispatch_file
    assert client.get(f"/bao-cao/cong-van/{report.pk}/").status_code == 200


def test_a_file_that_is_not_a_pdf_is_refused_in_vietnamese(client, fresh):
    user, kind = fresh
    period = make_period(agency_kinds=[kind])
    client.force_login(user)
    fake = SimpleUploadedFile("cong-van.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/bao-cao/ky/{period.pk}/co-quan/", {**form_data(period), "dispatch_file": fake})
    assert response.status_code == 200
    assert "Nội dung tệp không phải PDF" in response.content.decode()
    assert not Report.objects.exists()


def test_a_figure_beyond_the_database_is_a_form_error_not_a_500(client, fresh):
    user, kind = fresh
    period = make_period(agency_kinds=[kind])
    client.force_login(user)
    number = period.indicators.get(sort_order=1)
    response = client.post(f"/bao-cao/ky/{period.pk}/co-quan/", form_data(period, **{f"v{number.pk}": "9" * 40}))
    assert response.status_code == 200 and not Report.objects.exists()


def test_the_deadline_holds_to_the_whole_minute_in_vietnam(client, fresh, clock):
    user, kind = fresh
    clock.at("01/12/2026 08:00")
    period = make_period(agency_kinds=[kind], deadline=local_datetime("17/12/2026 16:30"))
    url = f"/bao-cao/ky/{period.pk}/co-quan/"
    clock.at("17/12/2026 16:30:59")
    client.force_login(user)  # after the clock moves: a session from two weeks before has expired
    response = client.post(url, form_data(period))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [str(m) for m in response.wsgi_request._messages] == ["Đã lưu bản nháp."]
    assert Report.objects.get().values.count() == 4
    clock.at("17/12/2026 16:31:00")
    response = client.post(url, form_data(period, dispatch_number="99/MUON"))
    assert "Không có gì thay đổi" in str(list(response.wsgi_request._messages))
    assert response.status_code == 302  # the page is read-only now: back to it with the refusal
    assert Report.objects.get().dispatch_number == "45/UBND-KT"
    assert "<form class=\"form panel\"" not in client.get(url).content.decode()


def test_an_extension_moves_one_agency_s_deadline_only(client, fresh, clock):
    user, kind = fresh
    other = nominator()
    other.agency.kind = kind
    other.agency.save()
    clock.at("01/12/2026 08:00")
    period = make_period(agency_kinds=[kind], deadline=local_datetime("17/12/2026 16:30"))
    PeriodExtension.objects.create(period=period, agency=user.agency, deadline=local_datetime("18/12/2026 08:00"))
    clock.at("18/12/2026 07:59:30")
    client.force_login(user)
    assert client.post(f"/bao-cao/ky/{period.pk}/co-quan/", form_data(period, action="save")).status_code == 302
    assert Report.objects.filter(agency=user.agency).exists()
    client.force_login(other)
    client.post(f"/bao-cao/ky/{period.pk}/co-quan/", form_data(period))
    assert not Report.objects.filter(agency=other.agency).exists()
    clock.at("18/12/2026 08:01")
    client.force_login(user)
    client.post(f"/bao-cao/ky/{period.pk}/co-quan/", form_data(period, dispatch_number="muộn"))
    assert Report.objects.get(agency=user.agency).dispatch_number == "45/UBND-KT"


def test_a_returned_report_can_be_corrected_after_the_deadline(client, fresh, clock):
    from reporting import services

    user, kind = fresh
    clock.at("01/12/2026 08:00")
    period = make_period(agency_kinds=[kind], deadline=local_datetime("17/12/2026 16:30"))
    report = file_report(user, period)
    clock.at("20/12/2026 09:00")
    services.return_report(report, board_user(), "Bổ sung số liệu quỹ.")
    client.force_login(user)
    page = client.get(f"/bao-cao/ky/{period.pk}/co-quan/").content.decode()
    assert "Bổ sung số liệu quỹ." in page
    assert client.post(f"/bao-cao/ky/{period.pk}/co-quan/", form_data(period, action="submit")).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_list_shows_each_reporter_its_periods(client, world):
    users, urls, period, *_ = world
    client.force_login(users["own"])
    assert period.title in client.get(urls["list"]).content.decode()
    client.force_login(users["unasked"])
    assert period.title not in client.get(urls["list"]).content.decode()
