"""The permission matrix: every nomination URL and export, for each role, answers as expected and never leaks.

Front end: anonymous -> log-in page (302), not a nominator -> 403, another agency's nominator -> 404 for the
object and an empty list/export. Admin: only the Board gets in; people without admin access go to the admin
log-in, a club editor (who has admin access for club pages) is sent back to the admin home with Wagtail's
"permission denied" message."""

import pytest

from portal import roles
from tests.factories.clubs import make_club
from tests.factories.portal import UserFactory, board_user, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db

SECRET = "Đặng Thị Riêng Tư"
ROLES = ["anonymous", "other_nominator", "club_editor", "trainer", "board", "own_nominator"]
OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT = 200, "login", 403, 404, 302

# url name -> expected answer per role (order of ROLES)
FRONT = {
    "dashboard": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "list": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "export_csv": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "export_xlsx": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "add": [LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "detail": [LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "edit": [LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT],  # submitted: read-only, back to detail
    "submit": [LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT],
    "withdraw": [LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "dispatch": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK],
}
ADMIN = {
    "admin_list": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_export_csv": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_export_xlsx": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_inspect": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_edit": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_decide": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_scoring": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_score": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_release": [LOGIN, LOGIN, REDIRECT, LOGIN, OK, LOGIN],
    "admin_add": [LOGIN, LOGIN, REDIRECT, LOGIN, REDIRECT, LOGIN],  # nobody adds nominations in the admin
    "admin_delete": [LOGIN, LOGIN, REDIRECT, LOGIN, REDIRECT, LOGIN],  # nor deletes them
}


@pytest.fixture
def world(site_tree):
    round_ = NominationRoundFactory()
    own = nominator()
    invite(round_, own.agency)
    other = nominator()
    invite(round_, other.agency)
    nomination = nominate(own, round_, status=S.SUBMITTED, full_name=SECRET)
    directory, _ = site_tree
    club = make_club(directory)
    editor = UserFactory()
    editor.groups.add(club.editor_group)
    users = {
        "anonymous": None,
        "other_nominator": other,
        "club_editor": editor,
        "trainer": UserFactory(groups=[roles.TRAINERS]),
        "board": board_user(),
        "own_nominator": own,
    }
    base = "/admin/snippets/training/nomination/"
    urls = {
        "dashboard": "/tot/de-cu/",
        "list": "/tot/de-cu/ho-so/",
        "export_csv": "/tot/de-cu/ho-so/xuat.csv",
        "export_xlsx": "/tot/de-cu/ho-so/xuat.xlsx",
        "add": f"/tot/de-cu/dot/{round_.pk}/them/",
        "detail": f"/tot/de-cu/ho-so/{nomination.pk}/",
        "edit": f"/tot/de-cu/ho-so/{nomination.pk}/sua/",
        "submit": f"/tot/de-cu/ho-so/{nomination.pk}/nop/",
        "withdraw": f"/tot/de-cu/ho-so/{nomination.pk}/rut/",
        "dispatch": f"/tot/de-cu/cong-van/{nomination.dispatch_id}/",
        "admin_list": base,
        "admin_export_csv": base + "?export=csv",
        "admin_export_xlsx": base + "?export=xlsx",
        "admin_inspect": f"{base}inspect/{nomination.pk}/",
        "admin_edit": f"{base}edit/{nomination.pk}/",
        "admin_decide": f"{base}decide/{nomination.pk}/",
        "admin_scoring": f"{base}scoring/",
        "admin_score": f"{base}scoring/{nomination.pk}/",
        "admin_release": f"/admin/snippets/training/nominationround/release/{round_.pk}/",
        "admin_add": f"{base}add/",
        "admin_delete": f"{base}delete/{nomination.pk}/",
    }
    # the "other" agency is not invited to this round: its nominator's add URL must 404
    other.agency.tot_quotas.all().delete()
    return users, urls


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def answer(response):
    if response.status_code == 302 and "dang-nhap" in response["Location"] or (
        response.status_code == 302 and "/admin/login/" in response["Location"]
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    users, urls = world
    if users[role] is not None:
        client.force_login(users[role])
    results = {}
    for name in {**FRONT, **ADMIN}:
        response = client.get(urls[name])
        results[name] = answer(response)
        if role not in ("board", "own_nominator") and response.status_code == 200:
            assert SECRET.encode() not in body(response), name
    expected = {name: row[ROLES.index(role)] for name, row in {**FRONT, **ADMIN}.items()}
    assert results == expected


@pytest.mark.parametrize("role", ["other_nominator", "club_editor", "trainer"])
def test_posts_by_others_change_nothing(client, world, role):
    from training.models import Nomination

    users, urls = world
    client.force_login(users[role])
    for name in ("edit", "submit", "withdraw", "admin_decide"):
        assert client.post(urls[name], {"reason": "x", "outcome": "accepted"}).status_code in (302, 403, 404)
    nomination = Nomination.objects.get(full_name=SECRET)
    assert (nomination.status, nomination.pending_status) == (S.SUBMITTED, "")
