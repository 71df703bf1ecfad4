"""E-mails about reports, in Vietnamese, sent after commit as tasks (portal.operations.deferred): to the reporter
when its report is in and when the Board returns it, and the daily reminder. An agency is written to as for
nominations (its address and its nominators', training.nominations.notifications.agency_recipients); a club at
its contact address and its editors'. Each goes through the send ledger (portal.operations.sent_mail): a retried
or recovered task never writes twice."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.inputs.text import clean_text, folded
from portal.operations import deferred
from portal.operations.sent_mail import new_token, object_ref, send_once
from training.nominations.notifications import agency_recipients

logger = logging.getLogger(__name__)


def recipients(reporter):
    if reporter.agency:
        return agency_recipients([reporter.agency])[reporter.agency.pk]
    club = reporter.club
    addresses = [club.contact_email] if club.contact_email else []
    if club.editor_group_id:
        users = get_user_model().objects.filter(groups__pk=club.editor_group_id, is_active=True).exclude(email="")
        addresses += [email for email in users.values_list("email", flat=True) if email not in addresses]
    return addresses


def report_url(period, reporter):
    from reporting.links import report_path

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + report_path(period, reporter)


def _send(reporter, subject, template, context, purpose, ref):
    to = recipients(reporter)
    if not to:
        return 0
    body = clean_text(render_to_string(template, context))
    return send_once(EmailMessage(folded(subject), body, settings.DEFAULT_FROM_EMAIL, to), purpose, ref)


def send_submitted(report_id, token=None):
    from reporting.models import Report

    report = Report.objects.select_related("period", "agency", "club").get(pk=report_id)
    subject = _("[Báo cáo] Đã nhận báo cáo %(period)s – %(reporter)s") % {
        "period": report.period.title, "reporter": report.reporter.name,
    }
    return _send(report.reporter, subject, "reporting/emails/submitted.txt", {
        "report": report, "submitted_at": timezone.localtime(report.submitted_at),
        "url": report_url(report.period, report.reporter),
    }, "report-submitted", object_ref(report.pk, token or report.submitted_at))


def send_returned(report_id, token=None):
    from reporting.models import Report

    report = Report.objects.select_related("period", "agency", "club").get(pk=report_id)
    subject = _("[Báo cáo] Ban Điều hành trả lại báo cáo %(period)s") % {"period": report.period.title}
    return _send(report.reporter, subject, "reporting/emails/returned.txt", {
        "report": report, "url": report_url(report.period, report.reporter),
    }, "report-returned", None if token is None else object_ref(report.pk, token))


def send_reminder(period, reporter, deadline):
    subject = _("[Báo cáo] Nhắc hạn nộp báo cáo %(period)s") % {"period": period.title}
    return _send(reporter, subject, "reporting/emails/reminder.txt", {
        "period": period, "reporter": reporter, "deadline": timezone.localtime(deadline),
        "url": report_url(period, reporter),
    }, "report-reminder", object_ref(period.pk, reporter.key, timezone.localdate()))


def _deliver(send, name, report_id, attempt, again, token):
    try:
        return send(report_id, token)
    except Exception as error:
        logger.exception("%s e-mail for report %s failed", name, report_id)
        if not deferred.retry(again, report_id, attempt=attempt, error=error, token=token):
            raise
        return 0


@task()
def deliver_submitted(report_id, attempt=1, token=None):
    return _deliver(send_submitted, "submitted", report_id, attempt, deliver_submitted, token)


@task()
def deliver_returned(report_id, attempt=1, token=None):
    return _deliver(send_returned, "returned", report_id, attempt, deliver_returned, token)


def queue_submitted(report):
    deferred.after_commit(deliver_submitted, report.pk, token=new_token())


def queue_returned(report):
    deferred.after_commit(deliver_returned, report.pk, token=new_token())
