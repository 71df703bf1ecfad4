"""`check --deploy`: production signs certificates with the Board's configured key, never a generated one."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register("certificates", deploy=True)
def signing_key(app_configs, **kwargs):
    from training.certificates import signing  # pyHanko is loaded when checked, not at every start

    if signing.configured_source() is None and not getattr(settings, "CERTIFICATE_SIGNING_GENERATE", False):
        return [
            Error(
                "No key to sign certificate PDFs with.",
                hint="Set CERTIFICATE_SIGNING_PKCS12 and CERTIFICATE_SIGNING_PASSPHRASE (the Board's PKCS#12 file "
                "from its CA), or CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT (PEM files). See README.",
                id="certificates.E001",
            )
        ]
    try:
        signing.board_signer()
    except (ImproperlyConfigured, OSError, ValueError) as error:
        return [Error(f"The certificate signing key cannot be used: {error}", id="certificates.E002")]
    return []


@register("certificates", deploy=True)
def credential_key(app_configs, **kwargs):
    from training.certificates import credentials

    configured = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if not configured and not getattr(settings, "CREDENTIAL_SIGNING_GENERATE", False):
        return [
            Error(
                "No key to sign the certificates' verifiable credentials with.",
                hint="Set CREDENTIAL_SIGNING_KEY to an Ed25519 private key in PEM "
                "(openssl genpkey -algorithm ed25519 -out credential-key.pem).",
                id="certificates.E003",
            )
        ]
    try:
        credentials.signing_key()
    except (ImproperlyConfigured, OSError, ValueError) as error:
        return [Error(f"The credential signing key cannot be used: {error}", id="certificates.E004")]
    return []
