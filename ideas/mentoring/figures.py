"""The network's figures for the reports agencies and clubs file (reporting.figures reads them by dotted path),
first and last day of the period inclusive, the province's calendar days.

- `sessions`: mentoring sessions held in the period. A club: sessions of requests for the club or for an entry
  naming the club. An agency with an administrative unit (a district committee): sessions of requests whose entry
  is in that unit or whose club is. Otherwise None.
- `mentors_admitted`: mentors the Board admitted in the period (still in the network or left since). An agency
  with an administrative unit: those who named that unit among their districts. Otherwise None.
- `activity_tables(start, end)` (reporting.figures.ACTIVITY_TABLES): the network's activity in the period for the
  Board's compiled and yearly reports, in three queries whatever the size of the network."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from portal.documents.tables import Table

from ..figures import moments
from .enums import ProfileState
from .models import MentoringRequest, MentoringSession, MentorProfile

# Admitted is the state's decision; leaving later keeps `decided_at`, and the mentor was admitted then.
WAS_ADMITTED = [ProfileState.ADMITTED, ProfileState.LEFT]


def sessions(agency=None, club=None, start=None, end=None):
    held = MentoringSession.objects.filter(held_on__gte=start, held_on__lte=end)
    if club is not None:
        return held.filter(Q(request__club=club) | Q(request__entry__club=club)).count()
    if agency is not None and agency.unit_id:
        unit = agency.unit_id
        return held.filter(Q(request__entry__district_id=unit) | Q(request__club__unit_id=unit)).count()
    return None


def mentors_admitted(agency=None, club=None, start=None, end=None):
    if club is not None or agency is None or not agency.unit_id:
        return None
    since, until = moments(start, end)
    admitted = MentorProfile.objects.filter(state__in=WAS_ADMITTED, decided_at__gte=since, decided_at__lt=until)
    return admitted.filter(districts=agency.unit_id).distinct().count()


def activity_tables(start, end):
    since, until = moments(start, end)
    mentors = MentorProfile.objects.aggregate(
        admitted=Count("pk", filter=Q(state__in=WAS_ADMITTED, decided_at__gte=since, decided_at__lt=until)),
        # Still in the network today, admitted before the period ended (when a mentor left is not kept).
        network=Count("pk", filter=Q(state=ProfileState.ADMITTED, decided_at__lt=until)),
    )
    requests = MentoringRequest.objects.filter(created_at__gte=since, created_at__lt=until).count()
    held = MentoringSession.objects.filter(held_on__gte=start, held_on__lte=end).aggregate(
        sessions=Count("pk"), requests=Count("request", distinct=True)
    )
    rows = [
        [_("Chuyên gia, cố vấn được nhận vào mạng lưới trong kỳ"), mentors["admitted"]],
        [_("Chuyên gia, cố vấn trong mạng lưới (nhận đến cuối kỳ, chưa rời)"), mentors["network"]],
        [_("Đề nghị cố vấn đã gửi trong kỳ"), requests],
        [_("Buổi cố vấn đã thực hiện trong kỳ"), held["sessions"]],
        [_("Đề nghị cố vấn có buổi cố vấn trong kỳ"), held["requests"]],
    ]
    return [Table(title=_("Mạng lưới chuyên gia, cố vấn"), headings=[_("Chỉ tiêu"), _("Số lượng")], rows=rows)]
