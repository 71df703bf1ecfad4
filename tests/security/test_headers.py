"""The security headers production sends, read from portal.settings.production itself: HSTS, the CSP (strict on
the public site, wider under /admin/), frame denial, referrer policy, Secure cookies; and `check --deploy` stays
clean with production values."""

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.factories.portal import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CHECKOUT = Path(__file__).resolve().parents[2]
HEADER_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_REFERRER_POLICY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "CSP_ADMIN_DIRECTIVES",
]


@pytest.fixture
def production_headers(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    production = importlib.import_module("portal.settings.production")
    values = {name: getattr(production, name) for name in HEADER_SETTINGS}
    with override_settings(**values):
        yield Client()  # a new client builds its middleware under these settings


def test_public_pages_carry_every_security_header(production_headers, home):
    response = production_headers.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script (a nonce is added only where a template asks)
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "http" not in response["Content-Security-Policy"]  # no outside host


def test_plain_http_is_sent_to_https(production_headers, home):
    response = production_headers.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_admin_gets_its_own_policy(production_headers):
    response = production_headers.get("/admin/login/", secure=True)
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy and "http" not in policy


def test_cookies_are_secure_and_http_only(production_headers):
    user = UserFactory()
    page = production_headers.get("/tai-khoan/dang-nhap/", secure=True)
    assert page.cookies["csrftoken"]["secure"]
    token = page.cookies["csrftoken"].value
    response = production_headers.post(
        "/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def signing_keys(folder):
    """The Board's keys as production is given them (training.certificates.checks refuses to deploy without)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
    from cryptography.x509.oid import NameOID

    pem = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ban Điều hành")])
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    (folder / "key.pem").write_bytes(key.private_bytes(*pem))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "credential.pem").write_bytes(ed25519.Ed25519PrivateKey.generate().private_bytes(*pem))
    return {
        "CERTIFICATE_SIGNING_KEY": str(folder / "key.pem"),
        "CERTIFICATE_SIGNING_CERT": str(folder / "cert.pem"),
        "CREDENTIAL_SIGNING_KEY": str(folder / "credential.pem"),
    }


def test_check_deploy_is_clean_with_production_values(tmp_path):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (for Playwright); a deployment never has it.
    env = {
        **signing_keys(tmp_path),
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 30 + "Z9!q" * 10,
        "ALLOWED_HOSTS": "khoinghiep.example.vn",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_reading_the_production_settings_leaves_this_process_settings_alone(production_headers):
    from django.conf import settings

    # The production module once changed base's STORAGES in place: every later page in the process then looked
    # for a static manifest that tests never build, and failed.
    assert settings.STORAGES["staticfiles"]["BACKEND"] != "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings.DATABASES["default"].get("CONN_MAX_AGE", 0) == 0
