"""Kinds of certificate (the events app issues the attendance kind) and states of a cohort's ZIP."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    COMPLETION = "completion", _("Hoàn thành khóa đào tạo")
    CERTIFICATION = "certification", _("Chứng nhận giảng viên nguồn")
    ATTENDANCE = "attendance", _("Tham dự sự kiện")


class BundleStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")
