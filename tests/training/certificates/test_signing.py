"""Signed certificate PDFs: pyHanko's validator, with the Board's certificate as the only trust root, accepts every
kind (completion, certification, attendance, and the Board's stamped copy of a revoked one); one changed byte
fails it; the same certificate signs to the same bytes; the holder's download is the file stored on issue; the
key comes from a PKCS#12 file or PEM files, and production without one is refused by `check --deploy`."""

import importlib
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from portal.operations.storage import private_storage
from tests.factories.portal import UserFactory, board_user
from training.certificates import checks, signed_files, signing
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.certificates.pdf import CertificateData, render_certificate


def validate(body, trust_root=None):
    """pyHanko's own verdict on the single signature of `body`, trusting only the Board's certificate."""
    reader = PdfFileReader(io.BytesIO(body))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[trust_root or signing.board_certificate()])
    # pyHanko runs asyncio.run(): not in a thread whose loop a browser test left running
    return signing.outside_event_loop(lambda: validate_pdf_signature(embedded, context))


def assert_signed_by_the_board(body):
    status = validate(body)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"  # nothing after the signature
    assert status.signing_cert.subject == signing.board_certificate().subject


def snapshot(**overrides):
    values = dict(
        holder_name="Hồ Quang Bửu",
        course_title="Giảng viên nguồn khởi nghiệp đổi mới sáng tạo",
        kind="completion",
        serial="ToT-2022-0001",
        code="Q7RZK2MVB9XTNW4PLS8AYCEH",
        issued_on=date(2022, 6, 30),
        verify_url="https://khoinghiep.quangnam.gov.vn/tot/xac-minh/Q7RZK2MVB9XTNW4PLS8AYCEH/",
        board_name="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam",
        signatory_name="Trần Thị Thu Hà",
        signatory_title="Trưởng Ban Điều hành",
    )
    return CertificateData(**{**values, **overrides})


MOMENT = datetime(2022, 6, 30, 2, 15, 7, tzinfo=UTC)


def test_the_same_certificate_and_signing_time_sign_to_the_same_bytes():
    raw = render_certificate(snapshot())
    first = signing.sign_pdf(raw, MOMENT)

    assert signing.sign_pdf(raw, MOMENT) == first
    assert first.startswith(raw)  # an incremental update: the drawn certificate is untouched underneath
    assert signing.sign_pdf(raw, MOMENT + timedelta(seconds=1)) != first  # the time is part of what is signed
    assert_signed_by_the_board(first)


def test_one_changed_byte_in_the_signed_content_fails_validation():
    body = bytearray(signing.sign_pdf(render_certificate(snapshot()), MOMENT))
    position = body.index(b"ReportLab")  # the drawn PDF's Producer: inside the signed byte range
    body[position] = ord("S")

    status = validate(bytes(body))
    assert not status.intact
    assert not status.bottom_line


def test_a_certificate_the_board_did_not_issue_is_not_trusted():
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kẻ giả mạo")])
    other_cert = self_signed(other_key, name)
    from asn1crypto import x509 as asn1_x509

    body = signing.sign_pdf(render_certificate(snapshot()), MOMENT)
    status = validate(body, trust_root=asn1_x509.Certificate.load(other_cert.public_bytes(serialization.Encoding.DER)))
    assert status.intact and status.valid  # a sound signature ...
    assert not status.trusted  # ... by someone who is not the trusted Board


KINDS = [CertificateKind.COMPLETION, CertificateKind.CERTIFICATION, CertificateKind.ATTENDANCE]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_signed_stored_on_issue_and_served_from_the_stored_file(client, committed, kind):
    board = board_user()
    holder = UserFactory()
    with committed():
        certificate = certificates.issue_certificate(
            serial_format="GCN-{year}-{number:04d}",
            kind=kind,
            holder_name="Nguyễn Thị Ánh",
            title="Khởi nghiệp đổi mới sáng tạo",
            actor=board,
            holder=holder,
            reference="events.registration:1" if kind == CertificateKind.ATTENDANCE else "",
            expires_on=date(2030, 1, 1) if kind == CertificateKind.CERTIFICATION else None,
        )
    name = signed_files.name_of(certificate.code)
    assert private_storage().exists(name)  # stored when the issue committed
    with private_storage().open(name, "rb") as handle:
        stored = handle.read()
    assert_signed_by_the_board(stored)
    assert stored == certificates.signed_body(certificate)  # what a fresh drawing and signing gives, byte for byte

    # The download is the stored file: replace it by a marker and the marker is what comes back.
    private_storage().delete(name)
    private_storage().save(name, io.BytesIO(b"%PDF-stored"))
    body, _filename = certificates.certificate_pdf(certificate)
    assert body == b"%PDF-stored"


@pytest.mark.django_db
def test_the_holders_download_and_the_boards_stamped_copy_of_a_revoked_one_validate(client, clock):
    from tests.factories.training_cohorts import issued_certificate

    clock.at("01/07/2022 09:00")
    board = board_user()
    certificate = issued_certificate(board=board)
    client.force_login(certificate.holder)
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert_signed_by_the_board(response.content)
    assert private_storage().exists(signed_files.name_of(certificate.code))  # stored when first asked for

    clock.at("15/09/2022 10:30")
    certificates.revoke(certificate, board, "Hồ sơ khai sai")
    certificate.refresh_from_db()
    signed_files.discard(certificate.code)  # what revoke's on-commit does (this test never commits)
    client.force_login(board)
    stamped = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert stamped.status_code == 200 and stamped.content != response.content
    assert_signed_by_the_board(stamped.content)  # stamped first, then signed: the stamp is covered
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content == stamped.content
    assert not private_storage().exists(signed_files.name_of(certificate.code))  # stamped copies are not stored


@pytest.mark.django_db
def test_revoking_discards_the_stored_unstamped_copy(committed):
    from tests.factories.training_cohorts import issued_certificate

    board = board_user()
    with committed():
        certificate = issued_certificate(board=board)
    assert private_storage().exists(signed_files.name_of(certificate.code))
    with committed():
        certificates.revoke(certificate, board, "Sai thông tin")
    assert not private_storage().exists(signed_files.name_of(certificate.code))


# --- where the key comes from ----------------------------------------------------------------------------------


def self_signed(key, name):
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * 40))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )


@pytest.fixture
def ca_pkcs12(tmp_path):
    """A PKCS#12 file as a Vietnamese CA hands it out: the key and the Board's certificate under a passphrase."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Điều hành Hỗ trợ khởi nghiệp tỉnh Quảng Nam"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Ban Điều hành (PKCS#12)"),
        ]
    )
    cert = self_signed(key, name)
    path = tmp_path / "board.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"board", key, cert, None, serialization.BestAvailableEncryption(b"mat-khau-ca")
        )
    )
    return path, cert


def test_a_pkcs12_file_from_a_ca_signs_and_validates(settings, ca_pkcs12):
    path, cert = ca_pkcs12
    settings.CERTIFICATE_SIGNING_PKCS12 = str(path)
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "mat-khau-ca"

    body = signing.sign_pdf(render_certificate(snapshot()), MOMENT)

    assert signing.board_certificate().subject.native["common_name"] == "Ban Điều hành (PKCS#12)"
    assert_signed_by_the_board(body)
    assert checks.signing_key(None) == []


def test_a_wrong_passphrase_is_a_deploy_error(settings, ca_pkcs12):
    settings.CERTIFICATE_SIGNING_PKCS12 = str(ca_pkcs12[0])
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "sai"

    assert [error.id for error in checks.signing_key(None)] == ["certificates.E002"]


def test_pem_files_sign_too(settings, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = self_signed(key, x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ban Điều hành (PEM)")]))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.CERTIFICATE_SIGNING_CERT = str(tmp_path / "cert.pem")

    assert_signed_by_the_board(signing.sign_pdf(render_certificate(snapshot()), MOMENT))


def test_development_makes_its_key_once_into_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = signing.board_certificate()
    made = (tmp_path / "signing" / signing.DEV_FILE).read_bytes()

    signing._load.cache_clear()  # a new process
    assert signing.board_certificate().dump() == first.dump()
    assert (tmp_path / "signing" / signing.DEV_FILE).read_bytes() == made
    assert (tmp_path / "signing" / signing.DEV_FILE).stat().st_mode & 0o077 == 0  # the key is the owner's only


def test_production_without_a_key_refuses_to_sign_and_fails_check_deploy(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ALLOWED_HOSTS", "example.vn")
    production = importlib.import_module("portal.settings.production")
    assert production.CERTIFICATE_SIGNING_GENERATE is False
    settings.CERTIFICATE_SIGNING_GENERATE = production.CERTIFICATE_SIGNING_GENERATE

    assert [error.id for error in checks.signing_key(None)] == ["certificates.E001"]
    with pytest.raises(ImproperlyConfigured):
        signing.sign_pdf(render_certificate(snapshot()), MOMENT)


def test_make_production_makes_stand_in_keys_once_that_sign_and_pass_the_checks(settings, tmp_path, monkeypatch):
    from tests.portal.test_nginx import load_stack

    stack = load_stack()
    for name in ("CERTIFICATE_SIGNING_PKCS12", "CERTIFICATE_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    env = stack.environment(8443, tmp_path, 8081)
    again = stack.environment(8443, tmp_path, 8081)
    assert {name: again[name] for name in ("CERTIFICATE_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY")} == {
        name: env[name] for name in ("CERTIFICATE_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY")
    }
    settings.CERTIFICATE_SIGNING_GENERATE = settings.CREDENTIAL_SIGNING_GENERATE = False  # as in production
    settings.CERTIFICATE_SIGNING_KEY = env["CERTIFICATE_SIGNING_KEY"]
    settings.CERTIFICATE_SIGNING_CERT = env["CERTIFICATE_SIGNING_CERT"]
    settings.CREDENTIAL_SIGNING_KEY = env["CREDENTIAL_SIGNING_KEY"]

    assert checks.signing_key(None) == [] and checks.credential_key(None) == []
    assert_signed_by_the_board(signing.sign_pdf(render_certificate(snapshot()), MOMENT))
