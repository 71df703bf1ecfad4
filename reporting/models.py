"""Reporting periods (the Board's call for reports, with its form of indicators), the reports agencies and clubs
file under them, their values, their audit trail and the reminders sent. State changes only in reporting.services."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.inputs import deadlines
from portal.operations.storage import private_storage
from reporting.enums import EDITABLE, IndicatorKind, PeriodKind, ReportState

MAX_NARRATIVE = 5000


class KindsField(ParentalManyToManyField):
    """The kinds of agency or club a period asks. modelcluster sorts the chosen objects by the related model's
    Meta.ordering and cannot read an expression there (portal.ordering.vi: a TypeError, an error page, as soon as
    the Board ticks two kinds); the choices are kept in the form's order instead, in the same in-memory list that
    saving the period commits."""

    def save_form_data(self, instance, data):
        manager = getattr(instance, self.attname)
        manager.set([])  # an empty in-memory list (nothing to sort), for a new period too
        manager.get_object_list()[:] = list(data)


def figure_choices():
    from reporting import figures

    return figures.choices()


class ReportingPeriod(ClusterableModel):
    """One call for reports: who must report (agencies by kind, clubs by kind), by when, on which indicators."""

    title = models.CharField(_("tên kỳ báo cáo"), max_length=255)
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    deadline = models.DateTimeField(
        _("hạn nộp"), help_text=_("Giờ Việt Nam (Asia/Ho_Chi_Minh); hạn 16:30 nhận đến hết phút 16:30.")
    )
    agency_kinds = KindsField(
        "portal.AgencyKind", verbose_name=_("loại cơ quan phải báo cáo"), blank=True, related_name="+"
    )
    club_kinds = KindsField(
        "clubs.ClubKind", verbose_name=_("loại câu lạc bộ phải báo cáo"), blank=True, related_name="+"
    )
    instructions = models.TextField(_("hướng dẫn"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The kinds a period asks are not deleted from under it: who had to report would change (portal.admin.delete).
    protecting_m2m = ("agency_kinds", "club_kinds")

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("deadline")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldPanel("agency_kinds", widget=forms.CheckboxSelectMultiple),
                FieldPanel("club_kinds", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Ai phải báo cáo"),
        ),
        InlinePanel("indicators", label=_("Chỉ tiêu"), min_num=1),
        InlinePanel("extensions", label=_("Gia hạn riêng")),
    ]

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="reporting_period_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc kỳ phải từ ngày bắt đầu trở đi.")})

    @property
    def requires_dispatch(self):
        """A club's yearly self-report is short and needs no signed dispatch; every other report does."""
        return self.kind != PeriodKind.CLUB_YEAR

    def deadline_for(self, reporter):
        """The reporter's own deadline: its extension when the Board gave one, else the period's."""
        for extension in self.extensions.all():
            if (reporter.agency and extension.agency_id == reporter.agency.pk) or (
                reporter.club and extension.club_id == reporter.club.pk
            ):
                return extension.deadline
        return self.deadline

    def is_open_for(self, reporter, now=None):
        return deadlines.is_open(self.deadline_for(reporter), now)


class Indicator(Orderable):
    """One line of the period's form: a number, a choice or a narrative section, optionally pre-filled with a
    figure the portal already knows (reporting.figures)."""

    period = ParentalKey(ReportingPeriod, related_name="indicators", on_delete=models.CASCADE)
    label = models.CharField(_("chỉ tiêu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.NUMBER)
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)
    options = models.TextField(
        _("các lựa chọn"), max_length=2000, blank=True, help_text=_("Với chỉ tiêu lựa chọn: mỗi dòng một lựa chọn.")
    )
    unit = models.CharField(
        _("đơn vị tính"), max_length=40, blank=True, help_text=_("Ví dụ: người, dự án, triệu đồng.")
    )
    known_figure = models.CharField(
        _("số liệu có sẵn"), max_length=40, blank=True, choices=figure_choices,
        help_text=_("Điền sẵn số liệu cổng đã có cho cơ quan hoặc câu lạc bộ; người báo cáo sửa được, kèm ghi chú."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("known_figure")]),
        FieldPanel("help_text"),
        FieldPanel("options"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return self.label

    def option_list(self):
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]

    def clean(self):
        from reporting import figures

        if self.kind == IndicatorKind.CHOICE and not self.option_list():
            raise ValidationError({"options": _("Chỉ tiêu lựa chọn cần ít nhất một lựa chọn.")})
        if self.known_figure:
            if self.kind != IndicatorKind.NUMBER:
                raise ValidationError({"known_figure": _("Chỉ chỉ tiêu số liệu mới điền sẵn được.")})
            if self.known_figure not in figures.KNOWN_FIGURES:
                raise ValidationError(
                    {"known_figure": _("Không có số liệu “%(key)s”. Có: %(keys)s.")
                     % {"key": self.known_figure, "keys": ", ".join(figures.KNOWN_FIGURES)}}
                )


class PeriodExtension(Orderable):
    """A later deadline the Board gives one agency or one club, as AgencyQuota.deadline_extension does for rounds."""

    period = ParentalKey(ReportingPeriod, related_name="extensions", on_delete=models.CASCADE)
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateTimeField(_("gia hạn đến"), help_text=_("Giờ Việt Nam (Asia/Ho_Chi_Minh)."))

    panels = [FieldRowPanel([FieldPanel("agency"), FieldPanel("club"), FieldPanel("deadline")])]

    class Meta(Orderable.Meta):
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, club__isnull=True) | Q(agency__isnull=True, club__isnull=False),
                name="reporting_extension_one_reporter",
            )
        ]

    def __str__(self):
        return f"{self.agency or self.club}: {timezone.localtime(self.deadline):%H:%M %d/%m/%Y}"

    def clean(self):
        if bool(self.agency_id) == bool(self.club_id):
            raise ValidationError(_("Chọn một cơ quan hoặc một câu lạc bộ (không chọn cả hai)."))


def dispatch_upload_to(instance, filename):
    # Private storage and unguessable names: served only through a view that checks who asks.
    return f"reporting/cong-van/{instance.period_id}/{uuid.uuid4().hex}.pdf"


class ReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """What `user` may see: the Board everything; an agency nominator their agency's; a club's editors their
        club's; anyone else nothing."""
        from reporting.rules import is_board, reporter_filter

        if is_board(user):
            return self
        return self.filter(reporter_filter(user))


class Report(models.Model):
    """One agency's or one club's report in a period. Exactly one of `agency` and `club` is set."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="period_reports",
    )
    club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="period_reports",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    returned_reason = models.TextField(_("lý do trả lại"), max_length=2000, blank=True)
    dispatch_number = models.CharField(_("số công văn"), max_length=100, blank=True)
    dispatch_date = models.DateField(_("ngày công văn"), null=True, blank=True)
    dispatch_file = models.FileField(
        _("bản ký (PDF)"), upload_to=dispatch_upload_to, storage=private_storage, blank=True, max_length=255,
        validators=[FileExtensionValidator(["pdf"])],
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["period", "pk"]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, club__isnull=True) | Q(agency__isnull=True, club__isnull=False),
                name="reporting_report_one_reporter",
            ),
            models.UniqueConstraint(
                fields=["period", "agency"], condition=Q(agency__isnull=False), name="reporting_one_report_per_agency"
            ),
            models.UniqueConstraint(
                fields=["period", "club"], condition=Q(club__isnull=False), name="reporting_one_report_per_club"
            ),
        ]

    def __str__(self):
        return f"{self.reporter_name} – {self.period}"

    @property
    def reporter(self):
        from reporting.reporters import Reporter

        return Reporter(agency=self.agency, club=self.club)

    @property
    def reporter_name(self):
        return (self.agency or self.club).__str__() if (self.agency_id or self.club_id) else ""

    reporter_name_label = _("đơn vị báo cáo")

    @property
    def is_editable(self):
        return self.state in EDITABLE


class ReportValue(models.Model):
    """One indicator's answer; for a pre-filled figure, what the portal knew (`known`) and the reporter's note."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(_("số liệu"), max_digits=18, decimal_places=2, null=True, blank=True)
    choice = models.CharField(_("lựa chọn"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"), max_length=MAX_NARRATIVE, blank=True)
    known = models.DecimalField(_("số liệu cổng có sẵn"), max_digits=18, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("ghi chú khi sửa số liệu"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="reporting_one_value_each")]

    def __str__(self):
        return f"{self.indicator}: {self.display}"

    @property
    def display(self):
        if self.indicator.kind == IndicatorKind.NUMBER:
            return "" if self.number is None else self.number
        if self.indicator.kind == IndicatorKind.CHOICE:
            return self.choice
        return self.text

    @property
    def is_corrected(self):
        return self.known is not None and self.number is not None and self.number != self.known


class ReportStateChange(models.Model):
    """The audit trail: who moved a report from which state to which, when and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="state_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    from_state = models.CharField(_("từ"), max_length=20, choices=ReportState.choices)
    to_state = models.CharField(_("sang"), max_length=20, choices=ReportState.choices)
    reason = models.TextField(_("lý do"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")

    def __str__(self):
        return f"{self.report}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class ReportReminder(models.Model):
    """One reminder per reporter, period and day: the daily command can run twice without sending twice."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    reporter_key = models.CharField(max_length=40)
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("nhắc hạn báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["period", "reporter_key", "sent_on"], name="reporting_one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.period} – {self.reporter_key} ({self.sent_on:%d/%m/%Y})"
