from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from training.enums import QUOTA_COUNTED, NominationStatus
from training.models import AgencyQuota, NominationRound
from training.progress import percent
from training.templatetags.nomination_tags import tot_programme_url


def latest_round_summary():
    """The latest published round with its totals only (the home slot needs no per-agency rows): one query."""
    per_round = AgencyQuota.objects.filter(round=OuterRef("pk")).values("round")
    latest = (
        NominationRound.objects.published()
        .annotate(
            quota_total=Coalesce(Subquery(per_round.annotate(total=Sum("quota")).values("total")), 0),
            agency_count=Coalesce(Subquery(per_round.annotate(n=Count("pk")).values("n")), 0),
            nominated=Count("nominations", filter=Q(nominations__status__in=QUOTA_COUNTED), distinct=True),
            accepted=Count("nominations", filter=Q(nominations__status=NominationStatus.ACCEPTED), distinct=True),
        )
        .order_by("-opens_at", "-pk")
        .first()
    )
    if latest is not None:
        latest.accepted_percent = percent(latest.accepted, latest.target_trainers)
    return latest


def tot_progress(request):
    """The home page's ToT slot, in two queries; the programme page's URL is shared with the navigation."""
    return {"tot_round": latest_round_summary(), "tot_page_url": tot_programme_url({"request": request})}
