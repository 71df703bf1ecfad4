"""The role groups and their permissions, as every migrate leaves them (portal.roles.sync_roles)."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from clubs.services import ensure_editor_group
from portal import roles
from tests.factories.clubs import club_editor, make_club, make_news
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": Permission.group_set.through.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": GroupApprovalTask.objects.count(),
        "workflow_tasks": WorkflowTask.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_migrate_creates_the_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Ban Điều hành",
        "Cán bộ đầu mối cơ quan",
        "Học viên và giảng viên nguồn",
        "Người tham dự",
    }


@pytest.mark.parametrize(
    "permission",
    [
        "portal.add_agency",
        "portal.change_agency",
        "portal.delete_agency",
        "portal.change_administrativeunit",
        "portal.add_agencykind",
        "portal.add_user",
        "portal.change_user",
        "clubs.add_clubkind",
        "clubs.change_clubkind",
        "clubs.delete_clubkind",
        "wagtailadmin.access_admin",
    ],
)
def test_board_has_the_model_permissions_it_manages(db, permission):
    assert board_user().has_perm(permission)


def test_board_can_publish_any_page(site_tree):
    directory, _ = site_tree
    club = make_club(directory)
    news = make_news(club)
    board = board_user()

    for page in (Page.objects.get(depth=2), directory, club, news):
        permissions = page.permissions_for_user(board)
        assert permissions.can_publish(), page
        assert permissions.can_edit(), page


@pytest.mark.parametrize("role", [roles.NOMINATORS, roles.TRAINERS, roles.PARTICIPANTS])
def test_other_roles_have_no_page_or_admin_rights(site_tree, role):
    directory, _ = site_tree
    club = make_club(directory)
    user = UserFactory(groups=[role])

    assert not club.permissions_for_user(user).can_edit()
    assert not club.permissions_for_user(user).can_publish()
    assert not user.has_perm("clubs.change_clubkind")
    assert not GroupPagePermission.objects.filter(group__name=role).exists()


def test_club_editors_edit_and_add_under_their_club_but_cannot_publish(site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Điện Bàn")
    other = make_club(directory)
    editor = club_editor(club)

    own = club.permissions_for_user(editor)
    assert own.can_edit()
    assert own.can_add_subpage()
    assert not own.can_publish()
    assert not own.can_unpublish()
    assert not own.can_publish_subpage()
    assert not other.permissions_for_user(editor).can_edit()
    assert not other.permissions_for_user(editor).can_add_subpage()
    assert not directory.permissions_for_user(editor).can_edit()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("clubs.change_clubkind")
    group = club.editor_group
    assert group.name == "Biên tập viên – CLB Khởi nghiệp Điện Bàn"
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list("permission__codename", "page_id")
    ) == {("add_page", club.pk), ("change_page", club.pk)}


def test_every_page_goes_through_the_board_workflow(site_tree):
    directory, _ = site_tree
    club = make_club(directory)

    workflow = club.get_workflow()

    assert workflow.name == roles.WORKFLOW_NAME
    assert workflow.active
    (task,) = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [roles.BOARD]


def test_sync_roles_is_idempotent(db):
    before = snapshot()

    roles.sync_roles()
    roles.sync_roles()

    assert snapshot() == before


def test_sync_roles_restores_a_removed_board_permission(db):
    board = Group.objects.get(name=roles.BOARD)
    permission = Permission.objects.get(codename="change_agency")
    board.permissions.remove(permission)

    roles.sync_roles()

    assert board.permissions.filter(pk=permission.pk).exists()


def test_ensure_editor_group_is_idempotent(site_tree):
    directory, _ = site_tree
    club = make_club(directory)
    before = snapshot()

    assert ensure_editor_group(club) == club.editor_group
    assert ensure_editor_group(club) == club.editor_group

    assert snapshot() == before


def test_two_clubs_with_the_same_title_get_two_editor_groups(site_tree):
    directory, _ = site_tree
    first = make_club(directory, title="CLB Khởi nghiệp")
    second = make_club(directory, title="CLB Khởi nghiệp")

    assert first.editor_group != second.editor_group
    assert second.editor_group.name == f"Biên tập viên – CLB Khởi nghiệp #{second.pk}"
