"""E-mails of the nomination pipeline, in Vietnamese. Called after commit by training.nominations.services:
the decisions as a task (`deliver_decisions`, retried by the worker), so a mail server down neither fails the
Board's release page nor loses the agencies' e-mails. Subjects are one line (portal.inputs.text.folded)."""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import absolute, base_url
from portal.inputs.text import clean_text, folded
from portal.operations import deferred
from portal.operations.sent_mail import object_ref, send_once

logger = logging.getLogger(__name__)


def agency_recipients(agencies):
    """Each agency's own address plus its active nominators', by agency id."""
    recipients = defaultdict(list)
    for agency in agencies:
        if agency.email:
            recipients[agency.pk].append(agency.email)
    users = get_user_model().objects.filter(agency__in=agencies, is_active=True).exclude(email="")
    for agency_id, email in users.values_list("agency_id", "email"):
        if email not in recipients[agency_id]:
            recipients[agency_id].append(email)
    return recipients


def send_decisions(nomination_ids):
    """One e-mail per agency listing the released decisions on its candidates; once per agency and set of
    decisions (portal.operations.sent_mail), so a retry writes only to the agencies it missed."""
    from training.nominations.models import Nomination

    nominations = list(
        Nomination.objects.filter(pk__in=nomination_ids).select_related("round", "agency", "decision").order_by(
            "agency_id", "full_name"
        )
    )
    by_agency = defaultdict(list)
    for nomination in nominations:
        by_agency[nomination.agency].append(nomination)
    recipients = agency_recipients(list(by_agency))
    messages = []  # (message, ledger key's object)
    for agency, items in by_agency.items():
        if not recipients[agency.pk]:
            continue
        subject = folded(_("[ToT] Kết quả tuyển chọn giảng viên nguồn – %(round)s") % {"round": items[0].round.title})
        body = clean_text(render_to_string(
            "training/emails/decisions.txt",
            {"agency": agency, "nominations": items, "base_url": base_url()},
        ))
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients[agency.pk])
        messages.append((message, object_ref(agency.pk, [n.pk for n in items])))
    sent = 0
    if messages:
        with get_connection() as connection:
            for message, ref in messages:
                sent += send_once(message, "nomination-decisions", ref, connection=connection)
    return sent


@task()
def deliver_decisions(nomination_ids, attempt=1):
    """send_decisions in the task worker, enqueued again later when it fails."""
    try:
        return send_decisions(nomination_ids)
    except Exception as error:
        logger.exception("decision e-mails for %s failed", nomination_ids)
        if not deferred.retry(deliver_decisions, nomination_ids, attempt=attempt, error=error):
            raise
        return 0


def send_submitted(nomination_id, deadline):
    """To the agency (its address and its nominators'): the nomination is in, and what happens next."""
    from training.nominations.models import Nomination

    nomination = Nomination.objects.select_related("round", "agency", "dispatch").get(pk=nomination_id)
    recipients = agency_recipients([nomination.agency])[nomination.agency_id]
    if not recipients:
        return 0
    subject = _("[ToT] Đã nộp hồ sơ đề cử: %(name)s – %(round)s") % {
        "name": nomination.full_name, "round": nomination.round.title,
    }
    body = render_to_string(
        "training/emails/submitted.txt",
        {
            "nomination": nomination,
            "submitted_at": timezone.localtime(nomination.submitted_at),
            "deadline": timezone.localtime(deadline),
            "url": absolute(reverse("training:nomination_detail", args=[nomination.pk])),
        },
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return send_once(message, "nomination-submitted", object_ref(nomination.pk, nomination.submitted_at))


def send_reminder(quota):
    recipients = agency_recipients([quota.agency])[quota.agency.pk]
    if not recipients:
        return 0
    subject = folded(_("[ToT] Nhắc hạn đề cử giảng viên nguồn – %(round)s") % {"round": quota.round.title})
    body = clean_text(render_to_string(
        "training/emails/reminder.txt",
        {
            "quota": quota,
            "deadline": timezone.localtime(quota.deadline),
            "base_url": base_url(),
        },
    ))
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return send_once(message, "nomination-reminder", object_ref(quota.pk, timezone.localdate()))


def board_recipients():
    from portal import roles

    users = get_user_model().objects.filter(groups__name=roles.BOARD, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def send_duplicate_alert(alert):
    """Tell the Board that a person already in the round was nominated again (the attempt itself was refused)."""
    from training.nominations.models import Nomination

    recipients = board_recipients()
    if not recipients:
        return 0
    existing = alert.nomination
    subject = folded(
        _("[ToT] Đề cử trùng: %(name)s – %(round)s") % {"name": existing.full_name, "round": existing.round.title}
    )
    body = clean_text(render_to_string(
        "training/emails/duplicate_alert.txt",
        {
            "alert": alert,
            "existing": existing,
            "url": absolute(reverse(Nomination.snippet_viewset.get_url_name("inspect"), args=[existing.pk])),
        },
    ))
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return send_once(message, "nomination-duplicate", alert.pk)
