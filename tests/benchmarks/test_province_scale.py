"""The load run's fixture (scripts/benchmarks/_province.py) at a tiny scale: the stated counts, a consistent page
tree, pages that serve and search, nominations and certificates in valid states, and a second run that adds
nothing."""

import importlib.util
from pathlib import Path

import pytest
from django.db.models import Count, Q
from wagtail.models import Page

from clubs.models import ClubKind, ClubPage, NewsPage
from events.models import EventPage
from portal.models import AdministrativeUnit
from tests.factories.clubs import make_site_tree
from tests.factories.events import event_index, event_kind
from tests.factories.portal import AgencyFactory
from training.models import AgencyQuota, Certificate, Nomination, NominationStatusChange, SerialCounter
from training.nominations.enums import DECISIONS, NominationStatus

FACTOR = 0.005  # 10 clubs, 100 news items, 100 nominations, 25 events, 10 certificates

path = Path(__file__).resolve().parents[2] / "scripts" / "benchmarks" / "_province.py"
spec = importlib.util.spec_from_file_location("province_scale", path)
province = importlib.util.module_from_spec(spec)
spec.loader.exec_module(province)


@pytest.fixture
def scaled(home):
    make_site_tree(home)
    event_index(home)
    event_kind()
    ClubKind.objects.create(slug="cap-huyen", name="CLB cấp huyện")
    ClubKind.objects.create(slug="dai-hoc-cao-dang", name="CLB trường Đại học, Cao đẳng", sort_order=1)
    province_unit = AdministrativeUnit.objects.create(name="Tỉnh Quảng Nam", slug="quang-nam", kind="tỉnh")
    for n, name in enumerate(["Tam Kỳ", "Hội An", "Điện Bàn"]):
        AdministrativeUnit.objects.create(name=name, slug=f"don-vi-{n}", kind="huyện", parent=province_unit)
    AgencyFactory.create_batch(2)
    return province.scale(FACTOR, log=lambda line: None)


def test_scaler_reaches_the_stated_counts(scaled):
    assert scaled == province.targets(FACTOR) == {
        "clubs": 10, "news": 100, "nominations": 100, "events": 25, "certificates": 10,
    }


def test_page_tree_is_consistent(scaled):
    assert not any(province.check_tree().values()), province.check_tree()
    assert Page.find_problems() == ([], [], [], [], [])


def test_second_run_adds_nothing(scaled):
    pages = Page.objects.count()
    assert province.scale(FACTOR, log=lambda line: None) == scaled
    assert Page.objects.count() == pages


def test_scaled_pages_serve_and_are_found(client, scaled):
    club = ClubPage.objects.live().filter(title__contains="xã, phường").first()
    news = NewsPage.objects.filter(club=club).first()
    event = EventPage.objects.filter(slug__startswith="su-kien-tinh-").first()
    for page in (club, news, event):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    directory = client.get("/cau-lac-bo/")
    assert directory.context["clubs"].paginator.count == 10
    results = client.get("/tim-kiem/", {"q": club.title.split("–")[0]}).context["results"]
    assert club.pk in {result.pk for result in results}


def test_nominations_are_in_valid_states(scaled):
    decided = Nomination.objects.filter(status__in=DECISIONS)
    assert decided.exists() and not decided.filter(Q(decision=None) | Q(dispatch=None)).exists()
    assert not Nomination.objects.filter(status=NominationStatus.SUBMITTED, dispatch=None).exists()
    assert not Nomination.objects.filter(status=NominationStatus.DRAFT).exclude(submitted_at=None).exists()
    for nomination in decided:
        assert list(NominationStatusChange.objects.filter(nomination=nomination).values_list("to_status", flat=True)) \
            == [NominationStatus.SUBMITTED, nomination.status]
    for quota in AgencyQuota.objects.with_used():
        assert quota.used <= quota.quota


def test_certificates_verify_with_gap_free_serials(client, scaled):
    certificate = Certificate.objects.filter(revoked_at=None).first()
    response = client.get(f"/tot/xac-minh/{certificate.code}/")
    assert response.context["state"] == "valid"
    for counter in SerialCounter.objects.all():
        serials = Certificate.objects.filter(serial__startswith=counter.series.split("{")[0] + str(counter.year))
        assert serials.count() == counter.last_number
    assert not Certificate.objects.values("serial").annotate(n=Count("pk")).filter(n__gt=1).exists()
