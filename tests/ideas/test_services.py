"""The moderation of an entry through ideas.services: submitted -> published / returned with a reason -> edited
and sent again -> withdrawn; an owner's change of a published entry waits as a new version while the published
one stays visible; a moderator's own change is published at once; every change is kept."""

import pytest

from ideas import services
from ideas.models import Entry
from tests.factories.clubs import club_editor, make_club
from tests.factories.ideas import content, make_entry
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db


def statuses(entry):
    return list(entry.versions.order_by("number").values_list("number", "status"))


def test_a_new_entry_waits_for_moderation_and_is_not_public():
    owner = UserFactory()
    entry = services.submit(owner, content(title="Rau hữu cơ Đại Lộc"))
    assert entry.state == "submitted"
    assert not Entry.objects.published().filter(pk=entry.pk).exists()
    assert statuses(entry) == [(1, "pending")]


def test_publishing_then_returning_a_change_keeps_the_published_version_visible():
    owner, board = UserFactory(), board_user()
    entry = services.submit(owner, content(title="Rau hữu cơ Đại Lộc"))
    services.publish(board, entry)
    entry = services.update(owner, entry, content(title="Rau hữu cơ Đại Lộc – mở rộng"))
    entry.refresh_from_db()
    assert entry.title == "Rau hữu cơ Đại Lộc"  # the public still sees the published version
    assert entry.state == "published"
    assert statuses(entry) == [(1, "published"), (2, "pending")]
    services.return_entry(board, entry, "Thiếu số liệu thị trường.")
    entry.refresh_from_db()
    assert (entry.state, entry.title, entry.return_reason) == (
        "published",
        "Rau hữu cơ Đại Lộc",
        "Thiếu số liệu thị trường.",
    )
    assert statuses(entry) == [(1, "published"), (2, "returned")]
    services.update(owner, entry, content(title="Rau hữu cơ Đại Lộc – bản 3"))
    services.publish(board, entry)
    entry.refresh_from_db()
    assert (entry.title, entry.return_reason) == ("Rau hữu cơ Đại Lộc – bản 3", "")
    assert statuses(entry) == [(1, "published"), (2, "returned"), (3, "published")]


def test_a_returned_entry_is_edited_and_waits_again():
    owner, board = UserFactory(), board_user()
    entry = services.submit(owner, content())
    services.return_entry(board, entry, "Tóm tắt quá ngắn.")
    entry.refresh_from_db()
    assert (entry.state, entry.return_reason) == ("returned", "Tóm tắt quá ngắn.")
    services.update(owner, entry, content(summary="Một bản tóm tắt đầy đủ hơn."))
    entry.refresh_from_db()
    assert (entry.state, entry.return_reason) == ("submitted", "")
    assert statuses(entry) == [(1, "returned"), (2, "pending")]


def test_a_second_change_supersedes_the_pending_one():
    owner = UserFactory()
    entry = make_entry(owner)
    services.update(owner, entry, content(title="Bản A"))
    services.update(owner, entry, content(title="Bản B"))
    assert statuses(entry) == [(1, "published"), (2, "superseded"), (3, "pending")]
    assert services.pending_version(entry).data["title"] == "Bản B"


def test_a_club_editor_publishes_at_once_for_their_club_but_not_for_another():
    directory_club, other = make_club_pair()
    editor = club_editor(directory_club)
    entry = services.submit(editor, content(club=directory_club))
    assert entry.state == "published"
    foreign = services.submit(UserFactory(), content(club=other))
    with pytest.raises(services.EntryError):
        services.publish(editor, foreign)
    foreign.refresh_from_db()
    assert foreign.state == "submitted"


def test_a_club_editor_moving_an_entry_to_another_club_does_not_publish_it():
    club_a, club_b = make_club_pair()
    editor = club_editor(club_a)
    entry = make_entry(club=club_a)
    services.update(editor, entry, content(club=club_b, title="Chuyển câu lạc bộ"))
    entry.refresh_from_db()
    assert entry.club_id == club_a.pk and entry.title != "Chuyển câu lạc bộ"
    assert services.pending_version(entry).data["club_id"] == club_b.pk
    with pytest.raises(services.EntryError):
        services.publish(editor, entry)  # the change names club B: B's editors or the Board decide


def test_withdrawing_and_sending_again():
    owner = UserFactory()
    entry = make_entry(owner)
    services.withdraw(owner, entry)
    entry.refresh_from_db()
    assert entry.state == "withdrawn"
    assert not Entry.objects.published().filter(pk=entry.pk).exists()
    with pytest.raises(services.EntryError):
        services.withdraw(owner, entry)
    services.update(owner, entry, content())
    entry.refresh_from_db()
    assert entry.state == "submitted"


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_nobody_else_edits_moderates_or_withdraws(who):
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory() if who == "stranger" else AnonymousUser()
    entry = make_entry(publish=False)
    for call in (
        lambda: services.update(user, entry, content()),
        lambda: services.publish(user, entry),
        lambda: services.return_entry(user, entry, "Không"),
        lambda: services.withdraw(user, entry),
    ):
        with pytest.raises(services.EntryError):
            call()
    entry.refresh_from_db()
    assert entry.state == "submitted" and entry.versions.count() == 1


def test_refusals_change_nothing():
    board = board_user()
    entry = make_entry(publish=False)
    with pytest.raises(services.EntryError):
        services.return_entry(board, entry, "   ")
    with pytest.raises(services.EntryError):
        services.submit(UserFactory(), content(consent=False))
    services.publish(board, entry)
    with pytest.raises(services.EntryError):
        services.publish(board, entry)  # nothing pending any more
    entry.refresh_from_db()
    assert entry.state == "published"


def make_club_pair():
    from portal.models import HomePage
    from tests.factories.clubs import make_site_tree

    directory, _ = make_site_tree(HomePage.objects.get())
    return make_club(directory), make_club(directory)
