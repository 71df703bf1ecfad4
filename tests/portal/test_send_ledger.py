"""The send ledger (portal.operations.sent_mail): a task run again sends nothing twice, a send that failed is not
recorded (so its retry sends it), and the ledger keeps no address. The tasks run on the real database queue
(django_tasks_db and its worker, tests/portal/task_queue.py)."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ideas.mentoring import services as mentoring
from portal.models import SentMail
from portal.operations import sent_mail
from portal.operations.sent_mail import send_once
from portal.security import password_notice
from tests.factories.ideas import make_entry
from tests.factories.mentoring import make_mentor
from tests.factories.portal import AgencyFactory, UserFactory
from tests.factories.training import NominationFactory, NominationRoundFactory
from tests.portal.task_queue import FlakyBackend, run_queue, task_queue  # noqa: F401 - the fixture
from training.nominations import notifications as nominations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("task_queue")]


def two_agencies_decisions():
    round_ = NominationRoundFactory(title="Đợt tuyển chọn 2026")
    first = NominationFactory(round=round_, agency=AgencyFactory(email="so.khcn@example.vn"))
    second = NominationFactory(round=round_, agency=AgencyFactory(email="so.gddt@example.vn"))
    return [first.pk, second.pk]


def outbox_addresses():
    return sorted(address for message in mail.outbox for address in message.recipients())


def test_a_task_run_again_sends_nothing_twice():
    ids = two_agencies_decisions()
    nominations.deliver_decisions.enqueue(ids)
    run_queue()
    assert outbox_addresses() == ["so.gddt@example.vn", "so.khcn@example.vn"]

    again = nominations.deliver_decisions.enqueue(ids)  # what a recovery or a retry enqueues
    run_queue()

    assert outbox_addresses() == ["so.gddt@example.vn", "so.khcn@example.vn"]
    assert DBTaskResult.objects.get(pk=again.id).return_value == 0
    assert SentMail.objects.filter(purpose="nomination-decisions").count() == 2


def test_a_failed_send_is_not_recorded_and_its_retry_sends_it_alone():
    ids = two_agencies_decisions()
    FlakyBackend.FAILING.add("so.gddt@example.vn")
    nominations.deliver_decisions.enqueue(ids)
    run_queue()
    assert outbox_addresses() == ["so.khcn@example.vn"]
    assert SentMail.objects.count() == 1
    [retry] = DBTaskResult.objects.filter(status="READY")  # deferred.retry: the same task, a minute later
    assert retry.run_after > timezone.now()

    FlakyBackend.FAILING.clear()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_queue()

    assert outbox_addresses() == ["so.gddt@example.vn", "so.khcn@example.vn"]
    assert SentMail.objects.count() == 2


def test_only_the_addresses_not_yet_written_to_get_a_message():
    first = EmailMessage("Tiêu đề", "Nội dung", to=["a@example.vn", "B@Example.vn"], cc=["ban@example.vn"])
    assert send_once(first, "thu-nghiem", "7") == 1

    again = EmailMessage("Tiêu đề", "Nội dung", to=["a@example.vn", "c@example.vn"], cc=["Ban <BAN@example.vn>"])
    assert send_once(again, "thu-nghiem", "7") == 1
    assert (mail.outbox[1].to, mail.outbox[1].cc) == (["c@example.vn"], [])

    third = EmailMessage("Tiêu đề", "Nội dung", to=["b@example.vn"])
    assert send_once(third, "thu-nghiem", "7") == 0
    assert len(mail.outbox) == 2
    # another object, another purpose: another message
    assert send_once(EmailMessage("T", "N", to=["b@example.vn"]), "thu-nghiem", "8") == 1
    assert send_once(EmailMessage("T", "N", to=["b@example.vn"]), "thu-khac", "7") == 1
    assert len(mail.outbox) == 4


def test_the_ledger_keeps_no_address():
    send_once(EmailMessage("T", "N", to=["nguoi.nhan@example.vn"]), "thu-nghiem", "9")
    [row] = SentMail.objects.values()
    assert "nguoi.nhan" not in str(row)
    assert sent_mail.already_sent("thu-nghiem", "9", "Nguoi.Nhan@example.vn")


def test_a_task_queued_before_the_ledger_sends_unrecorded():
    assert send_once(EmailMessage("T", "N", to=["x@example.vn"]), "thu-nghiem", None) == 1
    assert send_once(EmailMessage("T", "N", to=["x@example.vn"]), "thu-nghiem", None) == 1
    assert SentMail.objects.count() == 0


def test_the_password_notice_is_sent_once_per_change():
    user = UserFactory(email="chu.tai.khoan@example.vn")
    changed = timezone.now().isoformat()
    password_notice.deliver.enqueue(user.pk, changed)
    password_notice.deliver.enqueue(user.pk, changed)  # the same change, run again
    password_notice.deliver.enqueue(user.pk, timezone.now().isoformat())  # a second change
    run_queue()

    assert outbox_addresses() == ["chu.tai.khoan@example.vn"] * 2


def test_a_mentoring_notice_is_a_task_sent_once_and_retried(django_capture_on_commit_callbacks):
    mentor = make_mentor(user=UserFactory(email="co.van@example.vn"), display_name="Trần Cố Vấn")
    owner = UserFactory()
    entry = make_entry(owner=owner)
    FlakyBackend.FAILING.add("co.van@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.request_mentoring(owner, mentor, "Cần góp ý về thị trường.", entry=entry)
    run_queue()
    assert mail.outbox == []  # refused: it waits for its retry, not lost as with fail_silently
    [retry] = DBTaskResult.objects.filter(status="READY")
    [original] = DBTaskResult.objects.filter(task_path=retry.task_path).exclude(pk=retry.pk)

    FlakyBackend.FAILING.clear()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_queue()
    assert outbox_addresses() == ["co.van@example.vn"]

    DBTaskResult.objects.create(  # the retry's task once more (a recovery): nothing new
        args_kwargs=retry.args_kwargs, task_path=retry.task_path, backend_name="default", run_after=timezone.now(),
    )
    run_queue()
    assert outbox_addresses() == ["co.van@example.vn"]
    assert original.args_kwargs["args"] == retry.args_kwargs["args"]


def test_two_changes_of_an_event_are_two_emails_and_a_rerun_is_none(home, django_capture_on_commit_callbacks):
    from events import mails
    from events.services import register
    from tests.factories.events import event_index, make_event, registration_data

    event = make_event(event_index(home), title="Hội thảo chuyển đổi số")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, **registration_data(email="hanh@example.vn"))
        mails.send_event_changed(event, [registration])
        mails.send_event_changed(event, [registration])  # a second change, later
    run_queue()
    subjects = [message.subject for message in mail.outbox]
    assert subjects.count("Thay đổi lịch: Hội thảo chuyển đổi số") == 2
    assert len(subjects) == 3  # and the confirmation

    changed = DBTaskResult.objects.filter(task_path="events.mails.deliver").order_by("enqueued_at").last()
    DBTaskResult.objects.create(  # that task run again (a recovery)
        args_kwargs=changed.args_kwargs, task_path=changed.task_path, backend_name="default",
        run_after=timezone.now(),
    )
    run_queue()
    assert len(mail.outbox) == 3
