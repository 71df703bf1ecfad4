"""The front end's forms: an entry as its owner writes it, and the showcase's filters. Hostile values are form
errors, never a server error; text is cleaned as it will be stored (versions keep it as JSON, which PostgreSQL
refuses with a NUL in it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.models import ClubPage
from portal.inputs.form_fields import BoundedModelChoiceField
from portal.inputs.text import clean_line, clean_text
from portal.models import AdministrativeUnit
from portal.ordering import vi
from portal.security.uploads import CheckedImageField, extension, validate_pdf

from .enums import NEED_FIELDS, Need, Stage
from .models import Entry, Sector

LINES = ["title", "contact_name", "contact_phone", "contact_email"]
TEXTS = ["summary", "team"]


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Tên ý tưởng, dự án"), max_length=200)
    summary = forms.CharField(
        label=_("Tóm tắt"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vấn đề, giải pháp, khách hàng, điểm mới (tối đa 3.000 ký tự)."),
    )
    sector = BoundedModelChoiceField(Sector.objects.all(), label=_("Lĩnh vực"), empty_label=None)
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=Stage.choices)
    needs = forms.MultipleChoiceField(
        label=_("Cần hỗ trợ"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    district = BoundedModelChoiceField(
        AdministrativeUnit.objects.filter(is_active=True), label=_("Địa bàn"), empty_label=None
    )
    club = BoundedModelChoiceField(
        ClubPage.objects.none(),
        label=_("Câu lạc bộ"),
        required=False,
        empty_label=_("Không thuộc câu lạc bộ nào"),
    )
    team = forms.CharField(
        label=_("Nhóm thực hiện"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    show_team = forms.BooleanField(label=_("Công khai nhóm thực hiện trên trang ý tưởng"), required=False)
    image = CheckedImageField(label=_("Ảnh minh họa"), required=False)
    remove_image = forms.BooleanField(label=_("Bỏ ảnh hiện có"), required=False)
    document = forms.FileField(label=_("Tài liệu (PDF)"), required=False)
    remove_document = forms.BooleanField(label=_("Bỏ tài liệu hiện có"), required=False)
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Thư điện tử liên hệ"), required=False)
    contact_phone = forms.RegexField(
        label=_("Điện thoại liên hệ"),
        regex=r"^[0-9 +().-]{6,30}$",
        max_length=30,
        required=False,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -")},
    )
    show_contact = forms.BooleanField(label=_("Công khai thông tin liên hệ trên trang ý tưởng và API"), required=False)
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý công bố ý tưởng trên cổng thông tin và chia sẻ với sàn giao dịch khởi nghiệp "
            "(chỉ những thông tin tôi chọn công khai)."
        ),
        error_messages={"required": _("Cần đồng ý công bố để gửi ý tưởng.")},
    )

    def __init__(self, *args, user, entry=None, **kwargs):
        self.entry = entry
        super().__init__(*args, **kwargs)
        clubs = ClubPage.objects.live().visible_to(user).order_by(vi("title"))
        if entry is not None and entry.club_id:  # an entry keeps its club even if it was since made private
            clubs = ClubPage.objects.filter(pk__in=list(clubs.values_list("pk", flat=True)) + [entry.club_id])
        self.fields["club"].queryset = clubs.order_by(vi("title"))
        if entry is None or not entry.image_id:
            del self.fields["remove_image"]
        if entry is None or not entry.document_id:
            del self.fields["remove_document"]

    @classmethod
    def initial_from(cls, entry, data=None):
        """The form's initial values: the entry's (or a pending version's) content."""
        data = data or {}
        value = lambda name: data.get(name, getattr(entry, name))  # noqa: E731
        return {
            **{name: value(name) for name in LINES + TEXTS + ["stage", "show_team", "show_contact", "consent"]},
            "sector": value("sector_id"),
            "district": value("district_id"),
            "club": value("club_id"),
            "needs": [need for need, field in NEED_FIELDS.items() if value(field)],
        }

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and extension(upload) == "svg":
            raise forms.ValidationError(_("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."), code="invalid_image")
        return upload

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return validate_pdf(upload) if upload else upload

    def clean(self):
        cleaned = super().clean()
        for name in LINES:
            if name in cleaned:
                cleaned[name] = clean_line(cleaned[name])
        for name in TEXTS:
            if name in cleaned:
                cleaned[name] = clean_text(cleaned[name])
        if "title" in cleaned and not cleaned["title"]:
            self.add_error("title", _("Hãy nhập tên ý tưởng."))
        if "summary" in cleaned and not cleaned["summary"]:
            self.add_error("summary", _("Hãy nhập tóm tắt."))
        if cleaned.get("show_contact") and not (cleaned.get("contact_email") or cleaned.get("contact_phone")):
            self.add_error("show_contact", _("Hãy nhập thư điện tử hoặc điện thoại để công khai thông tin liên hệ."))
        return cleaned

    def content(self):
        """The cleaned content by Entry attribute name (without the uploads, which services store)."""
        data = self.cleaned_data
        content = {name: data[name] for name in LINES + TEXTS + ["stage", "show_team", "show_contact", "consent"]}
        content.update(
            sector_id=data["sector"].pk,
            district_id=data["district"].pk,
            club_id=data["club"].pk if data.get("club") else None,
            **{field: need in data["needs"] for need, field in NEED_FIELDS.items()},
        )
        if data.get("remove_image"):
            content["image_id"] = None
        if data.get("remove_document"):
            content["document_id"] = None
        return content


class ShowcaseFilterForm(forms.Form):
    """The showcase's filters. An unknown value is ignored and said so (portal.inputs.filters), never a 500."""

    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
    sector = forms.ModelChoiceField(
        Sector.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Lĩnh vực"),
        empty_label=_("Tất cả"),
    )
    district = forms.ModelChoiceField(
        AdministrativeUnit.objects.filter(pk__in=Entry.objects.published().values("district_id")),
        to_field_name="slug",
        required=False,
        label=_("Địa bàn"),
        empty_label=_("Tất cả"),
    )
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=[("", _("Tất cả")), *Stage.choices], required=False)
    need = forms.ChoiceField(label=_("Cần hỗ trợ"), choices=[("", _("Tất cả")), *Need.choices], required=False)

    def clean_q(self):
        return clean_line(self.cleaned_data.get("q") or "")

    def choices(self):
        """(bound field, [(value, label)]) per select, for a template that renders the options itself."""
        return [
            (self["sector"], list(self.fields["sector"].queryset.values_list("slug", "name"))),
            (self["district"], list(self.fields["district"].queryset.order_by(vi("name")).values_list("slug", "name"))),
            (self["stage"], list(Stage.choices)),
            (self["need"], list(Need.choices)),
        ]

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("q"):
            entries = entries.search(data["q"])
        if data.get("sector"):
            entries = entries.filter(sector=data["sector"])
        if data.get("district"):
            entries = entries.filter(district=data["district"])
        if data.get("stage"):
            entries = entries.filter(stage=data["stage"])
        if data.get("need"):
            entries = entries.with_need(data["need"])
        return entries
