"""E-mails of the idea bank's moderation and team invitations, in Vietnamese, sent by the task worker once the
change is committed (portal.operations.deferred): a moderation rolled back announces nothing, and a mail server
down neither fails the moderator's page nor loses the e-mail (the task is retried; the send ledger,
portal.operations.sent_mail, keeps a retried or recovered task from writing twice: each queued moderation e-mail
carries its own token, an invitation is its membership's own).

- to the moderators, when an entry or an owner's change of it waits: the editors of the club it names, or the
  Board when it names none (the Board moderates every entry, but would drown in the clubs' ones);
- to the owner, when it is published or returned (with the reason);
- to an account invited to an entry's team (ideas.teams), unless it is no longer active or pending when sent.
Subjects are one line whatever the title (portal.inputs.text.folded); bodies are plain text."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from portal import roles
from portal.addresses import absolute
from portal.inputs.text import clean_text, folded
from portal.operations import deferred
from portal.operations.sent_mail import new_token, object_ref, send_once

logger = logging.getLogger(__name__)

WAITING, PUBLISHED, RETURNED = "waiting", "published", "returned"


def moderator_addresses(entry):
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if entry.club_id:
        users = users.filter(groups__club__pk=entry.club_id)
    else:
        users = users.filter(groups__name=roles.BOARD)
    return sorted(set(users.values_list("email", flat=True)))


def _message(entry, kind):
    if kind == WAITING:
        recipients = moderator_addresses(entry)
        subject = _("[Ngân hàng ý tưởng] Chờ duyệt: %(title)s") % {"title": entry.title}
        url = absolute(reverse("ideas_entries:inspect", args=[entry.pk]))
    else:
        recipients = [entry.owner.email] if entry.owner_id and entry.owner.email and entry.owner.is_active else []
        if kind == PUBLISHED:
            subject = _("[Ngân hàng ý tưởng] Đã công bố: %(title)s") % {"title": entry.title}
            url = absolute(reverse("ideas:entry", args=[entry.pk]))
        else:
            subject = _("[Ngân hàng ý tưởng] Cần bổ sung: %(title)s") % {"title": entry.title}
            url = absolute(reverse("ideas:edit", args=[entry.pk]))
    if not recipients:
        return None
    body = clean_text(render_to_string(f"ideas/emails/{kind}.txt", {"entry": entry, "url": url}))
    return EmailMessage(folded(subject), body, settings.DEFAULT_FROM_EMAIL, recipients)


def send(entry_id, kind, token=None):
    from .models import Entry

    entry = Entry.objects.select_related("owner", "club").filter(pk=entry_id).first()
    if entry is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(entry, kind)
    if message is None:
        return 0
    ref = None if token is None else object_ref(entry_id, token)
    return send_once(message, f"idea-{kind}", ref, connection=get_connection())


@task()
def deliver(entry_id, kind, attempt=1, token=None):
    """send() in the task worker, enqueued again later when it fails."""
    try:
        return send(entry_id, kind, token)
    except Exception as error:
        logger.exception("idea-bank %s e-mail for entry %s failed", kind, entry_id)
        if not deferred.retry(deliver, entry_id, kind, attempt=attempt, error=error, token=token):
            raise
        return 0


def after_commit(entry, kind):
    deferred.after_commit(deliver, entry.pk, kind, token=new_token())


# --- team invitations (ideas.teams) ------------------------------------------------------------------------------


def _invitation_message(membership):
    account, entry = membership.user, membership.entry
    if not (account.is_active and account.email and membership.is_pending):
        return None  # deactivated meanwhile, no address, or answered or withdrawn before the task ran
    owner = entry.owner.get_full_name() or entry.owner.username if entry.owner_id else ""
    subject = _("[Ngân hàng ý tưởng] Lời mời tham gia nhóm: %(title)s") % {"title": entry.title}
    body = clean_text(
        render_to_string(
            "ideas/emails/team_invitation.txt",
            {"entry": entry, "owner": owner, "url": absolute(reverse("ideas:my_teams"))},
        )
    )
    return EmailMessage(folded(subject), body, settings.DEFAULT_FROM_EMAIL, [account.email])


def send_invitation(membership_id):
    from .teams.models import TeamMember

    membership = TeamMember.objects.select_related("user", "entry__owner").filter(pk=membership_id).first()
    if membership is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = _invitation_message(membership)
    if message is None:
        return 0
    # One invitation, one membership row (a new invitation after a refusal is a new row): its id is the key.
    return send_once(message, "idea-team-invitation", object_ref(membership_id), connection=get_connection())


@task()
def deliver_invitation(membership_id, attempt=1):
    """send_invitation() in the task worker, enqueued again later when it fails."""
    try:
        return send_invitation(membership_id)
    except Exception as error:
        logger.exception("idea-bank team invitation e-mail %s failed", membership_id)
        if not deferred.retry(deliver_invitation, membership_id, attempt=attempt, error=error):
            raise
        return 0


def invitation_after_commit(membership):
    deferred.after_commit(deliver_invitation, membership.pk)
