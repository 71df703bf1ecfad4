"""django_tasks_db's db_worker with a heartbeat (portal.operations.task_recovery): while it beats, a long task of
its is never taken for a stuck one. Same options as db_worker."""

from django_tasks_db.management.commands import db_worker

from portal.operations.task_recovery import Heartbeat


class Command(db_worker.Command):
    help = "Chạy hàng đợi tác vụ nền (db_worker) và ghi nhịp còn chạy để nhận biết tác vụ bị treo."

    def handle(self, *args, worker_id, **options):
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=10)
