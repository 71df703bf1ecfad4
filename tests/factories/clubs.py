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
