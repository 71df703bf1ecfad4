"""Idea-bank entries, created through ideas.services as an owner would send them (and published by a moderator
where asked), and in bulk for the query-count tests."""

import itertools

from django.utils import timezone

from ideas import services
from ideas.models import Entry, Sector
from tests.factories.portal import AdministrativeUnitFactory, UserFactory, board_user

_counter = itertools.count(1)


def sector(slug="nong-nghiep-huu-co", name="Nông nghiệp hữu cơ"):
    found, _ = Sector.objects.get_or_create(slug=slug, defaults={"name": name})
    return found


def content(**fields):
    n = next(_counter)
    data = {
        "title": f"Ý tưởng thử nghiệm {n}",
        "summary": "Sản xuất rau hữu cơ ở Đại Lộc, bán qua sàn thương mại điện tử.",
        "sector_id": fields.pop("sector", None).pk if "sector" in fields else sector().pk,
        "stage": "idea",
        "team": "Nguyễn Thị Hoa, Trần Văn Bửu",
        "show_team": False,
        "needs_mentoring": True,
        "needs_funding": False,
        "needs_partners": False,
        "needs_market": True,
        "district_id": fields.pop("district", None).pk if "district" in fields else AdministrativeUnitFactory().pk,
        "club_id": fields.pop("club").pk if fields.get("club") else fields.pop("club", None),
        "contact_name": "Nguyễn Thị Hoa",
        "contact_email": "hoa@example.vn",
        "contact_phone": "0905 123 456",
        "show_contact": False,
        "consent": True,
    }
    data.update(fields)
    return data


def make_entry(owner=None, publish=True, **fields):
    """An entry sent by `owner` (a new account by default); published by the Board unless `publish=False`."""
    owner = owner or UserFactory()
    entry = services.submit(owner, content(**fields))
    if publish and entry.state != "published":
        entry = services.publish(board_user(), entry)
    entry.refresh_from_db()
    return entry


def bulk_entries(total, owner=None, sector_=None, district=None):
    """`total` published entries inserted in bulk (no versions, no signals): a province's bank within seconds."""
    owner = owner or UserFactory()
    sector_ = sector_ or sector()
    district = district or AdministrativeUnitFactory()
    now = timezone.now()
    entries = []
    for n in range(total):
        entry = Entry(
            title=f"Dự án khởi nghiệp số {n:05d}",
            summary="Du lịch nông nghiệp – nông thôn ở Hội An",
            sector=sector_,
            district=district,
            owner=owner,
            state="published",
            consent=True,
            published_at=now,
            needs_market=True,
        )
        entry.fold()
        entries.append(entry)
    return Entry.objects.bulk_create(entries, batch_size=1000)


def invite(entry, member, owner=None):
    """`member` invited to `entry`'s team by its owner, through ideas.teams.services (pending)."""
    from ideas.teams import services as teams

    return teams.invite(owner or entry.owner, entry, member.username)


def team_member(entry, member=None):
    """`member` (a new account by default) invited to `entry`'s team and accepted, as they would."""
    from ideas.teams import services as teams

    member = member or UserFactory()
    return teams.accept(member, invite(entry, member))


def bulk_team(entry, total, state="accepted"):
    """`total` new accounts on `entry`'s team, inserted in bulk, for the query-count tests."""
    from ideas.teams.models import TeamMember

    users = [UserFactory() for _ in range(total)]
    return TeamMember.objects.bulk_create(TeamMember(entry=entry, user=u, state=state) for u in users)
