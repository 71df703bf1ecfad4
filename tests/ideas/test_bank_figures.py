"""The idea bank and the mentor network in figures (issue 17 item 4): the known figures reports are pre-filled with
(period boundaries to the second, per reporter), the tables of the Board's reports (Vietnamese order, totals), and
the home page's section: entries by sector and by district linking to the filtered showcase, mentors and the
year's sessions, in the same queries at 10 and 1,000 entries, escaped, and fresh on 1 January without any write."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import figures
from ideas.home import latest_ideas
from ideas.mentoring import figures as mentoring_figures
from ideas.mentoring import services as mentoring
from ideas.models import Entry
from tests.factories.clubs import make_club
from tests.factories.ideas import bulk_entries, make_entry, sector
from tests.factories.mentoring import bulk_mentors, make_mentor
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, UserFactory, board_user

pytestmark = pytest.mark.django_db

START, END = date(2026, 10, 1), date(2026, 12, 31)
HOSTILE = '=HYPERLINK("http://x","Bấm") <b>Nông&amp;nghiệp</b>'


@pytest.fixture
def units():
    return {
        "dai_loc": AdministrativeUnitFactory(name="Huyện Đại Lộc", slug="dai-loc"),
        "duy_xuyen": AdministrativeUnitFactory(name="Huyện Duy Xuyên", slug="duy-xuyen"),
        "tay_giang": AdministrativeUnitFactory(name="Huyện Tây Giang", slug="tay-giang"),
    }


def district_committee(unit):
    return AgencyFactory(name=f"UBND {unit.name}", unit=unit)


# Known figures ----------------------------------------------------------------------------------------------------


def test_an_entry_published_at_the_periods_last_second_counts_and_the_next_second_does_not(clock, units):
    unit = units["dai_loc"]
    for moment in ("30/09/2026 23:59:59", "01/10/2026 00:00:00", "31/12/2026 23:59:59", "01/01/2027 00:00:00"):
        clock.at(moment)
        make_entry(district=unit)

    assert figures.published(agency=district_committee(unit), start=START, end=END) == 2


def test_each_reporter_counts_its_own_entries_and_a_province_agency_none(site_tree, units):
    directory, _ = site_tree
    club = make_club(directory, unit=units["dai_loc"])
    make_entry(district=units["dai_loc"], club=club)
    make_entry(district=units["dai_loc"])
    make_entry(district=units["duy_xuyen"], club=club)
    make_entry(district=units["duy_xuyen"], publish=False)  # waiting for moderation
    withdrawn = make_entry(district=units["duy_xuyen"])
    Entry.objects.filter(pk=withdrawn.pk).update(consent=False)  # off the showcase, off the figures
    today = date.today()
    period = {"start": date(today.year - 1, 1, 1), "end": date(today.year + 1, 12, 31)}

    assert figures.published(agency=district_committee(units["dai_loc"]), **period) == 2
    assert figures.published(agency=district_committee(units["duy_xuyen"]), **period) == 1
    assert figures.published(agency=district_committee(units["tay_giang"]), **period) == 0
    assert figures.published(club=club, **period) == 2
    assert figures.published(agency=AgencyFactory(name="Sở Khoa học và Công nghệ"), **period) is None


def test_mentors_admitted_count_by_the_day_of_admission_and_the_district_they_serve(clock, units):
    board = board_user()
    served = units["dai_loc"]
    clock.at("30/09/2026 23:59:59")
    make_mentor(districts=[served])
    clock.at("01/10/2026 00:00")
    leaving = make_mentor(districts=[served, units["duy_xuyen"]])
    clock.at("31/12/2026 23:59:59")
    make_mentor(districts=[served])
    declined = make_mentor(admit=False, districts=[served])
    mentoring.decline_profile(board, declined, "Chưa đủ kinh nghiệm")
    make_mentor(districts=[units["duy_xuyen"]])
    clock.at("01/01/2027 00:00")
    make_mentor(districts=[served])
    mentoring.leave(leaving.user, leaving)  # admitted in the period: it still counts

    assert mentoring_figures.mentors_admitted(agency=district_committee(served), start=START, end=END) == 2
    assert mentoring_figures.mentors_admitted(
        agency=district_committee(units["duy_xuyen"]), start=START, end=END
    ) == 2
    assert mentoring_figures.mentors_admitted(club=object(), start=START, end=END) is None
    assert mentoring_figures.mentors_admitted(agency=AgencyFactory(), start=START, end=END) is None


def test_the_figures_are_known_to_the_reports():
    from reporting.figures import KNOWN_FIGURES

    assert KNOWN_FIGURES["ideas_published"][1] == "ideas.figures.published"
    assert KNOWN_FIGURES["mentors_admitted"][1] == "ideas.mentoring.figures.mentors_admitted"


# Tables of the Board's reports ------------------------------------------------------------------------------------


def test_the_bank_tables_by_sector_and_district_in_vietnamese_order(clock, units):
    organic, tourism = sector("nong-nghiep-huu-co", "Nông nghiệp hữu cơ"), sector("du-lich", "Du lịch cộng đồng")
    hostile = sector("nguy-hiem", HOSTILE)
    clock.at("15/09/2026 09:00")
    make_entry(sector=organic, district=units["dai_loc"])
    clock.at("15/11/2026 09:00")
    make_entry(sector=organic, district=units["duy_xuyen"])
    make_entry(sector=tourism, district=units["dai_loc"])
    make_entry(sector=hostile, district=units["dai_loc"])
    clock.at("02/01/2027 09:00")
    make_entry(sector=tourism, district=units["tay_giang"])  # after the period: in neither column

    by_sector, by_district = figures.bank_tables(START, END)

    assert by_sector.rows == [[HOSTILE, 1, 1], ["Du lịch cộng đồng", 1, 1], ["Nông nghiệp hữu cơ", 1, 2]]
    assert by_sector.total[1:] == [3, 4]
    # Đ is a letter of its own after D: Duy Xuyên before Đại Lộc.
    assert by_district.rows == [["Huyện Duy Xuyên", 1, 1], ["Huyện Đại Lộc", 2, 3]]
    assert by_district.total[1:] == [3, 4]


def test_the_mentoring_table_counts_the_periods_activity(clock, site_tree, units):
    clock.at("01/10/2026 08:00")
    owner = UserFactory()
    entry = make_entry(owner, district=units["dai_loc"])
    mentor = make_mentor(districts=[units["dai_loc"]])
    request = mentoring.accept(mentor.user, mentoring.request_mentoring(owner, mentor, "Xin góp ý", entry=entry))
    clock.at("31/12/2026 20:00")
    mentoring.log_session(owner, request, date(2026, 10, 1), "Mô hình kinh doanh", "Đã sửa")
    mentoring.log_session(owner, request, date(2026, 12, 31), "Gọi vốn", "Đã sửa")
    clock.at("01/01/2027 08:00")
    mentoring.log_session(owner, request, date(2027, 1, 1), "Sau kỳ", "x")

    (table,) = mentoring_figures.activity_tables(START, END)

    assert [row[1] for row in table.rows] == [1, 1, 1, 2, 1]


# The home page ----------------------------------------------------------------------------------------------------


@pytest.fixture
def bank(site_tree, units, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SECTION_CACHE_SECONDS = 0
    organic = sector("nong-nghiep-huu-co", "Nông nghiệp hữu cơ")
    hostile = sector("nguy-hiem", HOSTILE)
    make_entry(title="Rau hữu cơ Đại Lộc", sector=organic, district=units["dai_loc"])
    make_entry(title="Phân vi sinh", sector=hostile, district=units["duy_xuyen"])
    make_entry(title="Chưa duyệt", sector=organic, district=units["tay_giang"], publish=False)
    return {"organic": organic, "hostile": hostile, **units}


def test_the_home_page_shows_the_bank_by_sector_and_district_linking_to_the_filtered_showcase(client, bank):
    owner = UserFactory()
    entry = make_entry(owner, sector=bank["organic"], district=bank["dai_loc"])
    mentor = make_mentor()
    make_mentor(consent=False)  # not listed
    request = mentoring.accept(mentor.user, mentoring.request_mentoring(owner, mentor, "Xin góp ý", entry=entry))
    mentoring.log_session(owner, request, date.today(), "Thị trường", "Tốt")

    page = client.get("/").content.decode()

    assert 'href="/y-tuong/?sector=nong-nghiep-huu-co">Nông nghiệp hữu cơ: <strong>2</strong>' in page
    assert 'href="/y-tuong/?district=duy-xuyen">Huyện Duy Xuyên: <strong>1</strong>' in page
    assert page.index("Huyện Duy Xuyên: <strong>") < page.index("Huyện Đại Lộc: <strong>2</strong>")
    assert "tay-giang" not in page  # its only entry waits for moderation
    assert "<b>Nông" not in page and "&lt;b&gt;Nông&amp;amp;nghiệp&lt;/b&gt;" in page
    assert "<strong>1</strong>chuyên gia, cố vấn trong mạng lưới" in page
    assert f"<strong>1</strong>buổi cố vấn năm {date.today().year}" in page
    filtered = client.get("/y-tuong/?district=duy-xuyen")
    assert [e.title for e in filtered.context["entries"]] == ["Phân vi sinh"]


def test_the_section_costs_the_same_queries_at_10_and_1000_entries(bank, units):
    bulk_entries(8, sector_=bank["organic"], district=units["dai_loc"])
    bulk_mentors(5, bank["organic"], units["dai_loc"])
    with CaptureQueriesContext(connection) as small:
        latest_ideas(None)
    bulk_entries(990, sector_=sector("du-lich", "Du lịch"), district=AdministrativeUnitFactory())
    bulk_mentors(300, bank["organic"], units["duy_xuyen"])
    with CaptureQueriesContext(connection) as large:
        context = latest_ideas(None)

    assert len(small) == len(large) == 3
    assert context["idea_total"] == 1000 and sum(row["count"] for row in context["idea_sectors"]) == 1000
    assert context["mentor_total"] == 305


def test_the_years_sessions_turn_over_on_1_january_without_any_write(client, bank, clock, settings):
    settings.SECTION_CACHE_SECONDS = 300
    clock.at("31/12/2026 10:00")
    owner = UserFactory()
    entry = make_entry(owner, sector=bank["organic"], district=bank["dai_loc"])
    mentor = make_mentor()
    request = mentoring.accept(mentor.user, mentoring.request_mentoring(owner, mentor, "Xin góp ý", entry=entry))
    mentoring.log_session(owner, request, date(2026, 12, 31), "Thị trường", "Tốt")
    clock.at("31/12/2026 23:59:59")
    client.get("/")
    assert "<strong>1</strong>buổi cố vấn năm 2026" in client.get("/").content.decode()

    clock.at("01/01/2027 00:00")

    assert "<strong>0</strong>buổi cố vấn năm 2027" in client.get("/").content.decode()


def test_the_open_competitions_are_counted_until_the_deadline_minute_is_over_without_any_write(
    client, bank, clock, settings
):
    from tests.clock import local_datetime
    from tests.factories.competitions import make_competition

    settings.SECTION_CACHE_SECONDS = 300
    clock.at("10/11/2026 09:00")
    make_competition(closes_at=local_datetime("10/11/2026 16:17"))
    make_competition(title="Chưa công bố", is_published=False)
    make_competition(
        title="Sắp mở", opens_at=local_datetime("10/11/2026 16:30"), closes_at=local_datetime("20/11/2026 17:00")
    )
    clock.at("10/11/2026 16:17:59")
    assert "<strong>1</strong>cuộc thi, giải thưởng đang nhận hồ sơ" in client.get("/").content.decode()

    clock.at("10/11/2026 16:18:00")  # the deadline's minute is over: the cached section is stale
    assert "<strong>0</strong>cuộc thi, giải thưởng đang nhận hồ sơ" in client.get("/").content.decode()

    clock.at("10/11/2026 16:30:00")
    assert "<strong>1</strong>cuộc thi, giải thưởng đang nhận hồ sơ" in client.get("/").content.decode()


def test_the_competitions_table_counts_the_periods_entries_releases_and_winners(clock, bank):
    from ideas.competitions import figures as competition_figures
    from ideas.competitions.models import CompetitionEntry
    from tests.clock import local_datetime
    from tests.factories.competitions import apply, make_competition

    clock.at("01/10/2026 08:00")
    competition = make_competition(
        title="Giải <b>thưởng</b> & sáng tạo", organiser=bank["dai_loc"], opens_at=local_datetime("01/10/2026 07:00")
    )
    idea = make_entry(UserFactory())
    apply(idea.owner, competition, idea)
    # released at the period's last second: it counts in this period, not in the next
    CompetitionEntry.objects.filter(competition=competition).update(status="awarded", award="first")
    type(competition).objects.filter(pk=competition.pk).update(released_at=local_datetime("31/12/2026 23:59:59"))

    summary, results = competition_figures.activity_tables(date(2026, 10, 1), date(2026, 12, 31))
    assert [row[1] for row in summary.rows] == [1, 1, 1, 1]
    assert results.rows == [["Giải <b>thưởng</b> & sáng tạo", bank["dai_loc"].name, 1, 1, 0, 0, 0]]
    (summary,) = competition_figures.activity_tables(date(2027, 1, 1), date(2027, 3, 31))
    assert [row[1] for row in summary.rows] == [0, 0, 0, 0]
