"""`manage.py seed_demo` builds the demo through the real code paths, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page

from clubs.models import ClubKind, ClubPage, NewsPage
from portal import demo, roles
from portal.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db

DEMO_USERS = ["quantri", "bandieuhanh", "bientap", "daumoi", "tochucthi", "giangvien", "thamdu"]


def counts():
    return {
        "units": AdministrativeUnit.objects.count(),
        "district_units": AdministrativeUnit.objects.filter(parent__slug="quang-nam").count(),
        "agencies": Agency.objects.count(),
        "club_kinds": ClubKind.objects.count(),
        "clubs": ClubPage.objects.count(),
        "live_clubs": ClubPage.objects.live().count(),
        "clubs_per_kind": dict(
            ClubKind.objects.annotate(n=Count("clubs")).values_list("slug", "n").order_by("slug")
        ),
        "news": NewsPage.objects.count(),
        "live_news": NewsPage.objects.live().count(),
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
        "demo_users": get_user_model().objects.filter(username__in=DEMO_USERS).count(),
    }


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_prints_the_demo_logins(client, settings):
    first_output = seed()
    first = counts()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9400"  # as `make run PORT=9400` exports it
    second_output = seed("--port", "9400")

    assert counts() == first
    assert first["district_units"] == 18
    assert first["units"] == 19
    assert first["clubs_per_kind"] == {
        "cap-huyen": 18,
        "dai-hoc-cao-dang": 4,
        "thpt-trong-diem": 5,
        "truong-nghe": 3,
    }
    assert first["clubs"] == first["live_clubs"] == 30
    assert first["news"] == first["live_news"] >= 81
    assert first["demo_users"] == 7
    for output in (first_output, second_output):
        assert "KhoiNghiep@2022" in output
        for username in DEMO_USERS:
            assert f"  {username} " in output, username

    # A line per step, in order, saying what it added (nothing the second time).
    steps = [line for line in first_output.splitlines() if " xong: " in line]
    assert [line.split("…")[0].strip() for line in steps] == [label for _, label in demo.SEEDERS]
    assert "Câu lạc bộ và tin tức… xong: 0 trang" not in first_output
    assert "Tài khoản demo… xong: 0 trang, 7 tài khoản mới" in first_output
    assert second_output.count(" xong: 0 trang, 0 tài khoản mới") == len(demo.SEEDERS)
    # The address printed is BASE_URL, the one its links carry; `make run` sets it from its port.
    assert "Cổng: http://testserver/   Quản trị: http://testserver/admin/" in first_output
    assert "Cổng: http://127.0.0.1:9400/   Quản trị: http://127.0.0.1:9400/admin/" in second_output
    assert "8000" not in second_output

    User = get_user_model()
    assert User.objects.get(username="quantri").is_superuser
    assert User.objects.get(username="bandieuhanh").groups.filter(name=roles.BOARD).exists()
    assert User.objects.get(username="daumoi").agency.slug == "ubnd-thanh-pho-tam-ky"
    # the district organiser runs the demo's Tam Kỳ competition
    from ideas.competitions.rules import competitions_run_by

    organised = competitions_run_by(User.objects.get(username="tochucthi"))
    assert organised.exists() and all(c.organiser.slug == "tam-ky" for c in organised)
    tam_ky = ClubPage.objects.get(slug="clb-khoi-nghiep-thanh-pho-tam-ky")
    bientap = User.objects.get(username="bientap")
    assert tam_ky.permissions_for_user(bientap).can_edit()
    assert not tam_ky.permissions_for_user(bientap).can_publish()
    assert client.login(username="bandieuhanh", password="KhoiNghiep@2022")

    # The demo is what visitors see: searchable, listed, with quiet clubs for the Board's report.
    client.logout()
    assert client.get("/").status_code == 200
    assert client.get("/cau-lac-bo/").context["clubs"].paginator.count == 30
    # the demo trainer is on the register through a recorded consent, like any trainer (issue 12, item 6)
    from training.models import TrainerProfile

    assert "giangvien@example.vn" in client.get("/tot/giang-vien/").content.decode()
    demo_trainer = TrainerProfile.objects.filter(public_email="giangvien@example.vn")
    assert demo_trainer.filter(register_consent_at__isnull=False).exists()
    assert client.get("/tim-kiem/", {"q": "tam ky"}).context["results"].paginator.count >= 1
    assert ClubPage.objects.quiet().count() >= 3
    # the idea bank: fifteen published entries, searchable without diacritics, and the moderation's examples
    assert client.get("/y-tuong/").context["entries"].paginator.count == 15
    assert "Rau hữu cơ Trà Quế" in client.get("/y-tuong/", {"q": "rau huu co tra que"}).content.decode()
    from ideas.models import Entry

    assert set(Entry.objects.exclude(state="published").values_list("state", flat=True)) == {"submitted", "returned"}
    assert Entry.objects.filter(versions__status="pending", state="published").count() == 1


def test_seed_demo_warns_when_base_url_names_another_port(settings, monkeypatch):
    monkeypatch.setattr(demo, "SEEDERS", [])  # the warning, not the data
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    out, err = StringIO(), StringIO()

    call_command("seed_demo", "--port", "9400", stdout=out, stderr=err)

    assert "Cổng: http://127.0.0.1:8000/" in out.getvalue()
    assert "không chỉ cổng 9400" in err.getvalue()


def test_the_demo_has_a_reporting_period_with_reports_in_every_state(client):
    from reporting.models import Report, ReportingPeriod

    seed()
    period = ReportingPeriod.objects.exclude(kind="club_year").get()
    states = sorted(Report.objects.filter(period=period).values_list("state", flat=True))
    assert states == ["draft", "draft", "returned", "submitted"]
    assert client.login(username="daumoi", password="KhoiNghiep@2022")
    assert period.title in client.get("/bao-cao/").content.decode()
    assert client.get(f"/bao-cao/ky/{period.pk}/co-quan/").status_code == 200
    assert client.login(username="bientap", password="KhoiNghiep@2022")
    assert client.get("/bao-cao/").status_code == 200


def test_the_demo_has_the_clubs_yearly_self_reports(client):
    from reporting.models import Report, ReportingPeriod

    seed()
    seed()
    periods = ReportingPeriod.objects.filter(kind="club_year").order_by("starts_on")
    assert [p.title for p in periods] == [
        "Tự báo cáo năm 2025 của các câu lạc bộ", "Tự báo cáo năm 2026 của các câu lạc bộ",
    ]
    states = sorted(Report.objects.filter(period=periods[1]).values_list("state", flat=True))
    assert states == ["draft", "submitted", "submitted", "submitted"]
    directory = client.get("/cau-lac-bo/?kind=dai-hoc-cao-dang").content.decode()
    assert "120 thành viên (tính đến" in directory
    nam_tra_my = ClubPage.objects.quiet().get(slug="clb-khoi-nghiep-huyen-nam-tra-my")
    assert f"{nam_tra_my.last_report_at.astimezone():%Y}" == "2026"
    assert client.login(username="bientap", password="KhoiNghiep@2022")
    tam_ky = ClubPage.objects.get(slug="clb-khoi-nghiep-thanh-pho-tam-ky")
    assert client.get(f"/bao-cao/ky/{periods[1].pk}/clb/{tam_ky.pk}/").status_code == 200
