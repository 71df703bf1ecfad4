"""The result e-mails of a competition's release, in Vietnamese, to each released entry's applicant side: the
idea's owner, the nominating agency (its address and its people's, as nominations write to an agency:
training.nominations.notifications.agency_recipients) and the nominating club's editors.

- One e-mail per address and release: an address that owns one entry and nominated another, or sits in an
  agency and a club, hears once, of every entry it is concerned with (addresses compared without case).
- Planned in the release's transaction (the admin says how many go out), sent by the task worker once it has
  committed (portal.operations.deferred): a rolled-back release announces nothing, and a mail server down can
  neither fail nor undo the release.
- Each address is sent on its own; the task is retried (deferred.retry) with only the addresses that failed, so a
  retry never writes twice to those already written to; the send ledger (portal.operations.sent_mail, the release's
  token) keeps a task run again after its worker died from writing twice either.
Subjects are one line and clipped (portal.inputs.text.clipped); bodies are plain text (clean_text)."""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import absolute
from portal.inputs.text import clean_text, clipped
from portal.operations import deferred
from portal.operations.sent_mail import new_token, object_ref, send_once
from training.nominations.notifications import agency_recipients

logger = logging.getLogger(__name__)

# Long enough for any real title, short enough for a mail client's list.
TITLE_LIMIT = 120


def _key(address):
    return address.strip().lower()


def _add(plan, address, entry, role):
    """plan: {address key: (address as first written, {entry pk: (entry, [roles])})}."""
    if not address:
        return
    _address, entries = plan.setdefault(_key(address), (address.strip(), {}))
    _entry, roles = entries.setdefault(entry.pk, (entry, []))
    if role not in roles:
        roles.append(role)


def recipients(entries):
    """{address key: (address, [(entry, [roles])])} for the released `entries`, in a constant number of queries."""
    plan = {}
    agencies = {e.nominating_agency_id: e.nominating_agency for e in entries if e.nominating_agency_id}
    by_agency = agency_recipients(list(agencies.values())) if agencies else {}
    club_ids = {e.nominating_club_id for e in entries if e.nominating_club_id}
    editors = defaultdict(list)
    if club_ids:
        users = get_user_model().objects.filter(groups__club__pk__in=club_ids, is_active=True).exclude(email="")
        for club_id, email in users.values_list("groups__club__pk", "email"):
            editors[club_id].append(email)
    for entry in entries:
        owner = entry.idea.owner
        if owner is not None and owner.is_active and owner.email:
            _add(plan, owner.email, entry, _("chủ ý tưởng"))
        if entry.nominating_agency_id:
            role = _("cơ quan đề cử: %(name)s") % {"name": entry.nominating_agency.name}
            for email in by_agency.get(entry.nominating_agency_id, []):
                _add(plan, email, entry, role)
        if entry.nominating_club_id:
            role = _("câu lạc bộ đề cử: %(name)s") % {"name": entry.nominating_club.title}
            for email in editors[entry.nominating_club_id]:
                _add(plan, email, entry, role)
    return {key: (address, list(items.values())) for key, (address, items) in plan.items()}


def _entries(entry_ids):
    from .models import CompetitionEntry

    return list(
        CompetitionEntry.objects.filter(pk__in=entry_ids)
        .select_related("competition", "category", "idea__owner", "nominating_agency", "nominating_club")
        .order_by("pk")
    )


def subject(competition):
    return clipped(
        _("[Cuộc thi, giải thưởng] Công bố kết quả: %(title)s") % {"title": clipped(competition.title, TITLE_LIMIT)},
        TITLE_LIMIT + 60,
    )


def message(competition, address, items):
    body = render_to_string(
        "ideas/competitions/emails/results.txt",
        {
            "competition": competition,
            "items": items,
            "has_winner": any(entry.is_winner for entry, _roles in items),
            "competition_url": absolute(reverse("ideas:competition", args=[competition.pk])),
            "mine_url": absolute(reverse("ideas:my_competitions")),
            "certificates_url": absolute(reverse("portal:certificates")),
        },
    )
    return EmailMessage(subject(competition), clean_text(body), settings.DEFAULT_FROM_EMAIL, [address])


def send_results(entry_ids, addresses, token=None):
    """Send the results of the released `entry_ids` to those of `addresses` still concerned, one e-mail each.
    Returns (sent, failed addresses)."""
    entries = _entries(entry_ids)
    if not entries:
        return 0, []
    competition = entries[0].competition
    wanted = {_key(a) for a in addresses}
    ref = None if token is None else object_ref(competition.pk, token)
    with translation.override(settings.LANGUAGE_CODE):
        plan = {key: value for key, value in recipients(entries).items() if key in wanted}
        sent, failed = 0, []
        try:
            connection = get_connection()
            connection.open()
        except Exception:
            logger.exception("competition %s: the mail connection failed", competition.pk)
            return 0, [address for address, _items in plan.values()]
        try:
            for address, items in plan.values():
                try:
                    sent += send_once(message(competition, address, items), "competition-results", ref, connection)
                except Exception:
                    logger.exception("competition %s: the result e-mail to one address failed", competition.pk)
                    failed.append(address)
        finally:
            connection.close()
    return sent, failed


@task()
def deliver_results(entry_ids, addresses, attempt=1, token=None):
    """send_results in the task worker; what failed is enqueued again later, alone."""
    sent, failed = send_results(entry_ids, addresses, token)
    if failed:
        error = f"{len(failed)} addresses failed"
        if not deferred.retry(deliver_results, entry_ids, failed, attempt=attempt, error=error, token=token):
            raise RuntimeError(f"competition result e-mails: {len(failed)} addresses failed {attempt} times")
    return sent


def after_release(released):
    """Plan the result e-mails of `released` (in the release's transaction) and send them once it commits.
    Returns how many e-mails go out."""
    if not released:
        return 0
    plan = recipients(_entries([e.pk for e in released]))
    if plan:
        addresses = sorted(address for address, _items in plan.values())
        deferred.after_commit(deliver_results, [e.pk for e in released], addresses, token=new_token())
    return len(plan)
