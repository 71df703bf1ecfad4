"""The public ToT page and the home slot (no personal data), the daily reminders, and the demo."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.portal import nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from training.models import Nomination, ProgrammePage
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(home):
    page = ProgrammePage(title="Đề án đào tạo giảng viên nguồn", slug="dao-tao-giang-vien-nguon")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_programme_page_shows_progress_without_personal_data(client, programme):
    round_ = NominationRoundFactory(title="Đợt 2022", target_trainers=150)
    tam_ky = nominator(email="")
    invite(round_, tam_ky.agency, quota=4)
    nominate(tam_ky, round_, status=S.ACCEPTED, full_name="Nguyễn Bí Mật", email="bimat@example.vn",
             sectors=["du lịch số"], gender="nu")
    nominate(tam_ky, round_, status=S.SUBMITTED, sectors=["du lịch số"], gender="nam")
    nominate(tam_ky, round_, status=S.DRAFT)

    html = client.get("/dao-tao-giang-vien-nguon/").content.decode()

    assert "Đợt 2022" in html
    assert "1/150" in html
    assert f"<td>{tam_ky.agency.name}</td><td>2/4" in html
    assert "2 đề cử, 1 được chọn" in html  # du lịch số
    assert "Nguyễn Bí Mật" not in html and "bimat@example.vn" not in html and "0905" not in html


def test_unpublished_round_is_not_public(client, programme):
    NominationRoundFactory(title="Đợt nội bộ", is_published=False)
    assert "Đợt nội bộ" not in client.get("/dao-tao-giang-vien-nguon/").content.decode()


def test_home_slot_and_nav_link_in_constant_queries(client, programme, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, not the page cache
    round_ = NominationRoundFactory(title="Đợt trang chủ", target_trainers=80)
    user = nominator()
    invite(round_, user.agency, quota=10)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        return len(ctx), html

    queries()
    before, html = queries()
    assert "Đợt trang chủ" in html and "0/80" in html and 'href="/dao-tao-giang-vien-nguon/"' in html
    for _ in range(3):
        nominate(user, round_, status=S.ACCEPTED, sectors=["OCOP"])
    after, html = queries()
    assert "3/80" in html  # accepted against the target
    assert "<strong>3/10</strong>" in html  # nominated against the quotas
    assert "<strong>1</strong>" in html  # agencies invited
    assert after == before


def test_home_slot_counts_only_the_latest_round(client, programme):
    user = nominator()
    older = NominationRoundFactory(title="Đợt trước", opens_at=timezone.now() - datetime.timedelta(days=400),
                                   closes_at=timezone.now() - datetime.timedelta(days=370))
    latest = NominationRoundFactory(title="Đợt mới nhất", target_trainers=80)
    NominationRoundFactory(title="Đợt chưa công khai", is_published=False,
                           opens_at=timezone.now() - datetime.timedelta(days=1))
    invite(older, user.agency, quota=5)
    invite(latest, user.agency, quota=10)
    Nomination.objects.bulk_create(
        Nomination(round=older, agency=user.agency, full_name=f"Ứng viên {n}", folded_name=f"ung vien {n}",
                   gender="nu", date_of_birth=datetime.date(1980, 1, 1 + n), workplace="Sở", phone="0905",
                   email=f"cu{n}@example.vn", status=S.ACCEPTED)
        for n in range(5)
    )
    nominate(user, latest, status=S.ACCEPTED, sectors=["OCOP"])

    html = client.get("/").content.decode()

    assert "Đợt mới nhất" in html and "Đợt trước" not in html and "Đợt chưa công khai" not in html
    assert "1/80" in html and "<strong>1/10</strong>" in html


def test_reminders_only_to_invited_agencies_with_nobody_submitted_once_a_day():
    now = timezone.now()
    soon = NominationRoundFactory(closes_at=now + datetime.timedelta(days=2))
    later = NominationRoundFactory(closes_at=now + datetime.timedelta(days=20))
    silent, active, far = nominator(), nominator(), nominator()
    invite(soon, silent.agency)
    invite(soon, active.agency)
    invite(later, far.agency)
    nominate(silent, soon)  # a draft is not a nomination yet
    nominate(active, soon, status=S.SUBMITTED)

    call_command("send_nomination_reminders", "--days", "3")
    call_command("send_nomination_reminders", "--days", "3")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {silent.agency.email, silent.email}
    assert message.subject == f"[ToT] Nhắc hạn đề cử giảng viên nguồn – {soon.title}"
    assert "chưa nộp hồ sơ nào" in message.body


def test_demo_seed_builds_round_with_every_status_and_is_idempotent(home):
    from portal.demo import accounts, reference
    from training.nominations import demo

    reference.seed()
    accounts.seed()
    demo.seed()
    demo.seed()

    assert set(Nomination.objects.values_list("status", flat=True)) == set(S.values)
    assert Nomination.objects.filter(agency__slug="ubnd-thanh-pho-tam-ky").count() == 6
    assert Nomination.objects.exclude(pending_status="").count() == 1
    assert ProgrammePage.objects.get().slug == "dao-tao-giang-vien-nguon"
