import re
from datetime import date

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.inputs.suggest import parse_id
from portal.personal_data import notices

from .models import EventKind

PHONE_RE = re.compile(r"^(?:\+84|0)\d{8,10}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def clubs_with_events():
    """Public live clubs that organise at least one event: what the events list can be filtered by."""
    from clubs.models import ClubPage

    return ClubPage.objects.live().public().filter(events__isnull=False).distinct()


def match_clubs(value):
    """(the clubs with events meant by `value`, the name to show in the box) or (none, None): a number is a club's
    id (the feeds page and older links use it), a text is the club's exact title or, failing that, part of it."""
    clubs = clubs_with_events()
    if value.isascii() and value.isdigit():  # "١٢".isdigit() too, and int() reads it as 12
        pk = parse_id(value)  # None when too long for the database
        matched = clubs.filter(pk=pk) if pk is not None else clubs.none()
        return matched, matched.values_list("title", flat=True).first()  # the box shows the club's name
    matched = clubs.filter(title=value)
    if not matched.exists():
        matched = clubs.filter(title__icontains=value)
    return matched, (value if matched.exists() else None)


def club_box(list_id):
    """A text box for a club's name, whose datalist portal/js/filter-suggest.js fills from events:club_suggest."""
    return forms.CharField(
        label=_("Câu lạc bộ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "list": list_id}),
        help_text=_("Gõ vài chữ trong tên câu lạc bộ."),
    )


NO_SUCH_CLUB = _("Không có câu lạc bộ nào có sự kiện mang tên này.")


class ClubFeedForm(forms.Form):
    """The feeds page's club box: the clubs meant, each with its calendar, instead of a list of every club's."""

    clb = club_box("feed-club-options")

    def clean_clb(self):
        value = self.cleaned_data["clb"].strip()
        if not value:
            return None
        matched, shown = match_clubs(value)
        if shown is None:
            raise forms.ValidationError(NO_SUCH_CLUB)
        return matched


class EventFilterForm(forms.Form):
    """List filters. Unknown or nonsense values are form errors shown to the visitor, never a 500."""

    club_shown = ""

    kind = forms.ModelChoiceField(
        EventKind.objects.all(), to_field_name="slug", required=False, label=_("Loại sự kiện"), empty_label=_("Tất cả")
    )
    # A text box, not a list of every club: a province has a thousand clubs with events, and the page must not
    # grow with them. portal/js/filter-suggest.js fills its datalist from events:club_suggest as one types.
    club = club_box("event-club-options")
    month = forms.CharField(
        label=_("Tháng"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Dạng năm-tháng, ví dụ 2026-03."),
    )
    when = forms.ChoiceField(
        label=_("Thời gian"),
        required=False,
        choices=[("", _("Sắp diễn ra")), ("past", _("Đã diễn ra"))],
    )

    def clean_club(self):
        """None, or the pks of the clubs meant (a subquery; see match_clubs)."""
        value = self.cleaned_data["club"].strip()
        if not value:
            return None
        matched, self.club_shown = match_clubs(value)
        if self.club_shown is None:
            raise forms.ValidationError(NO_SUCH_CLUB)
        return matched.values("pk")

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 2999):
            raise forms.ValidationError(_("Tháng không hợp lệ: hãy nhập dạng năm-tháng, ví dụ 2026-03."))
        return date(int(match[1]), int(match[2]), 1)

    def filter(self, events):
        from django.utils import timezone

        data = self.cleaned_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("club") is not None:
            events = events.filter(club_id__in=data["club"])
        if month := data.get("month"):
            following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            tz = timezone.get_current_timezone()
            start = timezone.datetime(month.year, month.month, 1, tzinfo=tz)
            end = timezone.datetime(following.year, following.month, 1, tzinfo=tz)
            events = events.filter(start__lt=end, end__gte=start)
        return events

    def query_string(self):
        values = {
            "kind": self.cleaned_data["kind"].slug if self.cleaned_data.get("kind") else "",
            "club": self.data.get("club", "").strip() if self.cleaned_data.get("club") is not None else "",
            "month": self.cleaned_data["month"].strftime("%Y-%m") if self.cleaned_data.get("month") else "",
            "when": self.cleaned_data.get("when") or "",
        }
        return urlencode({key: value for key, value in values.items() if value})


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=20, help_text=_("Ví dụ: 0905 123 456 hoặc +84 905 123 456.")
    )
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=255, required=False)
    consent = forms.BooleanField(
        label=notices.REGISTRATION.text,
        help_text=notices.RETENTION,
        error_messages={"required": _("Cần có sự đồng ý của bạn để xử lý dữ liệu đăng ký.")},
    )

    def __init__(self, *args, event=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.update(
                {
                    "full_name": user.get_full_name(),
                    "email": user.email,
                    "phone": getattr(user, "phone", ""),
                    "organisation": user.agency.name if getattr(user, "agency_id", None) else "",
                }
            )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Hãy nhập họ và tên đầy đủ."))
        return name

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ: dùng 10 chữ số bắt đầu bằng 0, hoặc +84 rồi số thuê bao.")
            )
        return phone


class StudyTourReportForm(forms.Form):
    lessons = forms.CharField(
        label=_("Những điều học được"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000
    )
    proposals = forms.CharField(
        label=_("Đề xuất áp dụng tại địa phương"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
    )
    for_delegation = forms.BooleanField(
        label=_("Đây là báo cáo chung của cả đoàn (chỉ dành cho trưởng đoàn)"), required=False
    )


class DelegateForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    email = forms.EmailField(label=_("Thư điện tử"), help_text=_("Thành viên đoàn đăng ký bằng đúng địa chỉ này."))
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    is_head = forms.BooleanField(label=_("Trưởng đoàn của cơ quan"), required=False)
    consent = forms.BooleanField(
        label=notices.DELEGATE.text,
        help_text=notices.RETENTION,
        error_messages={"required": _("Cần xác nhận người được cử đã đồng ý cho xử lý dữ liệu cá nhân.")},
    )
