"""People of the personal area's tests: a trainee who is also an event participant, holding a ToT certificate and a
certificate of attendance, following a club; and a stranger with certificates of their own. Built through the
services, as the site builds them."""

from datetime import timedelta

from django.utils import timezone

from events import attendance_certificates, services
from events.models import EventPage
from tests.factories.clubs import make_club, make_site_tree
from tests.factories.events import event_index, make_event, registration_data
from tests.factories.portal import board_user
from tests.factories.training_cohorts import completed_enrolment, issued_certificate


def attend_and_certify(event, user, board, full_name):
    """Register `user` for `event`, move the event to yesterday, mark them present and issue the certificates
    (attendance is taken from the event's start, certificates after its end)."""
    registration = services.register(event, user=user, **registration_data(full_name=full_name, email=user.email))
    start = timezone.now() - timedelta(days=1)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=8))
    event.refresh_from_db()
    registration.refresh_from_db()
    services.mark_attendance([registration], attended=True)
    (certificate,) = [
        c for c in attendance_certificates.issue_attendance_certificates(event, board) if c.holder_id == user.pk
    ]
    return registration, certificate


def trainee_participant(home, name="Nguyễn Thị Lan Hương"):
    """A trainee (completed a cohort, trainer on practicum, ToT certificate) who registered for two events: one
    upcoming, one held yesterday where she was present and got a certificate of attendance. Follows one club."""
    board = board_user()
    index = event_index(home)
    directory, _news = make_site_tree(home)
    enrolment = completed_enrolment(board=board, full_name=name)
    user = enrolment.user
    tot_certificate = issued_certificate(enrolment, board=board)
    held = make_event(index, title="Hội nghị mạng lưới CLB khởi nghiệp năm 2026")
    _registration, attendance_certificate = attend_and_certify(held, user, board, name)
    upcoming = make_event(index, title="Ngày hội khởi nghiệp sáng tạo Quảng Nam")
    registration = services.register(upcoming, user=user, **registration_data(full_name=name, email=user.email))
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    services.follow_club(user, club)
    return {
        "user": user, "board": board, "enrolment": enrolment, "tot_certificate": tot_certificate,
        "attendance_certificate": attendance_certificate, "held": held, "upcoming": upcoming,
        "registration": registration, "club": club, "index": index,
    }
