"""Mentoring requests are records of the network (their sessions count in the reports), so what they name is never
deleted: their foreign keys PROTECT, and these checks give the Board the reason before a deletion would fail with
a 500. A club page (with the pages under it, which Wagtail deletes along) is refused in the page view and in the
explorer's bulk delete through clubs.deletion; accounts are refused by portal.admin.users (the database's rule,
whatever record names them); idea-bank entries have no delete screen (an owner withdraws an entry, the row stays)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.deletion import refuse_club_deletion
from clubs.models import ClubPage

HAS_MENTORING = _(
    "Không thể xóa “%(club)s” vì câu lạc bộ đã có đề nghị cố vấn trong mạng lưới chuyên gia (các buổi cố vấn được "
    "tính trong báo cáo). Hãy giữ trang câu lạc bộ, có thể hủy xuất bản nếu câu lạc bộ ngừng hoạt động."
)


def clubs_with_mentoring(pages):
    """The club pages among `pages` and the pages under them that a mentoring request names."""
    if not pages:
        return ClubPage.objects.none()
    subtrees = Q()
    for page in pages:
        subtrees |= Q(path__startswith=page.path)
    return ClubPage.objects.filter(subtrees, mentoring_requests__isnull=False).distinct().order_by("path")


def refuse_deleting_clubs_with_mentoring(request, pages, parent_id):
    """A redirect to the explorer with the reason, or None when no club in `pages` has mentoring requests."""
    if clubs := list(clubs_with_mentoring(pages)):
        return refuse_club_deletion(request, clubs, parent_id, HAS_MENTORING)
    return None
