"""Listing filters over a growing set are a text box with bounded suggestions (portal.inputs.suggest): by name,
folded name or id; an unknown one is ignored and the page says so; the suggestions answer only who may open the
listing, at most SUGGESTIONS of them, in Vietnamese order (issue 14, item 3)."""

import pytest
from django.contrib.auth.models import Permission

from events import services
from events.models import EventPage
from portal.inputs import suggest
from portal.models import Agency
from tests.factories.clubs import club_editor, make_club, make_site_tree
from tests.factories.events import event_index, make_event, registration_data
from tests.factories.portal import AgencyFactory, UserFactory, board_user

pytestmark = pytest.mark.django_db
REGISTRATIONS_URL = "/admin/snippets/events/registration/"
SUGGEST_URL = "/admin/goi-y/{}/"


@pytest.fixture
def board(client):
    user = board_user(username="bandieuhanh")
    client.force_login(user)
    return user


@pytest.fixture
def events_index(home):
    return event_index(home)


@pytest.fixture
def two_events(events_index):
    dai_loc = make_event(events_index, title="Ngày hội khởi nghiệp Đại Lộc")
    tam_ky = make_event(events_index, title="Hội thảo Tam Kỳ")
    services.register(dai_loc, **registration_data(full_name="Nguyễn Thị Bích", email="bich@example.vn"))
    services.register(tam_ky, **registration_data(full_name="Lê Văn Khác", email="khac@example.vn"))
    return dai_loc, tam_ky


def suggested(client, source, q):
    response = client.get(SUGGEST_URL.format(source), {"q": q})
    assert response.status_code == 200, response.status_code
    return [row["title"] for row in response.json()["results"]]


# --- the fold, the ids ----------------------------------------------------------------------------------------------


def test_the_fold_is_the_same_in_python_and_in_the_query():
    assert suggest.fold("Ngày hội Đại Lộc – ĐIỆN BÀN") == "ngay hoi dai loc – dien ban"
    AgencyFactory(name="Sở Khoa học và Công nghệ")
    AgencyFactory(name="Ủy ban nhân dân huyện Đại Lộc")
    folded = Agency.objects.annotate(f=suggest.Folded("name")).order_by("f").values_list("f", flat=True)
    assert list(folded) == ["so khoa hoc va cong nghe", "uy ban nhan dan huyen dai loc"]


@pytest.mark.parametrize("typed", ["١٢", "１２", "9" * 19, "12a", "-3", ""])
def test_only_short_ascii_digits_are_an_id(typed):
    assert suggest.parse_id(typed) is None


def test_suggestions_fold_diacritics_stop_at_the_limit_and_follow_vietnamese_order():
    for name in ["Đoàn Thanh niên", "Dương Xá", "Ủy ban Đại Lộc", "Sở Đào tạo", *[f"Đội {n}" for n in range(12)]]:
        AgencyFactory(name=name)
    names = [row["title"] for row in suggest.suggestions(Agency.objects.all(), "name", "do")]
    assert len(names) == suggest.SUGGESTIONS  # 14 hold "do": the first ten only
    assert names[0] == "Đoàn Thanh niên" and names[1:4] == ["Đội 0", "Đội 1", "Đội 10"]  # đ after d, whole names
    assert [row["title"] for row in suggest.suggestions(Agency.objects.all(), "name", "DAI LOC")] == [
        "Ủy ban Đại Lộc"
    ]
    assert [row["title"] for row in suggest.suggestions(Agency.objects.all(), "name", "dương")] == ["Dương Xá"]
    assert suggest.suggestions(Agency.objects.all(), "name", "   ") == []


# --- the listing filter -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Ngày hội khởi nghiệp Đại Lộc", "ngay hoi khoi nghiep dai loc", "id"])
def test_registrations_filter_by_the_events_name_folded_name_or_id(client, board, two_events, typed):
    dai_loc, _ = two_events
    html = client.get(REGISTRATIONS_URL, {"event": dai_loc.pk if typed == "id" else typed}).content.decode()
    assert "Nguyễn Thị Bích" in html and "Lê Văn Khác" not in html
    assert "không tìm thấy" not in html


@pytest.mark.parametrize("typed", ["Hội thảo không có", "١٢", "99999999999999999999999", "0"])
def test_an_unknown_event_is_ignored_and_the_page_says_so_keeping_the_other_filters(client, board, two_events, typed):
    response = client.get(REGISTRATIONS_URL, {"event": typed, "status": "cancelled"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "không tìm thấy – bộ lọc này bị bỏ qua" in html
    # the status filter still holds (nobody cancelled): not every registration silently
    assert "Nguyễn Thị Bích" not in html and "Lê Văn Khác" not in html
    results = client.get(REGISTRATIONS_URL + "results/", {"event": typed}).content.decode()
    assert "bộ lọc này bị bỏ qua" in results and "Nguyễn Thị Bích" in results  # the event filter alone: ignored


def test_the_filter_is_a_text_box_with_a_datalist_not_a_select(client, board, two_events):
    html = client.get(REGISTRATIONS_URL).content.decode()
    box = html.split('name="event"')[0].rsplit("<input", 1)[1] + html.split('name="event"')[1].split(">")[0]
    assert 'type="search"' in box and 'data-options-url="/admin/goi-y/registration-events/"' in box
    assert 'list="id_event-options"' in box and '<datalist id="id_event-options"></datalist>' in html
    assert "Ngày hội khởi nghiệp Đại Lộc</option>" not in html
    assert "portal/js/filter-suggest.js" in html


# --- the suggestions' permission --------------------------------------------------------------------------------------


SOURCES = [
    "registration-events", "missing-report-tours", "missing-report-agencies", "enrolment-cohorts",
    "nomination-agencies", "nomination-sectors", "mentoring-request-mentors",
]


def test_every_source_of_the_admin_is_tested_here():
    assert sorted(suggest.SOURCES) == sorted(SOURCES)


@pytest.mark.parametrize("source", SOURCES)
def test_anonymous_users_are_sent_to_log_in(client, source):
    response = client.get(SUGGEST_URL.format(source), {"q": "ng"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("source", SOURCES)
def test_a_club_editor_is_refused_every_board_source(client, home, source, two_events):
    directory, _ = make_site_tree(home)
    client.force_login(club_editor(make_club(directory, title="CLB Khởi nghiệp Núi Thành")))
    response = client.get(SUGGEST_URL.format(source), {"q": "ng"})
    assert response.status_code == 403
    assert "Đại Lộc" not in response.content.decode()


@pytest.mark.parametrize("who", ["district_organiser", "agency_nominator"])
@pytest.mark.parametrize("source", SOURCES)
def test_a_district_organiser_or_an_agency_gets_no_board_suggestion(client, source, who, two_events):
    from portal import roles
    from tests.factories.portal import AdministrativeUnitFactory, nominator

    if who == "district_organiser":
        user = UserFactory(groups=[roles.DISTRICT_ORGANISERS], agency=AgencyFactory(unit=AdministrativeUnitFactory()))
    else:
        user = nominator()
    client.force_login(user)
    response = client.get(SUGGEST_URL.format(source), {"q": "ng"})
    assert response.status_code in (302, 403)
    assert "Đại Lộc" not in response.content.decode() and "Sở Thử Nghiệm" not in response.content.decode()


def test_an_unknown_source_is_404(client, board):
    assert client.get(SUGGEST_URL.format("khong-co"), {"q": "ng"}).status_code == 404


def test_the_board_gets_the_events_with_their_dates(client, board, two_events):
    rows = client.get(SUGGEST_URL.format("registration-events"), {"q": "dai loc"}).json()["results"]
    assert [row["title"] for row in rows] == ["Ngày hội khởi nghiệp Đại Lộc"]
    assert rows[0]["label"].startswith("Ngày hội khởi nghiệp Đại Lộc – ")


def test_the_study_tour_source_follows_the_reports_own_permission(client, events_index, two_events):
    from tests.factories.events import study_tour_kind

    make_event(events_index, title="Khảo sát mô hình Đà Nẵng", kind=study_tour_kind())
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(SUGGEST_URL.format("missing-report-tours"), {"q": "khao"}).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_studytourreport"))
    staff = type(staff).objects.get(pk=staff.pk)  # forget the cached permissions
    client.force_login(staff)
    assert suggested(client, "missing-report-tours", "khao") == ["Khảo sát mô hình Đà Nẵng"]
    assert suggested(client, "missing-report-tours", "dai loc") == []  # not a study tour
    assert EventPage.objects.count() == 3


def test_the_board_filters_nominations_by_an_agency_and_a_sector_typed_by_name(client, board):
    from tests.factories.training import NominationFactory
    from training.models import Nomination

    so = AgencyFactory(name="Sở Khoa học và Công nghệ")
    from django.utils import timezone

    now = timezone.now()
    first = NominationFactory(agency=so, full_name="Hồ Quang Bửu", status="submitted", submitted_at=now)
    second = NominationFactory(full_name="Phạm Thị Khác", status="submitted", submitted_at=now)
    first.sectors.add("du lịch số", "nông nghiệp")
    second.sectors.add("nông nghiệp")
    url = "/admin/snippets/training/nomination/"

    by_agency = client.get(url, {"agency": "so khoa hoc va cong nghe"}).content.decode()
    by_sector = client.get(url, {"sector": "Du lịch số"}).content.decode()
    both = client.get(url, {"sector": "nong nghiep", "agency": so.pk}).content.decode()

    assert "Hồ Quang Bửu" in by_agency and "Phạm Thị Khác" not in by_agency
    assert "Hồ Quang Bửu" in by_sector and "Phạm Thị Khác" not in by_sector
    assert both.count("Hồ Quang Bửu") == by_agency.count("Hồ Quang Bửu") and "Phạm Thị Khác" not in both
    assert Nomination.objects.count() == 2
    assert suggested(client, "nomination-sectors", "nong") == ["nông nghiệp"]
    assert suggested(client, "nomination-agencies", "khoa hoc") == ["Sở Khoa học và Công nghệ"]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_an_export_with_an_ignored_filter_is_refused_back_to_the_listing(client, board, two_events, export):
    """The file cannot say a filter was ignored: it would hold every registration the page said it filtered."""
    response = client.get(REGISTRATIONS_URL, {"event": "Hội thảo không có", "status": "confirmed", "export": export})
    assert response.status_code == 302
    assert response["Location"].startswith(REGISTRATIONS_URL + "?") and "export" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Chưa xuất tệp: không tìm thấy “Hội thảo không có”" in page

    dai_loc, _ = two_events
    exported = client.get(REGISTRATIONS_URL, {"event": dai_loc.title, "export": export})
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert len(body) > 0 and exported["Content-Disposition"].startswith("attachment")


def test_a_report_export_with_an_ignored_filter_is_refused(client, board, two_events):
    url = "/admin/reports/bao-cao-chuyen-di/"
    response = client.get(url, {"agency": "Cơ quan không có", "export": "csv"})
    assert response.status_code == 302 and "export" not in response["Location"]
    assert client.get(url, {"export": "csv"}).status_code == 200
