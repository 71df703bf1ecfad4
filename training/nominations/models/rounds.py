"""A nomination round: the period, criteria, invited agencies and their quotas, and the Board's decisions."""

from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from portal.inputs import deadlines
from portal.review.models import BaseCriterion
from training.nominations.enums import QUOTA_COUNTED


class NominationRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class NominationRound(ClusterableModel):
    """One call for nominations: agencies nominate candidates against criteria until the deadline."""

    title = models.CharField(_("tên đợt"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    opens_at = models.DateTimeField(_("mở nhận hồ sơ từ"))
    closes_at = models.DateTimeField(_("hạn nộp"), help_text=_("Giờ Việt Nam (Asia/Ho_Chi_Minh)."))
    criteria_text = RichTextField(_("tiêu chí tuyển chọn"), blank=True)
    target_trainers = models.PositiveIntegerField(
        _("mục tiêu số giảng viên nguồn"), default=0, help_text=_("Ví dụ: số giảng viên nguồn cần có đến năm 2025.")
    )
    target_year = models.PositiveSmallIntegerField(_("năm đạt mục tiêu"), default=2025)
    is_published = models.BooleanField(
        _("công khai tiến độ"), default=True, help_text=_("Hiện tiến độ (không có dữ liệu cá nhân) trên trang ToT.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationRoundQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("is_published")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("target_trainers"), FieldPanel("target_year")]),
        FieldPanel("criteria_text"),
        InlinePanel("criteria", label=_("Tiêu chí chấm điểm")),
        MultiFieldPanel(
            [InlinePanel("quotas", label=_("Cơ quan được mời"))], heading=_("Cơ quan được mời và chỉ tiêu")
        ),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("đợt đề cử")
        verbose_name_plural = _("đợt đề cử")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="training_round_closes_after_opens")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Hạn nộp phải sau thời điểm mở nhận hồ sơ.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and deadlines.is_open(self.closes_at, now)


class RoundCriterion(BaseCriterion, Orderable):
    """One line of the checklist a candidate is judged against. Must-haves exclude a candidate outright."""

    round = ParentalKey(NominationRound, related_name="criteria", on_delete=models.CASCADE)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("weight"), FieldPanel("is_must_have")])]

    class Meta(Orderable.Meta):
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")


class AgencyQuotaQuerySet(models.QuerySet):
    def with_deadline(self):
        return self.annotate(deadline=Coalesce("deadline_extension", "round__closes_at"))

    def with_used(self):
        """`used`: nominations of this agency in this round that hold a slot of the quota."""
        return self.annotate(
            used=Count(
                "round__nominations",
                filter=Q(round__nominations__agency=F("agency"), round__nominations__status__in=QUOTA_COUNTED),
            )
        )

    def open_for(self, agency, now=None):
        """The invitations of `agency` it can still nominate under: round opened, its own deadline not passed."""
        now = now or timezone.now()
        return self.with_deadline().filter(agency=agency, round__opens_at__lte=now, deadline__gte=deadlines.cutoff(now))


class AgencyQuota(Orderable):
    """An agency invited to a round, with how many candidates it may nominate and, exceptionally, a later deadline."""

    round = ParentalKey(NominationRound, related_name="quotas", on_delete=models.CASCADE)
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="tot_quotas"
    )
    quota = models.PositiveSmallIntegerField(_("chỉ tiêu"), default=1)
    deadline_extension = models.DateTimeField(
        _("gia hạn đến"),
        null=True,
        blank=True,
        help_text=_("Chỉ điền khi Ban Điều hành cho riêng cơ quan này nộp muộn hơn hạn chung."),
    )

    objects = AgencyQuotaQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("agency"), FieldPanel("quota"), FieldPanel("deadline_extension")])]

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ tiêu cơ quan")
        verbose_name_plural = _("chỉ tiêu cơ quan")
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="training_one_quota_per_agency")]

    def __str__(self):
        return f"{self.agency} – {self.round}"

    @property
    def effective_deadline(self):
        return self.deadline_extension or self.round.closes_at


class BoardDecision(models.Model):
    """The Board's decision (quyết định) that authorises accepting, rejecting or wait-listing candidates."""

    number = models.CharField(_("số quyết định"), max_length=100)
    date = models.DateField(_("ngày quyết định"))
    summary = models.CharField(_("trích yếu"), max_length=255, blank=True)
    round = models.ForeignKey(
        NominationRound, verbose_name=_("đợt đề cử"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="decisions",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("quyết định của Ban Điều hành")
        verbose_name_plural = _("quyết định của Ban Điều hành")
        constraints = [models.UniqueConstraint(fields=["number", "date"], name="training_unique_decision_number")]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"


class ReminderLog(models.Model):
    """One reminder e-mail per invitation per day: the daily command can run twice without sending twice."""

    quota = models.ForeignKey(AgencyQuota, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("nhắc hạn đề cử")
        constraints = [models.UniqueConstraint(fields=["quota", "sent_on"], name="training_one_reminder_a_day")]

    def __str__(self):
        return f"{self.quota} ({self.sent_on:%d/%m/%Y})"
