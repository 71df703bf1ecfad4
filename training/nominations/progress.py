"""Public progress of the ToT scheme, aggregated so no personal data leaves: counts only, in a fixed
number of queries whatever the number of rounds, agencies and nominations."""

from collections import defaultdict

from django.db.models import Count, F, Q

from portal.ordering import vi
from training.nominations.enums import QUOTA_COUNTED, Gender, NominationStatus
from training.nominations.models import AgencyQuota, Nomination, NominationRound, NominationSector


def percent(part, whole):
    return min(100, round(100 * part / whole)) if whole else 0


def round_progress(rounds=None):
    """Each published round with `agencies` (used vs quota, accepted), `accepted`, `nominated`,
    `by_sector` and `by_gender`. Five queries."""
    rounds = list(rounds if rounds is not None else NominationRound.objects.published())
    by_id = {r.pk: r for r in rounds}
    for r in rounds:
        r.agencies, r.by_sector, r.by_gender = [], [], []
        r.accepted = r.nominated = r.quota_total = 0
    if not rounds:
        return rounds
    counted = Q(status__in=QUOTA_COUNTED)

    quotas = (
        AgencyQuota.objects.filter(round__in=rounds)
        .select_related("agency")
        .annotate(
            used=Count(
                "round__nominations",
                filter=Q(round__nominations__agency=F("agency"), round__nominations__status__in=QUOTA_COUNTED),
            ),
            accepted=Count(
                "round__nominations",
                filter=Q(round__nominations__agency=F("agency"), round__nominations__status=NominationStatus.ACCEPTED),
            ),
        )
        .order_by("agency__sort_order", vi("agency__name"))
    )
    for quota in quotas:
        quota.percent = percent(quota.used, quota.quota)
        r = by_id[quota.round_id]
        r.agencies.append(quota)
        r.quota_total += quota.quota
        r.nominated += quota.used
        r.accepted += quota.accepted

    genders = dict(Gender.choices)
    for row in (
        Nomination.objects.filter(round__in=rounds)
        .filter(counted)
        .values("round_id", "gender")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=NominationStatus.ACCEPTED)))
        .order_by("round_id", "gender")
    ):
        by_id[row["round_id"]].by_gender.append(
            {"label": genders.get(row["gender"], row["gender"]), "n": row["n"], "accepted": row["accepted"]}
        )

    sectors = defaultdict(list)
    for row in (
        NominationSector.objects.filter(content_object__round__in=rounds, content_object__status__in=QUOTA_COUNTED)
        .values("content_object__round_id", "tag__name")
        .annotate(
            n=Count("content_object", distinct=True),
            accepted=Count(
                "content_object", distinct=True, filter=Q(content_object__status=NominationStatus.ACCEPTED)
            ),
        )
        .order_by("content_object__round_id", "-n", vi("tag__name"))
    ):
        sectors[row["content_object__round_id"]].append(
            {"label": row["tag__name"], "n": row["n"], "accepted": row["accepted"]}
        )
    for r in rounds:
        r.by_sector = sectors[r.pk]
        r.accepted_percent = percent(r.accepted, r.target_trainers)
        r.nominated_percent = percent(r.nominated, r.quota_total)
    return rounds
