"""A competition's award certificates name whoever runs it: a district-run competition's name the district (its
unit's full name where the Board's name is) and its signatory (Competition.signatory_name/_title; blank, the
Board's certificate settings), in the PDF, the signed credential's issuer profile and the verification page; a
Board-run one is as before. Frozen at issue: editing the competition (or the unit, or the Board's settings)
afterwards changes no issued certificate. Hostile signatory text prints as text and stays on the page."""

import io
import re
import subprocess
import unicodedata
from datetime import timedelta

import pypdf
import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from ideas.competitions import services
from ideas.competitions.certificates import for_entries
from ideas.competitions.enums import Award
from ideas.competitions.models import Competition
from portal import roles
from portal.models import AdministrativeUnit, PortalSettings
from tests.factories.clubs import make_image
from tests.factories.competitions import apply, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, UserFactory, board_user
from training.certificates import credentials
from training.certificates import services as certificate_services
from training.certificates.designs import CertificateTemplate
from training.certificates.models import CertificateSettings
from training.certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH

pytestmark = pytest.mark.django_db

BOARD = "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam"
BOARD_SIGNATORY, BOARD_TITLE = "Trần Thị Thu Hà", "Trưởng Ban Điều hành"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the verification page's rate limit
    yield
    cache.clear()


@pytest.fixture
def tam_ky():
    return AdministrativeUnitFactory(name="Tam Kỳ", kind="thành phố", slug="tam-ky")


def organiser_of(unit):
    return UserFactory(groups=[roles.DISTRICT_ORGANISERS], agency=AgencyFactory(unit=unit))


def awarded(competition, actor, clock, title="Rau hữu cơ Tam Thanh"):
    """A winner of `competition`, released by `actor`: its certificate."""
    owner = UserFactory(first_name="Hoa", last_name="Nguyễn Thị")
    entry = apply(owner, competition, make_entry(owner, title=title))
    clock.at(timezone.now() + timedelta(days=30))
    services.prepare_award(actor, entry, Award.FIRST, reason="Xuất sắc")
    services.release_awards(actor, competition)
    return for_entries([entry])[entry.pk]


def pdf_text(body, tmp_path, *options):
    path = tmp_path / "giay.pdf"
    path.write_bytes(body)
    result = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", result.stdout)


def words(text):
    return " ".join(text.split())


def verification(client, certificate):
    page = client.get(f"/tot/xac-minh/{certificate.code}/").content.decode()
    return words(re.search(r"<dd data-issuer>(.*?)</dd>", page, re.S).group(1))


def test_a_district_award_names_the_district_and_its_signatory(tam_ky, clock, client, tmp_path):
    competition = make_competition(
        title="Giải Khởi nghiệp xanh Tam Kỳ", organiser=tam_ky,
        signatory_name="Nguyễn Văn Dũng", signatory_title="Chủ tịch UBND thành phố",
    )
    certificate = awarded(competition, organiser_of(tam_ky), clock)

    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert "THÀNH PHỐ TAM KỲ" in text
    assert "CHỦ TỊCH UBND THÀNH PHỐ" in text and "Nguyễn Văn Dũng" in text
    assert BOARD.upper() not in text and BOARD_SIGNATORY not in text and BOARD_TITLE.upper() not in text
    assert "Giải nhất – Giải Khởi nghiệp xanh Tam Kỳ" in text and "Rau hữu cơ Tam Thanh" in text
    # the portal's key signs it: the Board's did:web, a name that says who awards and who vouches
    issuer = credentials.credential_claims(certificate)["issuer"]
    assert issuer["id"] == credentials.issuer_id()
    assert issuer["name"] == f"Thành phố Tam Kỳ – {BOARD}"
    assert credentials.check(credentials.credential_jwt(certificate))[0] == credentials.VALID
    assert verification(client, certificate) == f"Thành phố Tam Kỳ (cấp qua cổng thông tin của {BOARD})"


def test_a_district_award_without_a_signatory_is_signed_as_the_boards_settings_say(tam_ky, clock, tmp_path):
    competition = make_competition(organiser=tam_ky)
    certificate = awarded(competition, board_user(), clock)

    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert "THÀNH PHỐ TAM KỲ" in text and BOARD.upper() not in text
    assert BOARD_TITLE.upper() in text and BOARD_SIGNATORY in text


def test_a_province_award_is_the_boards_as_before(clock, client, tmp_path):
    competition = make_competition(title="Cuộc thi Ý tưởng khởi nghiệp tỉnh")
    certificate = awarded(competition, board_user(), clock)

    assert "issuer" not in certificate.data
    snapshot = certificate.snapshot()
    assert (snapshot.board_name, snapshot.signatory_name, snapshot.signatory_title) == (
        BOARD, BOARD_SIGNATORY, BOARD_TITLE
    )
    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert BOARD.upper() in text and BOARD_TITLE.upper() in text and BOARD_SIGNATORY in text
    assert credentials.credential_claims(certificate)["issuer"]["name"] == BOARD
    assert verification(client, certificate) == BOARD


def test_editing_the_competition_after_issue_leaves_the_certificate_as_issued(tam_ky, clock, client, tmp_path):
    competition = make_competition(organiser=tam_ky, signatory_name="Nguyễn Văn Dũng", signatory_title="Chủ tịch")
    certificate = awarded(competition, organiser_of(tam_ky), clock)
    body = certificate_services.certificate_pdf(certificate)[0]
    claims = credentials.credential_claims(certificate)
    page = verification(client, certificate)

    other = AdministrativeUnitFactory(name="Hội An", kind="thành phố", slug="hoi-an")
    Competition.objects.filter(pk=competition.pk).update(
        organiser=other, signatory_name="Lê Thị Mới", signatory_title="Phó Chủ tịch"
    )
    AdministrativeUnit.objects.filter(pk=tam_ky.pk).update(name="Tam Kỳ mới")
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.filter(pk=PortalSettings.for_site(site).pk).update(board_name="Ban Điều hành mới")
    CertificateSettings.objects.filter(pk=CertificateSettings.for_site(site).pk).update(signatory_name="Người khác")

    certificate.refresh_from_db()
    again = certificate_services.certificate_pdf(certificate)[0]
    assert again == body
    assert certificate_services.signed_body(certificate) == body  # drawn afresh from the snapshot: the same
    assert credentials.credential_claims(certificate) == claims
    assert verification(client, certificate) == page
    text = words(pdf_text(again, tmp_path))
    assert "THÀNH PHỐ TAM KỲ" in text and "Nguyễn Văn Dũng" in text and "Lê Thị Mới" not in text


def test_a_reissued_district_award_keeps_the_districts_name_and_signatory(tam_ky, clock, tmp_path):
    competition = make_competition(organiser=tam_ky, signatory_name="Nguyễn Văn Dũng", signatory_title="Chủ tịch")
    certificate = awarded(competition, organiser_of(tam_ky), clock)

    new = certificate_services.reissue(certificate, board_user(), reason="Sai chính tả")

    snapshot = new.snapshot()
    assert (snapshot.board_name, snapshot.signatory_name, snapshot.signatory_title) == (
        "Thành phố Tam Kỳ", "Nguyễn Văn Dũng", "Chủ tịch"
    )
    assert new.issued_through == BOARD and new.data["extra_lines"] == certificate.data["extra_lines"]


@pytest.fixture
def designed():
    """The Board's default template (the data migration's, today's page as boxes) with its signatory's signature
    image and its own signatory, chosen in the settings for every certificate but attendance."""
    template = CertificateTemplate.objects.get(name="Mẫu mặc định")
    template.signature = make_image("Chữ ký", width=300, height=100)
    template.signatory_name, template.signatory_title = "Phạm Văn Mẫu", "Phó Trưởng Ban Điều hành"
    template.save_revision().publish()
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_template = template
    settings.save()
    return template


def test_a_designed_template_names_the_district_and_never_prints_the_boards_signature_image(
    tam_ky, clock, tmp_path, designed
):
    signed = make_competition(organiser=tam_ky, signatory_name="Nguyễn Văn Dũng", signatory_title="Chủ tịch")
    certificate = awarded(signed, organiser_of(tam_ky), clock)
    assert certificate.data["layout"]["template"]["id"] == designed.pk
    assert certificate.data["layout"]["signature"] is None  # the Board's signatory's, not Mr Dũng's
    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert "THÀNH PHỐ TAM KỲ" in text and "CHỦ TỊCH" in text and "Nguyễn Văn Dũng" in text
    assert "Phạm Văn Mẫu" not in text and BOARD.upper() not in text

    # no signatory of its own: the template's, with its signature image, under the district's name
    unsigned = make_competition(title="Giải thứ hai", organiser=tam_ky)
    certificate = awarded(unsigned, organiser_of(tam_ky), clock, title="Gốm Thanh Hà")
    assert certificate.data["layout"]["signature"]
    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert "THÀNH PHỐ TAM KỲ" in text and "Phạm Văn Mẫu" in text and "PHÓ TRƯỞNG BAN ĐIỀU HÀNH" in text


def test_a_province_award_on_the_designed_template_keeps_its_signature(clock, tmp_path, designed):
    certificate = awarded(make_competition(), board_user(), clock)
    assert certificate.data["layout"]["signature"] and "issuer" not in certificate.data
    text = words(pdf_text(certificate_services.certificate_pdf(certificate)[0], tmp_path))
    assert BOARD.upper() in text and "Phạm Văn Mẫu" in text


LONG_NAME = " ".join(["Tôn Nữ Hoàng Thị Ngọc Bích"] * 5)[:120]
HOSTILE = [
    ('<script>alert("x")</script> & <b>Nguyễn</b>', "<b>Chủ tịch</b> &amp; ]]>"),
    (unicodedata.normalize("NFD", "Hồ Quang Bửu"), unicodedata.normalize("NFD", "Phó Chủ tịch Ủy ban nhân dân")),
    (LONG_NAME, " ".join(["Chủ tịch Ủy ban nhân dân thành phố Tam Kỳ"] * 5)[:160]),
    ("X" * 120, "Y" * 160),
    ("Lê\u202eVăn\x07 Tám\u200b", "Chủ\ttịch\r\nUBND"),
]


@pytest.mark.parametrize(("name", "title"), HOSTILE)
def test_hostile_signatory_text_prints_as_text_on_the_page(tam_ky, clock, tmp_path, name, title):
    competition = make_competition(organiser=tam_ky)
    # as a row saved before any cleaning would hold it (update() sends no signal)
    Competition.objects.filter(pk=competition.pk).update(signatory_name=name, signatory_title=title)
    competition.refresh_from_db()
    certificate = awarded(competition, board_user(), clock)

    body = certificate_services.certificate_pdf(certificate)[0]
    assert len(pypdf.PdfReader(io.BytesIO(body)).pages) == 1
    snapshot = certificate.snapshot()
    # frozen as one clean NFC line (no control or invisible character), and read back from the page as such
    for value in (snapshot.signatory_name, snapshot.signatory_title):
        assert value == unicodedata.normalize("NFC", value) and not re.search(r"[\x00-\x1f\u200b\u202e]", value)
    text = words(pdf_text(body, tmp_path))
    assert words(snapshot.signatory_name) in text
    assert words(snapshot.signatory_title).upper() in text
    # every word stays inside the page
    boxes = pdf_text(body, tmp_path, "-bbox")
    for x_min, y_min, x_max, y_max in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', boxes
    ):
        assert 0 <= float(x_min) and float(x_max) <= PAGE_WIDTH and 0 <= float(y_min) and float(y_max) <= PAGE_HEIGHT


@pytest.mark.parametrize(
    ("name", "kind", "full"),
    [("Tam Kỳ", "thành phố", "Thành phố Tam Kỳ"), ("Điện Bàn", "thị xã", "Thị xã Điện Bàn"),
     ("Huyện Đại Lộc", "huyện", "Huyện Đại Lộc"), ("Tỉnh Quảng Nam", "tỉnh", "Tỉnh Quảng Nam"),
     ("Nông Sơn", "", "Nông Sơn")],
)  # fmt: skip
def test_a_units_full_name_carries_its_level_once(name, kind, full):
    assert AdministrativeUnit(name=name, kind=kind).full_name == full


# The competition's admin form -------------------------------------------------------------------------------------


def form_data(competition, **fields):
    data = {
        "title": competition.title, "organiser": competition.organiser_id or "", "description": "",
        "eligibility": "", "opens_at": timezone.localtime(competition.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": timezone.localtime(competition.closes_at).strftime("%Y-%m-%d %H:%M"),
        "signatory_name": "", "signatory_title": "",
    }
    for prefix in ("categories", "criteria"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                 f"{prefix}-MAX_NUM_FORMS": 1000}
    return data | fields


def test_the_district_organiser_sets_the_signatory_in_the_competitions_form(tam_ky, client):
    competition = make_competition(organiser=tam_ky, categories=())
    client.force_login(organiser_of(tam_ky))
    url = f"/admin/ideas/competitions/edit/{competition.pk}/"
    assert "Người ký giấy chứng nhận" in client.get(url).content.decode()

    response = client.post(url, form_data(competition, signatory_name=" Nguyễn Văn  Dũng ",
                                          signatory_title="Chủ tịch UBND thành phố"))
    assert response.status_code == 302, response.content.decode()[:3000]
    competition.refresh_from_db()
    assert (competition.signatory_name, competition.signatory_title) == ("Nguyễn Văn Dũng", "Chủ tịch UBND thành phố")


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"signatory_name": "<b>Dũng</b>", "signatory_title": "Chủ tịch"}, "Không được nhập mã HTML"),
     ({"signatory_name": "Nguyễn Văn Dũng"}, "Nhập cả người ký và chức danh người ký"),
     ({"signatory_title": "Chủ tịch"}, "Nhập cả người ký và chức danh người ký")],
)  # fmt: skip
def test_markup_or_half_a_signatory_is_refused_and_nothing_saved(tam_ky, client, fields, message):
    competition = make_competition(organiser=tam_ky, categories=())
    client.force_login(organiser_of(tam_ky))
    response = client.post(f"/admin/ideas/competitions/edit/{competition.pk}/", form_data(competition, **fields))
    assert response.status_code == 200 and message in response.content.decode()
    competition.refresh_from_db()
    assert (competition.signatory_name, competition.signatory_title) == ("", "")
