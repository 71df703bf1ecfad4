from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    """What the organiser decided; whether the event is still to come is its phase (EventPhase), from the clock."""

    SCHEDULED = "scheduled", _("Diễn ra theo lịch")
    CANCELLED = "cancelled", _("Đã hủy")


class EventPhase(models.TextChoices):
    """Where an event stands against the clock (EventPage.phase): never stored, always computed from its times."""

    UPCOMING = "upcoming", _("Sắp diễn ra")
    ONGOING = "ongoing", _("Đang diễn ra")
    PAST = "past", _("Đã diễn ra")


class Organiser(models.TextChoices):
    BOARD = "board", _("Ban Điều hành")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    CLUB = "club", _("Câu lạc bộ")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã xác nhận")
    WAITLISTED = "waitlisted", _("Danh sách chờ")
    CANCELLED = "cancelled", _("Đã hủy")


# Registrations that hold a place or a place in the queue.
ACTIVE_REGISTRATION = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]

# The fields whose change makes calendar clients update the entry (RFC 5545 §3.8.7.4 SEQUENCE).
SCHEDULE_FIELDS = ("title", "start", "end", "all_day", "venue", "address", "status")
