"""Board reviewers' scores: one review per reviewer and nomination, one score per criterion."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_SCORE = 10


class Review(models.Model):
    nomination = models.ForeignKey("training.Nomination", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="tot_reviews"
    )
    total = models.DecimalField(_("điểm (thang 100)"), max_digits=5, decimal_places=1, default=0)
    excluded = models.BooleanField(_("không đạt tiêu chí bắt buộc"), default=False)
    comment = models.TextField(_("nhận xét"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        constraints = [models.UniqueConstraint(fields=["nomination", "reviewer"], name="training_one_review_each")]

    def __str__(self):
        return f"{self.reviewer} – {self.nomination}: {self.total}"


class CriterionScore(models.Model):
    """Score 0–10 of a weighted criterion; for a must-have criterion, 0 means not met (the candidate is excluded)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("training.RoundCriterion", on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("điểm"), validators=[MaxValueValidator(MAX_SCORE)])

    class Meta:
        verbose_name = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="training_one_score_each")]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
