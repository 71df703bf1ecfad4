"""Every change in the mentor network, each in one transaction on the locked row, checking the actor and the
state against the one mapping of ideas.mentoring.enums.

What one role's action does to the others' pending work:
- a mentor who leaves the network (or whom the Board stops listing) has every pending request declined with a
  reason, and each requester is told by e-mail; accepted requests are closed (their sessions stay counted);
- an entry withdrawn from the bank has its pending requests closed (ideas.services.withdraw calls
  close_for_entry), with the reason shown to the mentor;
- a declined profile has no requests (only listed mentors can be asked)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.rules import edited_club_ids, is_active_user, is_board, is_owner
from portal.addresses import absolute
from portal.inputs.text import clean_text, folded
from portal.operations import deferred, sent_mail
from portal.operations.sent_mail import new_token, object_ref

from . import rules
from .enums import PROFILE_TRANSITIONS, ProfileState, RequestState
from .models import MentoringRequest, MentoringSession, MentorProfile


class MentoringError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _move_profile(profile, state):
    if state not in PROFILE_TRANSITIONS[ProfileState(profile.state)]:
        raise MentoringError(_("Không thể chuyển hồ sơ từ “%(state)s”.") % {"state": profile.get_state_display()})
    profile.state = state


def _save_profile(profile, sectors, districts):
    profile.fold([sector.name for sector in sectors])
    profile.save()
    profile.sectors.set(sectors)
    profile.districts.set(districts)
    return profile


@transaction.atomic
def apply(user, data, sectors, districts):
    """Create or change `user`'s profile. A new, declined or departed profile waits for the Board; a change of an
    admitted profile stays admitted (the Board can stop listing it)."""
    if not is_active_user(user):
        raise MentoringError(_("Hãy đăng nhập để đăng ký."))
    if not sectors:
        raise MentoringError(_("Hãy chọn ít nhất một lĩnh vực."))
    profile = MentorProfile.objects.select_for_update().filter(user=user).first() or MentorProfile(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    if profile.pk is None or profile.state in (ProfileState.DECLINED, ProfileState.LEFT):
        profile.state, profile.reason, profile.applied_at = ProfileState.APPLIED, "", timezone.now()
    return _save_profile(profile, sectors, districts)


def _locked_profile(profile):
    return MentorProfile.objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def admit(user, profile):
    profile = _locked_profile(profile)
    if not is_board(user):
        raise MentoringError(_("Chỉ Ban Điều hành nhận chuyên gia vào mạng lưới."))
    _move_profile(profile, ProfileState.ADMITTED)
    profile.reason, profile.decided_at, profile.decided_by = "", timezone.now(), user
    profile.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    return profile


@transaction.atomic
def decline_profile(user, profile, reason):
    profile = _locked_profile(profile)
    if not is_board(user):
        raise MentoringError(_("Chỉ Ban Điều hành xét hồ sơ chuyên gia."))
    reason = (reason or "").strip()
    if not reason:
        raise MentoringError(_("Hãy ghi lý do."))
    _move_profile(profile, ProfileState.DECLINED)
    profile.reason, profile.decided_at, profile.decided_by = reason, timezone.now(), user
    profile.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    return profile


@transaction.atomic
def leave(user, profile, reason=""):
    """The mentor (or the Board) takes the profile off the network: pending requests are declined with a reason
    and their requesters told; accepted ones are closed."""
    profile = _locked_profile(profile)
    if not (is_board(user) or (is_active_user(user) and profile.user_id == user.pk)):
        raise MentoringError(_("Bạn không có quyền với hồ sơ này."))
    _move_profile(profile, ProfileState.LEFT)
    profile.reason = (reason or "").strip()
    profile.save(update_fields=["state", "reason"])
    _release_requests(profile, user)
    return profile


def _release_requests(profile, user):
    """A mentor is off the network: pending requests are declined with the reason (each requester told by
    e-mail), accepted ones closed (their sessions still count)."""
    why = _("Chuyên gia %(name)s đã rời mạng lưới.") % {"name": profile.display_name}
    pending = list(profile.requests.select_for_update().filter(state=RequestState.PENDING).select_related("requester"))
    profile.requests.filter(pk__in=[r.pk for r in pending]).update(
        state=RequestState.DECLINED, reason=why, decided_at=timezone.now(), decided_by=user
    )
    profile.requests.filter(state=RequestState.ACCEPTED).update(state=RequestState.CLOSED, reason=why)
    for request in pending:
        _tell(request.requester.email, _("Đề nghị cố vấn của bạn không thể tiếp tục"), request, why)


def erase_profile(profile, erased_name):
    """Erasure on request (portal.personal_data): the profile leaves the network, its pending requests are
    declined as when a mentor leaves (the requesters are told), and its text is cleared; the row stays so the
    sessions already held still count."""
    profile = _locked_profile(profile)
    if profile.state != ProfileState.LEFT:
        _release_requests(profile, None)
    MentorProfile.objects.filter(pk=profile.pk).update(
        display_name=erased_name,
        headline="",
        expertise="",
        availability="",
        public_email="",
        consent=False,
        state=ProfileState.LEFT,
        folded_text="",
    )


def _tell(address, subject, request, detail=""):
    """E-mail once the change is committed (a decline rolled back afterwards must not have been announced), by the
    task worker (sent_mail.deliver_mail: retried when the mail server fails, never twice to one address): the
    subject as its lead sentence, what the request is about, `detail` (a reason, the message) and the personal
    area's address. One-line subject, plain text."""
    if not address:
        return
    body = clean_text(render_to_string(
        "ideas/mentoring/emails/notice.txt",
        {"lead": subject, "request": request, "detail": detail, "url": absolute(reverse("ideas:my_mentoring"))},
    ))
    subject = folded(_("[Mạng lưới chuyên gia] %(subject)s") % {"subject": subject})
    deferred.after_commit(
        sent_mail.deliver_mail, subject, body, [address], "mentoring-notice", object_ref(request.pk, new_token())
    )


@transaction.atomic
def request_mentoring(user, mentor, message, entry=None, club=None):
    """An entry's owner asks for their entry, a club's editor for their club; the mentor must be listed."""
    if not is_active_user(user):
        raise MentoringError(_("Hãy đăng nhập để đề nghị cố vấn."))
    mentor = _locked_profile(mentor)
    if not mentor.is_listed:
        raise MentoringError(_("Chuyên gia này hiện không nhận đề nghị."))
    if (entry is None) == (club is None):
        raise MentoringError(_("Hãy chọn một ý tưởng của bạn hoặc một câu lạc bộ bạn biên tập."))
    if entry is not None and not (is_owner(user, entry) and entry.state != "withdrawn"):
        raise MentoringError(_("Bạn chỉ đề nghị cố vấn cho ý tưởng của mình."))
    if club is not None and club.pk not in edited_club_ids(user):
        raise MentoringError(_("Bạn chỉ đề nghị cố vấn cho câu lạc bộ mình biên tập."))
    if mentor.user_id == user.pk:
        raise MentoringError(_("Bạn không thể tự đề nghị mình cố vấn."))
    message = (message or "").strip()
    if not message:
        raise MentoringError(_("Hãy ghi nội dung cần cố vấn."))
    open_ = MentoringRequest.objects.filter(
        mentor=mentor, entry=entry, club=club, state__in=[RequestState.PENDING, RequestState.ACCEPTED]
    )
    if open_.exists():
        raise MentoringError(_("Đã có một đề nghị đang mở với chuyên gia này."))
    request = MentoringRequest.objects.create(mentor=mentor, requester=user, entry=entry, club=club, message=message)
    _tell(mentor.user.email, _("Có đề nghị cố vấn mới"), request, message)
    return request


def _locked_request(request):
    return MentoringRequest.objects.select_for_update().select_related("mentor").get(pk=request.pk)


@transaction.atomic
def accept(user, request):
    request = _locked_request(request)
    if not rules.may_decide(user, request):
        raise MentoringError(_("Bạn không thể nhận đề nghị này."))
    request.state, request.decided_at, request.decided_by = RequestState.ACCEPTED, timezone.now(), user
    request.save(update_fields=["state", "decided_at", "decided_by"])
    _tell(request.requester.email, _("Đề nghị cố vấn đã được nhận"), request)
    _tell_mentor_of_board_answer(user, request, _("Ban Điều hành đã nhận thay bạn một đề nghị cố vấn"))
    return request


@transaction.atomic
def decline(user, request, reason):
    request = _locked_request(request)
    if not rules.may_decide(user, request):
        raise MentoringError(_("Bạn không thể từ chối đề nghị này."))
    reason = (reason or "").strip()
    if not reason:
        raise MentoringError(_("Hãy ghi lý do."))
    request.state, request.reason = RequestState.DECLINED, reason
    request.decided_at, request.decided_by = timezone.now(), user
    request.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    _tell(request.requester.email, _("Đề nghị cố vấn bị từ chối"), request, _("Lý do:") + " " + reason)
    _tell_mentor_of_board_answer(user, request, _("Ban Điều hành đã từ chối thay bạn một đề nghị cố vấn"))
    return request


def _tell_mentor_of_board_answer(user, request, subject):
    """The Board answered for the mentor (admin): the mentor learns of it rather than finding it answered."""
    if user.pk != request.mentor.user_id:
        _tell(request.mentor.user.email, subject, request, request.message)


def close_for_entry(entry, reason):
    """An entry left the bank: its pending and accepted requests close (called inside ideas.services.withdraw)."""
    entry.mentoring_requests.filter(state__in=[RequestState.PENDING, RequestState.ACCEPTED]).update(
        state=RequestState.CLOSED, reason=reason, decided_at=timezone.now()
    )


@transaction.atomic
def log_session(user, request, held_on, topic, outcome):
    """The mentor or the requester logs a session of an accepted request; never a date in the future (the
    province's calendar day, Asia/Ho_Chi_Minh)."""
    request = _locked_request(request)
    if not rules.may_log_session(user, request):
        raise MentoringError(_("Chỉ ghi buổi cố vấn cho đề nghị đã được nhận mà bạn tham gia."))
    if held_on is None or held_on > timezone.localdate():
        raise MentoringError(_("Ngày của buổi cố vấn không thể ở tương lai."))
    topic, outcome = (topic or "").strip(), (outcome or "").strip()
    if not topic or not outcome:
        raise MentoringError(_("Hãy ghi chủ đề và kết quả."))
    return MentoringSession.objects.create(
        request=request, held_on=held_on, topic=topic, outcome=outcome, logged_by=user
    )
