"""The demo scaled to a province: a benchmark fixture for scripts/benchmarks/load.py, not a product feature.

    DATABASE_URL=postgres://... .venv/bin/python scripts/benchmarks/_province.py [--factor 1.0]

Tops the demo (`manage.py seed_demo`, which must have run) up to TARGETS × factor: clubs, news items,
nominations, events and certificates. Idempotent on counts: a kind already at its target is left alone, so a
second run does nothing. At factor 1 it took 80 s on PostgreSQL on a shared machine (load 6 on 2 cores).

Speed comes from bulk inserts instead of Wagtail's one-page-at-a-time `add_child` (tens of milliseconds each):
pages get their treebeard path, depth, numchild and url_path computed here, the `wagtailcore_page` rows go in
with `bulk_create` and the specific rows (ClubPage, NewsPage, EventPage) with the insert Django's own
`bulk_create` uses, which it refuses to do for multi-table inheritance only because it cannot do both tables at
once. Pages are created live and published, without revisions (as if imported), and indexed for search in
batches. `check_tree()` is the consistency check: treebeard's `find_problems()`, url paths, specific rows.

Other rows respect the product's states: nominations move through draft → submitted (with a dispatch) →
a released Board decision, with their audit trail; certificates of attendance are issued with serials reserved
from the series counter (no gaps, no duplicates) to registrants marked present at past events.
"""

import contextlib
import itertools
import math
import random
import sys
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

TARGETS = {"clubs": 2000, "news": 20000, "nominations": 20000, "events": 5000, "certificates": 2000}
BATCH = 500
NOMINATIONS_PER_AGENCY_ROUND = 50
ATTENDEES_PER_EVENT = 10

UNIT_CLUB_KINDS = {  # ClubKind slug → how a scaled club of that kind is named
    "cap-huyen": "CLB Khởi nghiệp xã, phường số {n} – {unit}",
    "dai-hoc-cao-dang": "CLB Khởi nghiệp Phân hiệu Cao đẳng số {n} – {unit}",
    "thpt-trong-diem": "CLB Sáng tạo khởi nghiệp Trường THPT số {n} – {unit}",
    "truong-nghe": "CLB Khởi nghiệp Trung tâm Giáo dục nghề nghiệp số {n} – {unit}",
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Ngọc", "Hữu", "Thanh", "Đức", "Thu", "Gia"]
GIVEN = ["An", "Bích", "Châu", "Dũng", "Hạnh", "Khánh", "Lộc", "Mai", "Nghĩa", "Phương", "Thủy", "Trí", "Yến", "Sơn"]
SECTORS = ["nông nghiệp hữu cơ", "du lịch số", "sản phẩm OCOP", "chuyển đổi số", "công nghiệp số, phần mềm"]
NEWS_TITLES = [
    "Cà phê khởi nghiệp tháng {month}: dự án {sector}",
    "Tập huấn {sector} cho thành viên {club}",
    "{club} kết nối doanh nghiệp về {sector}",
    "Ngày hội ý tưởng {sector} lần thứ {n}",
]
EVENT_TITLES = [
    "Hội thảo {sector} – {place}",
    "Cà phê khởi nghiệp {sector} số {n}",
    "Tập huấn kỹ năng gọi vốn cho dự án {sector}",
    "Ngày hội khởi nghiệp {place} lần {n}",
]


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


# --- Pages in bulk --------------------------------------------------------------------------------------------


class Children:
    """Appends children under one parent page: treebeard paths after its current last child, and its numchild."""

    def __init__(self, parent, empty=False):
        from wagtail.models import Page

        self.parent = parent
        last = None if empty else Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
            "-path"
        ).values_list("path", flat=True).first()
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.added = 0

    def place(self, page):
        from wagtail.models import Page

        page.depth = self.parent.depth + 1
        page.path = Page._get_path(self.parent.path, page.depth, self.next_step)
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        page.numchild = 0
        self.next_step += 1
        self.added += 1
        return page


def insert_pages(pages, published_at):
    """Insert live, published page objects of one specific class whose tree fields are set (Children.place):
    the base rows with bulk_create, then the specific rows. Sets each object's primary key."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import router
    from wagtail.models import Locale, Page

    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    rows = []
    for page, moment in zip(pages, published_at, strict=True):
        page.content_type = content_type
        page.locale = locale
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = moment
        rows.append(Page(**{name: getattr(page, name) for name in base_fields}))
    for start in range(0, len(rows), BATCH):
        Page.objects.bulk_create(rows[start : start + BATCH])
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    local_fields = model._meta.local_concrete_fields
    using = router.db_for_write(model)
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=local_fields, using=using)


def bump_numchild(*appenders):
    from django.db.models import F
    from wagtail.models import Page

    for appender in appenders:
        if appender.added:
            Page.objects.filter(pk=appender.parent.pk).update(numchild=F("numchild") + appender.added)


def index_for_search(model, objects):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    with folded_text_once(model):
        for start in range(0, len(objects), BATCH):
            backend.add_bulk(model, objects[start : start + BATCH])


@contextlib.contextmanager
def folded_text_once(model):
    """The search backend reads `folded_text` once per index column (five times), and each read renders the
    page's StreamField: four fifths of the scaling time. While indexing here, each page computes it once."""
    prop = next((klass.__dict__["folded_text"] for klass in model.__mro__ if "folded_text" in klass.__dict__), None)
    if not isinstance(prop, property):
        yield
        return

    def once(page):
        if "_folded_text" not in page.__dict__:
            page.__dict__["_folded_text"] = prop.fget(page)
        return page.__dict__["_folded_text"]

    own = "folded_text" in model.__dict__
    model.folded_text = property(once)
    try:
        yield
    finally:
        if own:
            model.folded_text = prop
        else:
            del model.folded_text


def add_tags(through, pairs):
    """pairs: (page pk, tag name) → rows of the page model's TaggedItemBase."""
    from taggit.models import Tag

    names = {name for _pk, name in pairs}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names - tags.keys():
        tags[name] = Tag.objects.create(name=name)
    through.objects.bulk_create(
        [through(content_object_id=pk, tag=tags[name]) for pk, name in pairs], batch_size=BATCH
    )


# --- Each kind of data ----------------------------------------------------------------------------------------


def scale_clubs(missing, rng, now):
    from clubs.models import ClubIndexPage, ClubKind, ClubLeader, ClubPage, ClubTag
    from portal.models import AdministrativeUnit
    from portal.pages.search import ascii_slug

    directory = ClubIndexPage.objects.get()
    kinds = list(ClubKind.objects.filter(slug__in=UNIT_CLUB_KINDS))
    units = list(AdministrativeUnit.objects.filter(parent__isnull=False).order_by("sort_order", "pk")) or list(
        AdministrativeUnit.objects.order_by("pk")
    )  # district-level units; any unit where there are none
    first = ClubPage.objects.count() + 1
    children = Children(directory)
    clubs, published = [], []
    for n in range(first, first + missing):
        kind, unit = kinds[n % len(kinds)], units[n % len(units)]
        title = UNIT_CLUB_KINDS[kind.slug].format(n=n, unit=unit.name)
        club = ClubPage(
            title=title,
            slug=f"{ascii_slug(title)[:70]}-{n}",
            kind=kind,
            unit=unit,
            host_institution=f"UBND {unit.kind} {unit.name}",
            summary=f"Kết nối cộng đồng khởi nghiệp đổi mới sáng tạo tại {unit.name}.",
            founded_on=date(2018 + n % 7, 1 + n % 12, 1 + n % 27),
            founding_decision_number=f"{n}/QĐ-UBND",
            founding_decision_date=date(2018 + n % 7, 1 + n % 12, 1 + n % 27),
            advisor=f"ThS. {person(rng)}",
            member_count=15 + n % 90,
            contact_email=f"clb{n}@khoinghiep.quangnam.vn",
            address=f"{unit.name}, Quảng Nam",
            introduction=paragraph(
                f"{title} tổ chức cà phê khởi nghiệp hằng tháng, tập huấn kỹ năng và kết nối cố vấn cho thành viên."
            ),
        )
        club.leaders = [ClubLeader(name=person(rng), role="Chủ nhiệm", sort_order=0)]
        clubs.append(children.place(club))
        published.append(now - timedelta(days=rng.randint(1, 900)))
    insert_pages(clubs, published)
    bump_numchild(children)
    leaders = []
    for club in clubs:
        for leader in club.leaders.all():
            leader.page_id = club.pk
            leaders.append(leader)
    ClubLeader.objects.bulk_create(leaders, batch_size=BATCH)
    add_tags(ClubTag, [(club.pk, rng.choice(SECTORS)) for club in clubs])
    index_for_search(ClubPage, clubs)


def scale_news(missing, rng, now):
    """News under clubs, the scaled clubs first (so every scaled club has about the same number)."""
    from wagtail.images import get_image_model

    from clubs.models import ClubPage, NewsPage, NewsTag

    clubs = list(ClubPage.objects.order_by("-pk").only("pk", "path", "depth", "url_path", "title", "numchild"))
    images = list(get_image_model().objects.order_by("pk").values_list("pk", flat=True)) or [None]
    per_club = math.ceil(missing / len(clubs))
    today = now.date()
    remaining = missing
    for offset in range(0, len(clubs), 200):  # clubs in chunks, so memory stays flat
        chunk_news, chunk_published, appenders = [], [], []
        for club in clubs[offset : offset + 200]:
            if remaining <= 0:
                break
            count = min(per_club, remaining)
            remaining -= count
            children = Children(club, empty=club.numchild == 0)
            appenders.append(children)
            for k in range(count):
                n = club.pk * 100 + k
                age = rng.randint(0, 1100)
                values = {"month": 1 + n % 12, "sector": SECTORS[n % len(SECTORS)], "club": club.title, "n": k + 1}
                title = NEWS_TITLES[n % len(NEWS_TITLES)].format(**values)[:250]
                intro = f"Hoạt động của {club.title} về {values['sector']}."[:300]
                news = NewsPage(
                    title=title,
                    slug=f"tin-{club.pk}-{k + 1}",
                    date=today - timedelta(days=age),
                    intro=intro,
                    image_id=images[n % len(images)],
                    body=paragraph(intro + " Ban Điều hành đánh giá cao tinh thần chủ động của câu lạc bộ."),
                    club_id=club.pk,
                )
                chunk_news.append(children.place(news))
                chunk_published.append(now - timedelta(days=age, hours=rng.randint(0, 20)))
        if not chunk_news:
            break
        insert_pages(chunk_news, chunk_published)
        bump_numchild(*appenders)
        add_tags(NewsTag, [(news.pk, SECTORS[news.pk % len(SECTORS)]) for news in chunk_news])
        index_for_search(NewsPage, chunk_news)


def scale_events(missing, rng, now):
    """Events over two past years and the next one: half under clubs (the club organises), half on the
    network's events page (the Board or an agency organises). No study tours: those need delegations."""
    from django.utils import timezone

    from clubs.models import ClubPage
    from events.enums import Organiser
    from events.models import EventIndexPage, EventKind, EventPage, EventTag
    from portal.models import Agency

    index = EventIndexPage.objects.get()
    kinds = list(EventKind.objects.filter(is_study_tour=False))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    clubs = list(ClubPage.objects.order_by("pk").only("pk", "path", "depth", "url_path", "title", "numchild"))
    on_index = Children(index)
    under_club = {}
    events, published = [], []
    first = EventPage.objects.count() + 1
    for n in range(first, first + missing):
        day = now.date() + timedelta(days=rng.randint(-730, 365))
        start = timezone.make_aware(datetime.combine(day, time(8 + n % 8, 0)))
        sector = SECTORS[n % len(SECTORS)]
        event = EventPage(
            title=EVENT_TITLES[n % len(EVENT_TITLES)].format(sector=sector, place="Quảng Nam", n=n)[:250],
            slug=f"su-kien-tinh-{n}",
            kind=kinds[n % len(kinds)],
            summary=f"Sự kiện của mạng lưới về {sector}.",
            start=start,
            end=start + timedelta(hours=3 + n % 6),
            venue=f"Hội trường số {1 + n % 9}",
            address="Tam Kỳ, Quảng Nam",
            capacity=None if n % 3 else 50 + n % 150,
            description=paragraph(f"Chương trình chia sẻ kinh nghiệm khởi nghiệp về {sector}."),
        )
        if n % 2:
            club = clubs[n % len(clubs)]
            if club.pk not in under_club:
                under_club[club.pk] = Children(club, empty=club.numchild == 0)
            event.organiser, event.club_id = Organiser.CLUB, club.pk
            under_club[club.pk].place(event)
        else:
            if n % 4 == 0 and agencies:
                event.organiser, event.agency_id = Organiser.AGENCY, agencies[n % len(agencies)]
            on_index.place(event)
        events.append(event)
        published.append(min(now, start - timedelta(days=14)))
    insert_pages(events, published)
    bump_numchild(on_index, *under_club.values())
    add_tags(EventTag, [(event.pk, SECTORS[event.pk % len(SECTORS)]) for event in events])
    index_for_search(EventPage, events)


def _dispatch_file():
    """One small PDF that every scaled dispatch points at, in the storage the dispatch field uses."""
    from django.core.files.base import ContentFile

    from training.models import DispatchDocument

    storage = DispatchDocument._meta.get_field("file").storage
    name = "training/cong-van/province-scale.pdf"
    if not storage.exists(name):
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        name = storage.save(name, ContentFile(pdf))
    return name


def scale_nominations(missing, rng, now):
    """Past rounds (one a year before the demo's), every agency invited with a quota it did not exceed;
    nominations in every state with the fields and audit rows that state implies."""
    from django.contrib.auth import get_user_model

    from portal.models import Agency
    from training.models import (
        AgencyQuota,
        BoardDecision,
        DispatchDocument,
        Nomination,
        NominationRound,
        NominationSector,
        NominationStatusChange,
    )
    from training.nominations.enums import Gender
    from training.nominations.enums import NominationStatus as S
    from training.nominations.models.nominations import fold_name

    agencies = list(Agency.objects.order_by("pk"))
    board = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    per_round = len(agencies) * NOMINATIONS_PER_AGENCY_ROUND
    rounds_needed = math.ceil(missing / per_round)
    earliest = NominationRound.objects.order_by("opens_at").values_list("opens_at", flat=True).first() or now
    file_name = _dispatch_file()
    plan = [S.ACCEPTED] * 8 + [S.REJECTED] * 4 + [S.WAITLISTED] * 2 + [S.SUBMITTED] * 3 + [S.DRAFT, S.WITHDRAWN]
    genders = [Gender.FEMALE, Gender.MALE]
    left = missing
    for r in range(rounds_needed):
        opens = earliest - timedelta(days=365 * (rounds_needed - r))
        round_ = NominationRound.objects.create(
            title=f"Tuyển chọn giảng viên nguồn khởi nghiệp năm {opens.year} (dữ liệu quy mô tỉnh {r + 1})",
            year=opens.year,
            opens_at=opens,
            closes_at=opens + timedelta(days=30),
            target_trainers=150,
        )
        decision = BoardDecision.objects.create(
            number=f"{r + 1}/QĐ-BĐH-QMT", date=(opens + timedelta(days=45)).date(), round=round_,
            summary="Phê duyệt danh sách giảng viên nguồn",
        )
        AgencyQuota.objects.bulk_create(
            [AgencyQuota(round=round_, agency=a, quota=NOMINATIONS_PER_AGENCY_ROUND, sort_order=i)
             for i, a in enumerate(agencies)]
        )
        dispatches = {
            a.pk: DispatchDocument(agency=a, round=round_, number=f"{r + 1}-{a.pk}/CV", date=(opens + timedelta(days=20)
                                   ).date(), file=file_name, uploaded_by=board)
            for a in agencies
        }
        DispatchDocument.objects.bulk_create(dispatches.values())
        nominations = []
        for i in range(min(per_round, left)):
            agency = agencies[i % len(agencies)]
            status = plan[i % len(plan)]
            full_name = person(rng)
            submitted = status not in (S.DRAFT, S.WITHDRAWN)
            nominations.append(Nomination(
                round=round_, agency=agency, full_name=full_name, folded_name=fold_name(full_name)[:120],
                gender=genders[i % 2], date_of_birth=date(1965, 1, 1) + timedelta(days=i * 3),
                position="Chuyên viên", workplace=agency.name, phone=f"09{r:02d}{i:06d}",
                email=f"ungvien-{round_.pk}-{i}@example.vn", is_entrepreneur=i % 4 == 0,
                experience="Tham gia cố vấn cho các dự án khởi nghiệp tại địa phương.",
                status=status, dispatch=dispatches[agency.pk] if submitted else None,
                submitted_at=opens + timedelta(days=20) if submitted else None,
                decision=decision if status in (S.ACCEPTED, S.REJECTED, S.WAITLISTED) else None,
                decision_reason="Chưa đủ kinh nghiệm hỗ trợ khởi nghiệp." if status == S.REJECTED else "",
                created_by=board,
            ))
        left -= len(nominations)
        Nomination.objects.bulk_create(nominations, batch_size=BATCH)
        changes, sectors = [], []
        for nomination in nominations:
            if nomination.status == S.WITHDRAWN:
                changes.append(NominationStatusChange(nomination=nomination, actor=board, from_status=S.DRAFT,
                                                      to_status=S.WITHDRAWN, reason="Ứng viên chuyển công tác"))
            elif nomination.status != S.DRAFT:
                changes.append(NominationStatusChange(nomination=nomination, actor=board, from_status=S.DRAFT,
                                                      to_status=S.SUBMITTED))
                if nomination.decision_id:
                    changes.append(NominationStatusChange(
                        nomination=nomination, actor=board, from_status=S.SUBMITTED, to_status=nomination.status,
                        reason=nomination.decision_reason, decision=decision,
                    ))
            sectors.append((nomination.pk, SECTORS[nomination.pk % len(SECTORS)]))
        NominationStatusChange.objects.bulk_create(changes, batch_size=BATCH)
        _add_sectors(NominationSector, sectors)


def _add_sectors(through, pairs):
    from taggit.models import Tag

    tags = {}
    for name in {name for _pk, name in pairs}:
        tags[name], _ = Tag.objects.get_or_create(name=name)
    through.objects.bulk_create([through(content_object_id=pk, tag=tags[name]) for pk, name in pairs],
                                batch_size=BATCH)


def scale_certificates(missing, rng, now):
    """Certificates of attendance, as the Board issues them after an event: registrants marked present at
    past scaled events, serials reserved from the event series' counter, a frozen snapshot, a few revoked."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from events.attendance_certificates import KIND, SERIAL_FORMAT, event_lines, reference_for
    from events.enums import EventStatus, RegistrationStatus
    from events.models import EventPage, Registration
    from training.certificates import serials
    from training.certificates import services as certificates

    events = list(
        EventPage.objects.filter(end__lt=now, status=EventStatus.SCHEDULED, slug__startswith="su-kien-tinh-")
        .order_by("-start")[: math.ceil(missing / ATTENDEES_PER_EVENT)]
    )
    if not events:
        raise RuntimeError("No past scaled event to issue certificates of attendance for: scale events first.")
    attendees = math.ceil(missing / len(events))
    settings_pair = certificates.board_settings()
    # A top-up picks the same recent events again: number the new attendees after those each event already has,
    # so no address repeats an active registration (events_one_active_registration_per_email).
    taken = dict(
        Registration.objects.filter(event__in=events).order_by().values("event").annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    registrations = []
    for event in events:
        for k in range(taken.get(event.pk, 0), taken.get(event.pk, 0) + attendees):
            registrations.append(Registration(
                event=event, full_name=person(rng), email=f"thamdu-{event.pk}-{k}@example.vn",
                phone=f"0905{event.pk % 10000:04d}{k % 100:02d}", status=RegistrationStatus.CONFIRMED,
                consent_at=event.start - timedelta(days=3), attended=True, attendance_marked_at=event.end,
            ))
    registrations = registrations[:missing]
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    by_event = {event.pk: event for event in events}
    issued = []
    with transaction.atomic():
        def year_of(registration):
            return timezone.localdate(by_event[registration.event_id].end).year

        for year, group in itertools.groupby(registrations, key=year_of):
            group = list(group)
            reserved = serials.reserve_serials(SERIAL_FORMAT, year, len(group))  # not `serials`: the module
            for serial, registration in zip(reserved, group, strict=True):
                event = by_event[registration.event_id]
                certificate = certificates.build_certificate(
                    kind=KIND, holder_name=registration.full_name, title=event.title, serial=serial, actor=None,
                    settings_pair=settings_pair, reference=reference_for(registration),
                    issued_on=timezone.localdate(event.end) + timedelta(days=7),
                )
                certificate.data["serial_format"] = SERIAL_FORMAT
                certificate.data["extra_lines"] = event_lines(event)
                if len(issued) % 50 == 49:
                    certificate.revoked_at, certificate.revoked_reason = now, "Cấp nhầm người (dữ liệu quy mô tỉnh)"
                issued.append(certificate)
    from training.models import Certificate

    Certificate.objects.bulk_create(issued, batch_size=BATCH)


# --- Entry points ---------------------------------------------------------------------------------------------


def counts():
    from clubs.models import ClubPage, NewsPage
    from events.models import EventPage
    from training.models import Certificate, Nomination

    return {
        "clubs": ClubPage.objects.count(),
        "news": NewsPage.objects.count(),
        "nominations": Nomination.objects.count(),
        "events": EventPage.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def targets(factor=1.0):
    return {name: max(1, round(value * factor)) for name, value in TARGETS.items()}


STEPS = [
    ("clubs", scale_clubs),
    ("news", scale_news),
    ("events", scale_events),
    ("nominations", scale_nominations),
    ("certificates", scale_certificates),
]


def scale(factor=1.0, log=print, seed=2026):
    """Top the database up to targets(factor). Returns the counts afterwards. Each kind in its own transaction."""
    import time as clock

    from django.db import connection, transaction
    from django.utils import timezone

    wanted = targets(factor)
    scaled = False
    now = timezone.now()
    for name, step in STEPS:
        missing = wanted[name] - counts()[name]
        if missing <= 0:
            continue
        began = clock.perf_counter()
        with transaction.atomic():
            step(missing, random.Random(f"{seed}-{name}"), now)
        log(f"  {name}: +{missing} in {clock.perf_counter() - began:.1f} s")
        scaled = True
    if scaled and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would gather them later
    return counts()


def check_tree():
    """Problems of the page tree, as lists of page ids (all empty: consistent). The checks of treebeard's
    `find_problems()` (alphabet, path length, depth, orphans, numchild), done in Python because its numchild
    query takes minutes at this size; plus url paths that are not the parent's url path + slug, and pages whose
    specific row is missing."""
    from collections import Counter

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    step = Page.steplen
    rows = list(Page.objects.order_by().values_list("pk", "path", "depth", "numchild", "url_path", "slug"))
    by_path = {path: (pk, url_path) for pk, path, _depth, _numchild, url_path, _slug in rows}
    children = Counter(path[:-step] for _pk, path, *_rest in rows)
    problems = {name: [] for name in ("bad_alphabet", "bad_path", "bad_depth", "orphans", "bad_numchild",
                                      "bad_url_path", "missing_specific_row")}
    for pk, path, depth, numchild, url_path, slug in rows:
        if set(path) - set(Page.alphabet):
            problems["bad_alphabet"].append(pk)
        if len(path) % step:
            problems["bad_path"].append(pk)
        if len(path) // step != depth:
            problems["bad_depth"].append(pk)
        if children[path] != numchild:
            problems["bad_numchild"].append(pk)
        if depth > 1:
            parent = by_path.get(path[:-step])
            if parent is None:
                problems["orphans"].append(pk)
            elif parent[1] + slug + "/" != url_path:
                problems["bad_url_path"].append(pk)
    for content_type_id in Page.objects.order_by().values_list("content_type", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and model is not Page:
            missing = Page.objects.filter(content_type_id=content_type_id).exclude(pk__in=model.objects.values("pk"))
            problems["missing_specific_row"] += list(missing.values_list("pk", flat=True))
    return problems


def main(argv=None):
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=float, default=1.0, help="scale of TARGETS (default 1: a province)")
    parser.add_argument("--check", action="store_true", help="check the page tree afterwards")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    sys.path[:0] = [str(root / "site"), str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    print(f"Trước: {counts()}", flush=True)
    print(f"Sau: {scale(args.factor)}", flush=True)
    if args.check:
        problems = {name: ids[:10] for name, ids in check_tree().items() if ids}
        print("Cây trang: " + ("nhất quán" if not problems else f"LỖI {problems}"), flush=True)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
