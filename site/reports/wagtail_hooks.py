"""Admin wiring only: the Board's dashboard panels and the yearly report under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from training.rules import is_board

from .dashboard import add_board_panels
from .views import yearly_report

hooks.register("construct_homepage_panels", add_board_panels)


@hooks.register("register_admin_urls")
def yearly_report_urls():
    return [path("reports/bao-cao-nam/", yearly_report, name="board_yearly_report")]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return is_board(request.user)


@hooks.register("register_reports_menu_item")
def yearly_report_menu_item():
    return BoardMenuItem(_("Báo cáo năm"), reverse("board_yearly_report"), icon_name="table", order=720)
