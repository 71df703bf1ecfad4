"""Checks for uploaded files by size and by what they really are, not by their name.

The extension a browser sends is only a claim: a PDF must start with "%PDF-", Office files (docx, xlsx, pptx, odt)
and ZIPs must be ZIP archives within the limits of portal.security.archives (uncompressed size, ratio, entries, no XML
entities), text files must be UTF-8 text, and an image must decode completely (Wagtail reads only its header; size,
pixels of all frames and extensions: WAGTAILIMAGES_MAX_UPLOAD_SIZE / _MAX_IMAGE_PIXELS / _EXTENSIONS).
Used by Wagtail's document and image forms (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILIMAGES_IMAGE_FORM_BASE) and by
our own upload forms (training's dispatch PDFs).
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from portal.security.archives import check_archive

ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}
TEXT = {"csv", "txt"}
SNIFF_BYTES = 64 * 1024


def extension(upload):
    return PurePath(upload.name or "").suffix.lower().lstrip(".")


def _head(upload, size):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_size(upload, max_size):
    if upload.size > max_size:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s): tối đa %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_size)},
            code="file_too_large",
        )


def check_content(upload, kind):
    """Refuse a file whose bytes are not what its extension `kind` claims."""
    if kind == "pdf":
        ok = _head(upload, 5) == b"%PDF-"
    elif kind in ZIP_BASED:
        upload.seek(0)
        ok = zipfile.is_zipfile(upload)
        upload.seek(0)
        if ok:
            check_archive(upload, kind)  # sizes, ratio, entry count and XML entities, without extracting
    elif kind in TEXT:
        head = _head(upload, SNIFF_BYTES)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # Only a multi-byte character cut at the end of the sniffed part is forgiven.
            ok = len(head) == SNIFF_BYTES and error.start >= len(head) - 3
        else:
            ok = b"\x00" not in head
    else:
        ok = True
    if not ok:
        raise ValidationError(
            _("Nội dung tệp không phải %(kind)s như phần mở rộng của tên tệp: hãy chọn đúng tệp.")
            % {"kind": kind.upper()},
            code="file_content_mismatch",
        )


def validate_pdf(upload, max_size=10 * 1024 * 1024):
    check_size(upload, max_size)
    if extension(upload) != "pdf":
        raise ValidationError(_("Chỉ nhận tệp PDF (.pdf)."), code="file_extension")
    check_content(upload, "pdf")
    return upload


def say_too_large_in_vietnamese(field):
    """Wagtail's texts for a file over its size limit have no Vietnamese in its catalogue, and the admin's
    multiple-upload widget shows the one without the size (checked in the browser, before sending) to everyone."""
    field.error_messages["file_too_large"] = _("Tệp quá lớn (%(file_size)s): tối đa %(max_filesize)s.")
    field.error_messages["file_too_large_unknown_size"] = _("Tệp quá lớn: mỗi tệp tối đa %(max)s.") % {
        "max": field.max_upload_size_text
    }


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content contradicts their name (Wagtail itself checks the
    size against WAGTAILDOCS_MAX_UPLOAD_SIZE and the extension against WAGTAILDOCS_EXTENSIONS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            say_too_large_in_vietnamese(self.fields["file"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_content(upload, extension(upload))
        return upload


def check_total_pixels(image):
    """Every frame counts: Wagtail's own check (WAGTAILIMAGES_MAX_IMAGE_PIXELS) multiplies by Willow's frame count,
    which is always 1 with Pillow, so an animated GIF, WebP or PNG of many large frames passed."""
    frames = getattr(image, "n_frames", 1)
    pixels = image.width * image.height * frames
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if limit and pixels > limit:
        raise ValidationError(
            _(
                "Ảnh có %(pixels)s triệu điểm ảnh trên %(frames)s khung hình, vượt giới hạn %(max)s triệu: hãy giảm "
                "kích thước hoặc số khung hình rồi tải lên lại."
            )
            % {"pixels": number_format(pixels / 1e6, 1), "frames": frames, "max": number_format(limit / 1e6, 1)},
            code="image_too_many_pixels",
        )


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, which reads only the header: a truncated or corrupt file made it raise (a 500) or
    was stored and broke every page showing it. This one decodes the whole image with Pillow first."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
            if upload is not None and extension(upload) != "svg":
                upload.seek(0)
                with PILImage.open(upload) as image:
                    check_total_pixels(image)
                    image.load()
                upload.seek(0)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for damaged files
            raise ValidationError(
                _("Tệp ảnh bị hỏng hoặc không đầy đủ: hãy xuất lại ảnh (JPEG, PNG, WebP, GIF) rồi tải lên."),
                code="invalid_image",
            ) from error
        return upload


class ImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the file field that decodes the whole image.
    Swapped in __init__, not declared, so the multiple-upload edit form can still leave the file out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = CheckedImageField(
                label=field.label, required=field.required, widget=field.widget, help_text=field.help_text
            )
            say_too_large_in_vietnamese(self.fields["file"])


# Photos from phones carry EXIF: GPS position (often a home), device, time. The idea bank publishes what the public
# sends, so its images are re-saved without metadata before they are stored; the orientation EXIF would have given
# is applied to the pixels first. A JPEG without a rotation keeps its own quantisation (quality="keep": no loss).
REWRITTEN_FORMATS = {"JPEG", "PNG", "WEBP"}


def without_metadata(upload):
    """The image `upload` (already checked by CheckedImageField) as a new file without EXIF, XMP, comments or text
    chunks (the ICC colour profile stays); GIFs (no EXIF) and other formats are returned unchanged."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageOps

    upload.seek(0)
    with PILImage.open(upload) as image:
        kind = image.format
        if kind not in REWRITTEN_FORMATS:
            upload.seek(0)
            return upload
        rotated = image.getexif().get(0x0112, 1) not in (0, 1)
        pixels = ImageOps.exif_transpose(image) if rotated else image
        options = {"icc_profile": image.info.get("icc_profile")}  # colours, not personal: kept
        if kind == "JPEG":
            options["quality"] = 90 if rotated else "keep"
            if not rotated:
                options["subsampling"] = "keep"
        elif kind == "WEBP":
            options.update(quality=90, lossless=bool(image.info.get("lossless")))
        buffer = BytesIO()
        pixels.save(buffer, kind, **{key: value for key, value in options.items() if value is not None})
    return SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=getattr(upload, "content_type", None))
