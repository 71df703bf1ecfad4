"""Certificate templates the Board designs in the Wagtail admin (issue 15 item 3), and their frozen copies.

A CertificateTemplate is a snippet with drafts and revisions (DraftStateMixin, RevisionMixin): the Board edits a
draft, looks at the preview (PreviewableMixin: a PDF of sample data drawn from the unsaved form) and publishes.
Certificates are issued with the *live* version: `frozen_layout` copies it (boxes, page, border, images copied
by content to the private storage) into the certificate's snapshot, so the certificate keeps that version whatever
is edited, published or deleted afterwards (training.certificates.layout draws it).

Which template: the course's (Course.certificate_template), else the setting's (CertificateSettings: one for
courses, one for events' attendance), else none: today's built-in page (pdf.draw_page).
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from training.certificates import assets, layout, pdf
from training.certificates.enums import CertificateKind

BOX_KINDS = [
    ("name", _("Họ và tên người được cấp")),
    ("course", _("Tên khóa đào tạo / sự kiện")),
    ("hours", _("Thời lượng (giờ)")),
    ("dates", _("Thời gian đào tạo (từ ngày … đến ngày …)")),
    ("details", _("Các dòng chi tiết (thời gian, thời lượng, lĩnh vực, quyết định, hiệu lực, địa điểm)")),
    ("serial", _("Số hiệu")),
    ("code", _("Mã xác minh")),
    ("decision", _("Số quyết định")),
    ("qr", _("Mã QR xác minh")),
    ("verify_hint", _("Hướng dẫn xác minh và địa chỉ")),
    ("board", _("Tên Ban Điều hành")),
    ("motto", _("Quốc hiệu, tiêu ngữ")),
    ("heading", _("Tiêu đề “GIẤY CHỨNG NHẬN”")),
    ("subtitle", _("Dòng loại giấy (HOÀN THÀNH KHÓA ĐÀO TẠO…)")),
    ("holder_label", _("Dòng “Chứng nhận Ông/Bà:”")),
    ("statement", _("Câu dẫn (Đã hoàn thành khóa đào tạo…)")),
    ("sectors", _("Lĩnh vực")),
    ("expiry", _("Giá trị đến ngày")),
    ("extra", _("Dòng thêm (thời gian, địa điểm sự kiện)")),
    ("place_date", _("Nơi cấp, ngày cấp")),
    ("signatory_title", _("Chức danh người ký")),
    ("signatory_name", _("Người ký")),
    ("signature", _("Ảnh chữ ký")),
    ("logo", _("Biểu trưng (logo)")),
    ("text", _("Chữ tự nhập")),
]


class BoxBlock(blocks.StructBlock):
    """One field placed on the page: its box in millimetres from the page's top left corner."""

    kind = blocks.ChoiceBlock(choices=BOX_KINDS, label=_("Nội dung"))
    x = blocks.DecimalBlock(label=_("Cách lề trái (mm)"), min_value=0, max_value=297, decimal_places=1)
    y = blocks.DecimalBlock(label=_("Cách lề trên (mm)"), min_value=0, max_value=297, decimal_places=1)
    width = blocks.DecimalBlock(label=_("Rộng (mm)"), min_value=1, max_value=297, decimal_places=1)
    height = blocks.DecimalBlock(label=_("Cao (mm)"), min_value=1, max_value=297, decimal_places=1)
    size = blocks.DecimalBlock(
        label=_("Cỡ chữ (pt)"), min_value=6, max_value=72, decimal_places=1, default=12,
        help_text=_("Cỡ lớn nhất: chữ dài được thu nhỏ hoặc xuống dòng để không tràn khung."),
    )  # fmt: skip
    weight = blocks.ChoiceBlock(
        choices=[("regular", _("Thường")), ("bold", _("Đậm")), ("italic", _("Nghiêng"))],
        default="regular", label=_("Kiểu chữ"),
    )  # fmt: skip
    align = blocks.ChoiceBlock(
        choices=[("left", _("Trái")), ("center", _("Giữa")), ("right", _("Phải"))], default="center",
        label=_("Căn lề"),
    )  # fmt: skip
    colour = blocks.ChoiceBlock(
        choices=[("black", _("Đen")), ("navy", _("Xanh đậm")), ("red", _("Đỏ")), ("grey", _("Xám"))],
        default="black", label=_("Màu chữ"),
    )  # fmt: skip
    text = blocks.CharBlock(required=False, max_length=300, label=_("Chữ (cho “Chữ tự nhập”)"))

    class Meta:
        icon = "placeholder"
        label = _("Ô nội dung")


def default_stream():
    return [{"type": "box", "value": {k: v for k, v in b.items()}} for b in layout.default_boxes()]


class CertificateTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new object's form takes its initial values from the model fields' defaults as they are: for the boxes,
        # default_stream()'s raw list, which Wagtail's StreamField widget cannot render (the add form was a 500).
        # The new instance holds them as StreamField.get_default made them, a StreamValue; and no second, hidden
        # copy of the editor for Django's "has the callable default changed" check.
        if self.instance._state.adding and "boxes" not in self.initial:
            self.initial["boxes"] = self.instance.boxes
        self.fields["boxes"].show_hidden_initial = False


class CertificateTemplate(DraftStateMixin, RevisionMixin, PreviewableMixin, models.Model):
    name = models.CharField(_("tên mẫu"), max_length=120)
    orientation = models.CharField(
        _("khổ giấy A4"), max_length=10, default="landscape",
        choices=[("landscape", _("A4 ngang")), ("portrait", _("A4 dọc"))],
    )  # fmt: skip
    border = models.CharField(
        _("viền"), max_length=10, default="double", choices=[("double", _("Viền kép xanh")), ("none", _("Không viền"))]
    )
    background = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh nền"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Phủ kín trang (kể cả viền in sẵn trong ảnh)."),
    )  # fmt: skip
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("biểu trưng"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    signature = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh chữ ký"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    signatory_name = models.CharField(
        _("người ký"), max_length=120, blank=True, help_text=_("Để trống: theo Cài đặt → Giấy chứng nhận.")
    )
    signatory_title = models.CharField(
        _("chức danh người ký"), max_length=160, blank=True, help_text=_("Để trống: theo Cài đặt → Giấy chứng nhận.")
    )
    boxes = StreamField([("box", BoxBlock())], verbose_name=_("các ô nội dung"), default=default_stream)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="certificate_template")

    base_form_class = CertificateTemplateForm
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("orientation"), FieldPanel("border")]),
        MultiFieldPanel([FieldPanel("background"), FieldPanel("logo"), FieldPanel("signature")], heading=_("Hình ảnh")),
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
        FieldPanel("boxes"),
    ]

    class Meta:
        verbose_name = _("mẫu giấy chứng nhận")
        verbose_name_plural = _("mẫu giấy chứng nhận")

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        width, height = (210, 297) if self.orientation == "portrait" else (297, 210)
        outside = [
            index + 1
            for index, child in enumerate(self.boxes or [])
            if child.value["x"] + child.value["width"] > width or child.value["y"] + child.value["height"] > height
        ]
        if outside:
            raise ValidationError(
                {"boxes": _("Ô số %(boxes)s vượt ra ngoài trang A4 (%(width)s × %(height)s mm).")
                 % {"boxes": ", ".join(map(str, outside)), "width": width, "height": height}}
            )  # fmt: skip

    # --- preview: a PDF of sample data, drawn from the unsaved form -------------------------------------------

    preview_modes = [
        ("", _("Giấy chứng nhận hoàn thành khóa mẫu (PDF)")),
        ("attendance", _("Giấy chứng nhận tham dự mẫu (PDF)")),
    ]

    def serve_preview(self, request, mode_name):
        frozen, images = frozen_layout(self, keep=False)
        body = pdf.render_certificate(sample_data(frozen, mode_name), layout=frozen, assets=images)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="mau-giay-chung-nhan.pdf"'
        return response


SAMPLE_NAME = "Nguyễn Thị Minh Khai"
SAMPLE_COURSE = (
    "Bồi dưỡng kỹ năng hỗ trợ khởi nghiệp đổi mới sáng tạo cho cán bộ các sở, ban, ngành, địa phương, "
    "trường đại học, cao đẳng và giáo dục nghề nghiệp trên địa bàn tỉnh Quảng Nam năm 2022"
)


SAMPLE_EVENT_LINES = (
    "Thời gian: từ ngày 15/11/2022 đến ngày 16/11/2022",
    "Địa điểm: Trung tâm Hội nghị tỉnh Quảng Nam, 02 Trần Hưng Đạo, Tam Kỳ",
)


def sample_data(frozen, mode=""):
    """What the preview prints: a long name and a long course title, to show the boxes' shrinking; in the
    "attendance" mode, a certificate of attendance with the event's lines."""
    from training.certificates.services import board_settings

    portal_settings, cert_settings = board_settings()
    code = "MAUXEMTRUOC2345678ABCDEF"
    data = pdf.CertificateData(
        holder_name=SAMPLE_NAME,
        course_title=SAMPLE_COURSE,
        kind=CertificateKind.COMPLETION.value,
        serial="ToT-2022-0001",
        code=code,
        issued_on=date(2022, 6, 30),
        verify_url=f"https://khoinghiep.quangnam.gov.vn/tot/xac-minh/{code}/",
        board_name=portal_settings.board_name,
        signatory_name=frozen.get("signatory_name") or cert_settings.signatory_name,
        signatory_title=frozen.get("signatory_title") or cert_settings.signatory_title,
        place=cert_settings.place,
        decision_number="15/QĐ-BĐH",
        start_date=date(2022, 5, 3),
        end_date=date(2022, 6, 28),
        hours=24,
    )
    if mode == "attendance":
        return replace(
            data, kind=CertificateKind.ATTENDANCE.value, serial="SK-2022-0001", decision_number="", start_date=None,
            end_date=None, hours=None, extra_lines=SAMPLE_EVENT_LINES,
            course_title="Hội nghị mạng lưới câu lạc bộ khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam lần thứ nhất",
        )  # fmt: skip
    return data


def _number(value):
    return float(value) if isinstance(value, Decimal | int | float) else value


def frozen_layout(template, keep=True):
    """(layout, {asset name: bytes}): the JSON copy of `template` as it stands (the caller passes the version:
    the live one for issuing, the unsaved form's for the preview). With `keep`, its images are copied to the
    private storage (assets.store); without (the preview), nothing is written anywhere."""
    images, found = {}, {}
    for key in ("background", "logo", "signature"):
        image = getattr(template, key)
        if image is None:
            images[key] = None
            continue
        if keep:
            images[key] = assets.store(image)
        else:
            content, extension = assets.prepared(image)
            images[key] = assets.name_for(content, extension)
            found[images[key]] = content
    boxes = [{k: _number(v) for k, v in dict(child.value).items()} for child in template.boxes]
    frozen = {
        "orientation": template.orientation,
        "border": template.border,
        **images,
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "boxes": boxes,
        "template": {"id": template.pk, "revision": getattr(template, "live_revision_id", None), "name": template.name},
    }
    return frozen, found


def live_version(template):
    """The published version of `template` (None if it was never published or is unpublished)."""
    if template is None or not template.live:
        return None
    if template.live_revision_id:
        version = template.live_revision.as_object()
        version.live_revision_id = template.live_revision_id
        return version
    return template


def candidates(kind, course=None, cert_settings=None):
    """The templates that may apply, first choice first: the course's, then the setting's."""
    if course is not None and course.certificate_template_id:
        yield course.certificate_template
    if cert_settings is not None:
        setting = "attendance_template" if kind == CertificateKind.ATTENDANCE else "default_template"
        if getattr(cert_settings, f"{setting}_id"):
            yield getattr(cert_settings, setting)


def layout_for(kind, course=None, cert_settings=None):
    """The frozen layout certificates of `kind` (of `course`) are issued with now: the first published candidate's
    live version, or None (the built-in page). Asked once per batch: a few queries whatever the number."""
    for template in candidates(kind, course, cert_settings):
        version = live_version(template)
        if version is not None:
            return frozen_layout(version)[0]
    return None
