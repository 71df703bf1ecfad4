"""Refusing to delete a club page in the Wagtail admin (the page view's before_delete_page and the explorer's bulk
delete): a message saying why, and back to the explorer. The club's own reason (its news) is checked here; an app
above (ideas: mentoring requests) checks its own and refuses through the same helper."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import ClubPage

HAS_NEWS = _("Không thể xóa “%(club)s” vì câu lạc bộ còn tin tức. Hãy chuyển hoặc xóa các tin trước.")


def clubs_with_children(pages):
    club_ids = [page.pk for page in pages if page.specific_class is ClubPage]
    return ClubPage.objects.filter(pk__in=club_ids, numchild__gt=0)


def refuse_club_deletion(request, clubs, parent_id, reason=HAS_NEWS):
    """`reason` names the clubs as %(club)s."""
    messages.error(request, reason % {"club": ", ".join(club.title for club in clubs)})
    return redirect("wagtailadmin_explore", parent_id)
