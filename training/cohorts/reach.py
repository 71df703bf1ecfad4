"""The reach of the ToT programme: certified trainers against the target, trainings delivered at clubs and
people reached, by administrative unit and by kind of club. Counts only, in a constant number of queries.

`programme_reach()` feeds the ProgrammePage (templates/training/includes/reach.html), the home page and the
Board's report in the admin.
"""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from training.cohorts.enums import TrainerStatus
from training.cohorts.models import PracticumDelivery, TrainerProfile
from training.nominations.models import NominationRound

DEFAULT_TARGET_YEAR = 2025


def programme_reach(today=None):
    """A dict: certified, practicum, target, target_year, percent, deliveries, participants, active_trainers,
    by_unit and by_kind (lists of {label, trainers, deliveries, participants}). Five queries."""
    today = today or timezone.localdate()
    certified_q = Q(status=TrainerStatus.CERTIFIED) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    trainers = TrainerProfile.objects.aggregate(
        certified=Count("pk", filter=certified_q),
        practicum=Count("pk", filter=Q(status=TrainerStatus.PRACTICUM)),
    )
    target_round = (
        NominationRound.objects.published().filter(target_trainers__gt=0).order_by("-target_year", "-opens_at").first()
    )
    target = target_round.target_trainers if target_round else 0
    confirmed = PracticumDelivery.objects.filter(confirmed_at__isnull=False)
    totals = confirmed.aggregate(
        deliveries=Count("pk"), participants=Sum("participants"), active_trainers=Count("trainer", distinct=True)
    )

    def breakdown(label_field, order_fields):
        rows = (
            confirmed.values(label_field)
            .annotate(
                trainers=Count("trainer", distinct=True), deliveries=Count("pk"), participants=Sum("participants")
            )
            .order_by(*order_fields)
        )
        return [
            {
                "label": row[label_field],
                "trainers": row["trainers"],
                "deliveries": row["deliveries"],
                "participants": row["participants"] or 0,
            }
            for row in rows
        ]

    return {
        "certified": trainers["certified"],
        "practicum": trainers["practicum"],
        "target": target,
        "target_year": target_round.target_year if target_round else DEFAULT_TARGET_YEAR,
        "percent": min(100, round(100 * trainers["certified"] / target)) if target else 0,
        "deliveries": totals["deliveries"],
        "participants": totals["participants"] or 0,
        "active_trainers": totals["active_trainers"],
        "by_unit": breakdown("club__unit__name", ["club__unit__sort_order", "club__unit__name"]),
        "by_kind": breakdown("club__kind__name", ["club__kind__sort_order", "club__kind__name"]),
    }
