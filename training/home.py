from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from training.nominations.enums import QUOTA_COUNTED, NominationStatus
from training.nominations.models import AgencyQuota, NominationRound
from training.nominations.progress import percent
from training.templatetags.nomination_tags import tot_programme_url


def latest_round_summary():
    """The latest published round with its totals only (the home slot needs no per-agency rows): one query."""
    per_round = AgencyQuota.objects.filter(round=OuterRef("pk")).values("round")
    # Pick the round first, then count: counting every round's nominations and sorting afterwards read all of
    # them (0.4 s at 20,000 nominations).
    latest_pk = NominationRound.objects.published().order_by("-opens_at", "-pk").values("pk")[:1]
    latest = (
        NominationRound.objects.filter(pk=Subquery(latest_pk))
        .annotate(
            quota_total=Coalesce(Subquery(per_round.annotate(total=Sum("quota")).values("total")), 0),
            agency_count=Coalesce(Subquery(per_round.annotate(n=Count("pk")).values("n")), 0),
            nominated=Count("nominations", filter=Q(nominations__status__in=QUOTA_COUNTED), distinct=True),
            accepted=Count("nominations", filter=Q(nominations__status=NominationStatus.ACCEPTED), distinct=True),
        )
        .first()
    )
    if latest is not None:
        latest.accepted_percent = percent(latest.accepted, latest.target_trainers)
    return latest


def tot_progress(request):
    """The home page's ToT slot, in two queries; the programme page's URL is shared with the navigation."""
    return {"tot_round": latest_round_summary(), "tot_page_url": tot_programme_url({"request": request})}
