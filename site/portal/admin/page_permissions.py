"""Which pages an admin user may see, and Wagtail's hooks that hold the explorer, the chooser, moves and bulk
actions to it. Registered from portal/wagtail_hooks.py.

Wagtail checks what a user may *do* with a page, but several screens show a page's admin title (its latest draft
title) before or without that check: the chooser lists every page, the move and bulk confirmations name any page
by id. A club editor must never read another club's unpublished work there. Two sets decide:

- explorable: the pages the user holds a permission on, and their ancestors (Wagtail's own notion);
- linkable: what a chooser may offer anyone, the live pages whose title has no unpublished change (the admin
  shows the draft title, so a live page being retitled stays out of other people's choosers until it is published).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.inputs.suggest import parse_id

policy = PagePermissionPolicy()


def sees_every_page(user):
    return user.is_active and user.is_superuser


def explorable_ids(user):
    return policy.explorable_instances(user).values("pk")


def linkable_q():
    return Q(live=True, draft_title=F("title"))


def explorable(user, pages):
    return pages if sees_every_page(user) else pages.filter(id__in=explorable_ids(user))


def choosable(user, pages):
    """Filtered by id only: the chooser's search hands us a queryset the search backend filters, which knows the
    page's FilterFields (id among them), not arbitrary expressions."""
    from wagtail.models import Page

    if sees_every_page(user):
        return pages
    ids = Page.objects.filter(Q(pk__in=explorable_ids(user)) | linkable_q()).values("pk")
    return pages.filter(id__in=ids)


def page_ids_hidden_from(user, ids, *, for_chooser=False):
    """The ids among `ids` the user may not see (unknown ids are left to the view's own 404)."""
    from wagtail.models import Page

    ids = {pk for typed in ids if (pk := parse_id(str(typed))) is not None}
    if not ids or sees_every_page(user):
        return set()
    pages = Page.objects.filter(pk__in=ids)
    visible = choosable(user, pages) if for_chooser else explorable(user, pages)
    return set(pages.values_list("pk", flat=True)) - set(visible.values_list("pk", flat=True))


# Hooks -------------------------------------------------------------------------------------------------------------


def chooser_pages(pages, request):
    """construct_page_chooser_queryset: the chooser offers the user's own pages and what anyone may link to."""
    return choosable(request.user, pages)


def explorer_pages(parent_page, pages, request):
    """construct_explorer_page_queryset: the explorer lists only the pages the user may explore."""
    return explorable(request.user, pages)


def refuse_foreign_move(request, page, destination):
    """before_move_page: Wagtail checks the move on POST only; its confirmation page would name both pages."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


def refuse_bulk_action_on_foreign_objects(request, action_type, objects, action):
    """before_bulk_action: an action on several objects runs on all of them or none, never on the allowed part
    (Wagtail would quietly act on the allowed ones and list the others, by title, as not allowed)."""
    _allowed, context = action.get_actionable_objects()
    if context["items_with_no_access"]:
        raise PermissionDenied
