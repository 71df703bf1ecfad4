"""One gate in front of every admin view: a URL that names an object the user may not see is refused (403)
before the view runs.

Wagtail's views check what the user may do, but some of them render the object first: the move confirmation
(GET), the bulk-action confirmations (`?id=` of any page, listing the ones not allowed by title), the chooser's
"browse into" and "chosen" answers, the editing-session ping. Hooks filter lists; this closes the screens that
name one object by its id, whatever the view, so a new Wagtail screen of the same shape is closed too.

- A page id in the URL (the kwargs below, `?id=` of the chooser and of page bulk actions) must be a page the user
  may explore (portal.admin.page_permissions); the chooser also allows what anyone may link to.
- A bulk action runs only on objects the action allows for the user; otherwise its confirmation is refused.
- A snippet chooser answers only a user with a permission on its model, unless the model is public reference data
  (`admin_chooser_public = True`: kinds, units, agencies, which page forms let any editor pick).
- The admin API's images and documents answer only those who may choose from every collection.
- A viewset's screen of one object (`pk` in the URL: edit, inspect, delete, history, usage...) of a model marked
  `admin_gate_instances = True` answers only if the object is among those its permission policy gives the user
  (`instances_user_has_any_permission_for`): Wagtail's generic views check the action, not the instance.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import page_permissions

PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
PAGE_PK_VIEWS = {
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:action",
}
PAGE_ID_QUERY_VIEWS = {"wagtailadmin_choose_page_chosen_multiple", "wagtailadmin_api:pages:find"}
CHOOSER_VIEWS = {"wagtailadmin_choose_page_child", "wagtailadmin_choose_page_chosen_multiple"}
SNIPPET_CHOOSER_PREFIX = "wagtailsnippetchoosers_"
COLLECTION_API_PREFIXES = {"wagtailadmin_api:images:": "images", "wagtailadmin_api:documents:": "documents"}


class AdminObjectGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated or user.is_superuser:
            return None
        if not match.route.startswith("admin/"):
            return None
        check(request, match.view_name, view_kwargs, view_func)
        return None


def check(request, view_name, kwargs, view_func):
    user = request.user
    page_ids = [value for name, value in kwargs.items() if name in PAGE_KWARGS]
    if view_name in PAGE_PK_VIEWS:
        page_ids.append(kwargs.get("pk"))
    if view_name in PAGE_ID_QUERY_VIEWS:
        page_ids.extend(request.GET.getlist("id"))
    if view_name == "wagtailadmin_editing_sessions:ping" and is_page_model(kwargs):
        page_ids.append(kwargs.get("object_id"))
    if page_permissions.page_ids_hidden_from(user, page_ids, for_chooser=view_name in CHOOSER_VIEWS):
        raise PermissionDenied
    if view_name == "wagtail_bulk_action":
        check_bulk_action(request, **kwargs)
    elif view_name.startswith(SNIPPET_CHOOSER_PREFIX):
        check_snippet_chooser(user, view_func)
    if "pk" in kwargs:
        check_instance(user, view_func, kwargs["pk"])
    for prefix, kind in COLLECTION_API_PREFIXES.items():
        if view_name.startswith(prefix):
            check_every_collection(user, kind)


def is_page_model(kwargs):
    from wagtail.models import Page

    try:
        model = apps.get_model(kwargs.get("app_label"), kwargs.get("model_name"))
    except (LookupError, ValueError, TypeError):
        return False
    return issubclass(model, Page)


def check_bulk_action(request, app_label, model_name, action):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        return
    bulk_action = action_class(request, model)
    _allowed, context = bulk_action.get_actionable_objects()
    if context["items_with_no_access"]:
        raise PermissionDenied


def check_snippet_chooser(user, view_func):
    from wagtail.permissions import policy_registry

    model = getattr(view_func, "view_initkwargs", {}).get("model")
    if model is None or getattr(model, "admin_chooser_public", False):
        return
    policy = policy_registry.get_by_type(model)
    if not policy.user_has_any_permission(user, ["add", "change", "delete", "view"]):
        raise PermissionDenied


def check_instance(user, view_func, pk):
    from django.contrib.admin.utils import unquote
    from wagtail.permissions import policy_registry

    model = getattr(view_func, "view_initkwargs", {}).get("model")
    if model is None or not getattr(model, "admin_gate_instances", False):
        return
    from portal.inputs.form_fields import beyond_database_integer

    pk = unquote(str(pk))
    if beyond_database_integer(pk):
        raise PermissionDenied
    policy = policy_registry.get_by_type(model)
    mine = policy.instances_user_has_any_permission_for(user, ["view", "change", "delete"])
    try:
        allowed = mine.filter(pk=pk).exists()
    except (ValueError, TypeError):  # not a key of this model's type
        allowed = False
    if not allowed:
        raise PermissionDenied


def check_every_collection(user, kind):
    from wagtail.models import Collection

    if kind == "images":
        from wagtail.images.permissions import permission_policy
    else:
        from wagtail.documents.permissions import permission_policy
    root = Collection.get_first_root_node()
    if (
        root is None
        or not permission_policy.collections_user_has_permission_for(user, "choose").filter(pk=root.pk).exists()
    ):
        raise PermissionDenied
