"""What a person's private calendar feed needs: their secret token and the clubs they follow."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32  # 256 bits: unguessable


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarToken(models.Model):
    """The secret in a personal feed URL. Resetting it replaces the value: the old URL becomes a 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mã lịch cá nhân")
        verbose_name_plural = _("mã lịch cá nhân")

    def __str__(self):
        return str(self.user)


class ClubFollow(models.Model):
    """A person follows a club: its events appear in their personal calendar feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="club_follows"
    )
    club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ"), on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(_("theo dõi từ"), auto_now_add=True)

    class Meta:
        verbose_name = _("theo dõi câu lạc bộ")
        verbose_name_plural = _("theo dõi câu lạc bộ")
        constraints = [models.UniqueConstraint(fields=["user", "club"], name="events_follow_club_once")]

    def __str__(self):
        return f"{self.user} → {self.club}"
