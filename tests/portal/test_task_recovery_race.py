"""Two recoverers at once (two schedulers, or a slow minute overlapping the next), on real parallel PostgreSQL
connections: each stuck task is taken by one of them (a row lock the other skips) and enqueued again once. Two
runs of one e-mail task at once: the second waits on the ledger's key and sends nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import SentMail, TaskRecovery
from portal.operations.sent_mail import send_once
from portal.operations.task_recovery import recover_stuck_tasks
from portal.security import password_notice
from tests.factories.portal import UserFactory
from tests.portal.task_queue import running, task_queue  # noqa: F401 - the fixture
from tests.training.parallel import run_in_parallel

pytestmark = [
    pytest.mark.postgres_only, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("task_queue"),
]


def test_two_recoverers_at_once_enqueue_each_stuck_task_once(clock):
    start = clock.at("2026-12-07 08:00")
    stuck = []
    for number in range(6):
        user = UserFactory(email=f"nguoi{number}@example.vn")
        stuck.append(running(password_notice.deliver.enqueue(user.pk, start.isoformat()), start).pk)
    clock.at(start + timedelta(minutes=40))

    results, errors = run_in_parallel(lambda index: len(recover_stuck_tasks()), 2)

    assert errors == []
    assert sum(results) == 6
    assert TaskRecovery.objects.count() == 6
    assert set(TaskRecovery.objects.values_list("task_id", flat=True)) == {str(pk) for pk in stuck}
    notices = DBTaskResult.objects.filter(task_path="portal.security.password_notice.deliver")
    assert notices.filter(status="READY").count() == 6
    assert notices.filter(status="FAILED").count() == 6


def test_two_runs_of_one_email_at_once_send_it_once():
    def send(index):
        message = EmailMessage("Thông báo", "Nội dung", to=["nguoi.nhan@example.vn"])
        return send_once(message, "thu-nghiem", "42")

    results, errors = run_in_parallel(send, 2)

    assert errors == []
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 1
    assert SentMail.objects.count() == 1
    assert SentMail.objects.get().sent_at <= timezone.now()
