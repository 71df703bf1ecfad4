"""A reviewer's recusal: the declaration, and the review it takes out of the count. The caller holds the subject's
row lock and has checked that the reviewer may still score it; what a removed score does to decisions prepared on
the old average is the caller's (each app clears its own)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.formats.numbers import shown


class RecusalRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def declare(recusal_model, review_model, *, subject, reviewer, reason, log_action):
    """Record the recusal of `reviewer` from `subject` (both models' `subject_field` foreign key, named on the
    recusal model) and remove their review, if any: its total and comment go to the subject's audit log under
    `log_action`. Returns (recusal, the removed review or None)."""
    reason = (reason or "").strip()
    if not reason:
        raise RecusalRefused(_("Hãy ghi rõ lý do xung đột lợi ích."))
    field = recusal_model.subject_field
    if recusal_model.objects.filter(**{field: subject, "reviewer": reviewer}).exists():
        raise RecusalRefused(_("Bạn đã khai báo xung đột lợi ích với hồ sơ này."))
    recusal = recusal_model.objects.create(**{field: subject, "reviewer": reviewer, "reason": reason})
    review = review_model.objects.filter(**{field: subject, "reviewer": reviewer}).first()
    if review is not None:
        log(
            subject, log_action, user=reviewer,
            data={"total": str(review.total), "excluded": review.excluded, "comment": review.comment},
        )
        review.delete()
    return recusal, review


def withdrawn_total(log_entry):
    """The removed review's total as this language writes it (80,0), for the log formatters of `log_action`."""
    total = (log_entry.data or {}).get("total", "")
    try:
        return shown(Decimal(total))
    except (InvalidOperation, TypeError):
        return total
