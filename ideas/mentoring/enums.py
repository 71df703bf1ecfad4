from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorKind(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Doanh nhân")
    ADVISER = "adviser", _("Chuyên gia tư vấn")
    TRAINER = "trainer", _("Giảng viên, huấn luyện viên")


class ProfileState(models.TextChoices):
    APPLIED = "applied", _("Chờ Ban Điều hành xét")
    ADMITTED = "admitted", _("Đã vào mạng lưới")
    DECLINED = "declined", _("Không được nhận")
    LEFT = "left", _("Đã rời mạng lưới")


class RequestState(models.TextChoices):
    PENDING = "pending", _("Chờ trả lời")
    ACCEPTED = "accepted", _("Đã nhận")
    DECLINED = "declined", _("Từ chối")
    CLOSED = "closed", _("Đã đóng")


# The moves from each state, read by both the rules and the services.
PROFILE_TRANSITIONS = {
    ProfileState.APPLIED: {ProfileState.ADMITTED, ProfileState.DECLINED, ProfileState.LEFT},
    ProfileState.ADMITTED: {ProfileState.LEFT},
    ProfileState.DECLINED: {ProfileState.APPLIED},
    ProfileState.LEFT: {ProfileState.APPLIED},
}
REQUEST_TRANSITIONS = {
    RequestState.PENDING: {RequestState.ACCEPTED, RequestState.DECLINED, RequestState.CLOSED},
    RequestState.ACCEPTED: {RequestState.CLOSED},
    RequestState.DECLINED: set(),
    RequestState.CLOSED: set(),
}
