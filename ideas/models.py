"""The idea and project bank: sectors (Board-edited data), entries and the versions each entry keeps.

An entry's own columns are what the public sees once it is published. Every change the owner sends is also kept
as an `EntryVersion` (a snapshot of the content fields): while an entry is not yet public its columns follow the
latest change; once public, an owner's change waits as a pending version and the published columns stay as they
were until a moderator publishes it (ideas.services)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.ordering import vi
from portal.pages.search import folded, search_terms

from .enums import NEED_FIELDS, EntryState, Need, Stage, VersionStatus


class Sector(models.Model):
    """Organic agriculture, tourism, digital industry... Board-edited data, never a list in code."""

    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    name = models.CharField(_("tên"), max_length=255, unique=True)
    slug = models.SlugField(_("mã"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", vi("name")]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=EntryState.PUBLISHED, consent=True)

    def showcase(self):
        """What a showcase card and the API show, in one query whatever the number of entries."""
        return (
            self.published()
            .select_related("sector", "district", "club", "image", "document")
            .order_by("-published_at", "-pk")
        )

    def search(self, query):
        """Diacritic-insensitive: every folded word of the query within the entry's folded text."""
        for term in search_terms(query or "").split()[:10]:
            self = self.filter(folded_text__contains=term)
        return self

    def with_need(self, need):
        return self.filter(**{NEED_FIELDS[need]: True}) if need in NEED_FIELDS else self.none()

    def owned_by(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(owner=user)

    def moderated_by(self, user):
        """The entries `user` moderates: every one for the Board, their clubs' for a club's editors."""
        from .rules import edited_club_ids, is_board

        if is_board(user):
            return self
        return self.filter(club_id__in=edited_club_ids(user))

    def editable_by(self, user):
        from .rules import edited_club_ids, is_board

        if is_board(user):
            return self
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(models.Q(owner=user) | models.Q(club_id__in=edited_club_ids(user)))


class Entry(models.Model):
    """An idea or a project of the bank."""

    title = models.CharField(_("tên ý tưởng, dự án"), max_length=200)
    summary = models.TextField(_("tóm tắt"), max_length=3000)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="entries")
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    team = models.TextField(_("nhóm thực hiện"), max_length=2000, blank=True)
    show_team = models.BooleanField(_("công khai nhóm thực hiện"), default=False)
    needs_mentoring = models.BooleanField(Need.MENTORING.label, default=False)
    needs_funding = models.BooleanField(Need.FUNDING.label, default=False)
    needs_partners = models.BooleanField(Need.PARTNERS.label, default=False)
    needs_market = models.BooleanField(Need.MARKET.label, default=False)
    district = models.ForeignKey(
        "portal.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="idea_entries"
    )
    club = models.ForeignKey(
        "clubs.ClubPage",
        verbose_name=_("câu lạc bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea_entries",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=200, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    show_contact = models.BooleanField(_("công khai thông tin liên hệ"), default=False)
    consent = models.BooleanField(_("đồng ý công bố"), default=False)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="idea_entries",
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=EntryState.choices, default=EntryState.SUBMITTED)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    folded_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý tưởng, dự án")
        verbose_name_plural = _("ý tưởng, dự án")
        indexes = [models.Index(fields=["state", "-published_at"], name="ideas_entry_showcase")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fold()
        return super().save(*args, **kwargs)

    @property
    def needs(self):
        return [need for need in Need if getattr(self, NEED_FIELDS[need.value])]

    @property
    def is_public(self):
        return self.state == EntryState.PUBLISHED and self.consent

    def fold(self):
        """The text the showcase search matches: only what the public page shows."""
        self.folded_text = folded(
            self.title,
            self.summary,
            self.sector.name if self.sector_id else "",
            self.district.name if self.district_id else "",
            self.club.title if self.club_id else "",
            self.team if self.show_team else "",
        )


# The fields a version keeps, by attribute name (a foreign key as its id): what the owner writes.
CONTENT_FIELDS = [
    "title",
    "summary",
    "sector_id",
    "stage",
    "team",
    "show_team",
    *NEED_FIELDS.values(),
    "district_id",
    "club_id",
    "image_id",
    "document_id",
    "contact_name",
    "contact_email",
    "contact_phone",
    "show_contact",
    "consent",
]


class EntryVersion(models.Model):
    """One change of an entry as it was sent, kept for good: who, when, what, and what moderation made of it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    data = models.JSONField(_("nội dung"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    status = models.CharField(_("kết quả duyệt"), max_length=20, choices=VersionStatus.choices)
    reason = models.TextField(_("lý do trả lại"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        ordering = ["entry", "-number"]
        verbose_name = _("phiên bản")
        verbose_name_plural = _("phiên bản")
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="ideas_version_number")]

    def __str__(self):
        return f"{self.entry_id} v{self.number}"


def snapshot(entry):
    return {name: getattr(entry, name) for name in CONTENT_FIELDS}


def apply(entry, data):
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(entry, name, data[name])


from .competitions.models import (  # noqa: E402, F401  (the registry)
    Category,
    Competition,
    CompetitionChange,
    CompetitionCriterion,
    CompetitionEntry,
    CompetitionReview,
    CompetitionScore,
)
from .mentoring.models import MentoringRequest, MentoringSession, MentorProfile  # noqa: E402, F401  (the registry)
from .teams.models import TeamMember  # noqa: E402, F401  (the registry)
