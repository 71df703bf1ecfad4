"""The stored signed PDF of each valid certificate, in the private storage under its code: drawn and signed once
(on issue, or when first asked for), then served as stored. No database field: the code names the file, and
reproducible signing means a copy made twice is the same copy."""

from django.core.files.base import ContentFile

from portal.operations.storage import private_storage

FOLDER = "training/certificates/signed"


def name_of(code):
    return f"{FOLDER}/{code}.pdf"


def stored(certificate, make):
    """The stored bytes of `certificate`'s signed PDF; made with `make()` and stored when missing."""
    name = name_of(certificate.code)
    try:
        with private_storage().open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        pass
    body = make()
    saved = private_storage().save(name, ContentFile(body))
    if saved != name:  # another worker stored it meanwhile (the same bytes): keep theirs
        private_storage().delete(saved)
    return body


def discard(code):
    """Forget the stored copy (revoked, or the holder's name withheld): the next request draws it again."""
    private_storage().delete(name_of(code))
