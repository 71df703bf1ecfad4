"""Club pages and news, created through Wagtail's tree API and published like an editor would."""

import itertools

from clubs.models import ClubIndexPage, ClubKind, ClubPage, NewsIndexPage, NewsPage
from tests.factories.portal import AdministrativeUnitFactory

_counter = itertools.count(1)


def make_site_tree(home):
    directory = ClubIndexPage.objects.first()
    if directory is None:
        directory = ClubIndexPage(title="Danh bạ câu lạc bộ", slug="cau-lac-bo")
        home.add_child(instance=directory)
        directory.save_revision().publish()
    news_index = NewsIndexPage.objects.first()
    if news_index is None:
        news_index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
        home.add_child(instance=news_index)
        news_index.save_revision().publish()
    return directory, news_index


def club_kind(slug="cap-huyen", name="CLB khởi nghiệp cấp huyện"):
    kind, _ = ClubKind.objects.get_or_create(slug=slug, defaults={"name": name})
    return kind


def make_club(directory, title=None, kind=None, unit=None, publish=True, **fields):
    """A club page; `publish=False` leaves it a never-published draft (not live), as an editor's new page is."""
    n = next(_counter)
    club = ClubPage(
        title=title or f"CLB Khởi nghiệp Thử nghiệm {n}",
        slug=f"clb-thu-nghiem-{n}",
        kind=kind or club_kind(),
        unit=unit or AdministrativeUnitFactory(),
        live=publish,
        **fields,
    )
    directory.add_child(instance=club)
    revision = club.save_revision()
    if publish:
        revision.publish()
    club.refresh_from_db()
    return club


def make_news(parent, title=None, publish=True, **fields):
    n = next(_counter)
    news = NewsPage(title=title or f"Tin thử nghiệm {n}", slug=f"tin-thu-nghiem-{n}", live=publish, **fields)
    parent.add_child(instance=news)
    revision = news.save_revision()
    if publish:
        revision.publish()
    news.refresh_from_db()
    return news


def club_editor(club, **kwargs):
    """A user in the club's editors group (made by clubs.services.ensure_editor_group), as the Board sets it up."""
    from clubs.services import ensure_editor_group
    from tests.factories.portal import UserFactory

    group = ensure_editor_group(club)
    user = UserFactory(**kwargs)
    user.groups.add(group)
    return user


def make_private(page, restriction_type="login", password=""):
    """Put `page` (and so its subtree) behind a Wagtail view restriction."""
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password=password)


def make_image(title="Ảnh thử nghiệm", width=640, height=360):
    """A real Wagtail image (a PNG generated in memory) in the root collection."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 40)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="anh-thu-nghiem.png"))


def bulk_clubs(directory, total, kind=None, unit=None):
    """`total` live club pages under `directory`, inserted in bulk (treebeard paths computed here, no revisions,
    no signals): enough to measure pages at a province's thousands of clubs within seconds. Returns them all."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    directory.refresh_from_db()
    kind, unit = kind or club_kind(), unit or AdministrativeUnitFactory()
    content_type = ContentType.objects.get_for_model(ClubPage)
    now = timezone.now()
    start = directory.numchild
    clubs = []
    for n in range(start, start + total):
        slug = f"clb-so-luong-lon-{n}"
        clubs.append(ClubPage(
            title=f"CLB Khởi nghiệp Đổi mới sáng tạo số {n:05d}", draft_title=f"CLB số {n}", slug=slug,
            path=ClubPage._get_path(directory.path, directory.depth + 1, n + 1), depth=directory.depth + 1,
            numchild=0, url_path=f"{directory.url_path}{slug}/", content_type=content_type, live=True,
            locale_id=directory.locale_id, first_published_at=now, last_published_at=now, kind=kind, unit=unit,
            summary="Kết nối người trẻ khởi nghiệp", host_institution="Thành đoàn",
        ))
    with transaction.atomic():
        pages = Page.objects.bulk_create([Page(**{
            f.attname: getattr(c, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"
        }) for c in clubs])
        for page, club in zip(pages, clubs, strict=True):
            club.page_ptr_id = club.id = page.pk
        ClubPage._base_manager._insert(clubs, fields=list(ClubPage._meta.local_concrete_fields))
        Page.objects.filter(pk=directory.pk).update(numchild=start + total)
    return clubs
