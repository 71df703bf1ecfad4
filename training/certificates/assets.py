"""The images of designed certificates (background, logo, signature), kept by content in the private storage.

A template's image is copied, once per version issued, to `training/certificates/assets/<sha256>.<ext>`: the
frozen layout names that copy, so a certificate is redrawn with the same picture even after the Wagtail image is
replaced or deleted. Images are reduced to at most MAX_SIDE pixels (300 dpi on A4) before hashing, so a phone photo
does not weigh on every PDF."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage

from portal.operations.storage import private_storage

FOLDER = "training/certificates/assets"
MAX_SIDE = 3508


def prepared(image):
    """(bytes, extension) of a Wagtail image as it is drawn: PNG when it has transparency, else JPEG."""
    with image.file.open("rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    if picture.mode in ("RGBA", "LA", "P") or "transparency" in picture.info:
        picture.convert("RGBA").save(buffer, "PNG", optimize=False)
        return buffer.getvalue(), "png"
    picture.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue(), "jpg"


def name_for(content, extension):
    return f"{FOLDER}/{hashlib.sha256(content).hexdigest()}.{extension}"


def store(image):
    """The asset name of `image`, stored when missing (the same picture is stored once)."""
    content, extension = prepared(image)
    name = name_for(content, extension)
    if not private_storage().exists(name):
        saved = private_storage().save(name, ContentFile(content))
        if saved != name:  # stored meanwhile by another worker (the same bytes)
            private_storage().delete(saved)
    return name


def load(layout, cache=None):
    """{asset name: bytes} of the images a frozen layout names; `cache` (a dict) is shared across a batch."""
    cache = {} if cache is None else cache
    found = {}
    for key in ("background", "logo", "signature"):
        name = (layout or {}).get(key)
        if not name:
            continue
        if name not in cache:
            try:
                with private_storage().open(name, "rb") as handle:
                    cache[name] = handle.read()
            except (FileNotFoundError, OSError):
                cache[name] = b""
        found[name] = cache[name]
    return found
