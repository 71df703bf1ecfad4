"""Board screens for the reference data: administrative units, agencies and their kinds."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.ordering import vi

from .admin import booleans, page_permissions, users
from .admin.delete import (
    RefuseProtectedPageBulkDelete,
    RefuseProtectedSnippetDeleteView,
    refuse_bulk_deleting_protected,
)
from .models import AdministrativeUnit, Agency, AgencyKind
from .personal_data import admin_views  # noqa: F401  (registers its hooks)
from .security import lockout_admin, two_factor_admin, upload_admin  # noqa: F401  (register their hooks)


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    delete_view_class = RefuseProtectedSnippetDeleteView
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_export = ["name", "slug", "kind", "parent", "is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", vi("name")]


class AgencyKindViewSet(SnippetViewSet):
    model = AgencyKind
    delete_view_class = RefuseProtectedSnippetDeleteView
    icon = "tag"
    menu_label = _("Loại cơ quan")
    list_display = ["name", "slug", "sort_order"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    delete_view_class = RefuseProtectedSnippetDeleteView
    icon = "group"
    menu_label = _("Cơ quan, đơn vị")
    list_display = ["name", "short_name", "kind", "unit", "email", "is_active"]
    list_filter = ["kind", "unit", "is_active"]
    list_export = ["name", "short_name", "kind", "unit", "email", "phone", "is_active"]
    search_fields = ["name", "short_name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Danh mục")
    menu_icon = "list-ul"
    menu_order = 250
    items = [AgencyViewSet, AgencyKindViewSet, AdministrativeUnitViewSet]


register_snippet(ReferenceDataGroup)
booleans.register()  # inspect views show Có/Không


# Which pages an admin user may see: see portal/admin/page_permissions.py (and its gate, portal/admin/object_gate.py).
hooks.register("construct_page_chooser_queryset", page_permissions.chooser_pages)
hooks.register("construct_explorer_page_queryset", page_permissions.explorer_pages)
hooks.register("before_move_page", page_permissions.refuse_foreign_move)
hooks.register("before_bulk_action", page_permissions.refuse_bulk_action_on_foreign_objects)

# Deleting an account that records still name is refused (the delete view: portal.admin.users.PortalUserDeleteView).
hooks.register("before_bulk_action", users.refuse_bulk_deleting_protected_users)
hooks.register("before_bulk_action", refuse_bulk_deleting_protected)  # every other listing's bulk delete
hooks.register("register_bulk_action", RefuseProtectedPageBulkDelete, order=1)  # after Wagtail's, which it replaces


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    """The listing filters' suggestions (portal.inputs.suggest): each answers only who may open its listing."""
    from django.urls import path

    from .inputs.suggest import admin_suggest_view
    from .security.ratelimit import rate_limited

    return [path("goi-y/<slug:name>/", rate_limited("suggest")(admin_suggest_view), name="portal_suggest")]
