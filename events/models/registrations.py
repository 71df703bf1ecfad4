"""Who comes: registrations (with a waiting list), study-tour delegates and their reports."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.ordering import vi

from ..enums import ACTIVE_REGISTRATION, RegistrationStatus


def new_secret():
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_REGISTRATION)

    def for_user(self, user):
        """A person's own registrations: by account, or by the e-mail they registered with before logging in."""
        if not user.is_authenticated:
            return self.none()
        condition = Q(user=user)
        if user.email:
            condition |= Q(user__isnull=True, email__iexact=user.email)
        return self.filter(condition)


class Registration(models.Model):
    """A place at an event, or a place in its waiting list. Personal data (Decree 13/2023/NĐ-CP): seen only
    by the person and the Board, never in a public feed."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("sự kiện"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    email = models.EmailField(_("thư điện tử"))
    phone = models.CharField(_("điện thoại"), max_length=20)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True, default=new_secret, editable=False)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"))
    consent_notice = models.CharField(_("thông báo đã đồng ý"), max_length=60, blank=True, editable=False)
    attended = models.BooleanField(_("có mặt"), default=False)
    attendance_marked_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    promoted_at = models.DateTimeField(_("được chuyển từ danh sách chờ lúc"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        constraints = [
            # One place per e-mail and event; a cancelled registration frees the address again.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_REGISTRATION),
                name="events_one_active_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} – {self.event}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status in ACTIVE_REGISTRATION


class DelegateQuerySet(models.QuerySet):
    def missing_reports(self, now=None):
        """Delegates of finished study tours who owe a report: none filed by them, and none filed by their
        delegation head (same agency) on behalf of the whole delegation."""
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        covered = StudyTourReport.objects.filter(
            event=OuterRef("event"), for_delegation=True, delegate__is_head=True, delegate__agency=OuterRef("agency")
        )
        from .pages import over

        return self.filter(
            over(now or timezone.now(), prefix="event__"), event__kind__is_study_tour=True, report__isnull=True
        ).exclude(Exists(covered))


class Delegate(models.Model):
    """A person an agency (or the Board) nominates into a study-tour delegation: only they may register
    when the event is `delegates_only`, and each of them owes a report after the tour."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("chuyến đi"), on_delete=models.CASCADE, related_name="delegates"
    )
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan cử"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="event_delegates",
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    email = models.EmailField(_("thư điện tử"))
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    is_head = models.BooleanField(_("trưởng đoàn"), default=False)
    # Decree 13/2023: the agency declares the delegate's consent (portal.personal_data.notices.DELEGATE).
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True, editable=False)
    consent_notice = models.CharField(_("thông báo đã đồng ý"), max_length=60, blank=True, editable=False)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cử"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("cử lúc"), auto_now_add=True)

    objects = DelegateQuerySet.as_manager()

    class Meta:
        ordering = ["event", "-is_head", vi("full_name")]
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="events_one_delegate_per_email")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class StudyTourReport(models.Model):
    """What a delegate learnt on a study tour. A delegation head may report for the whole delegation."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("chuyến đi"), on_delete=models.PROTECT, related_name="tour_reports"
    )
    delegate = models.OneToOneField(
        Delegate, verbose_name=_("thành viên đoàn"), on_delete=models.PROTECT, related_name="report"
    )
    for_delegation = models.BooleanField(_("báo cáo chung của đoàn"), default=False)
    lessons = models.TextField(_("những điều học được"))
    proposals = models.TextField(_("đề xuất áp dụng tại Quảng Nam"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), auto_now_add=True)

    class Meta:
        ordering = ["event", "submitted_at"]
        verbose_name = _("báo cáo chuyến đi")
        verbose_name_plural = _("báo cáo chuyến đi")

    def __str__(self):
        return f"{self.delegate} – {self.event}"
