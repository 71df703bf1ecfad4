"""The idea bank's moderation e-mails: the moderators hear of what waits (the club's editors for a club's entry,
the Board otherwise), the owner hears of a publication or a return with its reason; nothing is sent for a change
that is rolled back, nor to the person who made the change; a title with line breaks stays a one-line subject."""

import pytest
from django.db import transaction

from ideas import services
from tests.factories.clubs import club_editor
from tests.factories.ideas import content
from tests.factories.portal import UserFactory, board_user
from tests.ideas.test_services import make_club_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run `work` and return the e-mails its commit sent."""

    def run(work):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            work()
        return list(mailoutbox)

    return run


def test_an_entry_without_a_club_is_announced_to_the_board(sent):
    board = board_user(email="ban@example.vn")
    owner = UserFactory(email="chu@example.vn")
    mails = sent(lambda: services.submit(owner, content(title="Rau hữu cơ Đại Lộc")))
    assert [m.to for m in mails] == [[board.email]]
    assert mails[0].subject == "[Ngân hàng ý tưởng] Chờ duyệt: Rau hữu cơ Đại Lộc"
    assert "/admin/ideas/entries/inspect/" in mails[0].body


def test_a_club_entry_is_announced_to_that_club_s_editors_only(sent):
    board_user(email="ban@example.vn")
    club, other = make_club_pair()
    editor = club_editor(club, email="bientap@example.vn")
    club_editor(other, email="khac@example.vn")
    mails = sent(lambda: services.submit(UserFactory(), content(club=club)))
    assert [m.to for m in mails] == [[editor.email]]


def test_the_owner_hears_of_publication_and_of_a_return_with_its_reason(sent):
    owner, board = UserFactory(email="chu@example.vn"), board_user(email="ban@example.vn")
    entry = services.submit(owner, content(title="Du lịch & cộng đồng <Hội An>"))
    mails = sent(lambda: services.return_entry(board, entry, "Thiếu số liệu thị trường & giá."))
    assert [m.to for m in mails] == [[owner.email]]
    assert mails[0].subject == "[Ngân hàng ý tưởng] Cần bổ sung: Du lịch & cộng đồng <Hội An>"
    assert "Thiếu số liệu thị trường & giá." in mails[0].body  # plain text: no HTML escaping
    assert f"/y-tuong/{entry.pk}/sua/" in mails[0].body
    services.update(owner, entry, content(title="Du lịch cộng đồng"))
    mails = sent(lambda: services.publish(board, entry))
    assert [m.to for m in mails] == [[owner.email]]
    assert mails[0].subject == "[Ngân hàng ý tưởng] Đã công bố: Du lịch cộng đồng"
    assert f"/y-tuong/{entry.pk}/" in mails[0].body


def test_an_owner_s_change_of_a_published_entry_is_announced_to_moderators(sent):
    owner, board = UserFactory(email="chu@example.vn"), board_user(email="ban@example.vn")
    entry = services.submit(owner, content())
    services.publish(board, entry)
    mails = sent(lambda: services.update(owner, entry, content(title="Bản cập nhật")))
    assert [m.to for m in mails] == [[board.email]]


def test_a_moderator_s_own_entry_or_change_sends_nothing(sent):
    board = board_user(email="ban@example.vn")
    assert sent(lambda: services.submit(board, content())) == []


def test_a_rolled_back_moderation_announces_nothing(sent):
    owner, board = UserFactory(email="chu@example.vn"), board_user(email="ban@example.vn")
    entry = services.submit(owner, content())

    def publish_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.publish(board, entry)
            raise RuntimeError

    assert sent(publish_then_fail) == []
    entry.refresh_from_db()
    assert entry.state == "submitted"


def test_a_title_with_line_breaks_gives_a_one_line_subject(sent):
    board_user(email="ban@example.vn")
    entry = services.submit(UserFactory(), content(title="Dòng một\r\nBcc: x@example.com"))
    mails = sent(lambda: services.publish(board_user(email="ban2@example.vn"), entry))
    for mail in mails:
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert "Bcc" not in mail.message().get("Bcc", "")
