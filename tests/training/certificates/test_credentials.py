"""Verifiable credentials: each kind of certificate downloads from the personal area as an OpenBadgeCredential
secured as a JWT, which an independent library (jwcrypto) verifies with the key published in the did:web document
and rejects once tampered with; revoking flips the certificate's bit in the public Bitstring Status List; the
verification page answers valid / revoked / superseded / expired / tampered for a pasted or uploaded credential."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from jwcrypto import jwk, jws

from tests.factories.portal import UserFactory, board_user
from training.certificates import checks, credentials
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.models import Certificate

pytestmark = pytest.mark.django_db

KINDS = [CertificateKind.COMPLETION, CertificateKind.CERTIFICATION, CertificateKind.ATTENDANCE]


def issue(kind=CertificateKind.COMPLETION, holder=None, **fields):
    return certificates.issue_certificate(
        serial_format="GCN-{year}-{number:04d}",
        kind=kind,
        holder_name="Đặng Thị Ngọc Hường",
        title="Khởi nghiệp đổi mới sáng tạo",
        actor=board_user(),
        holder=holder or UserFactory(),
        **fields,
    )


def published_key(client):
    """The public key as a verifier finds it: from the did:web document at /.well-known/did.json."""
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == "did:web:testserver"
    (method,) = document["verificationMethod"]
    assert document["assertionMethod"] == [method["id"]]
    assert "d" not in method["publicKeyJwk"]  # the private part is never published
    return method["id"], jwk.JWK(**method["publicKeyJwk"])


def independent_claims(client, token):
    """jwcrypto's verification of `token` with the published key: the claims, or an exception."""
    kid, key = published_key(client)
    signed = jws.JWS()
    signed.deserialize(token)
    assert signed.jose_header["kid"] == kid
    signed.verify(key, alg="Ed25519")
    return json.loads(signed.payload)


def downloaded(client, certificate, url_name):
    client.force_login(certificate.holder)
    response = client.get(reverse(url_name, args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]  # personal data: never cached
    envelope = json.loads(response.content)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    return response.content.decode(), envelope["id"].removeprefix("data:application/vc+jwt,")


def tampered(token):
    header, payload, signature = token.split(".")
    claims = json.loads(credentials.base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["name"] = "Kẻ Mạo Danh"
    forged = credentials.base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_validates_independently_and_fails_once_tampered(client, kind):
    from jwcrypto.common import JWException

    expires_on = date(2030, 1, 1) if kind == CertificateKind.CERTIFICATION else None
    certificate = issue(kind, expires_on=expires_on)  # an attendance one from the events area: tests/events
    _file, token = downloaded(client, certificate, "training:certificate_credential")

    claims = independent_claims(client, token)
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["id"] == "did:web:testserver"
    assert claims["credentialSubject"]["name"] == "Đặng Thị Ngọc Hường"
    assert claims["credentialSubject"]["achievement"]["name"] == "Khởi nghiệp đổi mới sáng tạo"
    assert {entry["statusPurpose"] for entry in claims["credentialStatus"]} == {"revocation", "message"}
    if kind == CertificateKind.CERTIFICATION:
        assert claims["validUntil"] == "2030-01-01T16:59:59Z"  # through the expiry day, Vietnam time

    with pytest.raises(JWException):
        independent_claims(client, tampered(token))
    assert credentials.check(tampered(token))[0] == credentials.TAMPERED
    assert credentials.credential_jwt(certificate) == token  # the same credential every time


def test_someone_elses_and_a_revoked_credential_are_404(client):
    certificate = issue()
    url = reverse("training:certificate_credential", args=[certificate.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(certificate.holder)
    assert client.get(url).status_code == 200
    certificates.revoke(certificate, board_user(), "Sai thông tin")
    assert client.get(url).status_code == 404


def status_bit(client, entry):
    """What an offline verifier does: fetch the status list credential, verify it, read the entry's bit."""
    path = entry["statusListCredential"].removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    claims = independent_claims(client, response.content.decode())
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = claims["credentialSubject"]
    assert subject["statusPurpose"] == entry["statusPurpose"]
    bits = credentials.decode_list(subject["encodedList"])
    assert len(bits) * 8 == credentials.LIST_SIZE
    return credentials.bit(bits, int(entry["statusListIndex"]))


def test_revoking_flips_the_status_list_bit_and_the_verifier_then_says_revoked(client):
    certificate, neighbour = issue(), issue()
    token = credentials.credential_jwt(certificate)
    claims = independent_claims(client, token)
    revocation = next(e for e in claims["credentialStatus"] if e["statusPurpose"] == "revocation")
    assert status_bit(client, revocation) is False
    assert credentials.check(token)[0] == credentials.VALID

    certificates.revoke(certificate, board_user(), "Hồ sơ khai sai")

    assert status_bit(client, revocation) is True
    neighbour_claims = independent_claims(client, credentials.credential_jwt(neighbour))
    assert status_bit(client, neighbour_claims["credentialStatus"][0]) is False  # only its own bit
    assert credentials.check(token)[0] == credentials.REVOKED


def test_a_renewal_sets_the_supersession_bit(client):
    certificate = issue(CertificateKind.CERTIFICATION, expires_on=date(2030, 1, 1))
    claims = independent_claims(client, credentials.credential_jwt(certificate))
    message = next(e for e in claims["credentialStatus"] if e["statusPurpose"] == "message")
    assert message["statusMessage"][1]["status"] == "0x1"
    assert status_bit(client, message) is False
    Certificate.objects.filter(pk=certificate.pk).update(superseded_at=timezone.now())
    assert status_bit(client, message) is True


def answer(client, **data):
    response = client.post(reverse("training:verify"), data)
    assert response.status_code == 200
    content = response.content.decode()
    return next(state for state in ("valid", "revoked", "superseded", "expired", "tampered")
                if f'data-state="{state}"' in content)


def test_the_verification_page_gives_the_five_answers(client, clock):
    clock.at("01/03/2026 09:00")
    board = board_user()
    valid = issue()
    revoked = issue()
    superseded = issue(CertificateKind.CERTIFICATION, expires_on=date(2029, 1, 1))
    expired = issue(CertificateKind.CERTIFICATION, expires_on=date(2026, 6, 30))
    certificates.revoke(revoked, board, "Sai thông tin")
    Certificate.objects.filter(pk=superseded.pk).update(superseded_at=timezone.now())
    files = {c.pk: credentials.credential_file(c)[0].decode() for c in (valid, revoked, superseded, expired)}

    assert answer(client, text=files[valid.pk]) == "valid"
    assert answer(client, text=credentials.credential_jwt(valid)) == "valid"  # the bare JWT too
    upload = SimpleUploadedFile("gcn.json", files[valid.pk].encode(), content_type="application/json")
    assert answer(client, upload=upload) == "valid"
    assert answer(client, text=files[revoked.pk]) == "revoked"
    assert answer(client, text=files[superseded.pk]) == "superseded"
    assert answer(client, text=files[expired.pk]) == "valid"  # through 30/06/2026 ...
    clock.at("30/06/2026 23:59")
    assert answer(client, text=files[expired.pk]) == "valid"
    clock.at("01/07/2026 00:00")
    assert answer(client, text=files[expired.pk]) == "expired"  # ... not a minute after
    assert answer(client, text=tampered(credentials.credential_jwt(valid))) == "tampered"
    assert answer(client, text="không phải giấy chứng nhận") == "tampered"


def test_an_empty_or_unreadable_submission_is_a_message_not_an_answer(client):
    response = client.post(reverse("training:verify"), {"text": "  "})
    assert response.status_code == 200
    assert "Hãy dán nội dung hoặc chọn tệp giấy chứng nhận số." in response.content.decode()
    binary = SimpleUploadedFile("gcn.json", b"\xff\xfe\x00garbage")
    response = client.post(reverse("training:verify"), {"upload": binary})
    assert "Tệp không phải giấy chứng nhận số" in response.content.decode()


def test_a_credential_signed_by_another_key_is_tampered(settings, tmp_path):
    token = credentials.credential_jwt(issue())
    settings.VAR_DIR = tmp_path  # another development key, as another portal would have
    assert credentials.check(token)[0] == credentials.TAMPERED


def test_production_without_a_credential_key_fails_check_deploy(settings):
    settings.CREDENTIAL_SIGNING_GENERATE = False
    settings.CREDENTIAL_SIGNING_KEY = ""
    assert [error.id for error in checks.credential_key(None)] == ["certificates.E003"]
