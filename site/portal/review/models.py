"""Abstract bases of the review engine. The concrete models (with their foreign keys, related names, Meta and
constraints) live in each app, so each keeps its own tables and migrations."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_SCORE = 10


class BaseCriterion(models.Model):
    """One line of the checklist a subject is judged against. A must-have not met excludes the subject."""

    text = models.CharField(_("tiêu chí"), max_length=255)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    is_must_have = models.BooleanField(_("bắt buộc"), default=False, help_text=_("Không đạt thì bị loại."))

    class Meta:
        abstract = True

    def __str__(self):
        return self.text


class BaseReview(models.Model):
    """One reviewer's review of one subject: the weighted total on a 100 scale and whether a must-have failed."""

    total = models.DecimalField(_("điểm (thang 100)"), max_digits=5, decimal_places=1, default=0)
    excluded = models.BooleanField(_("không đạt tiêu chí bắt buộc"), default=False)
    comment = models.TextField(_("nhận xét"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        abstract = True


class BaseCriterionScore(models.Model):
    """Score 0–10 of a weighted criterion; for a must-have, 0 means not met and 1 met."""

    score = models.PositiveSmallIntegerField(_("điểm"), validators=[MaxValueValidator(MAX_SCORE)])

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class BaseRecusal(models.Model):
    """A reviewer's own declaration of a conflict of interest the rules cannot see (a relative, a business
    partner, a team member written under another name): from then on the subject is not theirs to score, and a
    score they had given no longer counts (portal.review.recusal.declare)."""

    reason = models.TextField(_("lý do"), max_length=1000)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.reviewer} – {getattr(self, self.subject_field)}"
