"""The mentor and expert network: a mentor's profile (admitted by the Board), requests for mentoring from an
idea-bank entry's owner or a club's editors, and the sessions logged for an accepted request. Registered with
the `ideas` app through ideas.models. Certified ToT trainers are shown beside the mentors straight from
training's register (ideas.mentoring.listing), never copied here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.ordering import vi
from portal.pages.search import folded, search_terms

from .enums import MentorKind, ProfileState, RequestState


class MentorQuerySet(models.QuerySet):
    def listed(self):
        """Admitted and consenting: the public list, in one query with its sectors and districts prefetched."""
        return self.filter(state=ProfileState.ADMITTED, consent=True)

    def search(self, query):
        for term in search_terms(query or "").split()[:10]:
            self = self.filter(folded_text__contains=term)
        return self


class MentorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="mentor_profile"
    )
    display_name = models.CharField(_("họ và tên"), max_length=120)
    kind = models.CharField(_("là"), max_length=20, choices=MentorKind.choices, default=MentorKind.ADVISER)
    headline = models.CharField(_("chức danh, nơi công tác"), max_length=200, blank=True)
    expertise = models.TextField(_("chuyên môn"), max_length=1000)
    sectors = models.ManyToManyField("ideas.Sector", verbose_name=_("lĩnh vực"), related_name="mentors")
    districts = models.ManyToManyField(
        "portal.AdministrativeUnit", verbose_name=_("địa bàn"), related_name="mentors", blank=True
    )
    availability = models.CharField(_("thời gian có thể hỗ trợ"), max_length=300)
    public_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    consent = models.BooleanField(_("đồng ý hiện trên mạng lưới chuyên gia"), default=False)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ProfileState.choices, default=ProfileState.APPLIED, db_index=True
    )
    reason = models.TextField(_("lý do"), blank=True)
    applied_at = models.DateTimeField(_("đăng ký lúc"), default=timezone.now)
    decided_at = models.DateTimeField(_("xét lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    folded_text = models.TextField(editable=False, default="")

    objects = MentorQuerySet.as_manager()
    # A sector or district a profile names is not deleted from under it (portal.admin.delete).
    protecting_m2m = ("sectors", "districts")

    class Meta:
        ordering = [vi("display_name")]
        verbose_name = _("chuyên gia, cố vấn")
        verbose_name_plural = _("chuyên gia, cố vấn")

    def __str__(self):
        return self.display_name

    @property
    def is_listed(self):
        return self.state == ProfileState.ADMITTED and self.consent

    def fold(self, sector_names=()):
        """The text the public list's search matches: name, headline, expertise and sector names."""
        self.folded_text = folded(self.display_name, self.headline, self.expertise, *sector_names)


class MentoringRequest(models.Model):
    """An entry's owner (for their entry) or a club's editor (for their club) asks a mentor for mentoring."""

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("chuyên gia, cố vấn"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        "ideas.Entry",
        verbose_name=_("ý tưởng, dự án"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_requests",
    )
    club = models.ForeignKey(
        "clubs.ClubPage",
        verbose_name=_("câu lạc bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_requests",
    )
    message = models.TextField(_("nội dung đề nghị"), max_length=2000)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=RequestState.choices, default=RequestState.PENDING, db_index=True
    )
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    decided_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đề nghị cố vấn")
        verbose_name_plural = _("đề nghị cố vấn")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False) | models.Q(club__isnull=False), name="ideas_request_for"
            )
        ]
        # The Board's list (pending first, newest first) reads its page from the index instead of sorting them all.
        indexes = [models.Index(fields=["state", "-created_at", "-id"], name="ideas_request_board_list")]

    def __str__(self):
        return f"{self.mentor} – {self.subject}"

    def _subject(self):
        return self.entry.title if self.entry_id else (self.club.title if self.club_id else "")

    _subject.short_description = _("Cho")  # the admin list's column
    subject = property(_subject)


class MentoringSession(models.Model):
    request = models.ForeignKey(
        MentoringRequest, verbose_name=_("đề nghị cố vấn"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("ngày"))
    topic = models.CharField(_("chủ đề"), max_length=200)
    outcome = models.TextField(_("kết quả"), max_length=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi")
    )
    logged_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("buổi cố vấn")
        verbose_name_plural = _("buổi cố vấn")

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} – {self.topic}"
