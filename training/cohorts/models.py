"""Courses, their cohorts and sessions, enrolments of accepted nominees, attendance, and the trainers that
come out of them (practicum deliveries at clubs, certification)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from portal.ordering import vi
from training.certificates.serials import validate_serial_format
from training.cohorts.enums import (
    HOLDS_PLACE,
    AttendanceStatus,
    CohortState,
    DeliveryRole,
    EnrolmentStatus,
    TrainerStatus,
)


class Course(models.Model):
    """A training course and its rules: how one completes it, becomes certified, and how certificates are numbered."""

    title = models.CharField(_("tên khóa đào tạo"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("tỉ lệ chuyên cần tối thiểu (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Tính trên tổng số buổi học theo kế hoạch của lớp (không chỉ các buổi đã học)."),
    )
    must_pass_assessment = models.BooleanField(_("phải đạt đánh giá cuối khóa"), default=True)
    practicum_sessions_required = models.PositiveSmallIntegerField(
        _("số buổi thực hành giảng dạy tại CLB"),
        default=3,
        help_text=_("Số buổi đã được xác nhận cần có để được công nhận giảng viên nguồn."),
    )
    serial_format = models.CharField(
        _("mẫu số hiệu giấy chứng nhận hoàn thành"),
        max_length=60,
        default="ToT-{year}-{number:04d}",
        validators=[validate_serial_format],
        help_text=_("Dùng {year} (năm cấp) và {number} (số thứ tự), ví dụ ToT-{year}-{number:04d}."),
    )
    certification_serial_format = models.CharField(
        _("mẫu số hiệu giấy chứng nhận giảng viên nguồn"),
        max_length=60,
        default="GVN-{year}-{number:04d}",
        validators=[validate_serial_format],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("thời hạn công nhận (tháng)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chứng nhận giảng viên nguồn không có thời hạn."),
    )
    certificate_template = models.ForeignKey(
        "training.CertificateTemplate",
        verbose_name=_("mẫu giấy chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text=_("Để trống: mẫu chung (Cài đặt → Giấy chứng nhận)."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_attendance_percent"), FieldPanel("must_pass_assessment")]),
                FieldRowPanel([FieldPanel("practicum_sessions_required"), FieldPanel("validity_months")]),
            ],
            heading=_("Điều kiện hoàn thành và công nhận"),
        ),
        FieldRowPanel([FieldPanel("serial_format"), FieldPanel("certification_serial_format")]),
        FieldPanel("certificate_template"),
    ]

    class Meta:
        ordering = [vi("title")]
        verbose_name = _("khóa đào tạo")
        verbose_name_plural = _("khóa đào tạo")
        constraints = [
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="training_course_percent_max_100")
        ]

    def __str__(self):
        return self.title


def started_q(now, prefix=""):
    """Sessions (under `prefix`) whose start is at or before `now`, compared in Python's clock (not SQL NOW())."""
    local = timezone.localtime(now)
    return Q(**{f"{prefix}date__lt": local.date()}) | Q(
        **{f"{prefix}date": local.date(), f"{prefix}starts_at__lte": local.time()}
    )


def ended_q(now, prefix=""):
    local = timezone.localtime(now)
    return Q(**{f"{prefix}date__lt": local.date()}) | Q(
        **{f"{prefix}date": local.date(), f"{prefix}ends_at__lte": local.time()}
    )


class CohortQuerySet(models.QuerySet):
    def for_trainee(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(enrolments__user=user).distinct()

    def in_state(self, state, now=None):
        """Cohorts in `state` at `now`, in SQL (the listing's filter); the same rule as Cohort.state."""
        now = now or timezone.now()
        planned = Session.objects.filter(cohort=models.OuterRef("pk"), is_cancelled=False)
        started = models.Exists(planned.filter(started_q(now)))
        open_ = models.Exists(planned.exclude(ended_q(now)))
        if state == CohortState.CLOSED:
            return self.filter(closed_at__isnull=False)
        qs = self.filter(closed_at__isnull=True)
        if state == CohortState.PLANNED:
            return qs.filter(~started)
        if state == CohortState.RUNNING:
            return qs.filter(started, open_)
        if state == CohortState.FINISHED:
            return qs.filter(started, ~open_)
        return self.none()


class Cohort(ClusterableModel):
    """One class of a course, with its sessions (edited inline), capacity and trainers in charge.

    Its state (CohortState) follows the clock, except the last one:
    - planned (Sắp mở): no planned (not cancelled) session has started yet;
    - running (Đang học): from the start of the first planned session until the end of the last one;
    - finished (Đã kết thúc): every planned session has ended;
    - closed (Đã đóng): set explicitly by the Board (services.close_cohort) once finished and every attendance
      and result is recorded; attendance and results are then read-only. A superuser may reopen it with a reason
      (services.reopen_cohort), back to the state the clock gives.
    The clock's states are computed, never stored, so they cannot go stale; the explicit changes are stored in
    `closed_at`/`closed_by` and logged in CohortStateChange with actor, time and reason.
    """

    course = models.ForeignKey(Course, verbose_name=_("khóa đào tạo"), on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("tên lớp"), max_length=255)
    start_date = models.DateField(_("ngày khai giảng"))
    end_date = models.DateField(_("ngày bế giảng"))
    venue = models.CharField(_("địa điểm"), max_length=255)
    capacity = models.PositiveSmallIntegerField(_("sĩ số tối đa"), validators=[MinValueValidator(1)])
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("giảng viên phụ trách"), blank=True, related_name="cohorts_in_charge"
    )
    decision = models.ForeignKey(
        "training.BoardDecision",
        verbose_name=_("quyết định công nhận hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        help_text=_("Số quyết định in trên giấy chứng nhận."),
    )
    closed_at = models.DateTimeField(_("đóng lớp lúc"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()
    # A trainer's account is not deleted from under the cohort they taught (portal.admin.delete).
    protecting_m2m = ("trainers",)

    panels = [
        FieldRowPanel([FieldPanel("course"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("capacity")]),
        FieldPanel("trainers"),
        FieldPanel("decision"),
        InlinePanel("sessions", label=_("Buổi học")),
    ]

    class Meta:
        ordering = ["-start_date", vi("name")]
        verbose_name = _("lớp đào tạo")
        verbose_name_plural = _("lớp đào tạo")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="training_cohort_ends_after_start")
        ]

    def __str__(self):
        return f"{self.name} – {self.course}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày bế giảng phải sau ngày khai giảng.")})

    def places_taken(self):
        return self.enrolments.filter(status__in=HOLDS_PLACE).count()

    def planned_sessions(self):
        """Sessions still planned (not cancelled or postponed), in order; uses prefetched `sessions` if any."""
        return sorted((s for s in self.sessions.all() if not s.is_cancelled), key=lambda s: (s.date, s.starts_at))

    def first_start(self):
        planned = self.planned_sessions()
        return planned[0].start if planned else None

    def last_end(self):
        planned = self.planned_sessions()
        return max(s.end for s in planned) if planned else None

    def clock_state(self, now=None):
        """The state the sessions give, ignoring closing."""
        now = now or timezone.now()
        planned = self.planned_sessions()
        if not planned or planned[0].start > now:
            return CohortState.PLANNED
        if max(s.end for s in planned) > now:
            return CohortState.RUNNING
        return CohortState.FINISHED

    def state(self, now=None):
        return CohortState.CLOSED if self.closed_at else self.clock_state(now)

    @property
    def is_closed(self):
        return self.closed_at is not None

    def state_label(self):
        return CohortState(self.state()).label

    state_label.short_description = _("trạng thái")


class CohortStateChange(models.Model):
    """The explicit changes of a cohort's state (closing, reopening): who, when, from which to which, and why."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="state_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    from_state = models.CharField(_("từ"), max_length=20, choices=CohortState.choices)
    to_state = models.CharField(_("sang"), max_length=20, choices=CohortState.choices)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử trạng thái lớp")
        verbose_name_plural = _("lịch sử trạng thái lớp")

    def __str__(self):
        return f"{self.cohort}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class Session(models.Model):
    """One session of a cohort. `uid` and `sequence` give calendar clients a stable identity and change count."""

    cohort = ParentalKey(Cohort, verbose_name=_("lớp"), on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    starts_at = models.TimeField(_("bắt đầu"))
    ends_at = models.TimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    topic = models.CharField(_("chủ đề"), max_length=255)
    lecturer = models.CharField(_("giảng viên"), max_length=255, blank=True)
    is_cancelled = models.BooleanField(
        _("đã hủy hoặc hoãn"), default=False, help_text=_("Buổi đã hủy hoặc hoãn không tính vào số buổi theo kế hoạch.")
    )
    cancel_reason = models.CharField(_("lý do hủy/hoãn"), max_length=255, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("lecturer")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("is_cancelled"), FieldPanel("cancel_reason")]),
    ]

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"),
            models.UniqueConstraint(fields=["cohort", "date", "starts_at"], name="training_session_unique_start"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.starts_at:%H:%M} – {self.topic}"

    def save(self, *args, **kwargs):
        # Calendar clients replace an entry only when its SEQUENCE rises: bump it when time, place or status change.
        if self.pk:
            old = (
                Session.objects.filter(pk=self.pk)
                .values("date", "starts_at", "ends_at", "place", "is_cancelled")
                .first()
            )
            if old and any(old[name] != getattr(self, name) for name in old):
                self.sequence += 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Giờ kết thúc phải sau giờ bắt đầu.")})
        if self.is_cancelled and not (self.cancel_reason or "").strip():
            raise ValidationError({"cancel_reason": _("Hãy ghi lý do hủy hoặc hoãn buổi học.")})

    def has_started(self, now=None):
        return self.start <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.end <= (now or timezone.now())

    def overlaps(self, other):
        return (
            not self.is_cancelled
            and not other.is_cancelled
            and self.date == other.date
            and self.starts_at < other.ends_at
            and other.starts_at < self.ends_at
        )

    @property
    def start(self):
        return timezone.make_aware(timezone.datetime.combine(self.date, self.starts_at))

    @property
    def end(self):
        return timezone.make_aware(timezone.datetime.combine(self.date, self.ends_at))


class EnrolmentQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=HOLDS_PLACE)

    def for_user(self, user):
        """A trainee's own enrolments; the Board's every one."""
        from training.rules import is_board

        if is_board(user):
            return self
        if user and user.is_authenticated:
            return self.filter(user=user)
        return self.none()


class Enrolment(models.Model):
    """An accepted nominee in a cohort. The person's data stay on the nomination; `user` is their log-in."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("lớp"), on_delete=models.PROTECT, related_name="enrolments")
    nomination = models.ForeignKey(
        "training.Nomination", verbose_name=_("hồ sơ đề cử"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản học viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED, db_index=True
    )
    assessment_score = models.DecimalField(
        _("điểm đánh giá cuối khóa"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    passed = models.BooleanField(_("đạt đánh giá"), null=True, blank=True)
    completed_at = models.DateTimeField(_("ngày hoàn thành"), null=True, blank=True)
    outcome_reason = models.CharField(
        _("lý do không hoàn thành"), max_length=500, blank=True, editable=False,
        help_text=_("Ghi khi đóng lớp chuyển học viên còn “Đang học” sang “Không hoàn thành”."),
    )
    at_risk_notified_at = models.DateTimeField(
        _("đã báo nguy cơ không đạt lúc"), null=True, blank=True, editable=False,
        help_text=_("Thư báo chỉ gửi một lần, khi học viên lần đầu có nguy cơ không đạt."),
    )
    enrolled_at = models.DateTimeField(_("ngày ghi danh"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", vi("nomination__full_name"), "pk"]
        verbose_name = _("học viên của lớp")
        verbose_name_plural = _("học viên của lớp")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "nomination"], name="training_enrolment_once_per_cohort"),
        ]

    def __str__(self):
        return f"{self.nomination.full_name} – {self.cohort.name}"

    @property
    def full_name(self):
        return self.nomination.full_name


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("buổi học"), on_delete=models.PROTECT, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("học viên"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("điểm danh"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="training_attendance_once")]

    def __str__(self):
        return f"{self.enrolment} – {self.session}: {self.get_status_display()}"

    def clean(self):
        if self.session_id and self.enrolment_id and self.session.cohort_id != self.enrolment.cohort_id:
            raise ValidationError(_("Buổi học này thuộc lớp khác, không thể điểm danh cho học viên này."))


class TrainerSector(TaggedItemBase):
    content_object = models.ForeignKey(
        "training.TrainerProfile", related_name="tagged_sectors", on_delete=models.CASCADE
    )


class TrainerProfileQuerySet(models.QuerySet):
    def certified(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=TrainerStatus.CERTIFIED).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def on_register(self, today=None):
        """Only a recorded consent lists a trainer (training.cohorts.services.record_register_consent)."""
        return self.certified(today).filter(show_on_register=True, register_consent_at__isnull=False)


class TrainerProfile(models.Model):
    """A trainee who completed a course: on practicum, then a certified source trainer (with sectors and expiry).

    What the public register shows is limited to the `show_*` consents the trainer gave, recorded only by
    services.record_register_consent (read-only in the admin panel).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="trainer_profile"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("khóa đã hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    display_name = models.CharField(_("họ và tên"), max_length=120)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=TrainerStatus.choices, default=TrainerStatus.PRACTICUM, db_index=True
    )
    sectors = TaggableManager(through=TrainerSector, blank=True, verbose_name=_("lĩnh vực"))
    unit = models.ForeignKey(
        "portal.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainers",
    )
    workplace = models.CharField(_("nơi công tác"), max_length=255, blank=True)
    public_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    public_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True)
    bio = models.TextField(_("giới thiệu ngắn"), max_length=1000, blank=True)
    show_on_register = models.BooleanField(_("đồng ý hiện trên danh sách giảng viên nguồn"), default=False)
    show_workplace = models.BooleanField(_("hiện nơi công tác"), default=False)
    show_email = models.BooleanField(_("hiện thư điện tử"), default=False)
    show_phone = models.BooleanField(_("hiện điện thoại"), default=False)
    register_consent_at = models.DateTimeField(
        _("cập nhật đồng ý công khai lúc"), null=True, blank=True, editable=False
    )
    certified_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    expires_on = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    renewed_on = models.DateField(_("ngày gia hạn gần nhất"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainerProfileQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("display_name"), FieldPanel("user")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("unit")]),
        FieldPanel("sectors"),
        FieldRowPanel([FieldPanel("certified_on"), FieldPanel("expires_on"), FieldPanel("renewed_on")]),
        MultiFieldPanel(
            [
                FieldPanel("workplace"),
                FieldRowPanel([FieldPanel("public_email"), FieldPanel("public_phone")]),
                FieldPanel("bio"),
                FieldRowPanel(
                    [
                        FieldPanel("show_on_register", read_only=True),
                        FieldPanel("show_workplace", read_only=True),
                        FieldPanel("show_email", read_only=True),
                        FieldPanel("show_phone", read_only=True),
                    ]
                ),
            ],
            heading=_("Thông tin công khai (theo sự đồng ý của giảng viên)"),
        ),
    ]

    class Meta:
        ordering = [vi("display_name")]
        verbose_name = _("giảng viên nguồn")
        verbose_name_plural = _("giảng viên nguồn")

    def __str__(self):
        return self.display_name

    def is_certified(self, today=None):
        today = today or timezone.localdate()
        return self.status == TrainerStatus.CERTIFIED and (self.expires_on is None or self.expires_on >= today)

    def is_expired(self, today=None):
        today = today or timezone.localdate()
        return self.status == TrainerStatus.CERTIFIED and self.expires_on is not None and self.expires_on < today


class PracticumDelivery(models.Model):
    """A training a trainer delivered (or co-delivered) at a club; it counts once confirmed by the club or the Board."""

    trainer = models.ForeignKey(
        TrainerProfile, verbose_name=_("giảng viên"), on_delete=models.PROTECT, related_name="deliveries"
    )
    date = models.DateField(_("ngày"))
    club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ"), on_delete=models.PROTECT, related_name="tot_deliveries"
    )
    topic = models.CharField(_("chủ đề"), max_length=255)
    role = models.CharField(
        _("vai trò"), max_length=10, choices=DeliveryRole.choices, default=DeliveryRole.CO_DELIVERED
    )
    participants = models.PositiveIntegerField(_("số người tham dự"), validators=[MaxValueValidator(10000)])
    notes = models.TextField(_("ghi chú"), max_length=1000, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("ngày xác nhận"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("buổi thực hành giảng dạy")
        verbose_name_plural = _("buổi thực hành giảng dạy")

    def __str__(self):
        return f"{self.trainer} – {self.club} ({self.date:%d/%m/%Y})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
