from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin.delete import RefuseProtectedSnippetDeleteView

from .deletion import clubs_with_children, refuse_club_deletion
from .models import ClubKind
from .reports import QuietClubsReport


class ClubKindViewSet(SnippetViewSet):
    model = ClubKind
    delete_view_class = RefuseProtectedSnippetDeleteView
    icon = "tag"
    menu_label = _("Loại câu lạc bộ")
    add_to_admin_menu = False
    list_display = ["name", "slug", "sort_order"]


register_snippet(ClubKindViewSet)


@hooks.register("register_admin_urls")
def register_quiet_clubs_url():
    return [
        path("reports/clb-it-hoat-dong/", QuietClubsReport.as_view(), name="quiet_clubs"),
        path(
            "reports/clb-it-hoat-dong/results/",
            QuietClubsReport.as_view(results_only=True),
            name="quiet_clubs_results",
        ),
    ]


class BoardOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("clubs.change_clubkind")


@hooks.register("register_reports_menu_item")
def register_quiet_clubs_menu_item():
    return BoardOnlyMenuItem(_("CLB ít hoạt động"), reverse("quiet_clubs"), icon_name="warning", order=700)


@hooks.register("before_delete_page")
def refuse_deleting_club_with_news(request, page):
    """A club's news are records of the network: deleting the club must not take them along silently."""
    if clubs := list(clubs_with_children([page])):
        return refuse_club_deletion(request, clubs, page.get_parent().id)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_clubs_with_news(request, action_type, objects, action_class_instance):
    """The same rule for the explorer's bulk delete, which does not run before_delete_page."""
    if action_type != "delete" or not objects or not hasattr(objects[0], "specific_class"):
        return None
    if clubs := list(clubs_with_children(objects)):
        return refuse_club_deletion(request, clubs, clubs[0].get_parent().id)
    return None
