"""The result e-mails of a competition's release (ideas.competitions.notifications): each released entry's owner,
nominating agency (its address and its people) and nominating club's editors hear once per address, of every
entry they are concerned with, only after the release has committed; a hostile title gives a one-line, clipped
subject; a mail server that fails never undoes the release, and a retry writes only to the addresses that failed."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from ideas.competitions import services
from ideas.competitions.certificates import for_entries
from ideas.competitions.enums import Award, EntryStatus
from ideas.competitions.models import Competition
from portal.operations import deferred
from tests.clock import local_datetime
from tests.factories.clubs import club_editor, make_club
from tests.factories.competitions import apply, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import AgencyFactory, UserFactory, board_user, nominator

pytestmark = pytest.mark.django_db

SUBJECT = "[Cuộc thi, giải thưởng] Công bố kết quả: "


@pytest.fixture
def world(site_tree, clock):
    directory, _ = site_tree
    clock.at("2026-12-01 08:00")
    club = make_club(directory)
    agency = AgencyFactory(email="so@example.vn")
    owner = UserFactory(email="chu@example.vn")
    agency_nominator = nominator(agency, email="daumoi@example.vn")
    editor = club_editor(club, email="BienTap@example.vn")
    # owns an idea of the club and edits the club: one address, two roles (the case of the address aside)
    other_owner = UserFactory(email="bientap@example.vn")
    competition = make_competition(
        title="Giải thưởng Sáng tạo Quảng Nam 2026", opens_at=local_datetime("2026-11-01 08:00"),
        closes_at=local_datetime("2026-12-17 16:16"),
    )
    own = apply(owner, competition, make_entry(owner, title="Rau hữu cơ Đại Lộc"))
    by_agency = apply(agency_nominator, competition, make_entry(owner, title="Du lịch cộng đồng Cẩm Thanh"))
    by_club = apply(editor, competition, make_entry(other_owner, club=club, title="Gốm Thanh Hà"))
    late = apply(owner, competition, make_entry(owner, title="Muối Sa Huỳnh"))  # prepared after the first release
    board = board_user(email="ban@example.vn")
    clock.at("2026-12-18 08:00")
    services.prepare_award(board, own, Award.FIRST, reason="Xuất sắc")
    services.prepare_award(board, by_agency, Award.NONE, reason="Chưa khả thi")
    services.prepare_award(board, by_club, Award.THIRD)
    mail.outbox.clear()
    return {
        "competition": competition, "board": board, "own": own, "by_agency": by_agency, "by_club": by_club,
        "late": late, "owner": owner, "agency": agency, "nominator": agency_nominator, "editor": editor,
    }


def release(world):
    return services.release_awards(world["board"], world["competition"])


def by_address():
    found = {}
    for message in mail.outbox:
        assert len(message.to) == 1
        assert message.to[0].lower() not in found, f"{message.to[0]} written to twice"
        found[message.to[0].lower()] = message
    return found


def test_each_address_hears_once_of_every_entry_it_is_concerned_with(world, committed):
    with committed():
        released = release(world)
    sent = by_address()
    assert sorted(sent) == ["bientap@example.vn", "chu@example.vn", "daumoi@example.vn", "so@example.vn"]
    assert released.mail_count == 4
    for message in sent.values():
        assert message.subject == SUBJECT + "Giải thưởng Sáng tạo Quảng Nam 2026"
    # the owner: their own entry and the one the agency nominated, with the awards and the jury's comments
    owner_mail = sent["chu@example.vn"].body
    assert "Rau hữu cơ Đại Lộc (Nông nghiệp): Giải nhất" in owner_mail and "Xuất sắc" in owner_mail
    assert "Du lịch cộng đồng Cẩm Thanh (Nông nghiệp): Không đạt giải" in owner_mail
    assert "Gốm Thanh Hà" not in owner_mail
    assert f"/y-tuong/cuoc-thi/{world['competition'].pk}/" in owner_mail and "/ca-nhan/giay-chung-nhan/" in owner_mail
    # the agency (its address and its nominator's): only what it nominated
    for address in ("so@example.vn", "daumoi@example.vn"):
        body = sent[address].body
        assert "Du lịch cộng đồng Cẩm Thanh" in body and "Rau hữu cơ" not in body
        assert f"cơ quan đề cử: {world['agency'].name}" in body
        assert "giấy chứng nhận" not in body  # no winner among them
    # the club's editor who also owns the idea: one e-mail naming both roles
    body = sent["bientap@example.vn"].body
    assert body.count("Gốm Thanh Hà") == 1 and "chủ ý tưởng" in body and "câu lạc bộ đề cử" in body
    assert "ban@example.vn" not in sent


def test_nothing_is_sent_before_the_release_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release(world)
    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 4


def test_a_rolled_back_release_announces_nothing(world, committed):
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            release(world)
            raise RuntimeError
    assert mail.outbox == []
    world["own"].refresh_from_db()
    assert world["own"].status == EntryStatus.SUBMITTED


def test_a_second_release_writes_only_of_what_it_released(world, committed):
    with committed():
        release(world)
    services.prepare_award(world["board"], world["late"], Award.HONOURABLE)
    mail.outbox.clear()
    with committed():
        released = release(world)
    assert [m.to for m in mail.outbox] == [["chu@example.vn"]] and released.mail_count == 1
    body = mail.outbox[0].body
    assert "Muối Sa Huỳnh" in body and "Rau hữu cơ" not in body


def test_a_hostile_title_gives_a_one_line_clipped_subject_and_a_plain_body(world, committed):
    hostile = "Giải <script>alert(1)</script> &\r\nBcc: x@example.com " + "Đổi mới sáng tạo " * 13
    Competition.objects.filter(pk=world["competition"].pk).update(title=hostile[:255])  # past the save-time cleaning
    with committed():
        release(world)
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.subject.startswith(SUBJECT + "Giải <script>alert(1)</script> & Bcc: x@example.com Đổi mới")
        assert len(message.subject) <= 180 and message.subject.endswith("…")
        assert message.message().get("Bcc") is None
        assert "Giải <script>alert(1)</script> &" in message.body and "&lt;" not in message.body


class FlakyBackend(EmailBackend):
    """The locmem backend refusing the addresses in `failing` the first `times` attempts (all when times < 0)."""

    failing, times, attempts = set(), 0, {}

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0].lower()
            if address in self.failing:
                tried = FlakyBackend.attempts[address] = FlakyBackend.attempts.get(address, 0) + 1
                if self.times < 0 or tried <= self.times:
                    raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.attempts = {}

    def failing(addresses, times):
        FlakyBackend.failing, FlakyBackend.times = set(addresses), times

    yield failing
    FlakyBackend.failing, FlakyBackend.times = set(), 0


def test_a_failing_address_is_retried_alone_and_the_others_are_not_written_to_twice(world, committed, flaky):
    flaky(["daumoi@example.vn"], times=2)
    with committed():
        released = release(world)
    assert released.mail_count == 4
    assert FlakyBackend.attempts == {"daumoi@example.vn": 3}
    assert sorted(by_address()) == ["bientap@example.vn", "chu@example.vn", "daumoi@example.vn", "so@example.vn"]


def test_a_mail_server_down_never_undoes_the_release(world, committed, flaky, caplog):
    flaky(["chu@example.vn", "so@example.vn", "daumoi@example.vn", "bientap@example.vn"], times=-1)
    with committed():
        released = release(world)
    assert len(released) == 3 and mail.outbox == []
    assert set(FlakyBackend.attempts.values()) == {deferred.MAX_ATTEMPTS}
    world["own"].refresh_from_db()
    world["competition"].refresh_from_db()
    assert (world["own"].status, world["own"].award) == (EntryStatus.AWARDED, Award.FIRST)
    assert world["competition"].released_at is not None
    assert list(for_entries([world["own"]])) == [world["own"].pk]
    assert "giving up" in caplog.text


def test_the_admin_says_how_many_e_mails_go_out(client, world, committed):
    client.force_login(world["board"])
    with committed():
        response = client.post(f"/admin/ideas/competitions/release/{world['competition'].pk}/", follow=True)
    page = response.content.decode()
    assert "Đã công bố 3 kết quả" in page and "4 thư báo kết quả được gửi đi" in page
    assert len(mail.outbox) == 4
