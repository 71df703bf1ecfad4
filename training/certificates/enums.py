"""Kinds of certificate (the events app issues the attendance kind, the idea bank's competitions the award
kind), states of a cohort's ZIP and of a renewal request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    COMPLETION = "completion", _("Hoàn thành khóa đào tạo")
    CERTIFICATION = "certification", _("Chứng nhận giảng viên nguồn")
    ATTENDANCE = "attendance", _("Tham dự sự kiện")
    AWARD = "award", _("Giải thưởng cuộc thi")


class BundleStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


class RenewalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xét duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REFUSED = "refused", _("Từ chối")
