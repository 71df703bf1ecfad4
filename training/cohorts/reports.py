"""The Board's cross-cohort lists: trainees at risk in running cohorts (the report under Báo cáo and the dashboard
panel) and completion certificates issued before the end-of-course rule held (to review, never changed here).
Each is a constant number of queries, whatever the number of cohorts."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from training.cohorts import rules
from training.cohorts.enums import CohortState, EnrolmentStatus
from training.cohorts.models import Cohort, Enrolment, Session
from training.cohorts.services import attendance_marks, trainee_standing, when


@dataclass
class AtRiskRow:
    enrolment: Enrolment
    cohort: Cohort
    standing: object


def at_risk_rows(now=None, limit=None):
    """Trainees of running cohorts who are at risk or can no longer complete, the latter first. Four queries."""
    now = now or timezone.now()
    cohorts = {c.pk: c for c in Cohort.objects.in_state(CohortState.RUNNING, now).select_related("course")}
    if not cohorts:
        return []
    planned = defaultdict(list)
    for session in Session.objects.filter(cohort__in=list(cohorts), is_cancelled=False).order_by("date", "starts_at"):
        planned[session.cohort_id].append(session)
    enrolments = list(
        Enrolment.objects.filter(cohort__in=list(cohorts), status=EnrolmentStatus.ENROLLED)
        .select_related("nomination__agency")
        .order_by("nomination__full_name", "pk")
    )
    marks = attendance_marks([e.pk for e in enrolments], {"session__is_cancelled": False})
    rows = []
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        standing = trainee_standing(cohort.course, planned[cohort.pk], marks[enrolment.pk], enrolment.passed)
        if standing.attendance in (rules.AT_RISK, rules.CANNOT):
            rows.append(AtRiskRow(enrolment, cohort, standing))
    rows.sort(key=lambda r: (r.standing.attendance != rules.CANNOT, r.cohort.name, r.enrolment.full_name))
    return rows[:limit] if limit else rows


@dataclass
class ReviewRow:
    certificate: object
    reasons: list


def certificates_to_review():
    """Valid completion certificates that today's rule would not have issued: issued while the cohort still had
    planned sessions to come, or to a trainee short of the attendance threshold or without a passed result.
    Listed for the Board to decide (revoke, re-issue or keep); nothing is changed. Four queries."""
    from training.certificates.enums import CertificateKind
    from training.certificates.models import Certificate

    certificates = list(
        Certificate.objects.valid()
        .filter(kind=CertificateKind.COMPLETION, enrolment__isnull=False)
        .select_related("enrolment__cohort__course", "enrolment__nomination")
        .order_by("enrolment__cohort__name", "serial")
    )
    if not certificates:
        return []
    cohort_ids = {c.enrolment.cohort_id for c in certificates}
    planned = defaultdict(list)
    for session in Session.objects.filter(cohort__in=cohort_ids, is_cancelled=False):
        planned[session.cohort_id].append(session)
    marks = attendance_marks([c.enrolment_id for c in certificates], {"session__is_cancelled": False})
    rows = []
    for certificate in certificates:
        enrolment = certificate.enrolment
        course = enrolment.cohort.course
        sessions = planned[enrolment.cohort_id]
        standing = trainee_standing(course, sessions, marks[enrolment.pk], enrolment.passed)
        reasons = []
        later = [s for s in sessions if s.end > certificate.issued_at]
        if later:
            reasons.append(
                _("cấp lúc %(issued)s, trước khi buổi học cuối kết thúc (%(end)s)")
                % {"issued": when(certificate.issued_at), "end": when(max(s.end for s in later))}
            )
        if standing.attended < standing.needed:
            reasons.append(
                _("điểm danh %(attended)s/%(planned)s buổi, cần %(needed)s")
                % {"attended": standing.attended, "planned": standing.planned, "needed": standing.needed}
            )
        if course.must_pass_assessment and enrolment.passed is not True:
            reasons.append(_("chưa có kết quả") if enrolment.passed is None else _("không đạt đánh giá cuối khóa"))
        if reasons:
            rows.append(ReviewRow(certificate, reasons))
    return rows
