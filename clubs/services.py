"""Rules about clubs that span models: each club's editors group and its page permissions."""

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
    root_collection = Collection.get_first_root_node()
    for codename in EDITOR_IMAGE_PERMISSIONS:
        app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(codename=codename, content_type__app_label=app_label),
        )
    return group
