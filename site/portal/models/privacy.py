from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    """One erasure of a person on request (portal.personal_data.service.erase_person): who did it, when, under
    which request, and how many records of each kind it covered. It holds no personal data of the person."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(
        _("số, mã yêu cầu"), max_length=100, help_text=_("Ví dụ: số đơn yêu cầu xóa dữ liệu. Không ghi họ tên.")
    )
    reason = models.TextField(_("lý do"), max_length=1000, blank=True)
    counts = models.JSONField(_("số bản ghi theo loại"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lần xóa dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký xóa dữ liệu cá nhân")
        permissions = [("manage_personal_data", _("Tra cứu, xuất và xóa dữ liệu cá nhân"))]

    def __str__(self):
        return f"{self.reference} ({self.at:%d/%m/%Y})"
