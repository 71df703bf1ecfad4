"""Each certificate as a verifiable credential: an Open Badges 3.0 OpenBadgeCredential in the W3C VC Data Model 2.0,
secured as VC-JOSE (a compact JWS, `typ` vc+jwt, signed Ed25519 with joserfc), with two W3C Bitstring Status
List entries, so a verifier who never opens our pages can check the signature and the status:

- the issuer is `did:web:<host>`; its DID document at /.well-known/did.json publishes the public key (a JWK);
- the status lists are themselves signed credentials at /tot/trang-thai/<purpose>/<n>/: "thu-hoi" (statusPurpose
  revocation: the bit is 1 once revoked) and "thay-the" (statusPurpose message, one bit: 1 once superseded by a
  renewal, with the statusMessage saying so). A certificate's index is its primary key (LIST_SIZE per list), so no
  column and no migration were needed, and a list is one indexed query.

The key: CREDENTIAL_SIGNING_KEY (an Ed25519 private key, PEM); without it development and the tests make one once
into VAR_DIR/signing/credentials-dev.pem; production never does (training.certificates.checks).
Reproducible: Ed25519 signatures are deterministic and the claims come from the frozen snapshot and issue time.
"""

import base64
import functools
import gzip
import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from training.certificates import pdf
from training.certificates.models import Certificate
from training.certificates.signing import made_once

ALGORITHM = "Ed25519"  # RFC 9864's fully specified name (EdDSA with Ed25519)
DEV_FILE = "credentials-dev.pem"
LIST_SIZE = 131_072  # bits per status list: 16 KiB, the Bitstring Status List's minimum (group privacy)
REVOCATION, SUPERSESSION = "thu-hoi", "thay-the"
PURPOSES = {REVOCATION: "revocation", SUPERSESSION: "message"}
SUPERSEDED_MESSAGES = [
    {"status": "0x0", "message": "Chưa được thay thế"},
    {"status": "0x1", "message": "Đã được thay thế bằng giấy chứng nhận mới (gia hạn công nhận)"},
]
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MAX_INPUT = 64 * 1024

VALID, REVOKED, SUPERSEDED, EXPIRED, TAMPERED = "valid", "revoked", "superseded", "expired", "tampered"


# --- the key and the issuer -------------------------------------------------------------------------------------


def signing_key():
    """The Board's credential key (joserfc OKPKey, private), loaded once per configuration."""
    return _load(
        getattr(settings, "CREDENTIAL_SIGNING_KEY", ""),
        bool(getattr(settings, "CREDENTIAL_SIGNING_GENERATE", False)),
        str(Path(settings.VAR_DIR) / "signing"),
    )


@functools.cache
def _load(path, generate, dev_dir):
    if path:
        data = Path(path).read_bytes()
    elif generate:
        data = made_once(Path(dev_dir) / DEV_FILE, _new_dev_pem)
    else:
        raise ImproperlyConfigured("No credential signing key: set CREDENTIAL_SIGNING_KEY (an Ed25519 PEM file).")
    key = OKPKey.import_key(data)
    if key.curve_name != "Ed25519" or not key.is_private:
        raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY must be an Ed25519 private key.")
    return key


def _new_dev_pem():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def base_url():
    return getattr(settings, "TRAINING_VERIFY_BASE_URL", settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def issuer_id():
    """did:web of the portal's host (a port is percent-encoded, as did:web says)."""
    return "did:web:" + quote(urlsplit(base_url()).netloc, safe="")


def key_id():
    return f"{issuer_id()}#credentials-1"


def public_jwk():
    return {**signing_key().as_dict(private=False), "kid": key_id(), "alg": ALGORITHM, "use": "sig"}


def did_document():
    """The DID document did:web resolves to (served at /.well-known/did.json)."""
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": issuer_id(),
        "verificationMethod": [
            {"id": key_id(), "type": "JsonWebKey2020", "controller": issuer_id(), "publicKeyJwk": public_jwk()}
        ],
        "assertionMethod": [key_id()],
    }


def _secure(claims, typ="vc+jwt"):
    header = {"alg": ALGORITHM, "kid": key_id(), "typ": typ, "cty": "vc"}
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(header, payload, signing_key(), algorithms=[ALGORITHM])


def _instant(moment):
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- a certificate's credential ---------------------------------------------------------------------------------


def status_location(certificate_pk):
    return divmod(certificate_pk, LIST_SIZE)  # (list number, index in it)


def status_list_url(purpose, number):
    return base_url() + reverse("training:status_list", args=[purpose, number])


def valid_until(certificate):
    """The end of the expiry day (valid through it), in the portal's time zone; None without an expiry."""
    if certificate.expires_on is None:
        return None
    end = datetime.combine(certificate.expires_on + timedelta(days=1), time.min)
    return timezone.make_aware(end) - timedelta(seconds=1)


def issuer_name(certificate):
    """The issuer profile's name. The portal's key signs every credential, so the profile's id is always the
    Board's did:web (a verifier resolves it to that key); a certificate issued for another body (a district
    organising a competition, services.Issuer) names that body first and the Board whose portal vouches for it
    after, "<body> – <Board>", both as frozen at issue: the name says who awards, the id who signs."""
    data = certificate.snapshot()
    through = certificate.issued_through
    return pdf.nfc(f"{data.board_name} – {through}" if through else data.board_name)


def credential_claims(certificate):
    """The OpenBadgeCredential of `certificate`, from its frozen snapshot."""
    data = certificate.snapshot()
    subtitle, statement = pdf.KIND_TEXT.get(data.kind, ("", ""))
    number, index = status_location(certificate.pk)
    description = [pdf.nfc(line) for line in (statement, data.course_title) if line]
    if data.start_date and data.end_date:
        description.append(f"Từ ngày {pdf.vn_date(data.start_date)} đến ngày {pdf.vn_date(data.end_date)}")
    description.extend(pdf.nfc(line) for line in data.extra_lines)
    claims = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": data.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": issuer_name(certificate), "url": base_url() + "/"},
        "validFrom": _instant(certificate.issued_at),
        "name": pdf.nfc(f"Giấy chứng nhận {subtitle.lower()}: {data.course_title}"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": pdf.nfc(data.holder_name),
            "achievement": {
                "id": f"{base_url()}/tot/thanh-tich/{data.kind}/{quote(pdf.nfc(data.course_title))}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": pdf.nfc(data.course_title),
                "description": ". ".join(description),
                "criteria": {"narrative": pdf.nfc(statement or data.course_title)},
            },
            "identifier": [
                {"type": "IdentityObject", "identityType": "identifier", "hashed": False, "identityHash": data.serial}
            ],
        },
        "credentialStatus": [
            {
                "id": f"{status_list_url(REVOCATION, number)}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": PURPOSES[REVOCATION],
                "statusListIndex": str(index),
                "statusListCredential": status_list_url(REVOCATION, number),
            },
            {
                "id": f"{status_list_url(SUPERSESSION, number)}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": PURPOSES[SUPERSESSION],
                "statusListIndex": str(index),
                "statusListCredential": status_list_url(SUPERSESSION, number),
                "statusSize": 1,
                "statusMessage": SUPERSEDED_MESSAGES,
            },
        ],
    }
    if until := valid_until(certificate):
        claims["validUntil"] = _instant(until)
    return claims


def credential_jwt(certificate):
    return _secure(credential_claims(certificate))


def credential_file(certificate):
    """(bytes, filename): the JSON a holder downloads, the VC Data Model's envelope around the signed JWT."""
    envelope = {
        "@context": [VC_CONTEXT],
        "type": "EnvelopedVerifiableCredential",
        "id": "data:application/vc+jwt," + credential_jwt(certificate),
    }
    body = json.dumps(envelope, ensure_ascii=False, indent=2).encode()
    return body, certificate.snapshot().filename.removesuffix(".pdf") + ".json"


# --- the status lists -------------------------------------------------------------------------------------------


def _flagged(purpose):
    if purpose == REVOCATION:
        return Certificate.objects.filter(revoked_at__isnull=False)
    return Certificate.objects.filter(superseded_at__isnull=False)


def encoded_list(purpose, number):
    """The list's bits (index 0 the first byte's highest bit), GZIP-compressed, multibase base64url ("u")."""
    bits = bytearray(LIST_SIZE // 8)
    start = number * LIST_SIZE
    for pk in _flagged(purpose).filter(pk__gte=start, pk__lt=start + LIST_SIZE).values_list("pk", flat=True):
        index = pk - start
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_list(encoded):
    """The bits of an encodedList (for verifiers and tests)."""
    text = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit(bits, index):
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_jwt(purpose, number, now=None):
    url = status_list_url(purpose, number)
    claims = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _instant(now or timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSES[purpose],
            "encodedList": encoded_list(purpose, number),
        },
    }
    return _secure(claims)


# --- verifying a pasted or uploaded credential ------------------------------------------------------------------


def token_of(text):
    """The compact JWS in what was pasted or uploaded: the envelope JSON, a data: URL, or the JWS itself."""
    text = (text or "").strip()
    if len(text) > MAX_INPUT:
        return None
    if text.startswith("{"):
        try:
            envelope = json.loads(text)
        except ValueError:
            return None
        text = str(envelope.get("id", "")) if isinstance(envelope, dict) else ""
    text = text.removeprefix("data:application/vc+jwt,")
    return text if text.count(".") == 2 else None


def check(text, now=None):
    """(state, certificate or None) for a credential: tampered (not signed by the Board's key, or not ours, or not a
    credential at all), revoked, superseded, expired or valid. The certificate is the one the credential's own
    status entry points at; its state comes from the columns the status lists are drawn from."""
    token = token_of(text)
    if token is None:
        return TAMPERED, None
    try:
        signed = jws.deserialize_compact(token, signing_key(), algorithms=[ALGORITHM])
        claims = json.loads(signed.payload)
    except (JoseError, ValueError, TypeError):
        return TAMPERED, None
    if not isinstance(claims, dict) or (claims.get("issuer") or {}).get("id") != issuer_id():
        return TAMPERED, None
    entries = {entry.get("statusPurpose"): entry for entry in claims.get("credentialStatus") or []}
    try:
        number = int(entries["revocation"]["statusListCredential"].rstrip("/").rsplit("/", 1)[1])
        index = int(entries["revocation"]["statusListIndex"])
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return TAMPERED, None
    certificate = Certificate.objects.filter(pk=number * LIST_SIZE + index).first()
    if certificate is None:
        return TAMPERED, None
    if certificate.revoked_at:
        return REVOKED, certificate
    if certificate.superseded_at:
        return SUPERSEDED, certificate
    until = claims.get("validUntil")
    if until and datetime.fromisoformat(until.replace("Z", "+00:00")) < (now or timezone.now()):
        return EXPIRED, certificate
    return VALID, certificate
