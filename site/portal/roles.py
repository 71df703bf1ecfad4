"""The portal's roles as Django groups, kept in step with the code by `sync_roles()` after every migrate.

Roles are data in the database (the Board adds people to them in the Wagtail admin), but which
permissions a role carries is decided here, so a fresh install and an old one agree.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

BOARD = "Ban Điều hành"
NOMINATORS = "Cán bộ đầu mối cơ quan"
TRAINERS = "Học viên và giảng viên nguồn"
PARTICIPANTS = "Người tham dự"
# Staff of a district (their account's agency's administrative unit) who run its own competitions and awards in the
# admin (ideas.competitions.rules.may_run): the admin's door, nothing else; the competitions' policy does the rest.
DISTRICT_ORGANISERS = "Ban tổ chức cuộc thi cấp huyện"
# The roles that must use the second factor (portal.security.two_factor_rule): those who release results and issue
# certificates in the province's name.
SECOND_FACTOR_ROLES = (BOARD, DISTRICT_ORGANISERS)
WORKFLOW_NAME = "Ban Điều hành duyệt"

ROLE_DESCRIPTIONS = {
    BOARD: _("Quản trị toàn bộ cổng, duyệt tin, điều hành đào tạo và sự kiện."),
    NOMINATORS: _("Đề cử ứng viên của cơ quan mình, chỉ thấy hồ sơ của cơ quan mình."),
    TRAINERS: _("Xem lớp học, điểm danh và tải giấy chứng nhận của mình."),
    PARTICIPANTS: _("Đăng ký sự kiện, theo dõi lịch."),
    DISTRICT_ORGANISERS: _(
        "Tổ chức cuộc thi, giải thưởng của địa phương mình: mở cuộc thi, chọn giám khảo, công bố kết quả."
    ),
}

# Model permissions of the Board, by app label: everything in our apps and the reference data.
BOARD_APPS = [
    "portal", "clubs", "training", "events", "reporting", "ideas", "taggit", "wagtailredirects",
    "wagtailsearchpromotions",
]
BOARD_EXTRA = [
    ("wagtailadmin", "access_admin"),
    ("auth", "add_group"),
    ("auth", "change_group"),
    ("auth", "view_group"),
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
]
BOARD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
BOARD_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]


def editor_group_name(club):
    return f"Biên tập viên – {club.title}"[:150]


@transaction.atomic
def sync_roles():
    """Create the role groups and give them their permissions, and route page publishing through the Board."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # post_migrate runs app by app; make sure every permission exists before we hand them out.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # And Wagtail's own for snippets with drafts (publish_...): its post_migrate handler runs after this app's.
    from wagtail.snippets.models import create_extra_permissions

    create_extra_permissions(apps.get_app_config("wagtailsnippets"))

    board, _ = Group.objects.get_or_create(name=BOARD)
    for name in (NOMINATORS, TRAINERS, PARTICIPANTS):
        Group.objects.get_or_create(name=name)
    organisers, _ = Group.objects.get_or_create(name=DISTRICT_ORGANISERS)
    organisers.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    permissions = Permission.objects.filter(content_type__app_label__in=BOARD_APPS)
    board.permissions.add(*permissions)
    for app_label, codename in BOARD_EXTRA:
        board.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))

    root = Page.get_first_root_node()
    if root is not None:
        for codename in BOARD_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=board,
                page=root,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        ensure_board_workflow(board, root)

    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codename in BOARD_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=board,
                collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
    return board


def ensure_board_workflow(board, root):
    """One workflow for every page: a Board member approves before anything an editor writes goes live."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(board)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
