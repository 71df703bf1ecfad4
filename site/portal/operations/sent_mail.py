"""The send ledger: every e-mail a task sends goes through `send_once`, which records it under a stable key
(purpose + object + address, e.g. "nomination-decisions" + "12/a1b2…" + "a@b.vn") in portal.SentMail.

- A task run again (deferred.retry after a failure, or portal.operations.task_recovery after its worker died)
  sends nothing to an address already written to for that key: the message goes to the others only, or not at all.
- The record is written in the same transaction as the send: a send that fails rolls it back, so the retry sends
  it. (A worker killed in the instant between the mail server's acceptance and the commit can still send twice:
  at least once, not exactly once.) Two runs at once: the second's INSERT waits for the first's commit, then finds
  the key taken.
- The key is stored as a digest: the ledger holds no address (nothing for the personal-data erasure to find).
- `object_ref` must identify the message, not only the record: a registration told twice of two changes needs a
  token drawn when each e-mail was queued (`new_token()`, passed through the task's arguments and its retries).
  A task queued before the ledger existed has no token: `send_once(..., None)` sends without recording.

`deliver_mail` is a ready-made task for an e-mail composed at the time of the action (mentoring's notices).
Ground: names no app."""

import hashlib
import logging
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from portal.models import SentMail

from . import deferred

logger = logging.getLogger(__name__)

REF_LIMIT = 120


def new_token():
    """A token for an e-mail queued now: carried in the task's arguments, it makes each queued e-mail its own key."""
    return uuid.uuid4().hex[:16]


def object_ref(*parts):
    """The object part of a key from ids, dates, tokens; a list (of ids) counts as a whole, in any order."""
    words = []
    for part in parts:
        if isinstance(part, (list, tuple, set, frozenset)):
            words.append(",".join(sorted(str(p) for p in part)))
        elif hasattr(part, "isoformat"):
            words.append(part.isoformat())
        else:
            words.append(str(part))
    return "/".join(words)


def address_of(recipient):
    return parseaddr(recipient)[1].strip().lower() or recipient.strip().lower()


def digest(purpose, ref, address):
    return hashlib.sha256(f"{purpose}\n{ref}\n{address_of(address)}".encode()).hexdigest()


def already_sent(purpose, ref, address):
    return SentMail.objects.filter(digest=digest(purpose, ref, address)).exists()


def _claim(purpose, ref, address, now):
    try:
        with transaction.atomic():
            SentMail.objects.create(
                digest=digest(purpose, ref, address), purpose=purpose[:60], object_ref=_shown(ref), sent_at=now
            )
    except IntegrityError:
        return False
    return True


def _shown(ref):
    if len(ref) <= REF_LIMIT:
        return ref
    return ref[: REF_LIMIT - 17] + "~" + hashlib.sha256(ref.encode()).hexdigest()[:16]


def send_once(message, purpose, ref, connection=None):
    """Send `message` to those of its addresses (to, cc, bcc) not yet written to under (purpose, ref) and record
    them; returns what EmailMessage.send returns (1), or 0 when every address had it already. A failure raises,
    recording nothing. ref None (a task queued before the ledger): sent as it is, unrecorded."""
    if connection is not None:
        message.connection = connection
    if ref is None:
        return message.send()
    ref = str(ref)
    with transaction.atomic():
        now = timezone.now()
        claimed, seen = set(), set()
        for recipient in [*message.to, *message.cc, *message.bcc]:
            address = address_of(recipient)
            if address in seen:
                continue
            seen.add(address)
            if _claim(purpose, ref, address, now):
                claimed.add(address)
        if not claimed:
            logger.info("%s %s: already sent to every address", purpose, ref)
            return 0
        message.to = [r for r in message.to if address_of(r) in claimed]
        message.cc = [r for r in message.cc if address_of(r) in claimed]
        message.bcc = [r for r in message.bcc if address_of(r) in claimed]
        return message.send()


@task()
def deliver_mail(subject, body, to, purpose, ref, attempt=1):
    """A plain-text e-mail composed at the time of the action, sent once per address (send_once); retried
    (deferred.retry) when the mail server fails."""
    try:
        return send_once(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(to)), purpose, ref)
    except Exception as error:
        logger.exception("%s e-mail %s failed", purpose, ref)
        if not deferred.retry(deliver_mail, subject, body, to, purpose, ref, attempt=attempt, error=error):
            raise
        return 0
