"""Board screens for the reference data: administrative units, agencies and their kinds."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import lockout_admin, two_factor_admin, upload_admin  # noqa: F401  (register their hooks)
from .admin_delete import RefuseProtectedSnippetDeleteView
from .models import AdministrativeUnit, Agency, AgencyKind
from .personal_data import admin_views  # noqa: F401  (registers its hooks)


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    delete_view_class = RefuseProtectedSnippetDeleteView
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_export = ["name", "slug", "kind", "parent", "is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


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
