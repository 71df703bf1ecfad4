"""An idea's team as accounts: the owner invites an account, which accepts or declines; a member may leave and
the owner may remove them. Rows are never deleted while they may matter to a competition: an ended membership
keeps `left_at`, which the competitions' conflict-of-interest rule reads (ideas.competitions.rules). The entry's
free-text `team` stays the public team line; this is who is really on it. Registered through ideas.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberState(models.TextChoices):
    PENDING = "pending", _("chờ trả lời")
    ACCEPTED = "accepted", _("thành viên")
    DECLINED = "declined", _("đã từ chối")
    WITHDRAWN = "withdrawn", _("lời mời đã rút")
    CANCELLED = "cancelled", _("lời mời đã hủy")
    LEFT = "left", _("đã rời nhóm")
    REMOVED = "removed", _("đã bị xóa khỏi nhóm")


# On the team's page now: the members and the invitations waiting for an answer.
CURRENT = (MemberState.PENDING, MemberState.ACCEPTED)
# In conflict for the idea's competition entries: a member, and (below) one whose membership ended while a
# competition's review was open. An invitation alone is not: an owner must not take a juror off their entry by
# inviting them; accepting drops the juror's score (competitions.services.joined_team).
CONFLICTED = (MemberState.ACCEPTED,)
# Were members: the end of these counts as a conflict while a competition's review is open.
ENDED_MEMBERSHIP = (MemberState.LEFT, MemberState.REMOVED)


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(state__in=CURRENT)

    def pending(self):
        return self.filter(state=MemberState.PENDING)


class TeamMember(models.Model):
    entry = models.ForeignKey(
        "ideas.Entry", verbose_name=_("ý tưởng, dự án"), on_delete=models.PROTECT, related_name="team_members"
    )
    # Kept, not cascaded (portal.admin.delete): deleting an account on a team is refused, as for mentoring records;
    # one locks the account or erases the person's data instead (ideas.personal_data).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="idea_teams"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mời"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=MemberState.choices, default=MemberState.PENDING)
    invited_at = models.DateTimeField(_("mời lúc"), default=timezone.now)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    left_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "invited_at", "pk"]
        verbose_name = _("thành viên nhóm")
        verbose_name_plural = _("thành viên nhóm")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"], condition=Q(state__in=["pending", "accepted"]), name="ideas_one_team_seat"
            )
        ]
        indexes = [models.Index(fields=["user", "state"], name="ideas_team_member_user")]

    def __str__(self):
        return f"{self.user} – {self.entry}"

    @property
    def is_pending(self):
        return self.state == MemberState.PENDING

    @property
    def is_member(self):
        return self.state == MemberState.ACCEPTED
