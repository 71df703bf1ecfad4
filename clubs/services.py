"""Rules about clubs that span models: each club's editors group, its page permissions and its collection."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from portal.roles import editor_group_name

# Editors may draft and submit; publishing is the Board's, through the moderation workflow.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "choose_image", "add_document", "choose_document"]


@transaction.atomic
def ensure_editor_group(club):
    """Create (or repair) the group whose members edit `club` and only `club`. Idempotent."""
    group = club.editor_group
    if group is None:
        name = editor_group_name(club)
        if Group.objects.filter(name=name).exists():
            name = f"{name[:140]} #{club.pk}"
        group = Group.objects.create(name=name)
        type(club).objects.filter(pk=club.pk).update(editor_group=group)
        club.editor_group = group
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=club.page_ptr,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    collection = ensure_collection(club)
    for codename in EDITOR_IMAGE_PERMISSIONS:
        app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(codename=codename, content_type__app_label=app_label),
        )
    # Older installs gave editors the root collection, and so every club's (and the Board's) files.
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=collection).delete()
    return group


def collection_name(club):
    return f"{club.title[:230]} #{club.pk}"


def ensure_collection(club):
    """The club's own collection, a child of the root: another club's editors never see what is in it."""
    if club.collection_id and Collection.objects.filter(pk=club.collection_id).exists():
        return club.collection
    collection = Collection.get_first_root_node().add_child(name=collection_name(club))
    type(club).objects.filter(pk=club.pk).update(collection=collection)
    club.collection = collection
    return collection


def ensure_every_editor_group(**kwargs):
    """After every migrate, like portal.roles.sync_roles: existing clubs get their collection and permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .models import ClubPage

    clubs = list(ClubPage.objects.all())
    if not clubs or Collection.get_first_root_node() is None:
        return
    for app_config in apps.get_app_configs():  # post_migrate runs app by app: the image permissions may be next
        create_permissions(app_config, verbosity=0)
    # The root's children are kept in name order (treebeard's node_order_by): created in that order, each new
    # collection lands after the others instead of renumbering every later sibling (2,000 bulk-imported clubs
    # without one took over ten minutes of migrate).
    clubs.sort(key=collection_name)
    for club in clubs:
        ensure_editor_group(club)
