"""Every change of a competition entry, in one place: each checks the actor and the state against
enums.TRANSITIONS, changes the locked row in a transaction and writes the audit row with it.

Where the roles meet:
- The deadline (portal.inputs.deadlines: the minute typed includes its 59th second) separates the applicant's
  time from the Board's: entries are applied, nominated and withdrawn until it; awards are prepared only after
  it, so a prepared award never meets a later withdrawal. Should one be found anyway (a withdrawal through the
  admin, data from before this rule), the withdrawal clears the prepared award with a log entry and the release
  skips and reports the entry (portal.review.release).
- An idea withdrawn from the bank (by its owner or a moderator) is withdrawn from every competition still open
  to entries (withdraw_for_idea); after a deadline the jury keeps it.
- A winner's idea taken off the bank after the release keeps its award on the public list, under the title its
  certificate recorded and without what the bank no longer shows (ideas.competitions.winners).
- Reviewers may score while an entry is live; a withdrawn or decided entry is no longer scored, its reviews stay.
- A reviewer who declares a conflict on a live entry (recuse) leaves it: their score stops counting (kept in the
  audit log) and an award the Board had prepared on the old average is cleared, to be prepared again. A reviewer
  who joins the idea's team (ideas.teams) after scoring it is treated the same way (joined_team).
- Releasing awards, the Board issues each winner's certificate (training.certificates, the machinery events use)
  in the same transaction: a certificate that cannot be issued rolls the whole release back; the PDFs are drawn
  and signed after commit by the certificate machinery's task, so a failing PDF cannot leave half a release.
- The release is announced by e-mail to each released entry's owner, nominating agency and club editors
  (ideas.competitions.notifications): planned in the transaction, sent after commit, one per address; a mail
  that fails is retried by the task worker and never undoes the release."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.review import recusal as recusal_service
from portal.review.release import release_each
from portal.review.scoring import record_review

from . import certificates, notifications, rules
from .enums import WINNING, Award, EntryStatus, Route, status_for
from .models import Competition, CompetitionChange, CompetitionEntry, CompetitionRecusal, CompetitionReview

S = EntryStatus


class CompetitionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _deadline_text(competition):
    return timezone.localtime(competition.closes_at).strftime("%H:%M %d/%m/%Y")


def check_window(competition, now=None):
    now = now or timezone.now()
    if now < competition.opens_at:
        raise CompetitionError(_("Cuộc thi chưa mở nhận hồ sơ."))
    if competition.is_closed(now):
        raise CompetitionError(
            _("Đã quá hạn đăng ký (%(deadline)s). Không có gì được lưu.") % {"deadline": _deadline_text(competition)}
        )


def record_change(entry, actor, from_status, to_status, award="", reason=""):
    return CompetitionChange.objects.create(
        entry=entry, actor=actor if actor and actor.pk else None, from_status=from_status, to_status=to_status,
        award=award, reason=reason,
    )


def enter(user, competition, idea, *, category=None, statement="", now=None):
    """Bring a published idea-bank entry into an open, published competition: its owner applies, an agency's
    nominator or an editor of the club the idea names nominates it. One live entry per idea and competition."""
    route = rules.nominating_route(user, idea)
    if route is None:
        raise CompetitionError(_("Bạn không có quyền đăng ký ý tưởng này vào cuộc thi."))
    if not competition.is_published:
        raise CompetitionError(_("Cuộc thi chưa được công bố."))
    if not idea.is_public:
        raise CompetitionError(_("Chỉ ý tưởng đã được công bố trong ngân hàng ý tưởng mới được dự thi."))
    categories = list(competition.categories.all())
    if categories and (category is None or category.pk not in {c.pk for c in categories}):
        raise CompetitionError(_("Hãy chọn một hạng mục của cuộc thi."))
    if not categories:
        category = None
    entry = CompetitionEntry(
        competition=competition, idea=idea, category=category, route=route, applicant=user, statement=statement,
        submitted_at=now or timezone.now(),
    )
    if route == Route.AGENCY:
        entry.nominating_agency_id = user.agency_id
    elif route == Route.CLUB:
        entry.nominating_club_id = idea.club_id
    try:
        with transaction.atomic():
            # The competition's row is the queue: two applications of one idea cannot both pass the check.
            locked = Competition.objects.select_for_update().get(pk=competition.pk)
            check_window(locked, now)
            if CompetitionEntry.objects.live().filter(competition=competition, idea=idea).exists():
                raise CompetitionError(_("Ý tưởng này đã có trong cuộc thi."))
            entry.save()
            record_change(entry, user, "", S.SUBMITTED)
    except IntegrityError:
        raise CompetitionError(_("Ý tưởng này đã có trong cuộc thi.")) from None
    return entry


PENDING_CLEARED = "ideas.competition_award_cleared"


def clear_pending_award(entry, actor, why):
    if not entry.pending_award:
        return False
    data = {"award": entry.pending_award, "reason": entry.pending_reason, "why": str(why)}
    entry.pending_award, entry.pending_reason = "", ""
    entry.save(update_fields=["pending_award", "pending_reason", "updated_at"])
    log(entry, PENDING_CLEARED, user=actor if actor and actor.pk else None, data=data)
    return True


def _locked(entry):
    """The entry's row alone (of=self): the idea's withdrawal and a team member's joining lock the idea first and
    then its entries, a release the competition first; an entry locking its idea and competition with it would
    take them in the other order, and PostgreSQL would end one of the two in a deadlock."""
    return (
        CompetitionEntry.objects.select_for_update(of=("self",))
        .select_related("competition", "idea")
        .get(pk=entry.pk)
    )


def withdraw(user, entry, *, reason="", now=None):
    """The applicant side withdraws a live entry until the deadline; its reviews stay as a record."""
    with transaction.atomic():
        current = _locked(entry)
        if not rules.may_move(user, current, S.WITHDRAWN):
            raise CompetitionError(_("Bạn không thể rút hồ sơ dự thi này."))
        if current.competition.is_closed(now):
            raise CompetitionError(
                _("Đã quá hạn đăng ký (%(deadline)s): hồ sơ không thể rút nữa.")
                % {"deadline": _deadline_text(current.competition)}
            )
        current.status = S.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        record_change(current, user, S.SUBMITTED, S.WITHDRAWN, reason=reason)
        clear_pending_award(current, user, _("Hồ sơ dự thi đã được rút."))
    entry.status, entry.pending_award, entry.pending_reason = S.WITHDRAWN, "", ""
    return current


def withdraw_for_idea(idea, actor, why, now=None):
    """An idea taken off the bank leaves the competitions still open to entries (only published ideas compete);
    where the deadline has passed, the jury keeps it and the Board decides. Runs in the caller's transaction."""
    live = (
        CompetitionEntry.objects.select_for_update(of=("self",))  # not the competitions: see _locked
        .filter(idea=idea, status=S.SUBMITTED)
        .select_related("competition")
    )
    withdrawn = []
    for entry in live:
        if entry.competition.is_closed(now):
            continue
        entry.status = S.WITHDRAWN
        entry.save(update_fields=["status", "updated_at"])
        record_change(entry, actor, S.SUBMITTED, S.WITHDRAWN, reason=str(why))
        clear_pending_award(entry, actor, why)
        withdrawn.append(entry)
    return withdrawn


def score(reviewer, entry, scores, *, comment=""):
    """A reviewer's scores ({criterion: 0..10}, must-haves 0/1) for a live entry of a competition they review."""
    criteria = list(entry.competition.criteria.all())
    if {c.pk for c in criteria} != {c.pk for c in scores}:
        raise CompetitionError(_("Cần chấm đủ mọi tiêu chí của cuộc thi."))
    with transaction.atomic():
        current = _locked(entry)
        rules.forget_conflicts(reviewer)  # a recusal or a team invitation committed while this waited for the lock
        if rules.has_conflict_of_interest(reviewer, current):
            raise CompetitionError(_("Bạn không được chấm hồ sơ mà mình có xung đột lợi ích."))
        if not rules.can_review(reviewer, current):
            raise CompetitionError(
                _("Bạn không thể chấm hồ sơ này (không phải giám khảo, hoặc hồ sơ đã rút, đã có kết quả).")
            )
        return record_review(
            CompetitionReview, subject_field="entry", subject=current, reviewer=reviewer, criteria=criteria,
            scores=scores, comment=comment,
        )


REVIEW_WITHDRAWN = "ideas.competition_review_withdrawn"


def recuse(reviewer, entry, *, reason):
    """The reviewer declares a conflict of interest on a live entry of a competition they review
    (portal.review.recusal); a prepared award is cleared, since it was weighed on an average that no longer holds."""
    with transaction.atomic():
        current = _locked(entry)
        if not rules.is_reviewer(reviewer, current.competition):
            raise CompetitionError(_("Bạn không phải giám khảo của cuộc thi này."))
        if current.status != S.SUBMITTED:
            raise CompetitionError(_("Hồ sơ đã rút hoặc đã có kết quả: không còn khai báo được."))
        try:
            recusal, removed = recusal_service.declare(
                CompetitionRecusal, CompetitionReview, subject=current, reviewer=reviewer, reason=reason,
                log_action=REVIEW_WITHDRAWN,
            )
        except recusal_service.RecusalRefused as refused:
            raise CompetitionError(refused.message) from None
        if removed is not None:
            clear_pending_award(
                current, reviewer, _("Một giám khảo khai báo xung đột lợi ích; điểm của họ không còn được tính.")
            )
    rules.forget_conflicts(reviewer)
    return recusal


TEAM_REVIEW_WITHDRAWN = "ideas.competition_review_withdrawn_team"


def joined_team(idea, member):
    """`member` has just joined `idea`'s team (ideas.teams.services.accept, in its transaction): on every live
    entry of the idea, a review they wrote before stops counting as after a recusal (its total and comment go to
    the entry's audit log) and an award prepared on the old average is cleared. Decided and withdrawn entries keep
    their reviews, as they keep them after a recusal. Returns the entries whose review was removed."""
    reviewed = CompetitionReview.objects.filter(reviewer=member).values("entry_id")
    entries = (
        CompetitionEntry.objects.select_for_update()
        .filter(idea=idea, status=S.SUBMITTED, pk__in=reviewed)
        .order_by("pk")
    )
    why = _("Một giám khảo đã tham gia nhóm thực hiện ý tưởng; điểm của họ không còn được tính.")
    changed = []
    for entry in entries:
        review = CompetitionReview.objects.filter(entry=entry, reviewer=member).first()
        if review is None:
            continue
        log(
            entry, TEAM_REVIEW_WITHDRAWN, user=member,
            data={"total": str(review.total), "excluded": review.excluded, "comment": review.comment},
        )
        review.delete()
        clear_pending_award(entry, member, why)
        changed.append(entry)
    rules.forget_conflicts(member)
    return changed


def prepare_award(actor, entry, award, *, reason="", now=None):
    """The Board prepares an entry's award after the deadline; nobody else sees it until release_awards()."""
    if award not in Award.values:
        raise CompetitionError(_("Kết quả không hợp lệ."))
    with transaction.atomic():
        current = _locked(entry)
        if not rules.may_run(actor, current.competition):
            raise CompetitionError(_("Chỉ đơn vị tổ chức cuộc thi quyết định kết quả."))
        if not current.competition.is_closed(now):
            raise CompetitionError(_("Chỉ chuẩn bị kết quả sau hạn đăng ký: đến hạn, người dự thi vẫn có thể rút."))
        if not rules.may_move(actor, current, status_for(award)):
            raise CompetitionError(_("Hồ sơ này không còn nhận kết quả (đã rút hoặc đã có kết quả)."))
        current.pending_award, current.pending_reason = award, (reason or "").strip()
        current.save(update_fields=["pending_award", "pending_reason", "updated_at"])
    return current


def _release_one(entry, actor):
    to_status = status_for(entry.pending_award)
    if not rules.may_move(actor, entry, to_status):
        raise CompetitionError(_("Hồ sơ đã rút hoặc đã có kết quả."))
    from_status = entry.status
    entry.status, entry.award, entry.award_reason = to_status, entry.pending_award, entry.pending_reason
    entry.pending_award, entry.pending_reason = "", ""
    entry.save()
    record_change(entry, actor, from_status, to_status, award=entry.award, reason=entry.award_reason)
    if entry.award in WINNING:
        certificates.issue_award_certificate(entry, actor)
    return entry


def release_awards(actor, competition, now=None):
    """Release every prepared award of the competition, each in its own savepoint (portal.review.release); the
    winners are then public and hold their certificate. Returns the engine's Released list (`.skipped`), with
    `.mail_count`: how many result e-mails go out once the release commits."""

    def on_skip(entry, error):
        entry.refresh_from_db()
        clear_pending_award(entry, actor, error.message)

    with transaction.atomic():
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        if not rules.may_run(actor, locked):
            raise CompetitionError(_("Chỉ đơn vị tổ chức cuộc thi công bố kết quả."))
        if not locked.is_closed(now):
            raise CompetitionError(_("Chưa đến hạn đăng ký: chưa thể công bố kết quả."))
        pending = (
            # of=self: PostgreSQL refuses FOR UPDATE over the outer joins of the nullable owner and category.
            CompetitionEntry.objects.select_for_update(of=("self",))
            .filter(competition=locked)
            .exclude(pending_award="")
            .select_related("competition", "idea__owner", "category")
            .order_by("pk")
        )
        result = release_each(pending, lambda e: _release_one(e, actor), refused=CompetitionError, on_skip=on_skip)
        if result and locked.released_at is None:
            locked.released_at = now or timezone.now()
            locked.save(update_fields=["released_at"])
        competition.released_at = locked.released_at
        result.mail_count = notifications.after_release(result)
    return result
