"""Scoring: the pure arithmetic, and recording one reviewer's review with its per-criterion scores."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from .models import MAX_SCORE


class IncompleteScores(ValueError):
    """The scores do not cover exactly the subject's criteria."""


def clamp(criterion, value):
    """A score as stored: 0..MAX_SCORE for a weighted criterion, 0 (not met) or 1 (met) for a must-have."""
    return max(0, min(int(value), 1 if criterion.is_must_have else MAX_SCORE))


def weighted_total(criteria, scores):
    """(total, excluded) for `scores` ({criterion: value}) against `criteria`.

    Must-haves weigh nothing: one at 0 excludes the subject (total 0). The total is the weighted mean of the other
    criteria on a 100 scale, rounded half up to one decimal; 0 when no criterion carries a weight.
    """
    criteria = list(criteria)
    if {c.pk for c in criteria} != {c.pk for c in scores}:
        raise IncompleteScores
    by_pk = {c.pk: value for c, value in scores.items()}
    excluded = any(c.is_must_have and not by_pk[c.pk] for c in criteria)
    weighted = [c for c in criteria if not c.is_must_have]
    weights = sum(c.weight for c in weighted)
    total = Decimal("0.0")
    if weights and not excluded:
        raw = Decimal(sum(c.weight * clamp(c, by_pk[c.pk]) for c in weighted) * 100) / (weights * MAX_SCORE)
        total = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return total, excluded


def record_review(review_model, *, subject_field, subject, reviewer, criteria, scores, comment=""):
    """Create or replace `reviewer`'s review of `subject` (the review model's `subject_field` foreign key) and its
    per-criterion scores, in the caller's transaction. The caller has checked who may score and the subject's
    state (under its row lock). Raises IncompleteScores when a criterion is missing or foreign."""
    criteria = list(criteria)
    total, excluded = weighted_total(criteria, scores)
    by_pk = {c.pk: value for c, value in scores.items()}
    score_model = review_model.scores.rel.related_model
    with transaction.atomic():
        review, _created = review_model.objects.update_or_create(
            **{subject_field: subject, "reviewer": reviewer},
            defaults={"total": total, "excluded": excluded, "comment": comment},
        )
        review.scores.all().delete()
        score_model.objects.bulk_create(
            score_model(review=review, criterion=c, score=clamp(c, by_pk[c.pk])) for c in criteria
        )
    return review
