"""Admin wiring only: the Board's event screens and the log actions the services write."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin import register_admin  # noqa: F401  (viewsets and custom screens)


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    actions.register_action("events.register", _("Đăng ký tham dự"), _("Đã đăng ký tham dự"))
    actions.register_action("events.cancel_registration", _("Hủy đăng ký"), _("Đã hủy đăng ký"))
    actions.register_action("events.promote", _("Chuyển từ danh sách chờ"), _("Đã chuyển từ danh sách chờ"))
    actions.register_action("events.attendance", _("Điểm danh"), _("Đã điểm danh"))
from .certificate_admin import register_certificate_admin_urls  # noqa: E402,F401  (certificates of attendance)
