"""Every change of an idea's team, each in one transaction on the locked entry row (the queue of its team).

- The owner invites an active account by user name or e-mail address; the account accepts or declines at
  /ca-nhan/nhom/ and gets an e-mail once the invitation commits (ideas.notifications). Unknown or inactive
  accounts, oneself, and someone already invited or on the team are refused with a message; nothing changes.
- A member leaves, the owner removes a member or withdraws a pending invitation: the row stays with `left_at`,
  so the competitions' conflict rule still sees a member who left while a competition was open.
- A member who accepts while they review a competition the idea is in: their earlier score of it stops counting,
  as after a recusal (ideas.competitions.services.joined_team). A pending invitation does not keep them from
  scoring (ideas.competitions.rules.team_entry_ids): an owner must not take a juror off their entry by inviting them.
- The idea withdrawn from the bank, or its owner's data erased: pending invitations are cancelled (cancel_pending);
  the members stay on record. An invited account deactivated: its invitation stays pending for the owner to
  withdraw (the account can no longer answer, no e-mail goes to it)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import notifications
from ideas.models import Entry

from . import rules
from .models import MemberState, TeamMember


class TeamError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _locked_entry(entry):
    return Entry.objects.select_for_update().get(pk=entry.pk)


def find_account(who):
    """The active account whose user name is `who`, or the only one with that e-mail address (case aside)."""
    who = (who or "").strip()
    if not who or len(who) > 254:
        return None
    users = get_user_model().objects.filter(is_active=True)
    found = users.filter(username__iexact=who).first()
    if found is None and "@" in who:
        same = list(users.filter(email__iexact=who)[:2])
        if len(same) > 1:
            raise TeamError(
                _("Nhiều tài khoản dùng địa chỉ thư điện tử này: hãy nhập tên đăng nhập của người được mời.")
            )
        found = same[0] if same else None
    return found


def invite(owner, entry, who, now=None):
    with transaction.atomic():
        entry = _locked_entry(entry)
        if not rules.may_manage(owner, entry):
            raise TeamError(_("Chỉ người gửi ý tưởng mới quản lý nhóm thực hiện."))
        if not rules.may_invite(owner, entry):
            raise TeamError(_("Ý tưởng đã rút khỏi ngân hàng: gửi lại ý tưởng trước khi mời thành viên."))
        account = find_account(who)
        if account is None:
            raise TeamError(_("Không tìm thấy tài khoản đang hoạt động với tên đăng nhập hoặc thư điện tử này."))
        if account.pk == owner.pk:
            raise TeamError(_("Bạn là người gửi ý tưởng: không cần tự mời mình."))
        seat = TeamMember.objects.current().filter(entry=entry, user=account).first()
        if seat is not None:
            if seat.is_pending:
                raise TeamError(_("Tài khoản này đã được mời và chưa trả lời."))
            raise TeamError(_("Tài khoản này đã là thành viên nhóm."))
        try:
            with transaction.atomic():
                membership = TeamMember.objects.create(
                    entry=entry, user=account, invited_by=owner, invited_at=now or timezone.now()
                )
        except IntegrityError:
            raise TeamError(_("Tài khoản này đã được mời và chưa trả lời.")) from None
        notifications.invitation_after_commit(membership)
    return membership


def _locked(membership):
    """The entry's row first (the team's queue), then the membership as it now is."""
    with transaction.atomic():
        Entry.objects.select_for_update().filter(pk=membership.entry_id).first()
        return TeamMember.objects.select_for_update().select_related("entry").get(pk=membership.pk)


def _end(current, state, now=None):
    current.state, current.left_at = state, now or timezone.now()
    current.save(update_fields=["state", "left_at"])
    return current


def accept(user, membership, now=None):
    from ideas.competitions.services import joined_team

    with transaction.atomic():
        current = _locked(membership)
        if not rules.is_invited(user, current):
            raise TeamError(_("Lời mời này không còn chờ bạn trả lời."))
        current.state, current.answered_at = MemberState.ACCEPTED, now or timezone.now()
        current.save(update_fields=["state", "answered_at"])
        joined_team(current.entry, user)
    return current


def decline(user, membership, now=None):
    with transaction.atomic():
        current = _locked(membership)
        if not rules.is_invited(user, current):
            raise TeamError(_("Lời mời này không còn chờ bạn trả lời."))
        current.answered_at = now or timezone.now()
        current.save(update_fields=["answered_at"])
        return _end(current, MemberState.DECLINED, now)


def leave(user, membership, now=None):
    with transaction.atomic():
        current = _locked(membership)
        if not rules.may_leave(user, current):
            raise TeamError(_("Bạn không còn trong nhóm này."))
        return _end(current, MemberState.LEFT, now)


def remove(owner, membership, now=None):
    """The owner removes a member, or withdraws a pending invitation."""
    with transaction.atomic():
        current = _locked(membership)
        if not rules.may_manage(owner, current.entry):
            raise TeamError(_("Chỉ người gửi ý tưởng mới quản lý nhóm thực hiện."))
        if current.is_pending:
            return _end(current, MemberState.WITHDRAWN, now)
        if current.is_member:
            return _end(current, MemberState.REMOVED, now)
        raise TeamError(_("Tài khoản này không còn trong nhóm hoặc lời mời đã kết thúc."))


def cancel_pending(entry_ids, now=None):
    """The entries left the bank (withdrawn, their owner's data erased): their pending invitations end. Runs in the
    caller's transaction."""
    return TeamMember.objects.pending().filter(entry_id__in=list(entry_ids)).update(
        state=MemberState.CANCELLED, left_at=now or timezone.now()
    )
