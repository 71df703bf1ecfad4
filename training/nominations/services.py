"""Every change of a nomination's state, in one place.

Each service checks the actor and the current state against TRANSITIONS, changes the data inside
transaction.atomic (locking the agency's quota row when the quota is at stake, so it holds under concurrent
submissions on PostgreSQL), writes the audit row in the same transaction, and sends e-mail only after commit.
Views, admin views and admin bulk actions call these functions and nothing else.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.inputs import deadlines
from portal.operations import deferred
from portal.ordering import vi
from portal.review import recusal as recusal_service
from portal.review.release import Released, release_each  # noqa: F401  (Released: the result type callers name)
from portal.review.scoring import record_review
from training.nominations import notifications
from training.nominations.enums import QUOTA_COUNTED, NominationStatus
from training.nominations.models import (
    AgencyQuota,
    DispatchDocument,
    DuplicateAlert,
    Nomination,
    NominationStatusChange,
    Recusal,
    Review,
)
from training.nominations.models.nominations import fold_name
from training.nominations.rules import has_conflict_of_interest, is_agency_member, is_nominator
from training.rules import is_board

logger = logging.getLogger(__name__)

S = NominationStatus
AGENCY, BOARD = "agency", "board"

# (from, to) -> who may make the move: the nomination's own agency, or the Board.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): AGENCY,
    (S.DRAFT, S.WITHDRAWN): AGENCY,
    (S.SUBMITTED, S.WITHDRAWN): AGENCY,
    (S.SUBMITTED, S.ACCEPTED): BOARD,
    (S.SUBMITTED, S.REJECTED): BOARD,
    (S.SUBMITTED, S.WAITLISTED): BOARD,
    (S.WAITLISTED, S.ACCEPTED): BOARD,
    (S.WAITLISTED, S.REJECTED): BOARD,
}


class NominationError(Exception):
    """A refused change, with a message for the person who tried it."""

    field = None

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(NominationError):
    pass


class ConsentMissing(NominationError):
    field = "consent"


class NotInvited(NominationError):
    pass


class DeadlinePassed(NominationError):
    pass


class QuotaExceeded(NominationError):
    pass


class ConflictOfInterest(NominationError):
    pass


class DuplicateNomination(NominationError):
    field = "email"

    def __init__(self, existing):
        super().__init__(
            _(
                "Người này (cùng thư điện tử, hoặc cùng họ tên và ngày sinh) đã được đề cử trong đợt này. "
                "Hồ sơ không được lưu; Ban Điều hành đã được báo để xem xét."
            )
        )
        self.existing = existing


def allowed_role(from_status, to_status):
    return TRANSITIONS.get((from_status, to_status))


def may_transition(user, nomination, to_status):
    role = allowed_role(nomination.status, to_status)
    if role == AGENCY:
        return is_agency_member(user, nomination)
    if role == BOARD:
        return is_board(user)
    return False


def check_transition(user, nomination, to_status):
    if allowed_role(nomination.status, to_status) is None:
        raise NotAllowed(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {"from": S(nomination.status).label, "to": S(to_status).label}
        )
    if not may_transition(user, nomination, to_status):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))


def deadline_of(nomination):
    """The nomination's agency's own deadline in its round (None when the agency is no longer invited)."""
    quota = AgencyQuota.objects.select_related("round").filter(
        round_id=nomination.round_id, agency_id=nomination.agency_id
    ).first()
    return quota.effective_deadline if quota else None


def may_withdraw(user, nomination, now=None):
    """What the withdraw button asks: the agency's own draft, or its submission until the deadline."""
    if not may_transition(user, nomination, S.WITHDRAWN):
        return False
    return nomination.status == S.DRAFT or deadlines.is_open(deadline_of(nomination), now)


def record_change(nomination, actor, from_status, to_status, reason="", decision=None):
    return NominationStatusChange.objects.create(
        nomination=nomination, actor=actor, from_status=from_status, to_status=to_status, reason=reason,
        decision=decision,
    )


def invitation(round, agency, lock=False):
    queryset = AgencyQuota.objects.filter(round=round, agency=agency)
    if lock:
        queryset = queryset.select_for_update()
    quota = queryset.first()
    if quota is None:
        raise NotInvited(_("Cơ quan của bạn không được mời đề cử trong đợt này."))
    quota.round = round
    return quota


def check_window(quota, now=None):
    now = now or timezone.now()
    if now < quota.round.opens_at:
        raise DeadlinePassed(_("Đợt đề cử chưa mở nhận hồ sơ."))
    deadline = quota.effective_deadline
    if deadlines.is_past(deadline, now):
        raise DeadlinePassed(
            _("Đã quá hạn nộp hồ sơ (%(deadline)s). Thao tác không được thực hiện, không có gì được lưu.")
            % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
        )


def find_duplicate(nomination):
    """An earlier live nomination of the same person in the same round, by any agency."""
    same_person = Q(email=(nomination.email or "").strip().lower()) | Q(
        folded_name=fold_name(nomination.full_name), date_of_birth=nomination.date_of_birth
    )
    others = Nomination.objects.filter(round_id=nomination.round_id).exclude(status=S.WITHDRAWN)
    if nomination.pk:
        others = others.exclude(pk=nomination.pk)
    return others.filter(same_person).order_by("pk").first()


def flag_duplicate(existing, attempt, actor):
    """Tell the Board, in its own transaction (the refusal rolls back, the alert must stay), and by e-mail."""
    with transaction.atomic():
        alert = DuplicateAlert.objects.create(
            nomination=existing, agency_id=attempt.agency_id, attempted_by=actor if actor.pk else None,
            full_name=attempt.full_name[:120], email=attempt.email or "",
        )
    try:
        notifications.send_duplicate_alert(alert)
    except Exception:  # a mail server down must not turn the agency's clear refusal into an error page
        logger.exception("Duplicate alert %s saved but not e-mailed", alert.pk)
    return alert


def _refuse_duplicates(nomination, actor, work):
    """Run `work` (which raises DuplicateNomination, or hits the database constraint) and flag duplicates."""
    try:
        try:
            return work()
        except IntegrityError:
            existing = find_duplicate(nomination)
            if existing is None:
                raise
            raise DuplicateNomination(existing) from None
    except DuplicateNomination as error:
        flag_duplicate(error.existing, nomination, actor)
        raise


def save_draft(nomination, actor, *, sectors=None, criteria=None, now=None):
    """Create or update a draft nomination from a validated form instance (round and agency set)."""
    if not (is_nominator(actor) and actor.agency_id == nomination.agency_id):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))
    if nomination.pk and Nomination.objects.filter(pk=nomination.pk).exclude(status=S.DRAFT).exists():
        raise NotAllowed(_("Hồ sơ đã nộp chỉ có thể xem, không thể sửa."))
    if nomination.consent_at is None:  # Decree 13/2023: no candidate's data without their declared consent
        raise ConsentMissing(_("Cần xác nhận ứng viên đã đồng ý cho xử lý dữ liệu cá nhân."))

    def work():
        with transaction.atomic():
            quota = invitation(nomination.round, nomination.agency)
            check_window(quota, now)
            if existing := find_duplicate(nomination):
                raise DuplicateNomination(existing)
            if nomination.pk is None:
                nomination.created_by = actor
                nomination.status = S.DRAFT
            nomination.save()
            if sectors is not None:
                nomination.sectors.set(list(sectors))
            if criteria is not None:
                nomination.criteria_met.set(list(criteria))
            return nomination

    return _refuse_duplicates(nomination, actor, work)


def submit(nomination, actor, *, dispatch=None, new_dispatch=None, now=None):
    """Submit a draft with the agency's dispatch (an existing one, or `new_dispatch` = number, date, file).

    Refused, saving nothing, after the agency's deadline, beyond its quota, or for a duplicate person.
    The quota row is locked first, so concurrent submissions of one agency queue up and count correctly.
    """
    now = now or timezone.now()

    def work():
        with transaction.atomic():
            quota = invitation(nomination.round, nomination.agency, lock=True)
            current = Nomination.objects.select_for_update().get(pk=nomination.pk)
            check_transition(actor, current, S.SUBMITTED)
            check_window(quota, now)
            used = Nomination.objects.filter(
                round_id=current.round_id, agency_id=current.agency_id, status__in=QUOTA_COUNTED
            ).count()
            if used >= quota.quota:
                raise QuotaExceeded(
                    _("Cơ quan đã dùng hết chỉ tiêu của đợt này (%(used)s/%(quota)s). Hồ sơ chưa được nộp.")
                    % {"used": used, "quota": quota.quota}
                )
            if existing := find_duplicate(current):
                raise DuplicateNomination(existing)
            document = dispatch
            if new_dispatch:
                document = DispatchDocument.objects.create(
                    agency_id=current.agency_id, round_id=current.round_id, uploaded_by=actor, **new_dispatch
                )
            if document is None or document.agency_id != current.agency_id or document.round_id != current.round_id:
                raise NotAllowed(_("Cần có công văn của cơ quan (số, ngày, bản ký PDF) để nộp hồ sơ."))
            current.status, current.submitted_at, current.dispatch = S.SUBMITTED, now, document
            current.save(update_fields=["status", "submitted_at", "dispatch", "updated_at"])
            record_change(current, actor, S.DRAFT, S.SUBMITTED)
            deadline = quota.effective_deadline
            # The agency is told what happens next, once the submission is really stored.
            transaction.on_commit(lambda: notifications.send_submitted(current.pk, deadline))
            return current

    submitted = _refuse_duplicates(nomination, actor, work)
    nomination.status, nomination.submitted_at, nomination.dispatch = S.SUBMITTED, now, submitted.dispatch
    return submitted


def withdraw(nomination, actor, *, reason="", now=None):
    """The agency withdraws a draft, or a submission until its deadline; the quota slot is freed.

    Policy: until its deadline the agency may withdraw even what the Board has scored or prepared a decision
    on (both are internal until released; refusing would tell the agency a decision is coming). A prepared
    decision is cleared with the withdrawal and logged for the Board; the scores stay as a record. Once a
    decision is released the nomination is no longer the agency's to withdraw (see TRANSITIONS).
    """
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        check_transition(actor, current, S.WITHDRAWN)
        if current.status == S.SUBMITTED:
            check_window(invitation(current.round, current.agency), now)
        from_status = current.status
        current.status = S.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        record_change(current, actor, from_status, S.WITHDRAWN, reason=reason)
        clear_pending_decision(current, actor, _("Cơ quan đề cử đã rút hồ sơ."))
    nomination.status = S.WITHDRAWN
    nomination.pending_status, nomination.pending_reason, nomination.pending_decision = "", "", None
    return current


PENDING_CLEARED = "training.pending_decision_cleared"


def clear_pending_decision(nomination, actor, why):
    """Drop a prepared decision that can no longer be released, and say so in the Board's log (the agency's
    audit trail never shows a decision that was not released)."""
    if not nomination.pending_status:
        return False
    data = {
        "outcome": nomination.pending_status,
        "decision": str(nomination.pending_decision) if nomination.pending_decision_id else "",
        "reason": nomination.pending_reason,
        "why": str(why),
    }
    nomination.pending_status, nomination.pending_reason, nomination.pending_decision = "", "", None
    nomination.save(update_fields=["pending_status", "pending_reason", "pending_decision", "updated_at"])
    log(nomination, PENDING_CLEARED, user=actor if actor and actor.pk else None, data=data)
    return True


def prepare_decision(nomination, actor, outcome, *, reason="", decision=None):
    """The Board prepares a decision; the agency sees nothing until release_decisions()."""
    if not is_board(actor):
        raise NotAllowed(_("Chỉ Ban Điều hành được quyết định."))
    if decision is None:
        raise NotAllowed(_("Cần ghi quyết định của Ban Điều hành (số, ngày) làm căn cứ."))
    if outcome == S.REJECTED and not reason.strip():
        raise NotAllowed(_("Cần nêu lý do không chọn; cơ quan đề cử sẽ thấy lý do này."))
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        check_transition(actor, current, outcome)
        current.pending_status, current.pending_reason, current.pending_decision = outcome, reason.strip(), decision
        current.save(update_fields=["pending_status", "pending_reason", "pending_decision", "updated_at"])
    return current


def prepare_decisions(nominations, actor, outcome, *, reason="", decision=None):
    """The same decision for many nominations: all prepared, or (on any refusal) none."""
    with transaction.atomic():
        return [prepare_decision(n, actor, outcome, reason=reason, decision=decision) for n in nominations]


def release_decisions(actor, *, round=None, nominations=None):
    """Apply every prepared decision (of a round, or of the given nominations), write the audit trail, and
    e-mail each agency its results after commit (only for what was released).

    Each nomination is released in its own savepoint (portal.review.release): one that can no longer take its
    decision (withdrawn meanwhile, or decided another way) never blocks the others. Its prepared decision is
    cleared with a log entry, so the round is never left with a decision nobody can release, and it is reported
    in `skipped`.
    """
    if not is_board(actor):
        raise NotAllowed(_("Chỉ Ban Điều hành được công bố quyết định."))

    def on_skip(nomination, error):
        nomination.refresh_from_db()
        if allowed_role(nomination.status, nomination.pending_status) is None:
            clear_pending_decision(nomination, actor, error.message)

    with transaction.atomic():
        pending = Nomination.objects.select_for_update().exclude(pending_status="").order_by("pk")
        if round is not None:
            pending = pending.filter(round=round)
        if nominations is not None:
            pending = pending.filter(pk__in=[n.pk for n in nominations])
        result = release_each(pending, lambda n: _release_one(n, actor), refused=NominationError, on_skip=on_skip)
        ids = [n.pk for n in result]
        if ids:
            deferred.after_commit(notifications.deliver_decisions, ids)
    return result


def _release_one(nomination, actor):
    check_transition(actor, nomination, nomination.pending_status)
    from_status = nomination.status
    nomination.status = nomination.pending_status
    nomination.decision_reason = nomination.pending_reason
    nomination.decision = nomination.pending_decision
    nomination.pending_status, nomination.pending_reason, nomination.pending_decision = "", "", None
    nomination.save()
    record_change(nomination, actor, from_status, nomination.status, nomination.decision_reason, nomination.decision)
    return nomination


def decide(nomination, actor, outcome, *, reason="", decision=None):
    """Prepare and release one decision at once."""
    with transaction.atomic():
        prepare_decision(nomination, actor, outcome, reason=reason, decision=decision)
        result = release_decisions(actor, nominations=[nomination])
        if result.skipped:  # cannot happen under the row lock; never swallow it
            raise NotAllowed(result.skipped[0][1])
        return result[0]


def score(nomination, reviewer, scores, *, comment=""):
    """A Board reviewer's scores ({criterion: 0..10}, must-haves 0 = not met / 1 = met) for one nomination.

    Total on a 100 scale from the weighted criteria; a must-have not met excludes the candidate (total 0).
    """
    if not is_board(reviewer):
        raise NotAllowed(_("Chỉ thành viên Ban Điều hành được chấm điểm."))
    criteria = list(nomination.round.criteria.all())
    if {c.pk for c in criteria} != {c.pk for c in scores}:
        raise NotAllowed(_("Cần chấm đủ mọi tiêu chí của đợt."))
    with transaction.atomic():
        # the state now, not the one the reviewer's screen was drawn from: a withdrawal or a release since
        current = Nomination.objects.select_for_update().only("status").get(pk=nomination.pk)
        if current.status not in (S.SUBMITTED, S.WAITLISTED):
            raise NotAllowed(_("Chỉ chấm hồ sơ đã nộp và chưa có quyết định."))
        reviewer.__dict__.pop("_tot_recused", None)  # a recusal committed while this waited for the lock counts
        if has_conflict_of_interest(reviewer, nomination):
            raise ConflictOfInterest(
                _("Bạn có xung đột lợi ích với ứng viên này (do cơ quan của bạn đề cử, hoặc bạn đã khai báo): "
                  "không chấm.")
            )
        return record_review(
            Review, subject_field="nomination", subject=nomination, reviewer=reviewer, criteria=criteria,
            scores=scores, comment=comment,
        )


REVIEW_WITHDRAWN = "training.review_withdrawn"


def recuse(nomination, reviewer, *, reason):
    """A Board reviewer declares a conflict of interest on a nomination still under review (portal.review.recusal):
    it leaves their scoring list, their score stops counting (kept in the audit log), and a decision prepared on
    the old average is cleared with a log entry, to be prepared again on the scores that count."""
    if not is_board(reviewer):
        raise NotAllowed(_("Chỉ thành viên Ban Điều hành chấm và khai báo xung đột lợi ích."))
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if current.status not in (S.SUBMITTED, S.WAITLISTED):
            raise NotAllowed(_("Hồ sơ đã rút hoặc đã có quyết định: không còn khai báo được."))
        try:
            recusal, removed = recusal_service.declare(
                Recusal, Review, subject=current, reviewer=reviewer, reason=reason, log_action=REVIEW_WITHDRAWN
            )
        except recusal_service.RecusalRefused as refused:
            raise NotAllowed(refused.message) from None
        if removed is not None:
            clear_pending_decision(
                current, reviewer, _("Một người chấm khai báo xung đột lợi ích; điểm của họ không còn được tính.")
            )
    reviewer.__dict__.pop("_tot_recused", None)
    return recusal


def invitations_to_remind(days, now=None):
    """Invitations to an open round whose deadline falls within `days` and under which nobody was submitted."""
    now = now or timezone.now()
    return (
        AgencyQuota.objects.with_deadline()
        .with_used()
        .filter(
            round__opens_at__lte=now, deadline__gte=deadlines.cutoff(now), deadline__lte=now + timedelta(days=days),
            used=0,
        )
        .select_related("round", "agency")
        .order_by("round_id", vi("agency__name"))
    )
