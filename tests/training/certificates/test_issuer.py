"""The machinery's optional issuer (services.Issuer): another body's name and signatory printed in place of the
Board's, frozen in the snapshot with the Board's name at issue, kept on re-issue, and named in the signed
credential's issuer profile beside the Board (whose did:web and key sign it). Without one, nothing changes."""

from datetime import date

import pytest

from tests.factories.portal import board_user
from training.certificates import credentials, services
from training.certificates.enums import CertificateKind

pytestmark = pytest.mark.django_db

BOARD = "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam"


def issue(**fields):
    return services.issue_certificate(
        serial_format="TN-{year}-{number:04d}", kind=CertificateKind.AWARD, holder_name="Hồ Quang Bửu",
        title="Giải nhất – Cuộc thi thử", actor=board_user(), reference="tests.thing:1", **fields,
    )  # fmt: skip


def test_without_an_issuer_the_board_issues_as_before():
    certificate = issue()
    snapshot = certificate.snapshot()
    assert "issuer" not in certificate.data
    assert (snapshot.board_name, snapshot.signatory_name, snapshot.signatory_title) == (
        BOARD, "Trần Thị Thu Hà", "Trưởng Ban Điều hành"
    )
    assert (certificate.issuer_name, certificate.issued_through) == (BOARD, "")
    assert credentials.credential_claims(certificate)["issuer"]["name"] == BOARD


def test_an_issuer_is_printed_frozen_signed_by_the_board_and_kept_on_reissue():
    issuer = services.Issuer(name="Tỉnh đoàn  Quảng Nam", signatory_name="Lê Văn Tám", signatory_title="Bí thư")
    certificate = issue(issuer=issuer)
    snapshot = certificate.snapshot()
    assert (snapshot.board_name, snapshot.signatory_name, snapshot.signatory_title) == (
        "Tỉnh đoàn Quảng Nam", "Lê Văn Tám", "Bí thư"
    )
    assert certificate.data["issuer"]["board_name"] == BOARD
    assert (certificate.issuer_name, certificate.issued_through) == ("Tỉnh đoàn Quảng Nam", BOARD)
    profile = credentials.credential_claims(certificate)["issuer"]
    assert profile == {"id": credentials.issuer_id(), "type": ["Profile"], "name": f"Tỉnh đoàn Quảng Nam – {BOARD}",
                       "url": credentials.base_url() + "/"}  # fmt: skip

    new = services.reissue(certificate, board_user(), reason="Sai tên")
    assert services.Issuer.from_snapshot(new.data) == services.Issuer("Tỉnh đoàn Quảng Nam", "Lê Văn Tám", "Bí thư")


def test_a_signatory_alone_keeps_the_boards_name_and_a_template_signature_is_dropped_only_for_another_signatory():
    settings_pair = services.board_settings()
    layout = {"boxes": [], "signature": "training/certificates/assets/abc.png", "signatory_name": "Người mẫu"}

    def built(issuer):
        return services.build_certificate(
            kind=CertificateKind.AWARD, holder_name="A", title="B", serial="S-1", actor=None,
            settings_pair=settings_pair, issued_on=date(2026, 1, 2), layout=layout,
            issuer=issuer,
        )  # fmt: skip

    signed = built(services.Issuer(signatory_name="Lê Văn Tám", signatory_title="Phó Trưởng ban"))
    assert signed.snapshot().board_name == BOARD and signed.snapshot().signatory_name == "Lê Văn Tám"
    assert signed.data["layout"]["signature"] is None and signed.issued_through == ""
    named = built(services.Issuer(name="Thành phố Tam Kỳ"))
    assert named.data["layout"]["signature"] == layout["signature"]
    assert named.snapshot().signatory_name == "Người mẫu"
    assert layout["signature"]  # the caller's layout (shared by a batch) is not changed
