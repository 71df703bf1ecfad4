from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The Board's view across the apps: dashboard panels and the yearly report. No models of its own."""

    name = "reports"
    verbose_name = _("Báo cáo của Ban Điều hành")
