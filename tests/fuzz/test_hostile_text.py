"""Hostile text through every model text field into every output that shows it (issue 12, item 1).

Two properties, with fields found by introspection (portal.inputs.text.cleaned_models), so a new text field is
covered without editing this file:
1. **Saved**: for every CharField/TextField/RichTextField/JSONField of our models, what a save stores is NFC, has no
   control character, and a single-line field has no line break; the Vietnamese in it survives.
2. **Written**: the rows the outputs read get hostile text *without* the save-time cleaning (QuerySet.update(): a
   row saved before the rule, or by code that sends no signal), and every output still parses, carries no control
   character and shows the Vietnamese intact: the one-event .ics, the public, per-kind, per-club and personal
   feeds, the network and club RSS, the registration e-mail (subject, body, .ics), the registrations' CSV and
   XLSX exports, the personal-data JSON and the certificate PDF (from a snapshot); the event and news pages
   once saved (HTML autoescapes; a legacy row's control character is removed by `manage.py clean_text`).
   Every model with text fields is either driven here (OUTPUT_MODELS) or named in NOT_DRIVEN with the reason:
   a new model fails `test_every_model_with_text_is_mapped_to_its_outputs` until it is placed.

Runs on SQLite and on PostgreSQL (DATABASE_URL); PostgreSQL refuses NUL in text, so the raw rows there carry
every hostile character but NUL (the saved path still gets NUL and must drop it).
"""

import csv
import email
import email.header
import io
import json
import re
import unicodedata

import defusedxml.ElementTree as ElementTree
import openpyxl
import pypdf
import pytest
from django.db import connection, models
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from portal.inputs import text

pytestmark = pytest.mark.django_db

MARK = "Nguyễn Thị Ánh"
PIECES = [
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\r\n", "\r", "\n", "\t",
    "\u2028", "\u2029", "\u200f", "\u202e", "\ufeff", "<script>alert(1)</script>", "&amp;", "]]>", '"', "'",
    "=SUM(A1)", "+1", "-1", "@x", unicodedata.normalize("NFD", "Hồ Quang Bửu"), "ل", "x" * 300, " ", ";", ",", "\\",
]
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join)
# Control characters an output may never carry (LF, CR and TAB are judged per format).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def with_mark(noise, max_length=None):
    """`noise`, the Vietnamese mark (decomposed, NFD), `noise` again: within `max_length`, noise is shortened."""
    mark = unicodedata.normalize("NFD", MARK)
    if max_length:
        noise = noise[: max(0, (max_length - len(mark)) // 2)]
    return f"{noise}{mark}{noise}"


def assert_clean(output, where):
    assert not FORBIDDEN.search(output), (where, FORBIDDEN.search(output).group())
    assert MARK in unicodedata.normalize("NFC", output), where


# --- 1. saved --------------------------------------------------------------------------------------------------


def text_fields():
    for model in text.cleaned_models():
        for field in model._meta.concrete_fields:
            if (cleaner := text.cleaner_for(field)) is not None and cleaner is not text._clean_stream:
                yield model, field


@settings(max_examples=15)
@given(noise=hostile)
def test_every_text_field_is_stored_clean(noise):
    value = with_mark(noise)
    for model, field in text_fields():
        instance = model()
        setattr(instance, field.attname, {"a": [value]} if isinstance(field, models.JSONField) else value)
        text.clean_instance(instance)
        stored = getattr(instance, field.attname)
        stored = json.dumps(stored, ensure_ascii=False) if isinstance(field, models.JSONField) else stored
        where = f"{model._meta.label}.{field.name}"
        assert_clean(stored, where)
        assert "\r" not in stored and unicodedata.is_normalized("NFC", stored), where
        if isinstance(field, models.CharField):
            assert "\n" not in stored and "\t" not in stored and stored == stored.strip(), where


def test_nul_is_dropped_before_the_database_sees_it(home):
    """On PostgreSQL a NUL in text is a DataError (a 500) unless the save drops it."""
    from events import services
    from tests.factories.events import event_index, make_event, registration_data

    event = make_event(event_index(home), title=f"Hội\x00 thảo {MARK}\r\n")
    registration = services.register(event, **registration_data(full_name=f"\x00{MARK}\x00", organisation="\x00"))

    event.refresh_from_db()
    registration.refresh_from_db()
    assert (event.title, registration.full_name, registration.organisation) == (f"Hội thảo {MARK}", MARK, "")


# --- 2. written ------------------------------------------------------------------------------------------------

# Every model with text fields: driven into its outputs below, or why not.
OUTPUT_MODELS = {
    "events.EventPage": ".ics, every feed, e-mail, event page",
    "events.EventKind": "feeds' CATEGORIES and kind feed name",
    "events.Registration": "e-mail, CSV/XLSX export, personal-data JSON",
    "clubs.ClubPage": "club feed name, organiser line of the .ics, club RSS",
    "clubs.NewsPage": "RSS items, news page",
    "training.Certificate": "certificate PDF (its snapshot)",
}
NOT_DRIVEN = {
    "training.CohortStateChange": "the reason of a close/reopen: admin HTML only (autoescaped); cleaned on save",
    "training.ExpiryReminder": "no free text people type (dates and links); the reminder e-mail is built by renewals",
    "training.RenewalRequest": "the trainer's note, the Board's reason: HTML (autoescaped), the personal-data JSON",
    "portal.HomePage": "page HTML only (autoescaped); cleaned on save",
    "portal.StandardPage": "page HTML only (autoescaped); cleaned on save",
    "portal.ErasureRecord": "admin HTML only; the reference is typed by the Board",
    "portal.SentMail": "no text people type: a digest, a fixed purpose and ids (the send ledger; shown nowhere)",
    "portal.TaskWorker": "no text people type: a worker's id and host name (the task heartbeat; shown nowhere)",
    "portal.TaskRecovery": "no text people type: task ids and paths (stuck-task recovery; log lines only)",
    "ideas.TeamMember": "no text people type (a state); the member's name and the idea's title show through the "
    "team pages (HTML, autoescaped) and the invitation e-mail: tests/ideas/test_team_members.py",
    "portal.AdministrativeUnit": "reference data: names in HTML and the yearly report (PDF/XLSX via reports.*)",
    "portal.AgencyKind": "reference data, HTML only",
    "portal.Agency": "HTML, nominations export (neutralise), e-mail bodies (plain text)",
    "portal.PortalSettings": "footer HTML; certificate board name (PDF snapshot, driven through Certificate)",
    "portal.User": "names in HTML and the personal-data JSON (driven through Registration's JSON)",
    "clubs.ClubKind": "HTML only",
    "clubs.ClubLeader": "club page HTML",
    "clubs.ClubIndexPage": "page HTML only",
    "clubs.NewsIndexPage": "page HTML only",
    "clubs.ClubTag": "no text of its own",
    "clubs.NewsTag": "no text of its own",
    "taggit.Tag": "RSS categories (CleanRss201rev2Feed cleans every category)",
    "wagtailimages.Image": "admin HTML, alt text (autoescaped)",
    "wagtaildocs.Document": "admin HTML (autoescaped)",
    "training.CertificateSettings": "certificate PDF snapshot (driven through Certificate)",
    "training.CertificateTemplate": "its name: admin HTML; its free-text boxes: frozen into each certificate's "
    "snapshot and drawn as plain text objects by training.certificates.layout (no markup read; markup in a name "
    "is shown as typed: tests/training/certificates/test_designer.py)",
    "training.SerialCounter": "serial prefix from the course format",
    "training.CertificateBundle": "the Board's progress page",
    "training.Course": "HTML; course title in the certificate snapshot (driven through Certificate)",
    "training.Cohort": "HTML; cohort sessions' feed entries are built by the same ical.build_calendar",
    "training.Session": "personal feed entries via ical.build_calendar (every property cleaned)",
    "training.Enrolment": "no free text people type (outcome_reason: fixed phrases and counts, set by close_cohort)",
    "training.Attendance": "no free text",
    "training.TrainerSector": "no free text",
    "training.TrainerProfile": "public register HTML",
    "training.PracticumDelivery": "HTML only",
    "training.DispatchDocument": "HTML only",
    "training.NominationSector": "no free text",
    "training.Nomination": "agency/Board HTML, CSV/XLSX export (portal.security.spreadsheets.neutralise)",
    "training.NominationStatusChange": "HTML only",
    "training.DuplicateAlert": "Board e-mail (subject folded) and HTML",
    "training.Review": "HTML only",
    "training.CriterionScore": "no free text",
    "training.NominationRound": "HTML, e-mail subjects (folded)",
    "training.RoundCriterion": "HTML only",
    "training.AgencyQuota": "no free text",
    "training.BoardDecision": "HTML, decision e-mail body",
    "training.ReminderLog": "no free text",
    "training.ProgrammePage": "page HTML only",
    "events.CalendarToken": "a secret (kept as it is)",
    "events.ClubFollow": "no free text",
    "events.EventTag": "no free text",
    "events.EventIndexPage": "page HTML only",
    "events.EventItineraryDay": "event page HTML",
    "events.Delegate": "admin HTML, export (Wagtail's, neutralised)",
    "events.StudyTourReport": "admin HTML, export (Wagtail's, neutralised)",
    "reporting.ReportingPeriod": "HTML, e-mail subjects (folded); the documents: tests/reporting/test_compile.py",
    "reporting.Indicator": "HTML; the compiled XLSX/DOCX/PDF: tests/reporting/test_compile.py, test_documents.py",
    "reporting.PeriodExtension": "no free text",
    "reporting.Report": "HTML; the return reason in a plain-text e-mail body",
    "reporting.ReportValue": "HTML; hostile narratives through the compiled XLSX, DOCX, PDF: test_compile.py",
    "reporting.ReportStateChange": "Board HTML only",
    "reporting.ReportReminder": "no free text (a reporter key)",
    "ideas.Sector": "reference data: HTML, the API's JSON (hostile raw rows: tests/ideas/test_api.py); the Board's "
    "compiled and yearly reports' HTML/XLSX/DOCX/PDF (saved and raw rows: tests/reporting/test_activity.py)",
    "ideas.Entry": "showcase and entry HTML, API and export JSON (hostile raw rows: tests/ideas/test_api.py), "
    "admin CSV/XLSX (Wagtail's, neutralised); NFD and formulas through the form into each, with the e-mails: "
    "tests/fuzz/test_idea_outputs.py",
    "ideas.EntryVersion": "admin HTML only (autoescaped); its JSON snapshot cleaned on save",
    "ideas.MentorProfile": "the network's list and the personal area (HTML, autoescaped), the personal-data JSON; "
    "hostile input through its form: tests/fuzz/test_mentor_forms.py; NFD and formulas into its page and the "
    "admin export: tests/fuzz/test_idea_outputs.py",
    "ideas.MentoringRequest": "personal-area HTML; plain-text e-mail bodies (the subjects are fixed phrases); NFD, "
    "formulas and a header injection through the form: tests/fuzz/test_idea_outputs.py",
    "ideas.MentoringSession": "personal-area HTML only (autoescaped)",
    "ideas.Competition": "the public list and page (HTML, autoescaped, linebreaks); the award certificate's title "
    "(PDF snapshot, driven through Certificate); hostile form input: tests/ideas/test_competition_views.py; the "
    "signatory's name and title: the award certificate's PDF from its snapshot, tests/ideas/"
    "test_competition_certificates.py; NFD and formulas into the result e-mail, the award PDF and the export: "
    "tests/fuzz/test_idea_outputs.py",
    "ideas.Category": "competition page HTML, admin HTML; the award certificate's extra line (through Certificate)",
    "ideas.CompetitionCriterion": "competition page and score form HTML (autoescaped)",
    "ideas.CompetitionEntry": "the statement and award notes: personal-area, scoring and winners HTML (autoescaped); "
    "markup refused by the forms (tests/ideas/test_competition_views.py)",
    "ideas.CompetitionReview": "the reviewer's comment: score form and admin HTML only (markup refused by the form)",
    "ideas.CompetitionScore": "numbers only (its inherited __str__ shows the criterion): admin HTML",
    "ideas.CompetitionChange": "the withdrawal reason and award notes: admin HTML only (autoescaped)",
    "ideas.CompetitionRecusal": "the reviewer's reason: the competition's admin inspect HTML only (autoescaped; markup "
    "refused by the form, tests/ideas/test_competition_recusal.py)",
    "training.Recusal": "the reviewer's reason: the nomination's admin inspect HTML only (autoescaped; markup refused "
    "by the form, tests/training/nominations/test_recusal.py)",
}


def test_every_model_with_text_is_mapped_to_its_outputs():
    labels = {model._meta.label for model in text.cleaned_models()}
    unmapped = labels - set(OUTPUT_MODELS) - set(NOT_DRIVEN)
    assert not unmapped, f"map these models' text to the outputs that show it: {sorted(unmapped)}"


def raw(value):
    return value.replace("\x00", "") if connection.vendor == "postgresql" else value


def raw_update(instance, noise):
    """Every cleaned text field of `instance`'s row set to hostile text, bypassing the save-time cleaning."""
    changes = {}
    for field in type(instance)._meta.concrete_fields:
        if field.model is not type(instance) and not field.name.startswith(("title", "seo_title", "search_desc")):
            continue
        cleaner = text.cleaner_for(field)
        if cleaner in (text.clean_line, text.clean_text, text.clean_markup) and not isinstance(
            field, models.EmailField | models.URLField | models.SlugField
        ):
            changes[field.name] = with_mark(raw(noise), field.max_length)
    changes.pop("draft_title", None)
    type(instance).objects.filter(pk=instance.pk).update(**changes)


@pytest.fixture
def world(site_tree, home, client):
    from django.core.cache import cache

    from events import services
    from events.feeds import clear_local_feeds
    from tests.factories.clubs import make_club, make_news
    from tests.factories.events import event_index, event_kind, make_event, registration_data
    from tests.factories.portal import PASSWORD, UserFactory, board_user

    directory, news_index = site_tree
    club = make_club(directory)
    news = make_news(club, intro="Giới thiệu")
    kind = event_kind()
    event = make_event(event_index(home), kind=kind, club=club, organiser="club", capacity=100)
    user = UserFactory(email="nguoi.dung@example.vn")
    registration = services.register(event, user=user, **registration_data(email="nguoi.dung@example.vn"))
    board = board_user()
    assert client.login(username=board.username, password=PASSWORD)

    def reset():
        cache.clear()
        clear_local_feeds()

    return {"club": club, "news": news, "kind": kind, "event": event, "registration": registration, "user": user,
            "token": services.calendar_token_for(user).token, "reset": reset}


def check_calendar(body, where):
    decoded = body.decode().replace("\r\n ", "")  # unfolded
    assert_clean(decoded.replace("\r\n", ""), where)
    assert "\r" not in decoded.replace("\r\n", ""), where
    calendar = Calendar.from_ical(body)
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert summaries and all(MARK in summary and "\n" not in summary for summary in summaries), where


def check_xml(body, where):
    assert_clean(body.decode(), where)
    ElementTree.fromstring(body)


@settings(max_examples=6, phases=[Phase.explicit, Phase.generate])  # each example is ~15 requests: no shrinking
@given(noise=hostile)
def test_every_output_of_hostile_rows_parses_and_is_clean(client, world, noise):
    from events import mails
    from portal.personal_data.service import Person, export_json

    for name in ("event", "kind", "registration", "club", "news"):
        raw_update(world[name], noise)
    world["reset"]()
    event = type(world["event"]).objects.get(pk=world["event"].pk)
    club = type(world["club"]).objects.get(pk=world["club"].pk)

    for url in (f"/lich/su-kien/{event.uid}.ics", "/lich/tat-ca.ics", f"/lich/loai/{world['kind'].slug}.ics",
                f"/lich/clb/{club.pk}.ics", f"/lich/ca-nhan/{world['token']}.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        check_calendar(response.content, url)

    for url in ("/tin-tuc/rss/", f"{club.url}rss/"):
        response = client.get(url)
        assert response.status_code == 200, url
        check_xml(response.content, url)
        titles = [item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")]
        assert titles and all(MARK in title for title in titles), url

    registration = type(world["registration"]).objects.select_related("event").get(pk=world["registration"].pk)
    message = mails.compose("confirmation", registration)
    parsed = email.message_from_bytes(message.message().as_bytes())
    subject = str(email.header.make_header(email.header.decode_header(parsed["Subject"])))
    assert MARK in subject and not FORBIDDEN.search(subject) and "\n" not in subject
    [ics] = [part.get_payload(decode=True) for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    check_calendar(ics, "e-mail .ics")
    assert MARK in message.body and not FORBIDDEN.search(message.body)

    for export in ("csv", "xlsx"):
        response = client.get(f"/admin/snippets/events/registration/?export={export}")
        assert response.status_code == 200, export
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if export == "csv":
            cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert any(MARK in cell for cell in cells), export
        assert not any(FORBIDDEN.search(cell) for cell in cells), export
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells if MARK in cell), export

    body, _filename = export_json(Person.lookup(email="nguoi.dung@example.vn"))
    assert_clean(body.decode(), "personal-data JSON")
    assert MARK in json.dumps(json.loads(body), ensure_ascii=False)

    # HTML shows rows as saved (cleaned): autoescaping makes markup text; a row saved before the rule may still
    # hold a control character in HTML (browsers show U+FFFD) until `manage.py clean_text` rewrites it.
    for name in ("event", "kind", "registration", "club", "news"):
        type(world[name]).objects.get(pk=world[name].pk).save()
    world["reset"]()
    for page in (event, world["news"]):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert_clean(response.content.decode(), page.url)
        assert "<script>alert(1)</script>" not in response.content.decode(), page.url


@settings(max_examples=6)
@given(noise=hostile)
def test_certificate_pdf_of_a_hostile_snapshot_extracts_clean(noise):
    from dataclasses import fields
    from datetime import date

    from training.certificates.pdf import CertificateData, render_certificate

    value = with_mark(noise)
    data = {
        item.name: value for item in fields(CertificateData) if item.type in (str, "str") and item.name != "kind"
    }
    data.update(kind="tot", issued_on=date(2026, 12, 17), verify_url="https://example.vn/tot/xac-minh/ABC/",
                extra_lines=(value,))
    body = render_certificate(CertificateData(**data))

    extracted = unicodedata.normalize("NFC", pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text())
    assert not FORBIDDEN.search(extracted)
    assert MARK.split()[0] in extracted
