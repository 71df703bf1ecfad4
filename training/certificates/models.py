"""Certificates (course completion, source-trainer certification, and later event attendance), their serial
counters, the Board's signatory settings and the background bundles of a cohort's certificates.

A certificate is generic: holder name, title, kind, serial, code, dates and a frozen `data` snapshot from which
its PDF is drawn (training.certificates.pdf), so it stays reproducible whatever changes afterwards. The link to an
enrolment is optional: the events app issues attendance certificates with `reference` instead.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.operations.storage import private_storage
from training.certificates.enums import BundleStatus, CertificateKind, RenewalStatus


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """Who signs the certificates and where: printed on every certificate issued from now on."""

    signatory_name = models.CharField(_("người ký"), max_length=120, default="Trần Thị Thu Hà")
    signatory_title = models.CharField(_("chức danh người ký"), max_length=160, default="Trưởng Ban Điều hành")
    place = models.CharField(_("nơi cấp"), max_length=60, default="Quảng Nam")
    default_template = models.ForeignKey(
        "training.CertificateTemplate",
        verbose_name=_("mẫu giấy chứng nhận của khóa đào tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Cho các khóa không chọn mẫu riêng. Để trống: mẫu có sẵn."),
    )
    attendance_template = models.ForeignKey(
        "training.CertificateTemplate",
        verbose_name=_("mẫu giấy chứng nhận tham dự sự kiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống: mẫu có sẵn."),
    )

    panels = [
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("default_template"), FieldPanel("attendance_template")]),
    ]

    class Meta:
        verbose_name = _("giấy chứng nhận")


class SerialCounter(models.Model):
    """The last number used in a series (a serial format) in a year. Locked with SELECT ... FOR UPDATE by
    training.certificates.serials.reserve_serials inside the issuing transaction: no gaps, no duplicates."""

    series = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số hiệu")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="training_serial_counter_unique")]

    def __str__(self):
        return f"{self.series} / {self.year}: {self.last_number}"


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        """The certificates a person may open: their own; the Board's every one."""
        from training.rules import is_board

        if is_board(user):
            return self
        if user and user.is_authenticated:
            return self.filter(holder=user)
        return self.none()

    def downloadable_by(self, user):
        """The certificates whose PDF a person may download: the Board's every one (revoked ones come stamped);
        anyone else only their own, and not once revoked."""
        from training.rules import is_board

        if is_board(user):
            return self
        return self.for_user(user).filter(revoked_at__isnull=True)

    def valid(self):
        """Neither revoked nor superseded by a renewal."""
        return self.filter(revoked_at__isnull=True, superseded_at__isnull=True)


class Certificate(models.Model):
    kind = models.CharField(_("loại"), max_length=20, choices=CertificateKind.choices, db_index=True)
    holder_name = models.CharField(_("người được cấp"), max_length=120)
    title = models.CharField(_("khóa đào tạo / sự kiện"), max_length=255)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người được cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    enrolment = models.ForeignKey(
        "training.Enrolment",
        verbose_name=_("học viên của lớp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    reference = models.CharField(
        _("tham chiếu"), max_length=100, blank=True, db_index=True, help_text=_("Ví dụ: events.registration:42.")
    )
    serial = models.CharField(_("số hiệu"), max_length=60, unique=True)
    code = models.CharField(_("mã xác minh"), max_length=40, unique=True)
    issued_on = models.DateField(_("ngày cấp"))
    issued_at = models.DateTimeField(_("thời điểm cấp"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_on = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("cấp lại thay cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    superseded_at = models.DateTimeField(
        _("thời điểm được thay thế"),
        null=True,
        blank=True,
        help_text=_("Khi gia hạn công nhận: giấy mới thay thế giấy này (không phải thu hồi)."),
    )
    data = models.JSONField(_("dữ liệu in"), default=dict, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind"],
                condition=Q(revoked_at__isnull=True, superseded_at__isnull=True, enrolment__isnull=False),
                name="training_one_valid_certificate_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.serial} – {self.holder_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_superseded(self):
        return self.superseded_at is not None

    @property
    def superseded_by(self):
        """The certificate a renewal issued in place of this one (None unless superseded)."""
        if self.superseded_at is None:
            return None
        return self.replaced_by.order_by("-issued_at", "-pk").first()

    def is_expired(self, today=None):
        """Valid through its expiry date inclusive: expired from the day after."""
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    @property
    def holder_withheld(self):
        """The holder asked to be erased (training.certificates.services.withhold_holder): valid, but nameless."""
        return bool(self.data.get("holder_withheld"))

    @property
    def issuer_name(self):
        """Who issued it, as printed where the Board's name is (frozen at issue): the Board, or the body it was
        issued for (services.Issuer, a district organising a competition)."""
        return self.data.get("board_name") or ""

    @property
    def issued_through(self):
        """The Board whose portal issued and signed it for another body (its name at issue); "" when the Board
        issued it itself."""
        issuer = self.data.get("issuer") or {}
        return (issuer.get("board_name") or "") if issuer.get("name") else ""

    def _template_version(self):
        """The designed template and revision it is drawn with (frozen at issue), or the built-in page."""
        template = (self.data.get("layout") or {}).get("template")
        if not template:
            return _("Mẫu có sẵn")
        if template.get("revision"):
            return _("%(name)s (phiên bản %(revision)s)") % template
        return template.get("name") or ""

    _template_version.short_description = _("mẫu giấy chứng nhận")
    template_version = property(_template_version)

    def snapshot(self):
        from training.certificates.pdf import CertificateData

        return CertificateData.from_json(self.data)


class RenewalRequest(models.Model):
    """A certified trainer's request to renew their certification, with the deliveries they offer as evidence.

    At most one pending request per trainer (a partial unique constraint, besides the service's row lock)."""

    profile = models.ForeignKey(
        "training.TrainerProfile",
        verbose_name=_("giảng viên nguồn"),
        on_delete=models.PROTECT,
        related_name="renewal_requests",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RenewalStatus.choices, default=RenewalStatus.PENDING, db_index=True
    )
    deliveries = models.ManyToManyField(
        "training.PracticumDelivery", verbose_name=_("buổi giảng dạy làm minh chứng"), blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú của giảng viên"), max_length=2000, blank=True)
    expires_on_at_request = models.DateField(_("hiệu lực đến (khi đề nghị)"), null=True, blank=True)
    requested_at = models.DateTimeField(_("thời điểm đề nghị"), default=timezone.now)
    decided_at = models.DateTimeField(_("thời điểm xét"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("lý do từ chối"), blank=True)
    new_certificate = models.ForeignKey(
        Certificate, verbose_name=_("giấy chứng nhận mới"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    # The deliveries a request rests on are not deleted from under it (portal.admin.delete).
    protecting_m2m = ("deliveries",)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("đề nghị gia hạn công nhận")
        verbose_name_plural = _("đề nghị gia hạn công nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(status="pending"), name="training_one_pending_renewal"
            )
        ]

    def __str__(self):
        return f"{self.profile} – {self.requested_at:%d/%m/%Y}"


class ExpiryReminder(models.Model):
    """One reminder per certification period: the (trainer, expiry date) pair is unique, so a second run of
    remind_certification_expiries sends nothing, and a renewal (a new expiry date) opens a new period."""

    profile = models.ForeignKey("training.TrainerProfile", on_delete=models.CASCADE, related_name="+")
    expires_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nhắc hạn công nhận")
        constraints = [
            models.UniqueConstraint(fields=["profile", "expires_on"], name="training_one_expiry_reminder")
        ]

    def __str__(self):
        return f"{self.profile} – {self.expires_on:%d/%m/%Y}"


def bundle_upload_to(instance, filename):
    return f"training/bundles/{uuid.uuid4().hex}.zip"


class CertificateBundle(models.Model):
    """One ZIP of a cohort's certificates, built in the background (django_tasks) with its progress."""

    cohort = models.ForeignKey("training.Cohort", on_delete=models.CASCADE, related_name="bundles")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=BundleStatus.choices, default=BundleStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=bundle_upload_to, storage=private_storage, blank=True, max_length=255)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("gói giấy chứng nhận")

    def __str__(self):
        return f"{self.cohort} – {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else (100 if self.status == BundleStatus.DONE else 0)
