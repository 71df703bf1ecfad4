"""Forms of logged-in members (a delegate's tour report, a trainer's practicum log and public profile, the
calendar link reset), fed hostile data as that member: never a 500, nothing half-saved."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from events import services as event_services
from events.models import CalendarToken, StudyTourReport
from tests.factories.portal import UserFactory
from tests.factories.training_cohorts import completed_enrolment
from tests.fuzz.conftest import assert_nothing_saved_unless, assert_ok, counts, emails, form_data, hostile_value
from training.models import PracticumDelivery, TrainerProfile

pytestmark = pytest.mark.django_db


@given(data=form_data({"lessons": "Mô hình vườn ươm của Đà Nẵng", "proposals": "Lập quỹ khởi nghiệp tỉnh",
                       "for_delegation": "on"}, optional=("proposals", "for_delegation")))
def test_study_tour_report(client, public_site, data):
    tour = public_site["tour"]
    if not hasattr(client, "_fuzz_user"):  # a delegate of the past tour, for every example of this test
        delegate = event_services.nominate_delegate(tour, full_name="Hồ Quang Bửu", email="buu@example.vn",
                                                    is_head=True)
        client._fuzz_user = UserFactory(email=delegate.email)
    client.force_login(client._fuzz_user)
    before = counts(StudyTourReport)
    response = client.post(tour.url + "bao-cao/", data)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, [StudyTourReport], created={"StudyTourReport": 1})
    if counts(StudyTourReport) != before:
        report = StudyTourReport.objects.get()
        report.full_clean()
        StudyTourReport.objects.all().delete()  # the next example may file again


@pytest.fixture
def trainer(client, public_site):
    enrolment = completed_enrolment(full_name="Hồ Quang Bửu")
    profile = TrainerProfile.objects.get(enrolment=enrolment)
    client.force_login(profile.user)
    return profile


@given(data=st.data())
def test_practicum_log(client, public_site, trainer, data):
    today = timezone.localdate()
    fields = data.draw(form_data({
        "date": st.dates(today - datetime.timedelta(days=800), today).map(str),
        "club": str(public_site["club"].pk),
        "topic": "Tư duy khởi nghiệp cho học sinh",
        "role": st.sampled_from(["co", "lead"]),
        "participants": st.integers(1, 10000).map(str),
        "notes": st.sampled_from(["", "Ghi chú"]),
    }, optional=("notes",)))
    before = counts(PracticumDelivery)
    response = client.post("/ca-nhan/thuc-hanh/", fields)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, [PracticumDelivery], created={"PracticumDelivery": 1})
    if counts(PracticumDelivery) != before:
        delivery = PracticumDelivery.objects.order_by("-pk").first()
        assert delivery.trainer_id == trainer.pk and delivery.confirmed_at is None
        delivery.full_clean()


@given(data=form_data({
    "workplace": "Trường Đại học Quảng Nam", "public_email": emails, "public_phone": "0905123456",
    "bio": "Giảng viên nguồn khởi nghiệp", "show_on_register": "on", "show_workplace": "on", "show_email": "on",
    "show_phone": "on",
}, optional=("public_email", "public_phone", "bio", "show_on_register", "show_workplace", "show_email", "show_phone")))
def test_trainer_public_profile(client, trainer, data):
    snapshot = model_to_dict(TrainerProfile.objects.get(pk=trainer.pk))
    response = client.post("/ca-nhan/ho-so-giang-vien/", data)
    assert_ok(response)
    profile = TrainerProfile.objects.get(pk=trainer.pk)
    if response.status_code == 302:
        profile.full_clean()
    else:
        assert model_to_dict(profile) == snapshot


@given(extra=hostile_value)
def test_calendar_link_reset_and_my_pages(client, public_site, extra):
    if not hasattr(client, "_fuzz_user"):
        client._fuzz_user = UserFactory()
    client.force_login(client._fuzz_user)
    response = client.post("/ca-nhan/lich/doi-duong-dan/", {"token": extra})
    assert_ok(response)
    assert CalendarToken.objects.filter(user=client._fuzz_user).count() == 1
    for url in ("/ca-nhan/su-kien/", "/ca-nhan/lop-hoc/", "/ca-nhan/giay-chung-nhan/", "/ca-nhan/"):
        assert_ok(client.get(url, {"page": extra}))
