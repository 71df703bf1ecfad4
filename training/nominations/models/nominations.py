"""Candidates nominated by agencies, the official dispatch they rest on, and the audit trail of their status."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from portal.operations.storage import private_storage
from portal.pages.search import folded
from portal.review import queries as review_queries
from training.nominations.enums import DECISIONS, Gender, NominationStatus


def fold_name(name):
    """The key two spellings of one person's name meet on: no diacritics, no case, single spaces."""
    return " ".join(folded(name).split())


def dispatch_upload_to(instance, filename):
    # Private storage and unguessable names: the file is only ever served through a view that checks the agency.
    return f"training/cong-van/{instance.round_id}/{uuid.uuid4().hex}.pdf"


class DispatchDocument(models.Model):
    """The agency's official dispatch (công văn) that a submission rests on: number, date and the signed PDF."""

    agency = models.ForeignKey("portal.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(
        "training.NominationRound", verbose_name=_("đợt đề cử"), on_delete=models.PROTECT, related_name="dispatches"
    )
    number = models.CharField(_("số công văn"), max_length=100)
    date = models.DateField(_("ngày công văn"))
    file = models.FileField(
        _("bản ký (PDF)"),
        upload_to=dispatch_upload_to,
        storage=private_storage,
        validators=[FileExtensionValidator(["pdf"])],
        max_length=255,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("công văn")
        verbose_name_plural = _("công văn")

    def __str__(self):
        return _("Công văn số %(number)s ngày %(date)s") % {"number": self.number, "date": f"{self.date:%d/%m/%Y}"}


class NominationSector(TaggedItemBase):
    content_object = models.ForeignKey("training.Nomination", related_name="tagged_sectors", on_delete=models.CASCADE)


class NominationQuerySet(models.QuerySet):
    def for_user(self, user):
        """What `user` may see: the Board everything, an agency nominator their own agency's, anyone else nothing."""
        from training.nominations.rules import is_nominator
        from training.rules import is_board

        if is_board(user):
            return self
        if is_nominator(user):
            return self.filter(agency_id=user.agency_id)
        return self.none()

    def listing(self):
        return self.select_related("round", "agency").prefetch_related("sectors")

    def with_scores(self):
        """`review_count`, `avg_score`, `spread` and `exclusions` per nomination (portal.review.queries)."""
        from training.nominations.models.reviews import Review

        return review_queries.with_scores(self, Review, "nomination")


class Nomination(models.Model):
    """A candidate an agency nominates in a round. State changes only through training.nominations.services."""

    round = models.ForeignKey(
        "training.NominationRound", verbose_name=_("đợt đề cử"), on_delete=models.PROTECT, related_name="nominations"
    )
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan đề cử"), on_delete=models.PROTECT, related_name="nominations"
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    folded_name = models.CharField(max_length=120, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    workplace = models.CharField(_("nơi công tác"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("thư điện tử"), max_length=254)
    is_entrepreneur = models.BooleanField(_("là doanh nhân, người kinh doanh"), default=False)
    sectors = TaggableManager(through=NominationSector, blank=True, verbose_name=_("lĩnh vực"))
    experience = models.TextField(_("kinh nghiệm hỗ trợ khởi nghiệp"), max_length=3000, blank=True)
    motivation = models.TextField(_("động lực tham gia"), max_length=3000, blank=True)
    criteria_met = models.ManyToManyField(
        "training.RoundCriterion", verbose_name=_("tiêu chí đáp ứng"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.DRAFT, db_index=True
    )
    dispatch = models.ForeignKey(
        DispatchDocument, verbose_name=_("công văn"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="nominations",
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    # The released decision, which the agency sees.
    decision = models.ForeignKey(
        "training.BoardDecision", verbose_name=_("quyết định"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="nominations",
    )
    decision_reason = models.TextField(_("lý do"), blank=True)
    # A decision prepared by the Board and not yet released: the agency does not see it.
    pending_status = models.CharField(
        _("quyết định chờ công bố"), max_length=20, choices=[(s.value, s.label) for s in DECISIONS], blank=True
    )
    pending_reason = models.TextField(_("lý do (chờ công bố)"), blank=True)
    pending_decision = models.ForeignKey(
        "training.BoardDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Decree 13/2023: when the agency declared the candidate's consent, and to which notice (portal.personal_data).
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True, editable=False)
    consent_notice = models.CharField(_("thông báo đã đồng ý"), max_length=60, blank=True, editable=False)
    internal_notes = models.TextField(
        _("ghi chú nội bộ"), blank=True, help_text=_("Chỉ Ban Điều hành thấy; cơ quan đề cử không bao giờ thấy.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = NominationQuerySet.as_manager()
    # What the agency declared the candidate meets is not deleted from under it (portal.admin.delete).
    protecting_m2m = ("criteria_met",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hồ sơ đề cử")
        verbose_name_plural = _("hồ sơ đề cử")
        indexes = [
            models.Index(fields=["round", "agency", "status"], name="training_nom_round_agency"),
            # The agency's list (newest first) and the Board's listing (latest submissions first), with their
            # tie-breaker: a page is read from the index, however many nominations there are, not sorted from all.
            models.Index(fields=["agency", "-created_at", "-id"], name="training_nom_agency_newest"),
            models.Index(fields=["-submitted_at", "-id"], name="training_nom_latest_submitted"),
        ]
        constraints = [
            # The database's last word on duplicates, should two agencies race past the services' check.
            models.UniqueConstraint(
                fields=["round", "email"], condition=~Q(status="withdrawn"), name="training_unique_email_in_round"
            ),
            models.UniqueConstraint(
                fields=["round", "folded_name", "date_of_birth"],
                condition=~Q(status="withdrawn"),
                name="training_unique_person_in_round",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.folded_name = fold_name(self.full_name)[:120]
        super().save(*args, **kwargs)

    @property
    def is_decided(self):
        return self.status in DECISIONS

    def sector_names(self):
        return ", ".join(tag.name for tag in self.sectors.all())

    sector_names.short_description = _("lĩnh vực")


class NominationStatusChange(models.Model):
    """The audit trail: who moved a nomination from which state to which, when, why, under which decision."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    from_status = models.CharField(_("từ"), max_length=20, choices=NominationStatus.choices)
    to_status = models.CharField(_("sang"), max_length=20, choices=NominationStatus.choices)
    reason = models.TextField(_("lý do"), blank=True)
    decision = models.ForeignKey(
        "training.BoardDecision", verbose_name=_("quyết định"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")

    def __str__(self):
        return f"{self.nomination}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class DuplicateAlert(models.Model):
    """Another agency (or the same one) tried to nominate a person already nominated in the round."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ đã có"), on_delete=models.CASCADE, related_name="duplicate_alerts"
    )
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan đề cử trùng"), on_delete=models.PROTECT, related_name="+"
    )
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("họ và tên đã nhập"), max_length=120)
    email = models.EmailField(_("thư điện tử đã nhập"), blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("cảnh báo đề cử trùng")
        verbose_name_plural = _("cảnh báo đề cử trùng")

    def __str__(self):
        return f"{self.full_name} ({self.agency})"
