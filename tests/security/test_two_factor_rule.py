"""Board accounts must use the second factor (issue 12, item 5): a superuser or Board member without a confirmed
device sees a banner with the last day of their grace period on every admin page; from the next day on, the admin
lets them reach only the enrolment page (and log-out) until they enrol. Other accounts are not asked."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import roles
from tests.factories.portal import UserFactory, board_user
from tests.security.test_two_factor import code_for

pytestmark = pytest.mark.django_db

ENROL = "/admin/xac-thuc-hai-buoc/"


@pytest.fixture(autouse=True)
def _rule_on(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_BOARD = True
    settings.TWO_FACTOR_GRACE_DAYS = 14
    settings.TWO_FACTOR_REQUIRED_SINCE = "2026-12-01"


def test_the_grace_period_ends_with_its_last_second(client, clock):
    clock.at("03/12/2026 09:30")
    user = board_user()  # created on 3 December: 14 days, so until the end of 17 December

    clock.at("17/12/2026 23:59:59")
    client.force_login(user)
    page = client.get("/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-two-factor-banner" in html and "17/12/2026" in html

    clock.at("18/12/2026 00:00:00")
    closed = client.get("/admin/")
    assert closed.status_code == 302 and closed["Location"] == ENROL
    assert client.get("/admin/pages/").status_code == 302
    assert client.get("/admin/users/").status_code == 302
    enrol = client.get(ENROL)
    assert enrol.status_code == 200
    assert "data-two-factor-required" in enrol.content.decode() and "17/12/2026" in enrol.content.decode()
    assert client.post("/admin/logout/").status_code == 302  # log-out stays open


def test_the_grace_counts_from_the_rule_for_older_accounts(client, clock, settings):
    clock.at("01/06/2026 08:00")
    user = UserFactory(is_superuser=True, is_staff=True)  # long before the rule took effect
    settings.TWO_FACTOR_REQUIRED_SINCE = "2026-12-01"
    clock.at("15/12/2026 23:59:59")
    client.force_login(user)
    assert "15/12/2026" in client.get("/admin/").content.decode()
    clock.at("16/12/2026 00:00")
    assert client.get("/admin/")["Location"] == ENROL


def test_enrolling_opens_the_admin_again_and_removes_the_banner(client, clock):
    clock.at("03/12/2026 09:30")
    user = board_user()
    clock.at("20/12/2026 10:00")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(ENROL, {"action": "confirm", "token": code_for(device)}).status_code == 200
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "data-two-factor-banner" not in page.content.decode()


@pytest.mark.parametrize("group", [roles.NOMINATORS, roles.TRAINERS])
def test_other_accounts_are_not_asked(client, clock, group):
    clock.at("03/12/2026 09:30")
    user = UserFactory(groups=[group], is_staff=True)
    clock.at("20/12/2027 10:00")
    client.force_login(user)
    assert client.get("/ca-nhan/").status_code == 200
    response = client.get("/admin/")
    assert response.get("Location") != ENROL
    assert "data-two-factor-banner" not in response.content.decode()


def test_a_district_organiser_is_asked_as_the_board_is(client, clock):
    """They release results and issue certificates in the province's name."""
    clock.at("03/12/2026 09:30")
    user = UserFactory(groups=[roles.DISTRICT_ORGANISERS], is_staff=True)
    clock.at("17/12/2026 23:59:59")
    client.force_login(user)
    assert "17/12/2026" in client.get("/admin/").content.decode()
    clock.at("18/12/2026 00:00")
    assert client.get("/admin/ideas/competitions/")["Location"] == ENROL


def test_joining_the_board_brings_the_rule_at_once(client, clock):
    clock.at("03/12/2026 09:30")
    user = UserFactory(groups=[roles.NOMINATORS], is_staff=True)
    clock.at("18/12/2026 00:00")
    client.force_login(user)
    assert client.get("/admin/").get("Location") != ENROL  # cached: not Board
    user.groups.add(*board_user().groups.filter(name=roles.BOARD))  # the cached answer is dropped
    assert client.get("/admin/")["Location"] == ENROL


def test_the_front_end_stays_open(client, clock):
    clock.at("03/12/2026 09:30")
    user = board_user()
    clock.at("20/12/2026 10:00")
    client.force_login(user)
    assert client.get("/ca-nhan/").status_code == 200


def test_the_rule_can_be_turned_off(client, clock, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_BOARD = False
    clock.at("03/12/2026 09:30")
    user = board_user()
    clock.at("20/12/2026 10:00")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_resets_a_lost_device_from_the_server(client, clock):
    from django.core.management import call_command

    clock.at("03/12/2026 09:30")
    user = board_user()
    TOTPDevice.objects.create(user=user, name="cũ", confirmed=True)
    call_command("disable_two_factor", user.username)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    clock.at("20/12/2026 10:00")
    client.force_login(user)
    assert client.get("/admin/")["Location"] == ENROL  # after the grace: straight to enrolling again
