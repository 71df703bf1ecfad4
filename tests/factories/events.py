"""Events built through Wagtail's tree API and published like an editor would."""

import itertools
from datetime import timedelta

from django.utils import timezone

from events.models import EventIndexPage, EventKind, EventPage

_counter = itertools.count(1)


def event_index(home):
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Sự kiện", slug="su-kien")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def event_kind(slug="hoi-nghi", name="Hội nghị, hội thảo", **fields):
    kind, _ = EventKind.objects.get_or_create(slug=slug, defaults={"name": name, **fields})
    return kind


def study_tour_kind():
    return event_kind("doan-khao-sat", "Đoàn khảo sát, học tập", is_study_tour=True)


def make_event(parent, title=None, kind=None, start=None, hours=8, publish=True, **fields):
    n = next(_counter)
    start = start or timezone.now() + timedelta(days=30 + n)
    event = EventPage(
        title=title or f"Hội thảo thử nghiệm {n}",
        slug=f"su-kien-thu-nghiem-{n}",
        kind=kind or event_kind(),
        start=start,
        end=fields.pop("end", start + timedelta(hours=hours)),
        venue=fields.pop("venue", "Hội trường UBND tỉnh Quảng Nam"),
        address=fields.pop("address", "62 Hùng Vương, Tam Kỳ, Quảng Nam"),
        live=publish,
        **fields,
    )
    parent.add_child(instance=event)
    revision = event.save_revision()
    if publish:
        revision.publish()
    event.refresh_from_db()
    return event


def registration_data(n=None, **overrides):
    n = n if n is not None else next(_counter)
    data = {
        "full_name": f"Trần Thị Hạnh {n}",
        "email": f"hanh{n}@example.vn",
        "phone": "0905123456",
        "organisation": "Sở Khoa học và Công nghệ",
    }
    data.update(overrides)
    return data


def bulk_events(index, kind, total, start=None, club=None, clubs=None):
    """`total` live events under `index`, inserted in bulk (treebeard paths computed here, no signals):
    enough to count queries and time feeds at thousands of events within seconds. `clubs`: organisers in turn."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    index.refresh_from_db()
    existing = EventPage.objects.child_of(index).count()
    if existing >= total:
        return
    start = start or timezone.now() + timedelta(days=3)
    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now()
    events = []
    for n in range(existing, total):
        slug = f"su-kien-so-{n}"
        events.append(EventPage(
            title=f"Sự kiện khởi nghiệp số {n} – Hội thảo đổi mới sáng tạo", draft_title=f"Sự kiện số {n}", slug=slug,
            path=EventPage._get_path(index.path, index.depth + 1, index.numchild + 1 + n - existing),
            depth=index.depth + 1, numchild=0, url_path=f"{index.url_path}{slug}/", content_type=content_type,
            live=True, locale_id=index.locale_id, first_published_at=now, last_published_at=now, kind=kind,
            start=start + timedelta(hours=n), end=start + timedelta(hours=n + 2),
            venue="Hội trường Trung tâm Hành chính", address="Tam Kỳ, Quảng Nam", summary="Hội thảo của mạng lưới.",
            updated_at=now, club=club, organiser="club" if club else "board",
        ))
        if clubs:
            events[-1].club = clubs[n % len(clubs)]
            events[-1].organiser = "club"
    with transaction.atomic():
        pages = Page.objects.bulk_create([Page(**{
            f.attname: getattr(e, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"
        }) for e in events])
        for page, event in zip(pages, events, strict=True):
            event.page_ptr_id = event.id = page.pk
        fields = [f for f in EventPage._meta.local_concrete_fields]
        EventPage._base_manager._insert(events, fields=fields)
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(events))


def cancel_on_the_confirmation_page(client, registration, **kwargs):
    """What a person does: open the confirmation page and press its button (the page's own confirmation value)."""
    import re

    from django.urls import reverse

    url = reverse("events:cancel_registration", args=[registration.token])
    page = client.get(url).content.decode()
    confirmation = re.search(r'name="confirmation" value="([^"]+)"', page).group(1)
    return client.post(url, {"confirmation": confirmation}, **kwargs)
