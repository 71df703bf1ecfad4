"""Competitions and awards of the idea bank: a round opened by the Board (organised by the Board or a district)
with categories, criteria (the review engine's, portal.review) and reviewers; entries from the bank, applied by
their owner or nominated by an agency or a club; reviews, the Board's prepared-then-released award, and the
audit trail. Registered with the `ideas` app through ideas.models."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from portal.inputs import deadlines
from portal.review import queries as review_queries
from portal.review.models import BaseCriterion, BaseCriterionScore, BaseRecusal, BaseReview

from .enums import WINNING, Award, EntryStatus, Route


class CompetitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Competition(ClusterableModel):
    title = models.CharField(_("tên cuộc thi, giải thưởng"), max_length=255)
    organiser = models.ForeignKey(
        "portal.AdministrativeUnit",
        verbose_name=_("đơn vị tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competitions",
        help_text=_("Để trống nếu Ban Điều hành tổ chức; chọn huyện, thị xã, thành phố nếu địa phương tổ chức."),
    )
    description = models.TextField(_("giới thiệu"), max_length=5000, blank=True)
    eligibility = models.TextField(_("điều kiện tham gia"), max_length=3000, blank=True)
    opens_at = models.DateTimeField(_("mở nhận hồ sơ từ"))
    closes_at = models.DateTimeField(_("hạn đăng ký"), help_text=_("Giờ Việt Nam (Asia/Ho_Chi_Minh)."))
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên ban giám khảo"), blank=True, related_name="+"
    )
    is_published = models.BooleanField(_("công khai trên cổng"), default=False)
    # Who signs the award certificates (ideas.competitions.certificates): blank, the Board's certificate settings.
    signatory_name = models.CharField(
        _("người ký giấy chứng nhận"), max_length=120, blank=True,
        help_text=_("Để trống: người ký theo Cài đặt → Giấy chứng nhận của Ban Điều hành."),
    )  # fmt: skip
    signatory_title = models.CharField(
        _("chức danh người ký"), max_length=160, blank=True,
        help_text=_("Ví dụ: Chủ tịch UBND thành phố. Nhập cùng người ký."),
    )  # fmt: skip
    released_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()
    # A juror's account is not deleted from under the competition (portal.admin.delete).
    protecting_m2m = ("reviewers",)
    # A district organiser reaches only their district's competitions on every admin screen (portal.admin.object_gate).
    admin_gate_instances = True

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("is_published")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        InlinePanel("categories", label=_("Hạng mục")),
        InlinePanel("criteria", label=_("Tiêu chí chấm điểm")),
        FieldPanel("reviewers"),
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("cuộc thi, giải thưởng")
        verbose_name_plural = _("cuộc thi, giải thưởng")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="ideas_competition_closes_after")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Hạn đăng ký phải sau thời điểm mở nhận hồ sơ.")})
        # A name without a title would be printed over the Board's title (or the reverse): both, or neither.
        if bool(self.signatory_name.strip()) != bool(self.signatory_title.strip()):
            missing = "signatory_title" if self.signatory_name.strip() else "signatory_name"
            raise ValidationError({missing: _("Nhập cả người ký và chức danh người ký, hoặc để trống cả hai.")})

    @property
    def organiser_name(self):
        return self.organiser.name if self.organiser_id else _("Ban Điều hành")

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and deadlines.is_open(self.closes_at, now)

    def is_closed(self, now=None):
        return deadlines.is_past(self.closes_at, now)

    @property
    def is_released(self):
        return self.released_at is not None


class Category(Orderable):
    competition = ParentalKey(Competition, related_name="categories", on_delete=models.CASCADE)
    name = models.CharField(_("hạng mục"), max_length=200)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("hạng mục")
        verbose_name_plural = _("hạng mục")

    def __str__(self):
        return self.name


class CompetitionCriterion(BaseCriterion, Orderable):
    competition = ParentalKey(Competition, related_name="criteria", on_delete=models.CASCADE)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("weight"), FieldPanel("is_must_have")])]

    class Meta(Orderable.Meta):
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")


class CompetitionEntryQuerySet(models.QuerySet):
    def with_scores(self):
        return review_queries.with_scores(self, CompetitionReview, "entry")

    def live(self):
        return self.exclude(status=EntryStatus.WITHDRAWN)

    def winners(self):
        """The released winners, best award first, in one query with what their card shows."""
        order = models.Case(
            *(models.When(award=award, then=rank) for rank, award in enumerate(WINNING)),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(status=EntryStatus.AWARDED)
            .select_related("idea__district", "idea__sector", "category")
            .annotate(rank=order)
            .order_by("rank", "category__sort_order", "pk")
        )


class CompetitionEntry(models.Model):
    """An idea-bank entry in a competition: one per idea and competition (a withdrawn one may be replaced)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="entries"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("hạng mục"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    idea = models.ForeignKey(
        "ideas.Entry", verbose_name=_("ý tưởng, dự án"), on_delete=models.PROTECT, related_name="competition_entries"
    )
    route = models.CharField(_("hình thức"), max_length=20, choices=Route.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đăng ký"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    nominating_agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan đề cử"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    nominating_club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ đề cử"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.TextField(_("thuyết minh"), max_length=3000, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED, db_index=True
    )
    award = models.CharField(_("kết quả"), max_length=20, choices=Award.choices, blank=True)
    award_reason = models.TextField(_("nhận xét của Ban tổ chức"), blank=True)
    # Prepared by the Board, not yet released: nobody outside the Board sees it.
    pending_award = models.CharField(_("kết quả chờ công bố"), max_length=20, choices=Award.choices, blank=True)
    pending_reason = models.TextField(_("nhận xét (chờ công bố)"), blank=True)
    submitted_at = models.DateTimeField(_("đăng ký lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = CompetitionEntryQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "pk"]
        verbose_name = _("hồ sơ dự thi")
        verbose_name_plural = _("hồ sơ dự thi")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "idea"], condition=~Q(status="withdrawn"), name="ideas_one_entry_per_idea"
            )
        ]

    def __str__(self):
        return f"{self.idea} – {self.competition}"

    @property
    def is_winner(self):
        return self.status == EntryStatus.AWARDED


class CompetitionReview(BaseReview):
    entry = models.ForeignKey(CompetitionEntry, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT,
        related_name="competition_reviews",
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("phiếu chấm dự thi")
        verbose_name_plural = _("phiếu chấm dự thi")
        constraints = [models.UniqueConstraint(fields=["entry", "reviewer"], name="ideas_one_competition_review")]

    def __str__(self):
        return f"{self.reviewer} – {self.entry}: {self.total}"


class CompetitionRecusal(BaseRecusal):
    subject_field = "entry"

    entry = models.ForeignKey(CompetitionEntry, on_delete=models.PROTECT, related_name="recusals")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT,
        related_name="competition_recusals",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["entry", "reviewer"], name="ideas_one_recusal")]


class CompetitionScore(BaseCriterionScore):
    review = models.ForeignKey(CompetitionReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CompetitionCriterion, on_delete=models.PROTECT, related_name="scores")

    class Meta:
        verbose_name = _("điểm tiêu chí dự thi")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="ideas_one_competition_score")]


class CompetitionChange(models.Model):
    """The audit trail of an entry: who moved it from which state to which, with which award, why."""

    entry = models.ForeignKey(CompetitionEntry, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    from_status = models.CharField(_("từ"), max_length=20, choices=EntryStatus.choices, blank=True)
    to_status = models.CharField(_("sang"), max_length=20, choices=EntryStatus.choices)
    award = models.CharField(_("kết quả"), max_length=20, choices=Award.choices, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử hồ sơ dự thi")
        verbose_name_plural = _("lịch sử hồ sơ dự thi")

    def __str__(self):
        return f"{self.entry}: {self.get_to_status_display()}"
