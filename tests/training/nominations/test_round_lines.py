"""A round's criteria and invited agencies are lines of its admin form: removing one that other records still
use (a criterion reviews scored, or nominations ticked as met; an invitation nominations came through) is refused
with a message and nothing saved, as the delete views refuse (portal.admin.delete); an unused line goes."""

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from tests.factories.portal import board_user, nominator
from tests.factories.training import NominationRoundFactory, RoundCriterionFactory, invite, nominate
from training.models import AgencyQuota, RoundCriterion
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db


def edit_data(round_, remove=(), remove_quotas=()):
    """The round's edit form as the admin posts it, with the given lines ticked for removal."""
    local = timezone.localtime
    data = {
        "title": round_.title, "year": round_.year, "target_trainers": round_.target_trainers,
        "target_year": round_.target_year or 2027,
        "opens_at": local(round_.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": local(round_.closes_at).strftime("%Y-%m-%d %H:%M"),
        "criteria_text": rich_text(round_.criteria_text), "is_published": "on",
    }
    for prefix, lines, removed, fields in (
        ("criteria", list(round_.criteria.all()), remove, lambda c: {"text": c.text, "weight": c.weight}),
        ("quotas", list(round_.quotas.all()), remove_quotas, lambda q: {"agency": q.agency_id, "quota": q.quota}),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": len(lines), f"{prefix}-INITIAL_FORMS": len(lines),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, line in enumerate(lines):
            data.update({f"{prefix}-{i}-{k}": v for k, v in fields(line).items()})
            data.update({f"{prefix}-{i}-id": line.pk, f"{prefix}-{i}-ORDER": i + 1,
                         f"{prefix}-{i}-DELETE": "on" if line in removed else ""})
    return data


@pytest.fixture
def world(client):
    round_ = NominationRoundFactory(title="Đợt QZXLINES", year=2026)
    scored, ticked, unused = (RoundCriterionFactory(round=round_, text=t) for t in ("Đã chấm", "Đã tick", "Chưa dùng"))
    agency_user, idle = nominator(), nominator()
    invite(round_, agency_user.agency, quota=5)
    invite(round_, idle.agency, quota=2)
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    nomination.criteria_met.add(ticked)
    services.score(nomination, board_user(), {scored: 8, ticked: 7, unused: 6})
    client.force_login(board_user())
    url = f"/admin/snippets/training/nominationround/edit/{round_.pk}/"
    return {"round": round_, "scored": scored, "ticked": ticked, "unused": unused, "url": url,
            "used_quota": AgencyQuota.objects.get(agency=agency_user.agency), "nomination": nomination}


@pytest.mark.parametrize("line", ["scored", "ticked"])
def test_a_criterion_in_use_is_not_removed_and_nothing_is_saved(client, world, line):
    criterion = world[line]
    assert client.post(world["url"], {**edit_data(world["round"]), "title": "Đợt QZXLINES"}).status_code == 302
    data = {**edit_data(world["round"], remove=[criterion]), "title": "Đổi tên QZXLINES"}
    response = client.post(world["url"], data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["__all__"]
    assert f"Không thể xóa “{criterion}”" in response.content.decode()
    assert RoundCriterion.objects.filter(pk=criterion.pk).exists()
    world["round"].refresh_from_db()
    assert world["round"].title == "Đợt QZXLINES"
    assert set(world["nomination"].criteria_met.all()) == {world["ticked"]}


def test_an_unused_line_is_removed(client, world):
    """(Every criterion of the fixture's round was scored: a line goes only while nobody used it.)"""
    fresh = RoundCriterionFactory(round=world["round"], text="Mới thêm")
    idle = AgencyQuota.objects.exclude(pk=world["used_quota"].pk).get(round=world["round"])
    response = client.post(world["url"], edit_data(world["round"], remove=[fresh], remove_quotas=[idle]))
    assert response.status_code == 302
    assert list(AgencyQuota.objects.filter(round=world["round"])) == [world["used_quota"]]
    assert not RoundCriterion.objects.filter(pk=fresh.pk).exists()
    assert RoundCriterion.objects.filter(round=world["round"]).count() == 3


def test_an_invitation_nominations_came_through_is_not_removed(client, world):
    quota = world["used_quota"]
    response = client.post(world["url"], edit_data(world["round"], remove_quotas=[quota]))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["__all__"]
    assert AgencyQuota.objects.filter(pk=quota.pk).exists()
