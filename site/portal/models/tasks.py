"""The task worker's own records (portal.operations.sent_mail, portal.operations.task_recovery): the e-mails tasks
have sent, the workers' heartbeats and the stuck tasks recovered. Machinery, no personal data: an e-mail is
recorded by a digest of its key, never by its address."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """One e-mail sent to one address for one purpose: the key's digest is unique, so a task run again (retried,
    recovered after its worker died) finds what it already sent and does not send it twice."""

    digest = models.CharField(_("mã băm của khóa"), max_length=64, unique=True)
    purpose = models.CharField(_("loại thư"), max_length=60)
    object_ref = models.CharField(_("đối tượng"), max_length=120)
    sent_at = models.DateTimeField(_("thời điểm gửi"), db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("thư đã gửi")
        verbose_name_plural = _("sổ thư đã gửi")

    def __str__(self):
        return f"{self.purpose}:{self.object_ref} ({self.sent_at:%d/%m/%Y %H:%M})"


class TaskWorker(models.Model):
    """A task worker's heartbeat (manage.py run_worker): a task RUNNING under a worker that still beats is alive,
    however long it takes."""

    worker_id = models.CharField(_("mã tiến trình"), max_length=64, unique=True)
    host = models.CharField(_("máy"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("số tiến trình"), null=True)
    started_at = models.DateTimeField(_("khởi động lúc"))
    last_seen = models.DateTimeField(_("lần cuối còn chạy"), db_index=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("tiến trình chạy tác vụ")
        verbose_name_plural = _("tiến trình chạy tác vụ")

    def __str__(self):
        return self.worker_id


class TaskRecovery(models.Model):
    """A task found RUNNING long after its worker died: marked failed and, once, enqueued again (`retry_id`; empty
    when it was itself a recovered run, which is not retried a second time)."""

    task_id = models.CharField(_("mã tác vụ"), max_length=64, unique=True)
    task_path = models.TextField(_("tác vụ"))
    worker_id = models.CharField(_("mã tiến trình"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True)
    recovered_at = models.DateTimeField(_("phát hiện lúc"))
    retry_id = models.CharField(_("mã lần chạy lại"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-recovered_at", "-pk"]
        verbose_name = _("tác vụ bị treo đã xử lý")
        verbose_name_plural = _("tác vụ bị treo đã xử lý")

    def __str__(self):
        return f"{self.task_path} {self.task_id}"
