"""The one e-mail a trainee gets when they first become at risk of missing the attendance threshold. Enqueued on
commit by training.cohorts.services.record_attendance and run by the task worker."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import absolute
from portal.operations.sent_mail import send_once


def at_risk_message(enrolment):
    standing = enrolment.standing
    subject = _("Lớp %(cohort)s: bạn có nguy cơ không đạt chuyên cần") % {"cohort": enrolment.cohort.name}
    body = _(
        "Kính gửi %(name)s,\n\n"
        "Đến nay bạn đã có mặt %(attended)s buổi và vắng %(missed)s buổi của lớp %(cohort)s. Khóa học yêu cầu có "
        "mặt ít nhất %(needed)s trong %(planned)s buổi theo kế hoạch; lớp còn %(remaining)s buổi, nên bạn chỉ có "
        "thể vắng thêm tối đa %(slack)s buổi.\n\n"
        "Xem lịch học và điểm danh của bạn: %(url)s\n\n"
        "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh"
    ) % {
        "name": enrolment.full_name,
        "attended": standing.attended,
        "missed": standing.missed,
        "cohort": enrolment.cohort.name,
        "needed": standing.needed,
        "planned": standing.planned,
        "remaining": standing.remaining,
        "slack": max(standing.attended + standing.remaining - standing.needed, 0),
        "url": absolute(reverse("training:my_cohorts")),
    }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [enrolment.user.email])


@task()
def notify_at_risk(cohort_id):
    """E-mail every trainee of the cohort who is at risk and was never told: once each, however often the grid is
    saved (the claim on `at_risk_notified_at` is a conditional UPDATE, so two workers cannot both send; the send
    ledger, portal.operations.sent_mail, keeps a re-run of the task from writing twice)."""
    from training.cohorts import rules
    from training.cohorts.models import Cohort, Enrolment
    from training.cohorts.services import cohort_grid

    cohort = Cohort.objects.select_related("course").get(pk=cohort_id)
    if cohort.closed_at:
        return 0
    _sessions, enrolments = cohort_grid(cohort)
    sent = 0
    for enrolment in enrolments:
        if enrolment.standing.attendance != rules.AT_RISK or enrolment.at_risk_notified_at:
            continue
        if not (enrolment.user_id and enrolment.user.email):
            continue
        with transaction.atomic():
            claimed = Enrolment.objects.filter(pk=enrolment.pk, at_risk_notified_at__isnull=True).update(
                at_risk_notified_at=timezone.now()
            )
            if claimed:
                enrolment.cohort = cohort
                sent += send_once(at_risk_message(enrolment), "cohort-at-risk", enrolment.pk)
    return sent
