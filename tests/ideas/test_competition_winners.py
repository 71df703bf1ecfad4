"""The public winners list when a winning idea leaves the bank after the release (ideas.competitions.winners): the
award stays, under the title its certificate recorded, without the idea's link, image, summary, sector or
district; a public winner's card shows them. A reissued award certificate keeps the title it recorded."""

import pytest

from ideas import services as bank
from ideas.competitions import services
from ideas.competitions.certificates import for_entries
from ideas.competitions.enums import Award
from ideas.models import Entry
from tests.factories.clubs import make_image
from tests.factories.competitions import apply, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import UserFactory, board_user
from training.certificates import services as certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.at("2026-12-01 08:00")
    owner, board = UserFactory(), board_user()
    competition = make_competition(title="Giải thưởng QZXGIAI")
    kept = make_entry(owner, title="Gốm Thanh Hà QZXGOM", summary="Gốm truyền thống QZXTOMTAT bán qua mạng.")
    left = make_entry(owner, title="Rau hữu cơ QZXRAU", summary="Rau sạch QZXTOMTATRUT cho Hội An.")
    for idea in (kept, left):
        Entry.objects.filter(pk=idea.pk).update(image=make_image())
    entries = [apply(owner, competition, kept), apply(owner, competition, left)]
    clock.at("2099-01-01 00:00")
    services.prepare_award(board, entries[0], Award.FIRST, reason="Xuất sắc")
    services.prepare_award(board, entries[1], Award.SECOND, reason="QZXNHANXET")
    services.release_awards(board, competition)
    return {"owner": owner, "board": board, "competition": competition, "kept": kept, "left": left, "entries": entries}


def page(client, world):
    return client.get(f"/y-tuong/cuoc-thi/{world['competition'].pk}/").content.decode()


def card_of(html, marker):
    start = html.rindex('<li class="card">', 0, html.index(marker))
    return html[start:html.index("</li>", start)]


def test_a_winner_withdrawn_from_the_bank_keeps_its_award_under_the_certificate_s_title(client, world):
    left = world["left"]
    bank.withdraw(world["owner"], left)
    Entry.objects.filter(pk=left.pk).update(title="Tên đổi sau QZXTENMOI")  # the row changes; the award does not
    html = page(client, world)
    card = card_of(html, "QZXRAU")
    assert "Giải nhì" in card and "QZXNHANXET" in card and "Nông nghiệp" in card  # award, remark, category
    assert "QZXTENMOI" not in html
    assert f"/y-tuong/{left.pk}/" not in html and "QZXTOMTATRUT" not in html
    assert "<img" not in card and left.district.name not in card
    # the public winner is shown as the bank shows it
    kept = card_of(html, "QZXGOM")
    assert f'href="/y-tuong/{world["kept"].pk}/"' in kept and "QZXTOMTAT" in kept and "<img" in kept


def test_an_unpublished_or_unconsented_winner_is_shown_the_same_way(client, world):
    Entry.objects.filter(pk=world["left"].pk).update(consent=False)
    html = page(client, world)
    assert "QZXRAU" in html and f"/y-tuong/{world['left'].pk}/" not in html and "QZXTOMTATRUT" not in html
    assert world["left"].district.name not in html and world["kept"].district.name in html


def test_a_reissued_award_certificate_keeps_the_idea_s_title(client, world):
    left = world["left"]
    certificate = for_entries([world["entries"][1]])[world["entries"][1].pk]
    again = certificates.reissue(certificate, world["board"], "Sai tên người nhận")
    assert again.data["extra_lines"] == certificate.data["extra_lines"] == ["Rau hữu cơ QZXRAU", "Nông nghiệp"]
    bank.withdraw(world["owner"], left)
    Entry.objects.filter(pk=left.pk).update(title="Tên đổi sau QZXTENMOI")
    html = page(client, world)
    assert "Rau hữu cơ QZXRAU" in html and "QZXTENMOI" not in html
