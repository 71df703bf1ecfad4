"""Board reviewers' scores: one review per reviewer and nomination, one score per criterion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.review.models import MAX_SCORE, BaseCriterionScore, BaseRecusal, BaseReview

__all__ = ["MAX_SCORE", "CriterionScore", "Recusal", "Review"]


class Review(BaseReview):
    nomination = models.ForeignKey("training.Nomination", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="tot_reviews"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        constraints = [models.UniqueConstraint(fields=["nomination", "reviewer"], name="training_one_review_each")]

    def __str__(self):
        return f"{self.reviewer} – {self.nomination}: {self.total}"


class CriterionScore(BaseCriterionScore):
    """Score 0–10 of a weighted criterion; for a must-have criterion, 0 means not met (the candidate is excluded)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("training.RoundCriterion", on_delete=models.PROTECT, related_name="scores")

    class Meta:
        verbose_name = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="training_one_score_each")]


class Recusal(BaseRecusal):
    """A Board reviewer's declared conflict with a candidate, which the agency rule cannot see
    (rules.has_conflict_of_interest)."""

    subject_field = "nomination"

    nomination = models.ForeignKey("training.Nomination", on_delete=models.PROTECT, related_name="recusals")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="tot_recusals"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["nomination", "reviewer"], name="training_one_recusal_each")]
