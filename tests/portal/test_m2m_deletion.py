"""Deleting a record that others link to through a many-to-many field is refused, not cascaded: the link would
silently vanish from the record holding it (a district from a mentor's profile, a trainer from a cohort...).
Through the Wagtail admin's delete views and bulk delete, as the Board; an unused record still deletes."""

import datetime

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import models
from django.urls import reverse

from portal.admin.delete import protected_by
from portal.models import AdministrativeUnit, AgencyKind, User
from tests.factories.clubs import club_kind, make_club
from tests.factories.competitions import make_competition
from tests.factories.mentoring import certified_trainer, make_mentor
from tests.factories.portal import AdministrativeUnitFactory, AgencyKindFactory, UserFactory, board_user
from tests.factories.reporting import make_period
from tests.factories.training import NominationFactory, RoundCriterionFactory
from tests.factories.training_cohorts import CohortFactory
from training.models import PracticumDelivery, RenewalRequest

pytestmark = pytest.mark.django_db

OUR_APPS = {"portal", "clubs", "training", "events", "ideas", "reporting"}
# Many-to-many fields whose targets may go, with the reason.
HARMLESS = {
    # Deleting a group or a permission is taking people out of it: Wagtail's group screen says so and asks.
    "User.groups": "Django's",
    "User.user_permissions": "Django's",
}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def board(client):
    client.force_login(board_user(username="bandieuhanh"))
    return client


def bulk_url(app, model, *objects, next_url="/admin/"):
    ids = "".join(f"&id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=(app, model, "delete")) + f"?next={next_url}{ids}"


def test_every_many_to_many_of_our_apps_protects_its_targets_or_says_why_not():
    """A new many-to-many field must be decided: listed in its model's protecting_m2m, or in HARMLESS."""
    undecided, unknown = [], []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        m2m = {field.name for field in model._meta.local_many_to_many}
        declared = set(getattr(model, "protecting_m2m", ()))
        unknown += [f"{model.__name__}.{name}" for name in declared - m2m]
        undecided += [
            f"{model.__name__}.{name}" for name in m2m - declared
            if f"{model.__name__}.{name}" not in HARMLESS and not is_tags(model._meta.get_field(name))
        ]
    assert undecided == [] and unknown == []


def is_tags(field):
    """taggit's managers: free tags, which the Board never deletes from a listing."""
    return not isinstance(field, models.ManyToManyField)


# Administrative units in mentors' districts -------------------------------------------------------------------------


@pytest.fixture
def districts():
    named = AdministrativeUnitFactory(name="Thành phố Tam Kỳ", slug="tam-ky")
    unused = AdministrativeUnitFactory(name="Huyện Nông Sơn", slug="nong-son")
    mentor = make_mentor(display_name="Lê Văn Cố Vấn", districts=[named])
    return named, unused, mentor


def test_deleting_a_district_that_mentors_name_is_refused_and_an_unused_one_deletes(board, districts):
    named, unused, mentor = districts
    url = reverse("wagtailsnippets_portal_administrativeunit:delete", args=(named.pk,))

    response = board.post(url)

    assert response.status_code == 302 and response["Location"] == url
    assert messages_of(response) == [
        "Không thể xóa “Thành phố Tam Kỳ” vì vẫn còn dữ liệu đang dùng nó: Chuyên gia, cố vấn (1)."
    ]
    assert list(mentor.districts.all()) == [named]
    board.post(reverse("wagtailsnippets_portal_administrativeunit:delete", args=(unused.pk,)))
    assert list(AdministrativeUnit.objects.filter(slug__in=["tam-ky", "nong-son"])) == [named]


def test_bulk_deleting_a_district_that_mentors_name_deletes_none(board, districts):
    named, unused, mentor = districts
    listing = reverse("wagtailsnippets_portal_administrativeunit:list")

    response = board.post(bulk_url("portal", "administrativeunit", named, unused, next_url=listing))

    assert response.status_code == 302 and response["Location"] == listing
    assert messages_of(response) == [
        "Không thể xóa “Thành phố Tam Kỳ” vì vẫn còn dữ liệu đang dùng nó: Chuyên gia, cố vấn (1)."
    ]
    assert AdministrativeUnit.objects.filter(pk__in=[named.pk, unused.pk]).count() == 2  # all or none
    assert list(mentor.districts.all()) == [named]
    board.post(bulk_url("portal", "administrativeunit", unused, next_url=listing))
    assert not AdministrativeUnit.objects.filter(pk=unused.pk).exists()


def test_a_profile_deleted_with_its_district_loses_nothing_that_stays():
    """Only links of records that stay count: the collector's own deletions are not reported."""
    named = AdministrativeUnitFactory()
    mentor = make_mentor(districts=[named])
    assert protected_by([named]).protected_objects == {mentor}
    mentor.districts.clear()
    assert protected_by([named]) is None


# Accounts that cohorts and juries name ------------------------------------------------------------------------------


def test_deleting_a_cohorts_trainer_or_a_juror_is_refused_and_an_unused_account_deletes(board):
    trainer, juror, unused = (
        UserFactory(first_name="Văn Giảng"), UserFactory(first_name="Thị Giám Khảo"), UserFactory(first_name="Bỏ Trống")
    )
    cohort = CohortFactory()
    cohort.trainers.set([trainer])
    competition = make_competition(reviewers=[juror])

    one = board.post(reverse("wagtailusers_users:delete", args=(trainer.pk,)))
    many = board.post(bulk_url("portal", "user", juror, unused, next_url="/admin/users/"))

    assert one["Location"] == reverse("wagtailusers_users:edit", args=(trainer.pk,))
    assert "vì vẫn còn hồ sơ đang dùng nó: Lớp đào tạo (1)." in messages_of(one)[0]
    refused = messages_of(many)[-1]  # the one before is the delete view's, not yet shown
    assert "“Nguyễn Thị Giám Khảo”" in refused and "Cuộc thi, giải thưởng (1)." in refused
    assert "Bỏ Trống" not in refused
    assert list(cohort.trainers.all()) == [trainer] and list(competition.reviewers.all()) == [juror]
    assert User.objects.filter(pk=unused.pk).exists()  # the bulk delete is all or none
    board.post(reverse("wagtailusers_users:delete", args=(unused.pk,)))
    assert not User.objects.filter(pk=unused.pk).exists()


# Kinds that a reporting period asks ---------------------------------------------------------------------------------


def test_deleting_a_kind_that_a_reporting_period_asks_is_refused(board):
    asked_agencies, unused = AgencyKindFactory(name="UBND cấp huyện"), AgencyKindFactory(name="Trường học")
    asked_clubs = club_kind()
    period = make_period(agency_kinds=[asked_agencies], club_kinds=[asked_clubs])

    agencies = board.post(reverse("wagtailsnippets_portal_agencykind:delete", args=(asked_agencies.pk,)))
    clubs = board.post(bulk_url("clubs", "clubkind", asked_clubs))

    assert messages_of(agencies) == [
        "Không thể xóa “UBND cấp huyện” vì vẫn còn dữ liệu đang dùng nó: Kỳ báo cáo (1)."
    ]
    assert messages_of(clubs)[-1] == f"Không thể xóa “{asked_clubs}” vì vẫn còn dữ liệu đang dùng nó: Kỳ báo cáo (1)."
    assert list(period.agency_kinds.all()) == [asked_agencies] and list(period.club_kinds.all()) == [asked_clubs]
    board.post(reverse("wagtailsnippets_portal_agencykind:delete", args=(unused.pk,)))
    assert not AgencyKind.objects.filter(pk=unused.pk).exists()


# A trainer's deliveries that a renewal request offers as evidence ---------------------------------------------------


def test_deleting_a_delivery_a_renewal_request_rests_on_is_refused(board, site_tree):
    directory, _news = site_tree
    profile = certified_trainer()
    club = make_club(directory, title="CLB Khởi nghiệp Tam Kỳ")
    evidence, other = (
        PracticumDelivery.objects.create(
            trainer=profile, date=datetime.date(2025, 3, day), club=club, topic=topic, participants=20
        )
        for day, topic in ((10, "Mô hình kinh doanh"), (11, "Gọi vốn"))
    )
    request = RenewalRequest.objects.create(profile=profile)
    request.deliveries.set([evidence])

    response = board.post(reverse("wagtailsnippets_training_practicumdelivery:delete", args=(evidence.pk,)))

    assert response.status_code == 302
    assert "vì vẫn còn dữ liệu đang dùng nó: Đề nghị gia hạn công nhận (1)." in messages_of(response)[0]
    assert list(request.deliveries.all()) == [evidence]
    board.post(reverse("wagtailsnippets_training_practicumdelivery:delete", args=(other.pk,)))
    assert list(PracticumDelivery.objects.filter(trainer=profile)) == [evidence]


# What an agency declared a candidate meets ---------------------------------------------------------------------------


def test_a_criterion_a_nomination_ticked_is_reported_as_in_use():
    """Criteria have no delete view of their own (they are lines of the round's form): the rule is the collector's."""
    ticked, unticked = RoundCriterionFactory(), RoundCriterionFactory()
    nomination = NominationFactory(round=ticked.round)
    nomination.criteria_met.set([ticked])
    assert protected_by([ticked]).protected_objects == {nomination}
    assert protected_by([unticked]) is None
