"""The practicum form of a trainer's personal area lists the clubs to choose from: a private club (its page behind a
view restriction) is named only to someone who may open it, and choosing one by its id is refused otherwise."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from clubs.models import ClubPage
from clubs.services import ensure_editor_group
from tests.factories.clubs import make_club, make_private
from tests.factories.portal import PASSWORD, UserFactory, board_user
from tests.factories.training_cohorts import completed_enrolment
from training.models import PracticumDelivery

pytestmark = pytest.mark.django_db
URL = "/ca-nhan/thuc-hanh/"


def login(client, user):
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def clubs(site_tree):
    directory, _ = site_tree
    members = Group.objects.create(name="Thành viên CLB Sáng tạo trẻ")
    made = {
        "public": make_club(directory, title="CLB Khởi nghiệp Tam Kỳ"),
        "password": make_club(directory, title="CLB Bí mật Mật khẩu"),
        "groups": make_club(directory, title="CLB Sáng tạo trẻ Nội bộ"),
        "login": make_club(directory, title="CLB Thành viên Đăng nhập"),
    }
    make_private(made["password"], restriction_type="password", password="bimat")
    restriction = make_private(made["groups"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(members)
    make_private(made["login"], restriction_type="login")
    return made, members


def post(client, club):
    return client.post(URL, {"date": "2022-08-01", "club": club.pk, "topic": "Tư duy khởi nghiệp", "role": "co",
                             "participants": "20"})


def test_a_trainer_is_offered_only_the_clubs_they_may_see(client, clubs):
    made, members = clubs
    trainer = completed_enrolment(board=board_user(), full_name="Hồ Quang Bửu").user
    login(client, trainer)

    page = client.get(URL).content.decode()
    assert made["public"].title in page and made["login"].title in page  # signed in: a log-in restriction admits
    assert made["password"].title not in page and made["groups"].title not in page

    response = post(client, made["groups"])
    assert response.status_code == 200 and PracticumDelivery.objects.count() == 0  # an invalid choice, nothing saved
    assert post(client, made["password"]).status_code == 200 and PracticumDelivery.objects.count() == 0

    trainer.groups.add(members)  # now a member of the group the club admits
    assert made["groups"].title in client.get(URL).content.decode()
    assert post(client, made["groups"]).status_code == 302
    assert PracticumDelivery.objects.get().club_id == made["groups"].pk


def test_editors_of_a_private_club_and_superusers_see_it(client, clubs):
    made, _ = clubs
    assert set(ClubPage.objects.live().visible_to(UserFactory(is_superuser=True))) == set(made.values())
    editor = UserFactory()
    editor.groups.add(ensure_editor_group(made["password"]))
    assert made["password"] in ClubPage.objects.live().visible_to(editor)
    assert made["groups"] not in ClubPage.objects.live().visible_to(editor)
    from django.contrib.auth.models import AnonymousUser

    assert list(ClubPage.objects.live().visible_to(AnonymousUser())) == [made["public"]]
