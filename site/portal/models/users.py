from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. `agency` ties an agency nominator to the one agency whose records they see."""

    agency = models.ForeignKey(
        "portal.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Chỉ dành cho cán bộ đầu mối: họ chỉ thấy hồ sơ của cơ quan này."),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Vietnamese order: family name first ("Nguyễn Văn An").
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()
