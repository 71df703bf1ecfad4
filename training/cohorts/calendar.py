"""The trainee's cohort sessions for their personal calendar feed (events.feeds.PERSONAL_FEED_PROVIDERS:
add "training.cohorts.calendar.cohort_sessions" to that list).

Contract of portal.calendar.ical.CalendarEntry: the UID is stable per session (its uuid), SEQUENCE rises when the
session's date, time, place or cancellation changes (Session.save), and a cancelled session stays in the feed
with STATUS:CANCELLED. One query whatever the number of sessions.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.addresses import base_url
from portal.calendar import ical
from training.cohorts.enums import EnrolmentStatus
from training.cohorts.models import Enrolment, Session


def session_uid(session):
    from portal.calendar.ical import UID_DOMAIN

    return f"tot-buoi-hoc-{session.uid}@{UID_DOMAIN}"


def cohort_sessions(user):
    """Calendar entries of every session of the cohorts `user` is enrolled in (not withdrawn)."""

    if not (user and user.is_authenticated):
        return []
    cohorts = Enrolment.objects.filter(user=user).exclude(status=EnrolmentStatus.WITHDRAWN).values("cohort_id")
    sessions = (
        Session.objects.filter(cohort_id__in=cohorts)
        .select_related("cohort__course")
        .order_by("date", "starts_at", "pk")
    )
    url = base_url() + reverse("training:my_cohorts")
    entries = []
    for session in sessions:
        summary = f"{session.cohort.name}: {session.topic}"
        if session.is_cancelled:
            summary = _("[ĐÃ HỦY] %(title)s") % {"title": summary}
        lecturer = _("Giảng viên: %(name)s") % {"name": session.lecturer} if session.lecturer else ""
        lines = [session.cohort.course.title, lecturer, url]
        entries.append(
            ical.CalendarEntry(
                uid=session_uid(session),
                summary=summary,
                start=session.start,
                end=session.end,
                sequence=session.sequence,
                status=ical.CANCELLED if session.is_cancelled else ical.CONFIRMED,
                location=session.place or session.cohort.venue,
                description="\n".join(line for line in lines if line),
                url=url,
                categories=(_("Lớp đào tạo giảng viên nguồn"),),
                last_modified=session.updated_at,
            )
        )
    return entries
