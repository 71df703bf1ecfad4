"""The Board's PDF signature on every certificate (PAdES baseline B-B, pyHanko), reproducible byte for byte.

The key and certificate come from the settings, never from the database:
- CERTIFICATE_SIGNING_PKCS12 (a .p12/.pfx file, as a Vietnamese CA issues it) and CERTIFICATE_SIGNING_PASSPHRASE;
- or CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT (PEM files), with CERTIFICATE_SIGNING_CHAIN (the CA's
  intermediate certificates, PEM files separated by commas) and the same passphrase if the key is encrypted;
- neither: with CERTIFICATE_SIGNING_GENERATE (development, the demo, the tests) a self-signed RSA key and
  certificate are made once into VAR_DIR/signing/board-dev.pem; without it (production) signing refuses, and
  `check --deploy` says so (training.certificates.checks).

Reproducible: the same unsigned PDF and the same signing time give the same bytes. pyHanko would put the current
time into the signature's /M and the Info dictionary's /ModDate, and a random second half into the trailer's /ID;
here both times are the given moment (the certificate's issue time) and the ID half is a digest of the unsigned
bytes and the moment. An RSA PKCS#1 v1.5 signature is deterministic; no timestamp authority is asked (B-B).
(An ECDSA key signs with a random nonce: such a key still signs and validates, but not reproducibly.)
"""

import asyncio
import concurrent.futures
import functools
import hashlib
import io
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.info import update_info_dict
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

DEV_FILE = "board-dev.pem"
DEV_ORGANISATION = "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam"
DEV_COMMON_NAME = "Ban Điều hành (chứng thư thử nghiệm)"
FIELD_NAME = "ChuKyBanDieuHanh"
REASON = "Ban Điều hành cấp giấy chứng nhận"


def _setting(name, default=""):
    return getattr(settings, name, default) or default


def configured_source():
    """What the settings name as the Board's key: ("pkcs12", path), ("pem", key path), or None."""
    if _setting("CERTIFICATE_SIGNING_PKCS12"):
        return "pkcs12", _setting("CERTIFICATE_SIGNING_PKCS12")
    if _setting("CERTIFICATE_SIGNING_KEY") or _setting("CERTIFICATE_SIGNING_CERT"):
        return "pem", _setting("CERTIFICATE_SIGNING_KEY")
    return None


def board_signer():
    """The Board's signer, loaded once per configuration (a changed setting loads again)."""
    return _load(
        _setting("CERTIFICATE_SIGNING_PKCS12"),
        _setting("CERTIFICATE_SIGNING_KEY"),
        _setting("CERTIFICATE_SIGNING_CERT"),
        _setting("CERTIFICATE_SIGNING_CHAIN"),
        _setting("CERTIFICATE_SIGNING_PASSPHRASE"),
        bool(_setting("CERTIFICATE_SIGNING_GENERATE", False)),
        str(Path(settings.VAR_DIR) / "signing"),
    )


@functools.cache
def _load(pkcs12, key, cert, chain, passphrase, generate, dev_dir):
    secret = passphrase.encode() if passphrase else None
    if pkcs12:
        signer = signers.SimpleSigner.load_pkcs12(pkcs12, passphrase=secret)
    elif key or cert:
        if not (key and cert):
            raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT go together.")
        chain_files = [part.strip() for part in chain.split(",") if part.strip()]
        signer = signers.SimpleSigner.load(key, cert, ca_chain_files=chain_files or None, key_passphrase=secret)
    elif generate:
        signer = _dev_signer(Path(dev_dir))
    else:
        raise ImproperlyConfigured(
            "No certificate signing key: set CERTIFICATE_SIGNING_PKCS12 (and CERTIFICATE_SIGNING_PASSPHRASE) or "
            "CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT."
        )
    if signer is None:  # pyHanko logs why (wrong passphrase, unreadable file) and returns None
        raise ImproperlyConfigured("The certificate signing key could not be read (file or passphrase).")
    return _KeptKeySigner(
        signing_cert=signer.signing_cert, signing_key=signer.signing_key, cert_registry=signer.cert_registry
    )


class _KeptKeySigner(signers.SimpleSigner):
    """SimpleSigner parses (and so checks) the private key again for every signature: about 0.3 s for an RSA
    3072 key, ten times the rest of the signing. This one keeps it parsed."""

    @functools.cached_property
    def _private_key(self):
        from cryptography.hazmat.primitives import serialization

        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data, digest_algorithm):
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
        from pyhanko_certvalidator.util import get_pyca_cryptography_hash

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


def _dev_signer(directory):
    """The development key and self-signed certificate, made once."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    data = made_once(directory / DEV_FILE, _new_dev_pem)
    key = serialization.load_pem_private_key(data, password=None)
    certificate = x509.load_pem_x509_certificate(data)
    return signer_from(key, certificate)


def made_once(path, make):
    """The bytes of `path`, written first with `make()` if missing: atomically and owner-only, so parallel test
    workers or servers agree on one (a second maker's file is dropped, the first one's kept)."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".made-")
        with os.fdopen(handle, "wb") as out:
            out.write(make())
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # fails if another process made it first
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_bytes()


def signer_from(key, certificate, chain=()):
    """A pyHanko signer from `cryptography` objects."""
    from cryptography.hazmat.primitives import serialization

    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    certs = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in (certificate, *chain)]
    return _KeptKeySigner(
        signing_cert=certs[0], signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs(certs)
    )


def _new_dev_pem():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEV_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, DEV_COMMON_NAME),
        ]
    )
    # Valid over every date a test's frozen clock or the demo may issue on.
    start = datetime(2000, 1, 1, tzinfo=UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * 60))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ) + certificate.public_bytes(serialization.Encoding.PEM)


class _ReproducibleWriter(IncrementalPdfFileWriter):
    """An incremental update whose /ModDate is `moment` and whose new /ID half is derived, not random."""

    def __init__(self, pdf_bytes, moment):
        super().__init__(io.BytesIO(pdf_bytes))
        self._moment = moment
        digest = hashlib.sha256(pdf_bytes + moment.isoformat().encode()).digest()[:16]
        self._document_id = generic.ArrayObject([self._document_id[0], generic.ByteStringObject(digest)])

    def _update_meta(self):
        # The reportlab PDF has an Info dictionary and no XMP metadata: the Info dictionary is all there is to date.
        self._meta.last_modified = self._moment
        if self._info is not None and update_info_dict(self._meta, self._info.get_object()):
            self.mark_update(self._info)


class _FixedTimePdfSigner(signers.PdfSigner):
    """PdfSigner with the signing time given rather than read from the clock."""

    def __init__(self, *args, moment, **kwargs):
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._moment
        return session


def _reserved(signer):
    """The room kept for the CMS signature: the certificates it embeds plus room for the signature itself; fixed,
    so pyHanko need not sign a dummy first to measure it."""
    return 8192 + sum(len(cert.dump()) for cert in signer.cert_registry) * 2


def sign_pdf(pdf_bytes: bytes, signing_time: datetime) -> bytes:
    """`pdf_bytes` with the Board's invisible PAdES signature made at `signing_time` (timezone-aware)."""
    if signing_time.tzinfo is None:
        raise ValueError("signing_time must be timezone-aware")
    moment = signing_time.astimezone(UTC).replace(microsecond=0)
    signer = board_signer()
    writer = _ReproducibleWriter(pdf_bytes, moment)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=REASON,
    )
    pdf_signer = _FixedTimePdfSigner(meta, signer=signer, moment=moment)
    output = outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=_reserved(signer)))
    return output.getvalue()


def outside_event_loop(call):
    """`call()`, which runs pyHanko's asyncio.run(): in a worker thread when this thread already runs an event loop
    (an async view, Playwright's sync API in the browser tests), where asyncio.run() would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def board_certificate():
    """The Board's signing certificate (asn1crypto), for validation and the issuer profile."""
    return board_signer().signing_cert
