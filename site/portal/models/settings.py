from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Who the Board is and how to reach it: shown in the footer, e-mails and certificates."""

    board_name = models.CharField(
        _("tên Ban Điều hành"), max_length=255, default="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam"
    )
    board_name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        default="Steering Board for Innovative Startup Support of Quảng Nam province",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    footer_note = models.TextField(_("ghi chú chân trang"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("board_name"), FieldPanel("board_name_en")], heading=_("Ban Điều hành")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("thông tin cổng")

    @classmethod
    def for_site(cls, site):
        """From the cache until a site, a page or these settings change (portal.operations.sites): the footer shows
        them on every page, a query per request otherwise."""
        from portal.operations import sites

        fetch = super().for_site
        if site is None:
            return fetch(site)
        return sites.page_tree_value(f"portal-settings:{site.pk}", lambda: fetch(site))
