"""Decomposed Vietnamese (NFD, as some keyboards and PDFs give it) and spreadsheet formulas typed into issue 17's
forms (an idea, a mentor's profile, a mentoring request, a competition entry) come out right in every output they
reach: saved NFC, the HTML pages, the JSON API, the admin's CSV/XLSX exports (formulas shown as text), the e-mails
(one-line subjects) and the award certificate's PDF. Through the real forms, as people type."""

import csv
import html
import io
import unicodedata

import openpyxl
import pypdf
import pytest
from django.core import mail

from ideas import services as idea_services
from ideas.competitions import services as competition_services
from ideas.competitions.certificates import for_entries
from ideas.competitions.enums import Award
from ideas.competitions.models import CompetitionEntry
from ideas.mentoring import services as mentoring_services
from ideas.mentoring.models import MentoringRequest, MentorProfile
from ideas.models import Entry
from tests.clock import local_datetime
from tests.factories.competitions import make_competition
from tests.factories.ideas import make_entry, sector
from tests.factories.portal import UserFactory, board_user
from training.certificates import services as certificates

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hồng"
NFD = unicodedata.normalize("NFD", NAME)
FORMULAS = ['=HYPERLINK("http://evil.example","Bấm")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)"]


def nfd(text):
    return unicodedata.normalize("NFD", text)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def export_cells(client, url):
    """Every text cell of a listing's CSV and XLSX exports: {format: [cells]}."""
    found = {}
    for export in ("csv", "xlsx"):
        response = client.get(f"{url}?export={export}")
        assert response.status_code == 200, export
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if export == "csv":
            found[export] = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            found[export] = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    return found


def assert_shown_as_text(cells, typed):
    """The exports show `typed` (NFC) as text: a leading quote where it would start a formula, nowhere bare."""
    for export, values in cells.items():
        expected = "'" + nfc(typed) if typed.startswith(("=", "+", "-", "@")) else nfc(typed)
        assert expected in values, (export, typed, values)
        assert not any(value.startswith(("=", "+", "-", "@")) for value in values), export


def assert_one_nfc_line(subject):
    assert "\n" not in subject and "\r" not in subject and unicodedata.is_normalized("NFC", subject), subject


@pytest.fixture
def world(site_tree, public_site):
    club = public_site["club"]
    return {"club": club, "unit": club.unit, "sector": sector(), "board": board_user(email="ban@example.vn"),
            "owner": UserFactory(email="chu@example.vn", last_name=nfd("Trần"), first_name=nfd("Thị Hồng Nhung"))}


def entry_form(world, title, **fields):
    return {
        "title": title, "summary": f"{NFD}\n{FORMULAS[3]}", "sector": str(world["sector"].pk), "stage": "idea",
        "district": str(world["unit"].pk), "team": NFD, "show_team": "on", "contact_name": NFD,
        "contact_email": "lienhe@example.vn", "show_contact": "on", "consent": "on", **fields,
    }


@pytest.mark.parametrize("formula", FORMULAS)
def test_an_idea_typed_decomposed_and_formula_like_comes_out_right_everywhere(client, world, committed, formula):
    title = f"{formula} {NFD}"
    client.force_login(world["owner"])
    with committed():
        response = client.post("/y-tuong/gui/", entry_form(world, title))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(owner=world["owner"])
    assert (entry.title, entry.team, entry.contact_name) == (nfc(title), NAME, NAME)
    assert entry.summary == f"{NAME}\n{FORMULAS[3]}"

    [waiting] = mail.outbox
    assert waiting.subject == f"[Ngân hàng ý tưởng] Chờ duyệt: {nfc(title)}"
    assert nfc(title) in waiting.body and unicodedata.is_normalized("NFC", waiting.body)
    mail.outbox.clear()
    with committed():
        idea_services.publish(world["board"], entry)
    [published] = mail.outbox
    assert_one_nfc_line(published.subject)
    assert published.subject.endswith(nfc(title))

    page = client.get(f"/y-tuong/{entry.pk}/").content.decode()
    assert nfc(title) in html.unescape(page) and NFD not in page
    detail = client.get(f"/api/y-tuong/entries/{entry.pk}").json()
    assert detail["title"] == nfc(title)  # JSON is data: shown as typed, no quote added
    assert detail["summary"] == f"{NAME}\n{FORMULAS[3]}"
    found = client.get("/api/y-tuong/entries", {"q": nfd("Hồng")}).json()
    assert entry.pk in [item["id"] for item in found["results"]]

    client.force_login(world["board"])
    assert_shown_as_text(export_cells(client, "/admin/ideas/entries/"), title)


def test_a_mentor_profile_and_request_typed_decomposed_and_formula_like_come_out_right(client, world, committed):
    user = UserFactory(email="covan@example.vn")
    client.force_login(user)
    response = client.post("/y-tuong/chuyen-gia/dang-ky/", {
        "display_name": NFD, "kind": "adviser", "headline": FORMULAS[0], "expertise": f"{FORMULAS[1]}\n{NFD}",
        "sectors": [str(world["sector"].pk)], "districts": [str(world["unit"].pk)], "availability": FORMULAS[2],
        "consent": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = MentorProfile.objects.get(user=user)
    assert (profile.display_name, profile.headline, profile.availability) == (NAME, nfc(FORMULAS[0]), FORMULAS[2])
    mentoring_services.admit(world["board"], profile)
    page = html.unescape(client.get(f"/y-tuong/chuyen-gia/{profile.pk}/").content.decode())
    assert NAME in page and nfc(FORMULAS[0]) in page and NFD not in page
    network = html.unescape(client.get("/y-tuong/chuyen-gia/", {"q": nfd("Hồng")}).content.decode())
    assert NAME in network

    asker = world["owner"]
    entry = make_entry(asker, title="Rau hữu cơ Trà Quế")
    client.force_login(asker)
    mail.outbox.clear()
    with committed():
        response = client.post(f"/y-tuong/chuyen-gia/{profile.pk}/de-nghi/", {
            "entry": str(entry.pk), "message": f"{FORMULAS[0]}\r\nBcc: x@example.vn\r\n{NFD}",
        })
    assert response.status_code == 302, response.content.decode()[:2000]
    request = MentoringRequest.objects.get(mentor=profile)
    assert request.message == f"{nfc(FORMULAS[0])}\nBcc: x@example.vn\n{NAME}"
    [notice] = mail.outbox
    assert notice.to == ["covan@example.vn"] and notice.bcc == []
    assert_one_nfc_line(notice.subject)
    assert f"{NAME}" in notice.body and nfc(FORMULAS[0]) in notice.body and NFD not in notice.body

    client.force_login(world["board"])
    assert_shown_as_text(export_cells(client, "/admin/ideas/mentors/"), FORMULAS[0])  # the headline
    assert_shown_as_text(export_cells(client, "/admin/ideas/mentors/"), FORMULAS[2])  # the availability


def test_a_competition_typed_decomposed_and_formula_like_comes_out_right(client, world, committed, clock):
    clock.at("2026-12-01 08:00")
    title = f"{FORMULAS[0]} Giải thưởng {NFD}\r\nBcc: x@example.vn"
    competition = make_competition(
        title=title, opens_at=local_datetime("2026-11-01 08:00"), closes_at=local_datetime("2026-12-17 16:16"),
    )
    competition.refresh_from_db()
    assert competition.title == nfc(title.replace("\r\n", " "))  # one line, as saved by the admin form too
    owner = world["owner"]
    idea = make_entry(owner, title=f"{FORMULAS[1]} {NFD}")
    client.force_login(owner)
    response = client.post(f"/y-tuong/cuoc-thi/{competition.pk}/dang-ky/", {
        "idea": str(idea.pk), "category": str(competition.categories.first().pk), "statement": f"{NFD}\n{FORMULAS[2]}",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CompetitionEntry.objects.get(competition=competition)
    assert entry.statement == f"{NAME}\n{FORMULAS[2]}"

    page = html.unescape(client.get(f"/y-tuong/cuoc-thi/{competition.pk}/").content.decode())
    assert competition.title in page and NFD not in page

    clock.at("2026-12-18 08:00")
    competition_services.prepare_award(world["board"], entry, Award.FIRST, reason=NFD)
    mail.outbox.clear()
    with committed():
        competition_services.release_awards(world["board"], competition)
    [result] = mail.outbox
    assert_one_nfc_line(result.subject)
    assert result.subject.startswith("[Cuộc thi, giải thưởng] Công bố kết quả: =HYPERLINK")
    assert result.to == ["chu@example.vn"] and result.bcc == []  # the "Bcc:" line stayed text in the title
    assert nfc(f"{FORMULAS[1]} {NFD}") in result.body and NAME in result.body and NFD not in result.body

    certificate = for_entries([entry])[entry.pk]
    body, _filename = certificates.certificate_pdf(certificate)
    text = " ".join(nfc(pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text()).split())  # lines wrap
    assert "Trần Thị Hồng Nhung" in text and nfc(f"Giải nhất – {competition.title}") in text
    assert nfc(f"{FORMULAS[1]} {NFD}") in text  # the idea's title, as typed

    client.force_login(world["board"])
    cells = export_cells(client, "/admin/ideas/competitions/")
    for export, values in cells.items():
        assert "'" + competition.title in values, export


def test_the_length_limits_count_the_text_as_saved_not_as_decomposed(client, world):
    """A title within 200 characters once composed (as it is saved) is accepted when typed decomposed, where it is
    longer: the limit is on what is stored."""
    title = ("Nguyễn Thị Hồng " * 12).strip()  # 191 characters NFC, far more NFD
    assert len(title) <= 200 < len(nfd(title))
    client.force_login(world["owner"])
    response = client.post("/y-tuong/gui/", entry_form(world, nfd(title)))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Entry.objects.get(owner=world["owner"]).title == title
