"""States of enrolments, attendance, a trainee's progress and trainers (certificates' are in
training.certificates.enums, nominations' in training.nominations.enums)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CohortState(models.TextChoices):
    """See training.cohorts.models.Cohort for which states follow the clock and which the Board sets."""

    PLANNED = "planned", _("Sắp mở")
    RUNNING = "running", _("Đang học")
    FINISHED = "finished", _("Đã kết thúc")
    CLOSED = "closed", _("Đã đóng")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Đang học")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành")
    WITHDRAWN = "withdrawn", _("Đã rút")


# Enrolments that hold a place of the cohort's capacity.
HOLDS_PLACE = [EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Đi muộn")
    EXCUSED = "excused", _("Vắng có phép")
    ABSENT = "absent", _("Vắng")


# What counts as having attended a session for the completion rule.
ATTENDED = [AttendanceStatus.PRESENT, AttendanceStatus.LATE]


class Progress(models.TextChoices):
    """Where a trainee stands against the course's completion rule."""

    MEETS = "meets", _("Đạt điều kiện")
    AWAITING_RESULT = "awaiting_result", _("Đủ chuyên cần, chờ kết quả")
    ON_TRACK = "on_track", _("Đang đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    CANNOT = "cannot", _("Không thể đạt")


class TrainerStatus(models.TextChoices):
    PRACTICUM = "practicum", _("Giảng viên thực hành")
    CERTIFIED = "certified", _("Giảng viên nguồn")
    SUSPENDED = "suspended", _("Tạm dừng")


class DeliveryRole(models.TextChoices):
    CO_DELIVERED = "co", _("Đồng giảng dạy")
    DELIVERED = "lead", _("Giảng dạy chính")
