"""Issue 12, item 7: a nomination deadline typed as 16:16 accepts an action until 16:16:59 and refuses it at
16:17:00, for the round's deadline and for an agency's extension, through the services and the agency's pages
(add a candidate, submit, withdraw) and the reminder's selection."""

import pytest

from tests.clock import local_datetime
from tests.factories.portal import nominator
from tests.factories.training import NominationRoundFactory, invite, nominate, pdf_file, submit_as
from tests.training.nominations.test_agency_views import add_url, candidate
from training.models import Nomination
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db

MOMENTS = [("17/12/2026 16:16:00", True), ("17/12/2026 16:16:59", True), ("17/12/2026 16:17:00", False)]


@pytest.fixture(params=["round", "extension"])
def setting(request, clock):
    """An agency whose deadline is 16:16 on 17/12/2026: the round's own, or an extension of an earlier one."""
    clock.at("01/12/2026 09:00")
    deadline = local_datetime("17/12/2026 16:16")
    if request.param == "round":
        round_ = NominationRoundFactory(opens_at=local_datetime("01/12/2026 08:00"), closes_at=deadline)
        user = nominator()
        invite(round_, user.agency, quota=5)
    else:
        round_ = NominationRoundFactory(
            opens_at=local_datetime("01/12/2026 08:00"), closes_at=local_datetime("10/12/2026 10:00")
        )
        user = nominator()
        invite(round_, user.agency, quota=5, deadline_extension=deadline)
    return round_, user


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_services_save_submit_withdraw(setting, clock, moment, allowed):
    round_, user = setting
    draft = nominate(user, round_)
    submitted = nominate(user, round_, status=S.SUBMITTED)
    clock.at(moment)
    actions = [
        lambda: nominate(user, round_),
        lambda: submit_as(draft, user),
        lambda: services.withdraw(submitted, user),
    ]
    for action in actions:
        if allowed:
            action()
        else:
            with pytest.raises(services.DeadlinePassed, match="16:16 17/12/2026"):
                action()
    expected = (S.SUBMITTED, S.WITHDRAWN) if allowed else (S.DRAFT, S.SUBMITTED)
    assert (Nomination.objects.get(pk=draft.pk).status, Nomination.objects.get(pk=submitted.pk).status) == expected


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_agency_pages_add_and_submit(setting, clock, client, moment, allowed):
    round_, user = setting
    draft = nominate(user, round_)
    clock.at(moment)
    client.force_login(user)  # after moving the clock: a session from 16 days earlier has expired

    add = client.post(add_url(round_), candidate(email="moi@example.vn"))
    submit = client.post(
        f"/tot/de-cu/ho-so/{draft.pk}/nop/", {"number": "9/CV", "date": "2026-12-10", "file": pdf_file()}
    )
    dashboard = client.get("/tot/de-cu/").content.decode()

    if allowed:
        assert (add.status_code, submit.status_code) == (302, 302)
        assert Nomination.objects.filter(email="moi@example.vn").exists()
        assert Nomination.objects.get(pk=draft.pk).status == S.SUBMITTED
        assert add_url(round_) in dashboard  # still offered as open
    else:
        assert "Đã quá hạn nộp hồ sơ (16:16 17/12/2026)" in add.content.decode()
        assert "Đã quá hạn nộp hồ sơ (16:16 17/12/2026)" in submit.content.decode()
        assert not Nomination.objects.filter(email="moi@example.vn").exists()
        assert Nomination.objects.get(pk=draft.pk).status == S.DRAFT
    assert "16:16 17/12/2026" in dashboard


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_withdraw_page(setting, clock, client, moment, allowed):
    round_, user = setting
    submitted = nominate(user, round_, status=S.SUBMITTED)
    clock.at(moment)
    client.force_login(user)  # after moving the clock: a session from 16 days earlier has expired

    detail = client.get(f"/tot/de-cu/ho-so/{submitted.pk}/").content.decode()
    response = client.post(f"/tot/de-cu/ho-so/{submitted.pk}/rut/", {"reason": "Chuyển công tác"})

    assert response.status_code == 302
    assert (f"/tot/de-cu/ho-so/{submitted.pk}/rut/" in detail) == allowed
    assert Nomination.objects.get(pk=submitted.pk).status == (S.WITHDRAWN if allowed else S.SUBMITTED)


@pytest.mark.parametrize("moment, allowed", MOMENTS)
def test_reminders_and_open_invitations_count_the_last_minute(setting, clock, moment, allowed):
    round_, user = setting
    clock.at(moment)
    assert bool(list(services.invitations_to_remind(days=3))) == allowed
    assert round_.quotas.model.objects.open_for(user.agency).exists() == allowed
