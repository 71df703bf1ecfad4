"""The agency nominator's forms and filters, fed hostile data as the agency nominator: never a 500, a refused
form changes nothing, a success saves exactly one consistent record."""

import datetime
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from hypothesis import given, settings
from hypothesis import strategies as st

from events.models import Delegate
from tests.factories.events import event_index, make_event, study_tour_kind
from tests.factories.portal import nominator
from tests.factories.training import PDF_BYTES, NominationRoundFactory, RoundCriterionFactory, invite, nominate
from tests.fuzz.conftest import (
    assert_nothing_saved_unless,
    assert_ok,
    counts,
    emails,
    form_data,
    hostile_value,
    query_params,
)
from training.models import DispatchDocument, Nomination, NominationStatusChange
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(client, home):
    user = nominator(username="daumoi")
    round_ = NominationRoundFactory(title="Tuyển chọn giảng viên nguồn 2026")
    criterion = RoundCriterionFactory(round=round_, text="Có kinh nghiệm hỗ trợ khởi nghiệp")
    invite(round_, user.agency, quota=1000)
    client.force_login(user)
    return {"user": user, "round": round_, "criterion": criterion}


def nomination_fields(criterion_pk):
    return {
        "full_name": st.sampled_from(["Trần Thị Bích Ngọc", unicodedata.normalize("NFD", "Hồ Quang Bửu"), "Lê Văn A"]),
        "gender": st.sampled_from(["nu", "nam", "khac"]),
        "date_of_birth": st.dates(datetime.date(1960, 1, 1), datetime.date(2000, 12, 31)).flatmap(
            lambda day: st.sampled_from([day.isoformat(), day.strftime("%d/%m/%Y")])),  # varied: no duplicates
        "position": "Chuyên viên",
        "workplace": "UBND thành phố Tam Kỳ",
        "phone": st.sampled_from(["0905 123 456", "+84905123456", "0235 3812 345"]),
        "email": emails,
        "is_entrepreneur": "on",
        "sectors": st.sampled_from(["du lịch số, nông nghiệp hữu cơ", "", '"a, b", c']),
        "experience": "Cố vấn 6 dự án khởi nghiệp",
        "motivation": "Lan tỏa văn hóa khởi nghiệp",
        "criteria_met": st.sampled_from([str(criterion_pk), [str(criterion_pk)], []]),
        "consent": "on",
    }


OPTIONAL = ("is_entrepreneur", "sectors", "criteria_met", "position", "experience", "motivation", "consent")
NOMINATION_MODELS = [Nomination, NominationStatusChange, DispatchDocument]


@given(data=st.data())
def test_nomination_add(client, agency, data):
    fields = data.draw(form_data(nomination_fields(agency["criterion"].pk), optional=OPTIONAL))
    before = counts(*NOMINATION_MODELS)
    response = client.post(f"/tot/de-cu/dot/{agency['round'].pk}/them/", fields)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, NOMINATION_MODELS,
                                created={"Nomination": 1, "NominationStatusChange": 1})
    if response.status_code == 302:
        nomination = Nomination.objects.order_by("-pk").first()
        assert response["Location"] == f"/tot/de-cu/ho-so/{nomination.pk}/"
        assert nomination.status == NominationStatus.DRAFT and nomination.agency_id == agency["user"].agency_id
        assert nomination.full_name == unicodedata.normalize("NFC", nomination.full_name)
        assert nomination.consent_at is not None
        nomination.full_clean()


@given(data=st.data())
def test_nomination_edit(client, agency, data):
    nomination = Nomination.objects.filter(full_name="Nguyễn Thị Sửa").first() or nominate(
        agency["user"], agency["round"], full_name="Nguyễn Thị Sửa", consent_at=datetime.datetime.now(datetime.UTC))
    snapshot = model_to_dict(Nomination.objects.get(pk=nomination.pk))
    fields = data.draw(form_data(nomination_fields(agency["criterion"].pk), optional=OPTIONAL))
    before = counts(*NOMINATION_MODELS)
    response = client.post(f"/tot/de-cu/ho-so/{nomination.pk}/sua/", fields)
    assert_ok(response)
    if response.status_code != 302:
        assert model_to_dict(Nomination.objects.get(pk=nomination.pk)) == snapshot
    assert_nothing_saved_unless(response, before, NOMINATION_MODELS, created={"NominationStatusChange": 1})
    if response.status_code == 302:  # saved: back to the same name for the next example
        Nomination.objects.filter(pk=nomination.pk).update(full_name="Nguyễn Thị Sửa")


def pdf_or_hostile_file():
    return st.one_of(
        st.builds(lambda: SimpleUploadedFile("cong-van.pdf", PDF_BYTES, "application/pdf")),  # a fresh file each time
        st.builds(SimpleUploadedFile, st.sampled_from(["cv.pdf", "cv.PDF", "cv.exe", "../../x.pdf", "a" * 300 + ".pdf",
                                                       "cv.pdf\x00.exe", "công văn.pdf"]),
                  st.one_of(st.binary(max_size=200), st.just(b"%PDF-"), st.just(PDF_BYTES)),
                  st.sampled_from(["application/pdf", "text/html", "application/x-msdownload"])),
    )


@settings(max_examples=30)
@given(data=st.data())
def test_nomination_submit(client, agency, data):
    nomination = nominate(agency["user"], agency["round"], consent_at=datetime.datetime.now(datetime.UTC))
    fields = data.draw(form_data({
        "number": st.sampled_from(["125/UBND-VP", "12/CV-SKHCN"]),
        "date": st.sampled_from(["2026-02-10", "10/02/2026"]),
        "file": pdf_or_hostile_file(),
        "existing": None,
    }, optional=("existing", "file")))
    before = counts(*NOMINATION_MODELS)
    response = client.post(f"/tot/de-cu/ho-so/{nomination.pk}/nop/", fields)
    assert_ok(response)
    nomination.refresh_from_db()
    if response.status_code == 302:
        assert nomination.status == NominationStatus.SUBMITTED and nomination.dispatch_id is not None
        assert_nothing_saved_unless(response, before, NOMINATION_MODELS,
                                    created={"NominationStatusChange": 1, "DispatchDocument": 1})
    else:
        assert nomination.status == NominationStatus.DRAFT
        assert_nothing_saved_unless(response, before, NOMINATION_MODELS)


@settings(max_examples=30)
@given(reason=hostile_value, submitted=st.booleans())
def test_nomination_withdraw(client, agency, reason, submitted):
    from tests.factories.training import submit_as

    nomination = nominate(agency["user"], agency["round"], consent_at=datetime.datetime.now(datetime.UTC))
    if submitted:
        submit_as(nomination, agency["user"])
    status = nomination.status
    changes = nomination.status_changes.count()
    response = client.post(f"/tot/de-cu/ho-so/{nomination.pk}/rut/", {"reason": reason})
    assert_ok(response)
    nomination.refresh_from_db()
    if nomination.status == NominationStatus.WITHDRAWN:
        assert response.status_code == 302 and nomination.status_changes.count() == changes + 1
    else:
        assert nomination.status == status and nomination.status_changes.count() == changes


@given(params=query_params({"dot": "1", "trang-thai": "submitted", "page": "1"},
                           optional=("dot", "trang-thai", "page")))
def test_nomination_list_and_export_filters(client, agency, params):
    assert_ok(client.get("/tot/de-cu/ho-so/", params))
    assert_ok(client.get("/tot/de-cu/ho-so/xuat.csv", params))
    assert_ok(client.get("/tot/de-cu/", params))


@settings(max_examples=20)  # several URLs per example
@given(pk=st.integers(min_value=-(10**20), max_value=10**20))
def test_nomination_ids_in_paths(client, agency, pk):
    for suffix in ("", "sua/", "nop/", "rut/"):
        assert_ok(client.get(f"/tot/de-cu/ho-so/{abs(pk)}/{suffix}"))
    assert_ok(client.get(f"/tot/de-cu/dot/{abs(pk)}/them/"))
    assert_ok(client.get(f"/tot/de-cu/cong-van/{abs(pk)}/"))
    assert_ok(client.get(f"/doan-cong-tac/{abs(pk)}/"))


@given(data=form_data({
    "full_name": st.sampled_from(["Hồ Quang Bửu", "Trần Thị Hạnh"]), "email": emails,
    "position": "Phó Giám đốc", "is_head": "on", "consent": "on",
}, optional=("position", "is_head", "consent")))
def test_delegate_form(client, agency, home, data):
    tour = getattr(client, "_fuzz_tour", None)  # one tour for all examples (the client lives as long as the test)
    if tour is None:
        tour = client._fuzz_tour = make_event(event_index(home), title="Đoàn khảo sát Đà Nẵng", kind=study_tour_kind())
    before = counts(Delegate)
    response = client.post(f"/doan-cong-tac/{tour.pk}/", data)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, [Delegate], created={"Delegate": 1})
    if response.status_code == 302:
        delegate = Delegate.objects.order_by("-pk").first()
        assert delegate.agency_id == agency["user"].agency_id and delegate.event_id == tour.pk
        delegate.full_clean()
